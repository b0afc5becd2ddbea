from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from .access import VIEW_CODE_STATUS
from .errors import DomainError
from .forms import SignInForm, TokenForm
from .inbox import items_for
from .models import ApiToken
from .tokens import create_token, revoke_token


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
def sign_in(request):
    if request.user.is_authenticated:
        return redirect("home")
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = ""
    form = SignInForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        auth_login(request, form.user)
        return redirect(next_url or "home")
    status = 400 if request.method == "POST" else 200
    return render(
        request, "registration/login.html", {"form": form, "next": next_url}, status=status
    )


@require_POST
def sign_out(request):
    from django.contrib.auth import logout

    logout(request)
    return redirect("login")


HOME_INBOX_ITEMS = 5


@login_required
def home(request):
    from neuguong.organisations.scopes import has_perm_anywhere
    from neuguong.organisations.views import home_context

    todo = items_for(request.user)
    context = home_context(request) | {
        "inbox": todo[:HOME_INBOX_ITEMS],
        "inbox_more": max(0, len(todo) - HOME_INBOX_ITEMS),
        "today": timezone.localdate(),
        "can_view_code_status": has_perm_anywhere(request.user, VIEW_CODE_STATUS),
    }
    return render(request, "core/home.html", context)


@never_cache
@login_required
def inbox(request):
    """What the user must do next, computed from the current state (core.inbox)."""
    context = {"items": items_for(request.user), "today": timezone.localdate()}
    return render(request, "core/inbox.html", context)


# The user's own account: who they are, their roles and their API tokens.

MAX_PK = 2**63 - 1


@never_cache
@login_required
def account(request):
    """The raw key of a new token is in this one response only: it is never stored."""
    form = TokenForm(request.POST or None)
    raw_key, status = None, 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                _token, raw_key = create_token(by=request.user, name=form.cleaned_data["name"])
                form, status = TokenForm(), 200
            except DomainError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
                status = error.status
    context = {
        "form": form,
        "raw_key": raw_key,
        "tokens": request.user.api_tokens.order_by("-created_at", "-id"),
        "roles": request.user.role_assignments.select_related("unit").order_by("unit__path"),
    }
    return render(request, "core/account.html", context, status=status)


@login_required
@require_POST
def token_revoke(request, pk):
    token = ApiToken.objects.filter(pk=pk, user=request.user).first() if pk <= MAX_PK else None
    if token is None:
        raise Http404
    revoke_token(token, by=request.user)
    messages.success(request, _("Đã thu hồi mã truy cập “%(name)s”.") % {"name": token.name})
    return redirect("account")
