"""Pages to browse codes: two versions side by side, the approvals queue and the
exemplary codes by sector."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from neuguong.core.access import APPROVE_CODE, MARK_EXEMPLARY
from neuguong.core.errors import DomainError
from neuguong.organisations.forms import parse_pk
from neuguong.organisations.models import Unit
from neuguong.organisations.scopes import scope_for

from . import services
from .access import (
    get_code_for_user,
)
from .compare import compare
from .forms import (
    ExemplaryForm,
)
from .models import (
    CodeStatus,
    EthicsCode,
    ExemplaryCode,
)
from .views import _own_person, _page, _previous, _render_code, _status, _trail, _version_crumb

# Comparing versions ----------------------------------------------------------------


@login_required
def code_compare(request, pk):
    user = request.user
    code = get_code_for_user(user, pk)
    if "with" in request.GET:
        other = EthicsCode.objects.filter(
            pk=parse_pk(request.GET["with"]) or 0, unit=code.unit
        ).first()
        if other is None or other.pk == code.pk:
            raise Http404
    else:
        other = _previous(code)
    old, new = (other, code) if other is None or other.number < code.number else (code, other)
    context = {
        "code": code,
        "unit": code.unit,
        "old": old,
        "new": new,
        "rows": compare(old, new),
        "versions": EthicsCode.objects.filter(unit=code.unit)
        .exclude(pk=code.pk)
        .only("pk", "number", "status"),
        "trail": _trail(
            user,
            code.unit,
            _version_crumb(code),
            (reverse("standards:code_compare", args=[code.pk]), _("So sánh")),
        ),
    }
    return render(request, "standards/compare.html", context)


# Approvals queue -------------------------------------------------------------------


@login_required
def approvals(request):
    user = request.user
    scope = scope_for(user, APPROVE_CODE)
    if scope.is_empty:
        raise PermissionDenied
    codes = EthicsCode.objects.filter(status=CodeStatus.SUBMITTED)
    if not scope.everything:
        roots = Q(unit__parent__isnull=True) & scope.path_q("unit__path")
        codes = codes.filter(scope.path_q("unit__parent__path") | roots)
    person = _own_person(user)
    if person is not None:
        codes = codes.exclude(
            unit_id__in=[i for i in (person.workplace_id, person.party_cell_id) if i]
        )
    codes = codes.exclude(submitted_by=user).select_related("unit", "period", "submitted_by")
    page = _page(request, codes.order_by("submitted_at", "pk"))
    return render(request, "standards/approvals.html", {"page": page})


# Exemplary codes -------------------------------------------------------------------


@login_required
def exemplary(request):
    user = request.user
    marks = (
        ExemplaryCode.objects.filter(code__status=CodeStatus.PUBLISHED)
        .select_related("sector", "code__unit")
        .prefetch_related("code__items")
        .order_by("sector__name", "code__unit__name", "pk")
    )
    page = _page(request, marks)
    units = {m.code.unit_id for m in page.object_list}
    visible = set(Unit.objects.visible_to(user).filter(pk__in=units).values_list("pk", flat=True))
    return render(request, "standards/exemplary.html", {"page": page, "visible": visible})


def _marking_code(user, pk) -> EthicsCode:
    code = get_code_for_user(user, pk)
    if not scope_for(user, MARK_EXEMPLARY).covers_path(code.unit.path):
        raise PermissionDenied
    return code


@login_required
@require_POST
def exemplary_mark(request, pk):
    user = request.user
    code = _marking_code(user, pk)
    form = ExemplaryForm(request.POST)
    if not form.is_valid():
        message = _("Chưa thực hiện được. Hãy xem các thông báo dưới đây.")
        return _render_code(request, code, forms={"exemplary": form}, error=message, status=400)
    try:
        services.mark_exemplary(
            code, by=user, sector=form.cleaned_data["sector"], note=form.cleaned_data["note"]
        )
    except DomainError as error:
        if error.field in form.fields:
            form.add_error(error.field, error.message)
        return _render_code(
            request, code, forms={"exemplary": form}, error=error.message, status=_status(error)
        )
    messages.success(request, _("Đã chọn làm chuẩn mực tiêu biểu."))
    return redirect("standards:code", pk=code.pk)


@login_required
@require_POST
def exemplary_unmark(request, pk):
    user = request.user
    mark = ExemplaryCode.objects.filter(pk=parse_pk(pk) or 0).select_related("sector").first()
    if mark is None:
        raise Http404
    mark.code = _marking_code(user, mark.code_id)
    try:
        services.unmark_exemplary(mark, by=user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Đã bỏ chọn tiêu biểu."))
    return redirect("standards:code", pk=mark.code.pk)


# The menu's entry point ------------------------------------------------------------


@login_required
def index(request):
    """Where "Chuẩn mực đạo đức" in the menu leads: officers and heads to the status of
    their scope, a member to their workplace's (or party cell's) code, others to the
    exemplary codes."""
    from neuguong.core.access import VIEW_CODE_STATUS
    from neuguong.organisations.scopes import has_perm_anywhere

    if has_perm_anywhere(request.user, VIEW_CODE_STATUS):
        return redirect("dashboards:codes")
    person = _own_person(request.user)
    unit_id = person and (person.workplace_id or person.party_cell_id)
    if unit_id:
        return redirect("standards:unit_codes", unit_id)
    return redirect("standards:exemplary")
