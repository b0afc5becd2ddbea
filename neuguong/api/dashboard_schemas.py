"""Input and output shapes of the dashboard routes (api/dashboards.py)."""

from datetime import date
from typing import Literal

from ninja import Field, Schema

from .schemas import DEFAULT_LIMIT, MAX_LIMIT, MAX_OFFSET, IdParam, TagCode, text

# Checked against the choices by the same pickers as the pages, so that a value that does
# not exist is a 400 naming it (as on the pages), not a bare validation error.
ChoiceText = text(40, min_length=1)


class DashboardFilters(Schema):
    unit: IdParam | None = Field(
        None, description="Đơn vị gốc của cây (mặc định: đơn vị cao nhất được xem)"
    )
    period: IdParam | None = Field(
        None, description="Kỳ thực hiện (mặc định: kỳ hiện tại, không có thì kỳ gần nhất)"
    )
    sector: TagCode | None = Field(None, description="Mã lĩnh vực")
    area: TagCode | None = Field(None, description="Mã địa bàn")
    kind: ChoiceText | None = Field(None, description="Loại đơn vị (giá trị của UnitKind)")
    category: ChoiceText | None = Field(
        None,
        description="Nhóm đối tượng: can_bo, cong_chuc, vien_chuc, nguoi_lao_dong "
        "(chỉ lọc số liệu cá nhân)",
    )


class DashboardRowsFilters(DashboardFilters):
    counter: ChoiceText = Field(
        "units", description="Chỉ tiêu (tên trong figures của /status/dashboard)"
    )
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


class UnitRef(Schema):
    id: int
    code: str
    name: str
    kind: str


class PeriodRef(Schema):
    id: int
    name: str
    kind: str
    starts_on: date
    ends_on: date


class ChildOut(UnitRef):
    is_active: bool
    figures: dict[str, int]


class DashboardOut(Schema):
    unit: UnitRef
    period: PeriodRef
    previous_period: PeriodRef | None = Field(
        description="Kỳ cùng loại gần nhất kết thúc trước kỳ này (null: không có)"
    )
    figures: dict[str, int] = Field(description="Chỉ tiêu -> số lượng, trên toàn cây")
    previous_figures: dict[str, int] | None
    children: list[ChildOut] = Field(
        description="Các đơn vị trực thuộc (bỏ những đơn vị không khớp bộ lọc đơn vị)"
    )


class PlaceRef(Schema):
    id: int
    name: str


class RowOut(Schema):
    """One row behind a figure; which fields are set depends on `kind`."""

    kind: Literal["unit", "person", "review", "discipline", "quota_group"]
    id: int | None = Field(None, description="null cho nhóm tính tỷ lệ")
    name: str
    code: str | None = None
    unit: PlaceRef | None = Field(
        None, description="Đơn vị gắn với dòng (đơn vị cấp trên với đơn vị)"
    )
    unit_kind: str | None = None
    category: str | None = None
    plan_status: str | None = None
    plan_late: bool | None = None
    subject: str | None = None
    track: str | None = None
    status: str | None = None
    level: int | None = None
    not_rated: bool | None = None
    discipline_kind: str | None = None
    decided_on: date | None = None
    htt: int | None = None
    htxs: int | None = None
    allowed: int | None = None
    ok: bool | None = None


class RowsPage(Schema):
    counter: str
    label: str
    total: int
    limit: int
    offset: int
    items: list[RowOut]
