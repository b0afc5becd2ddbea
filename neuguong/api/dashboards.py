"""Roll-up figures: the status of the ethics codes over a subtree, and the units behind
each figure. The same query and the same access rules as the status pages; sectors
and areas are named by their codes, as in the other filters of the API."""

from typing import Literal

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from neuguong.core.errors import DomainError
from neuguong.dashboards.access import pick_area, pick_period, pick_sector, status_unit
from neuguong.dashboards.queries import FLAGS, STATES, code_status

from .common import READ_ERRORS
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
