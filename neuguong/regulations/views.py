"""Pages of the regulations library and the programme periods.

Everyone signed in reads them; officers holding `programme.manage` over the whole
tree see the edit buttons and may open the forms (anyone else gets a 403). Each view
parses, fetches through access.py, calls a service and renders; a stale edit answers
409 with the user's input kept and the current values shown beside it.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from neuguong.core.errors import DomainError
from neuguong.core.formflow import keep_input_after_conflict, submit_form

from . import services
from .access import get_item_for_user, get_period_for_user, get_regulation_for_user
from .forms import (
    ItemForm,
    LibraryFilterForm,
    PeriodForm,
    RegulationForm,
    ReplaceForm,
    period_initial,
    regulation_initial,
)
from .models import Period, Regulation

ITEMS_PER_PAGE = 100


def _require_manage(user) -> None:
    if not services.can_manage_programme(user):
        raise PermissionDenied


def _page(request, queryset, *, per_page=None):
    """One page of `queryset`, with `url_prefix`: the query string, page number to append."""
    page = Paginator(queryset, per_page or settings.PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    encoded = query.urlencode()
    page.url_prefix = f"{request.path}?{encoded}{'&' if encoded else ''}page="
    return page


# The library ------------------------------------------------------------------------


@login_required
def library(request):
    form = LibraryFilterForm(request.GET)
    found, status = Regulation.objects.select_related("replaced_by"), 200
    if form.is_valid():
        found = form.filter(found)
    else:
        found, status = found.none(), 400
    found = found.annotate(n_items=Count("items")).order_by("-issued_on", "symbol", "pk")
    context = {
        "form": form,
        "page": _page(request, found),
        "can_manage": services.can_manage_programme(request.user),
    }
    return render(request, "regulations/library.html", context, status=status)


def _items_with_citations(regulation: Regulation):
    from neuguong.standards.models import EthicsCodeItem

    through = EthicsCodeItem.citations.through.objects.filter(regulationitem=OuterRef("pk"))
    cited = through.order_by().values("regulationitem").annotate(n=Count("pk")).values("n")
    return regulation.items.annotate(
        n_cited=Coalesce(Subquery(cited[:1], output_field=IntegerField()), 0)
    )


@login_required
def regulation_detail(request, pk):
    regulation = get_regulation_for_user(request.user, pk)
    context = {
        "regulation": regulation,
        "items": _page(request, _items_with_citations(regulation), per_page=ITEMS_PER_PAGE),
        "periods": regulation.periods.order_by("-starts_on"),
        "replaces": regulation.replaces.order_by("symbol"),
        "can_manage": services.can_manage_programme(request.user),
    }
    return render(request, "regulations/regulation.html", context)


@login_required
def regulation_create(request):
    user = request.user
    _require_manage(user)
    form = RegulationForm(request.POST or None)
    regulation, status = submit_form(
        request, form, lambda data: services.create_regulation(by=user, **data)
    )
    if regulation:
        messages.success(request, _("Đã thêm văn bản “%(r)s”.") % {"r": regulation})
        return redirect("regulations:regulation", pk=regulation.pk)
    return render(request, "regulations/regulation_form.html", {"form": form}, status=status)


@login_required
def regulation_edit(request, pk):
    user = request.user
    regulation = get_regulation_for_user(user, pk, manage=True)
    form = RegulationForm(
        request.POST or None, initial=regulation_initial(regulation), editing=True
    )
    saved, status = submit_form(
        request, form, lambda data: services.update_regulation(regulation, by=user, **data)
    )
    if saved:
        messages.success(request, _("Đã lưu văn bản “%(r)s”.") % {"r": saved})
        return redirect("regulations:regulation", pk=regulation.pk)
    current = None
    if status == 409:
        current = Regulation.objects.get(pk=regulation.pk)
        keep_input_after_conflict(form, current.version)
    context = {"form": form, "regulation": regulation, "current": current}
    return render(request, "regulations/regulation_form.html", context, status=status)


@login_required
def regulation_replace(request, pk):
    user = request.user
    regulation = get_regulation_for_user(user, pk, manage=True)
    initial = {"replaced_by": regulation.replaced_by, "version": regulation.version}
    form = ReplaceForm(request.POST or None, initial=initial, regulation=regulation)

    def change(data):
        if data["replaced_by"] is None:
            return services.restore_regulation(regulation, by=user, version=data["version"])
        return services.replace_regulation(
            regulation, by=user, replaced_by=data["replaced_by"], version=data["version"]
        )

    saved, status = submit_form(request, form, change)
    if saved:
        messages.success(request, _("Đã lưu hiệu lực của văn bản “%(r)s”.") % {"r": saved})
        return redirect("regulations:regulation", pk=regulation.pk)
    current = None
    if status == 409:
        current = Regulation.objects.select_related("replaced_by").get(pk=regulation.pk)
        keep_input_after_conflict(form, current.version)
    context = {"form": form, "regulation": regulation, "current": current}
    return render(request, "regulations/regulation_replace.html", context, status=status)


# Items --------------------------------------------------------------------------------


@login_required
def item_create(request, pk):
    user = request.user
    regulation = get_regulation_for_user(user, pk, manage=True)
    form = ItemForm(request.POST or None)
    item, status = submit_form(
        request, form, lambda data: services.add_item(regulation, by=user, **data)
    )
    if item:
        messages.success(request, _("Đã thêm “%(n)s”.") % {"n": item.number})
        return redirect("regulations:regulation", pk=regulation.pk)
    context = {"form": form, "regulation": regulation}
    return render(request, "regulations/item_form.html", context, status=status)


@login_required
def item_edit(request, pk):
    user = request.user
    item = get_item_for_user(user, pk, manage=True)
    initial = {f: getattr(item, f) for f in ("number", "title", "text", "order")}
    form = ItemForm(request.POST or None, initial=initial)
    saved, status = submit_form(
        request, form, lambda data: services.update_item(item, by=user, **data)
    )
    if saved:
        messages.success(request, _("Đã lưu “%(n)s”.") % {"n": saved.number})
        return redirect("regulations:regulation", pk=item.regulation_id)
    context = {"form": form, "regulation": item.regulation, "item": item}
    return render(request, "regulations/item_form.html", context, status=status)


@login_required
@require_POST
def item_delete(request, pk):
    user = request.user
    item = get_item_for_user(user, pk, manage=True)
    try:
        services.delete_item(item, by=user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Đã xóa “%(n)s”.") % {"n": item.number})
    return redirect("regulations:regulation", pk=item.regulation_id)


# Periods ------------------------------------------------------------------------------


@login_required
def periods(request):
    current = Period.objects.current()
    context = {
        "page": _page(
            request,
            Period.objects.annotate(n_regulations=Count("regulations")).order_by(
                "-starts_on", "kind", "pk"
            ),
        ),
        "current": current,
        "can_manage": services.can_manage_programme(request.user),
    }
    return render(request, "regulations/periods.html", context)


@login_required
def period_detail(request, pk):
    period = get_period_for_user(request.user, pk)
    current = Period.objects.current()
    context = {
        "period": period,
        "is_current": current is not None and current.pk == period.pk,
        "regulations": period.regulations.select_related("replaced_by").order_by("symbol"),
        "can_manage": services.can_manage_programme(request.user),
    }
    return render(request, "regulations/period.html", context)


@login_required
def period_create(request):
    user = request.user
    _require_manage(user)
    form = PeriodForm(request.POST or None, initial={"code_item_max_length": 300})
    period, status = submit_form(
        request, form, lambda data: services.create_period(by=user, **form.period_data())
    )
    if period:
        messages.success(request, _("Đã thêm kỳ “%(p)s”.") % {"p": period})
        return redirect("regulations:period", pk=period.pk)
    return render(request, "regulations/period_form.html", {"form": form}, status=status)


@login_required
def period_edit(request, pk):
    user = request.user
    period = get_period_for_user(user, pk, manage=True)
    form = PeriodForm(request.POST or None, initial=period_initial(period), period=period)
    saved, status = submit_form(
        request, form, lambda data: services.update_period(period, by=user, **data)
    )
    if saved:
        messages.success(request, _("Đã lưu kỳ “%(p)s”.") % {"p": saved})
        return redirect("regulations:period", pk=period.pk)
    current = None
    if status == 409:
        current = Period.objects.prefetch_related("regulations").get(pk=period.pk)
        keep_input_after_conflict(form, current.version)
    context = {"form": form, "period": period, "current": current}
    return render(request, "regulations/period_form.html", context, status=status)


@login_required
@require_POST
def period_close(request, pk):
    return _set_open(request, pk, is_open=False)


@login_required
@require_POST
def period_open(request, pk):
    return _set_open(request, pk, is_open=True)


def _set_open(request, pk, *, is_open: bool):
    period = get_period_for_user(request.user, pk, manage=True)
    try:
        services.set_period_open(period, by=request.user, is_open=is_open)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        done = _("Đã mở lại kỳ “%(p)s”.") if is_open else _("Đã đóng kỳ “%(p)s”.")
        messages.success(request, done % {"p": period})
    return redirect("regulations:period", pk=period.pk)
