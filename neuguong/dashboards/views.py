"""The status pages: figures over a subtree, and the units behind each figure.

Both pages compute the same `code_status()` (a fixed number of queries), so a figure
and the list it links to are cut from the same per-unit flags and always agree. The
list is paginated over those flags; only the page's units are fetched for display.
"""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from neuguong.core.access import VIEW_CODE_STATUS
from neuguong.core.errors import DomainError
from neuguong.organisations.models import Area, Sector, Unit
from neuguong.organisations.scopes import scope_for
from neuguong.regulations.models import Period

from .access import pick_area, pick_period, pick_sector, status_unit, top_units
from .queries import FLAGS, STATES, code_status

PERIODS_SHOWN = 30

LIST_TITLES = {
    ("built", "done"): gettext_lazy("Đơn vị đã xây dựng, rà soát chuẩn mực đạo đức"),
    ("built", "missing"): gettext_lazy("Đơn vị chưa xây dựng, rà soát chuẩn mực đạo đức"),
    ("approved", "done"): gettext_lazy("Đơn vị có chuẩn mực đạo đức đã được phê duyệt"),
    ("approved", "missing"): gettext_lazy("Đơn vị chưa có chuẩn mực đạo đức được phê duyệt"),
    ("published", "done"): gettext_lazy("Đơn vị đã công bố chuẩn mực đạo đức"),
    ("published", "missing"): gettext_lazy("Đơn vị chưa công bố chuẩn mực đạo đức"),
    ("acknowledged", "done"): gettext_lazy(
        "Đơn vị có toàn bộ cán bộ, đảng viên đã xác nhận chuẩn mực"
    ),
    ("acknowledged", "missing"): gettext_lazy(
        "Đơn vị chưa được toàn bộ cán bộ, đảng viên xác nhận chuẩn mực"
    ),
    ("evaluated", "done"): gettext_lazy("Đơn vị đã đánh giá việc thực hiện chuẩn mực"),
    ("evaluated", "missing"): gettext_lazy("Đơn vị chưa đánh giá việc thực hiện chuẩn mực"),
}
ROW_LABELS = {
    "built": gettext_lazy("Xây dựng, rà soát chuẩn mực"),
    "approved": gettext_lazy("Được cấp trên phê duyệt"),
    "published": gettext_lazy("Công bố, áp dụng"),
    "acknowledged": gettext_lazy("Toàn bộ cán bộ, đảng viên xác nhận"),
    "evaluated": gettext_lazy("Đánh giá việc thực hiện"),
}


def _filters(request):
    """(period, sector, area) from the query string; a bad one raises a DomainError."""
    period = pick_period(request.GET.get("period"))
    sector = pick_sector(request.GET.get("sector"))
    area = pick_area(request.GET.get("area"))
    return period, sector, area


def _query(unit_pk, period, sector, area, **more) -> str:
    params = {"unit": unit_pk, "period": period.pk if period else ""}
    if sector:
        params["sector"] = sector.pk
    if area:
        params["area"] = area.pk
    return urlencode({k: v for k, v in (params | more).items() if v != ""})


COLUMN_LABELS = {
    "units": gettext_lazy("Số đơn vị"),
    "built": gettext_lazy("Đã xây dựng, rà soát"),
    "approved": gettext_lazy("Đã phê duyệt"),
    "published": gettext_lazy("Đã công bố"),
    "acknowledged": gettext_lazy("Xác nhận đủ"),
    "evaluated": gettext_lazy("Đã đánh giá"),
}


def _cells(counts, query: str | None) -> str:
    """A table row's figure cells: the number of units, then each flag linked to its list.

    Built here rather than in the template: the tables of a province hold about a
    thousand cells, and the template engine took most of the page's rendering time.
    """
    base = reverse("dashboards:code_units")
    cells = [(COLUMN_LABELS["units"], counts.units, None)] + [
        (
            COLUMN_LABELS[f],
            getattr(counts, f),
            f"{base}?{query}&flag={f}&state=done" if query else None,
        )
        for f in FLAGS
    ]
    return format_html_join(
        "",
        '<td data-label="{}">{}</td>',
        (
            (label, format_html('<a href="{}">{}</a>', href, value) if href else value)
            for label, value, href in cells
        ),
    )


