"""Roll-up figures: the status of the ethics codes over a subtree and the units behind
each figure; the dashboard of a subtree and the rows behind each of its figures. The
same queries and the same access rules as the pages; sectors and areas are named by
their codes, as in the other filters of the API.

The dashboard answers as its page does: 403 without `dashboards.view` anywhere, 404
for a unit outside the scope, a period or a counter that does not exist, 400 naming a
sector, area, unit kind or person category that does not exist.
"""

from typing import Literal

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from neuguong.core.errors import DomainError
from neuguong.dashboards import lists, tally
from neuguong.dashboards.access import (
    dashboard_period,
    dashboard_tops,
    dashboard_unit,
    pick_area,
    pick_category,
    pick_kind,
    pick_period,
    pick_sector,
    previous_period,
    status_unit,
)
from neuguong.dashboards.models import COUNTERS
from neuguong.dashboards.queries import FLAGS, STATES, code_status

from .common import READ_ERRORS
from .dashboard_schemas import DashboardFilters, DashboardOut, DashboardRowsFilters, RowsPage
from .schemas import DEFAULT_LIMIT, MAX_LIMIT, MAX_OFFSET, ErrorOut, IdParam, TagCode

router = Router(tags=["Số liệu tổng hợp"])


class StatusFilters(Schema):
    unit: IdParam | None = Field(
        None, description="Đơn vị gốc của cây (mặc định: đơn vị cao nhất được xem)"
    )
    period: IdParam | None = Field(None, description="Kỳ thực hiện (mặc định: kỳ hiện tại)")
    sector: TagCode | None = Field(None, description="Mã lĩnh vực")
    area: TagCode | None = Field(None, description="Mã địa bàn")


class StatusUnitFilters(StatusFilters):
    flag: Literal[FLAGS] = Field(
        "built", description="Bước: built, approved, published, acknowledged, evaluated"
    )
    state: Literal[STATES] = Field("done", description="done: đã thực hiện; missing: chưa")
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


class RefOut(Schema):
    id: int
    code: str | None = None
    name: str


class CountsOut(Schema):
    units: int
    built: int
    approved: int
    published: int
    acknowledged: int
    evaluated: int


class TagCountsOut(CountsOut):
    id: int | None = Field(None, description="null: các đơn vị chưa gắn lĩnh vực/địa bàn")
    code: str | None = None
    name: str


class CodeStatusOut(Schema):
    unit: RefOut
    period: RefOut
    sector: RefOut | None
    area: RefOut | None
    totals: CountsOut
    by_sector: list[TagCountsOut]
    by_area: list[TagCountsOut]
    published_without_people: int = Field(
        description="Đơn vị đã công bố nhưng không có ai: được tính là đã xác nhận đủ"
    )


class StatusUnitOut(Schema):
    id: int
    path: str
    name: str
    built: bool
    approved: bool
    published: bool
    acknowledged: bool
    evaluated: bool
    empty: bool = Field(description="Đã công bố nhưng đơn vị không có cán bộ, đảng viên nào")


class StatusUnitPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[StatusUnitOut]


def _status(user, filters: StatusFilters):
    unit = status_unit(user, filters.unit)
    period = pick_period(filters.period)
    if period is None:
        raise DomainError(_("Chưa có kỳ thực hiện nào."), field="period", code="not_found")
    sector = pick_sector(filters.sector, by="code")
    area = pick_area(filters.area, by="code")
    return code_status(unit, period, sector=sector, area=area)


def _ref(obj):
    return (
        None
        if obj is None
        else {"id": obj.pk, "code": getattr(obj, "code", None), "name": obj.name}
    )


def _tag_rows(rows):
    return [
        {**r.counts.as_dict(), "id": r.tag.pk if r.tag else None,
         "code": r.tag.code if r.tag else None, "name": r.label}
        for r in rows
    ]  # fmt: skip


@router.get(
    "/codes",
    response={200: CodeStatusOut, 400: ErrorOut, **READ_ERRORS},
    summary="Tình hình chuẩn mực đạo đức của một cây đơn vị",
)
def get_code_status(request, filters: Query[StatusFilters]):
    status = _status(request.auth, filters)
    return {
        "unit": _ref(status.root),
        "period": _ref(status.period),
        "sector": _ref(status.sector),
        "area": _ref(status.area),
        "totals": status.totals.as_dict(),
        "by_sector": _tag_rows(status.by_sector),
        "by_area": _tag_rows(status.by_area),
        "published_without_people": status.published_without_people,
    }


@router.get(
    "/codes/units",
    response={200: StatusUnitPage, 400: ErrorOut, **READ_ERRORS},
    summary="Các đơn vị tạo nên một con số",
)
def list_code_status_units(request, filters: Query[StatusUnitFilters]):
    status = _status(request.auth, filters)
    rows = status.units_where(filters.flag, filters.state)
    return {
        "count": len(rows),
        "limit": filters.limit,
        "offset": filters.offset,
        "items": rows[filters.offset : filters.offset + filters.limit],
    }


# The dashboard -------------------------------------------------------------------------


def _dashboard_unit(user, pk):
    if pk is not None:
        return dashboard_unit(user, pk)
    tops = dashboard_tops(user)
    if not tops:
        raise Http404
    return tops[0]