def _tables(status) -> dict:
    """The rows of the tables by sector, by area and by child unit, each figure linked to
    the list of its units when that list is exactly the figure's (a row of another
    sector than the one filtered on is not)."""
    unit, period, sector, area = status.root.pk, status.period, status.sector, status.area
    page = reverse("dashboards:codes")

    def tag_row(row, *, is_sector: bool):
        current = sector if is_sector else area
        exact = row.tag is not None and current in (None, row.tag)
        tags = {"sector": row.tag if is_sector else sector, "area": area if is_sector else row.tag}
        query = _query(unit, period, **tags) if exact else None
        return {"label": row.label, "href": None, "cells": _cells(row.counts, query)}

    def child_row(child, counts):
        query = _query(child.pk, period, sector, area)
        return {"label": child.name, "href": f"{page}?{query}", "cells": _cells(counts, query)}

    return {
        "by_sector": [tag_row(r, is_sector=True) for r in status.by_sector],
        "by_area": [tag_row(r, is_sector=False) for r in status.by_area],
        "by_child": [child_row(c, counts) for c, counts in status.by_child()],
    }


def _ancestors_in_scope(user, unit: Unit) -> list[Unit]:
    scope = scope_for(user, VIEW_CODE_STATUS)
    return [a for a in unit.ancestors().only("pk", "name", "path") if scope.covers_path(a.path)]


def _form_choices() -> dict:
    return {
        "periods": list(Period.objects.order_by("-starts_on", "pk")[:PERIODS_SHOWN]),
        "sectors": list(Sector.objects.order_by("name", "pk")),
        "areas": list(Area.objects.order_by("name", "pk")),
    }


def _bad_request(request, template, error: DomainError, unit: Unit | None):
    context = {"error": error.message, "unit": unit, **_form_choices()}
    return render(request, template, context, status=400)


@login_required
def codes(request):
    unit = status_unit(request.user, request.GET.get("unit"))
    try:
        period, sector, area = _filters(request)
    except DomainError as error:
        return _bad_request(request, "dashboards/codes.html", error, unit)
    context = {
        "unit": unit,
        "period": period,
        "sector": sector,
        "area": area,
        "ancestors": _ancestors_in_scope(request.user, unit),
        "tops": [u for u in top_units(request.user)[:50] if u.pk != unit.pk],
        **_form_choices(),
    }
    if period is not None:
        status = code_status(unit, period, sector=sector, area=area)
        context |= {
            "status": status,
            "query": _query(unit.pk, period, sector, area),
            "rows": [
                (
                    f,
                    ROW_LABELS[f],
                    getattr(status.totals, f),
                    status.totals.units - getattr(status.totals, f),
                )
                for f in FLAGS
            ],
            "columns": list(COLUMN_LABELS.values()),
            **_tables(status),
        }
    return render(request, "dashboards/codes.html", context)


def _flag_state(request) -> tuple[str, str]:
    flag, state = request.GET.get("flag", ""), request.GET.get("state", "")
    if flag not in FLAGS or state not in STATES:
        raise DomainError(
            _(
                "Danh sách không hợp lệ: hãy mở danh sách từ các con số trên trang tình hình "
                "chuẩn mực đạo đức."
            ),
            field="flag",
        )
    return flag, state


@login_required
def code_units(request):
    unit = status_unit(request.user, request.GET.get("unit"))
    try:
        period, sector, area = _filters(request)
        flag, state = _flag_state(request)
        if period is None:
            raise DomainError(_("Chưa có kỳ thực hiện nào."), field="period")
    except DomainError as error:
        return _bad_request(request, "dashboards/code_units.html", error, unit)
    status = code_status(unit, period, sector=sector, area=area)
    rows = status.units_where(flag, state)
    page = Paginator(rows, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    shown = Unit.objects.filter(pk__in=[r.pk for r in page]).select_related("parent")
    shown = {u.pk: u for u in shown.only("pk", "code", "name", "kind", "parent__name")}
    query = _query(unit.pk, period, sector, area, flag=flag, state=state)
    page.url_prefix = f"{request.path}?{query}&page="
    context = {
        "unit": unit,
        "period": period,
        "sector": sector,
        "area": area,
        "flag": flag,
        "state": state,
        "title": LIST_TITLES[(flag, state)],
        "page": page,
        "items": [(r, shown[r.pk]) for r in page],
        "total": len(rows),
        "status_query": _query(unit.pk, period, sector, area),
    }
    return render(request, "dashboards/code_units.html", context)