def _dashboard_period(value):
    try:
        period = dashboard_period(value)
    except Http404:
        raise DomainError(
            _("Không tìm thấy kỳ thực hiện #%(id)s.") % {"id": value},
            field="period",
            code="not_found",
        ) from None
    if period is None:
        raise DomainError(_("Chưa có kỳ thực hiện nào."), field="period", code="not_found")
    return period


def _dashboard_args(user, filters: DashboardFilters):
    """(unit, period, tally filters), checked in the pages' order."""
    unit = _dashboard_unit(user, filters.unit)
    period = _dashboard_period(filters.period)
    narrowed = {
        "sector": pick_sector(filters.sector, by="code"),
        "area": pick_area(filters.area, by="code"),
        "kind": pick_kind(filters.kind),
        "category": pick_category(filters.category),
    }
    return unit, period, narrowed


def _unit_ref(unit):
    return {"id": unit.pk, "code": unit.code, "name": unit.name, "kind": unit.kind}


def _period_ref(period):
    if period is None:
        return None
    return {
        "id": period.pk,
        "name": period.name,
        "kind": period.kind,
        "starts_on": period.starts_on,
        "ends_on": period.ends_on,
    }


@router.get(
    "/dashboard",
    response={200: DashboardOut, 400: ErrorOut, **READ_ERRORS},
    summary="Số liệu tổng hợp của một cây đơn vị, so với kỳ trước, theo đơn vị trực thuộc",
)
def get_dashboard(request, filters: Query[DashboardFilters]):
    unit, period, narrowed = _dashboard_args(request.auth, filters)
    previous = previous_period(period)
    children = tally.child_figures(unit, period, **narrowed)
    return {
        "unit": _unit_ref(unit),
        "period": _period_ref(period),
        "previous_period": _period_ref(previous),
        "figures": tally.figures(unit, period, **narrowed),
        "previous_figures": tally.figures(unit, previous, **narrowed) if previous else None,
        "children": [
            {**_unit_ref(child), "is_active": child.is_active, "figures": figures}
            for child, figures in children
        ],
    }


def _place(unit):
    return {"id": unit.pk, "name": unit.name} if unit is not None else None


def _row(obj, shown_as: str) -> dict:
    if shown_as == "units":
        return {
            "kind": "unit", "id": obj.pk, "name": obj.name, "code": obj.code,
            "unit": _place(obj.parent), "unit_kind": obj.kind,
            "plan_status": obj.cplan_status, "plan_late": obj.cplan_late,
        }  # fmt: skip
    if shown_as == "people":
        return {
            "kind": "person", "id": obj.pk, "name": obj.full_name, "code": obj.code,
            "unit": _place(obj.party_cell or obj.workplace), "category": obj.category or None,
            "plan_status": obj.plan_status, "plan_late": obj.plan_late,
        }  # fmt: skip
    if shown_as == "reviews":
        person = obj.person if obj.person_id else None
        return {
            "kind": "review", "id": obj.pk,
            "name": person.full_name if person else str(obj.get_subject_display()),
            "code": person.code if person else None, "unit": _place(obj.unit),
            "category": (person.category or None) if person else None,
            "subject": obj.subject, "track": obj.track, "status": obj.status,
            "level": obj.decided_level, "not_rated": obj.not_rated,
        }  # fmt: skip
    if shown_as == "discipline":
        person = obj.person if obj.person_id else None
        return {
            "kind": "discipline", "id": obj.pk,
            "name": person.full_name if person else obj.unit.name,
            "code": person.code if person else obj.unit.code,
            "unit": _place(person.party_cell or person.workplace) if person else _place(obj.unit),
            "discipline_kind": obj.kind, "decided_on": obj.decided_on,
        }  # fmt: skip
    return {
        "kind": "quota_group", "id": None, "name": obj.label, "code": obj.key,
        "unit": _place(obj.owner), "htt": obj.htt, "htxs": obj.htxs,
        "allowed": obj.allowed, "ok": obj.ok,
    }  # fmt: skip


@router.get(
    "/rows",
    response={200: RowsPage, 400: ErrorOut, **READ_ERRORS},
    summary="Các đơn vị, cán bộ, bản kiểm điểm, quyết định kỷ luật hoặc nhóm tạo nên một con số",
)
def list_dashboard_rows(request, filters: Query[DashboardRowsFilters]):
    unit, period, narrowed = _dashboard_args(request.auth, filters)
    counter = filters.counter
    if counter not in COUNTERS:
        raise DomainError(
            _("Không có chỉ tiêu “%(value)s”.") % {"value": counter},
            field="counter",
            code="not_found",
        )
    found = lists.rows(counter, unit, period, **narrowed)
    window = slice(filters.offset, filters.offset + filters.limit)
    if isinstance(found, list):
        total, page = len(found), found[window]
    else:
        total, page = found.count(), list(found.values_list("pk", flat=True)[window])
    shown_as = lists.shown_as(counter)
    return {
        "counter": counter,
        "label": lists.title(counter),
        "total": total,
        "limit": filters.limit,
        "offset": filters.offset,
        "items": [_row(obj, shown_as) for obj in lists.shown(counter, period, page)],
    }
