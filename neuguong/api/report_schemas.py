"""Input and output shapes of the periodic reports API (/api/v1/reports).

Bounds follow schemas.py: ids in 1..2^63-1, years 2000–2100, numbers 1–12 (the kind
narrows it: a quarter is 1–4, the others 1, refused with a message naming the range),
kinds as literals, dates `yyyy-mm-dd`, texts free of control characters (a narrative
and the recipients may hold line breaks). Texts are bounded loosely here, far above
the real limits (a section 20,000 characters, the narrative 100,000), so that the
service's Vietnamese message stating the limit reaches the client rather than a
validation error; the request body limit of the server bounds them anyway.
"""

from datetime import date, datetime
from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import BeforeValidator

from neuguong.reports.models import MAX_SECTIONS, ReportKind
from neuguong.reports.periods import MAX_YEAR, MIN_YEAR

from .code_schemas import PeriodRef, prose
from .schemas import IdParam, Input, IsoDate, UnitRef, _json_integer, text

KindChoice = Literal[tuple(ReportKind.values)]
StatusChoice = Literal["not_started", "draft", "submitted"]
StateChoice = Literal["on_time", "late", "draft", "missing"]
LOOSE_TEXT = 2_000_000
LOOSE_LINE = 4_000
SectionKey = text(40, min_length=1)
Narrative = Annotated[dict[SectionKey, prose(LOOSE_TEXT)], Field(max_length=MAX_SECTIONS * 2)]
VersionIn = Annotated[
    int,
    Field(ge=0, le=2**31, description="Phiên bản đã đọc (0: báo cáo chưa có); khác -> 409"),
    BeforeValidator(_json_integer),
]
KIND_HELP = "monthly (tháng), quarterly (quý), half_year (6 tháng), nine_months (9 tháng), yearly"
NUMBER_HELP = "Tháng 1–12, quý 1–4; báo cáo 6 tháng, 9 tháng, năm: 1"


# Query strings ----------------------------------------------------------------------


class OverviewQuery(Schema):
    unit: IdParam | None = Field(None, description="Mặc định: đơn vị cao nhất đồng chí phụ trách")
    kind: KindChoice | None = Field(None, description=KIND_HELP)
    year: int | None = Field(None, ge=MIN_YEAR, le=MAX_YEAR)
    number: int | None = Field(None, ge=1, le=12, description=NUMBER_HELP)


# Request bodies ---------------------------------------------------------------------


class ReportIn(Input):
    """PUT: the whole report (a field left out is emptied); PATCH: only the fields sent."""

    version: VersionIn
    narrative: Narrative | None = Field(
        None, description="{mã mục: nội dung}; mỗi mục tối đa 20.000 ký tự, cả báo cáo 100.000"
    )
    symbol: text(LOOSE_LINE) | None = Field(None, description="Số, ký hiệu, ví dụ 15-BC/ĐU")
    place: text(LOOSE_LINE) | None = Field(None, description="Địa danh")
    signed_on: IsoDate | None = None
    recipients: prose(LOOSE_LINE * 5) | None = Field(None, description="Nơi nhận, mỗi dòng một nơi")
    signer_name: text(LOOSE_LINE) | None = None
    signer_title: text(LOOSE_LINE) | None = None


class SubmitIn(Input):
    version: VersionIn


class ReturnIn(Input):
    reason: prose(LOOSE_LINE * 5) = Field(..., description="Lý do trả lại (tối đa 2.000 ký tự)")
    version: VersionIn | None = None


# Output ---------------------------------------------------------------------------


class CountsOut(Schema):
    total: int
    submitted: int
    on_time: int
    late: int
    draft: int
    missing: int = Field(..., description="Chưa bắt đầu")
    overdue: int = Field(..., description="Quá hạn mà chưa gửi")


class ChildOut(Schema):
    unit_id: int
    code: str
    name: str
    state: StateChoice
    state_display: str
    overdue: bool
    submitted_at: datetime | None
    symbol: str
    figures: dict[str, int] | None = Field(..., description="Số liệu đã chốt khi đơn vị gửi")

    @staticmethod
    def resolve_state_display(obj) -> str:
        return obj.state_label


class FigureOut(Schema):
    counter: str
    group: str
    label: str
    value: int | None = Field(
        ..., description="Số liệu của cả đơn vị; null: không có kỳ chương trình"
    )
    children_sum: int = Field(..., description="Cộng số liệu các báo cáo đơn vị trực thuộc đã gửi")


class SectionOut(Schema):
    key: str
    title: str
    hint: str
    text: str


class ReportOut(Schema):
    id: int | None = Field(..., description="null: báo cáo chưa bắt đầu")
    unit: UnitRef
    kind: KindChoice
    kind_display: str
    year: int
    number: int
    title: str
    summary: str
    starts_on: date
    ends_on: date
    due_on: date
    status: StatusChoice
    state: StateChoice
    state_display: str
    overdue: bool
    version: int
    symbol: str
    place: str
    signed_on: date | None
    recipients: str
    signer_name: str
    signer_title: str
    submitted_at: datetime | None
    returned_at: datetime | None
    return_reason: str
    frozen: bool = Field(..., description="true: số liệu đã chốt khi gửi")
    programme_period: PeriodRef | None = Field(..., description="Kỳ chương trình cung cấp số liệu")
    figures: list[FigureOut]
    sections: list[SectionOut]
    children: list[ChildOut]
    children_counts: CountsOut
    caller_may_write: bool
    caller_may_return: bool


class OwnReportOut(Schema):
    id: int | None
    status: StatusChoice
    state: StateChoice
    state_display: str
    overdue: bool
    submitted_at: datetime | None
    version: int


class OverviewOut(Schema):
    unit: UnitRef
    kind: KindChoice
    year: int
    number: int
    title: str
    starts_on: date
    ends_on: date
    due_on: date
    report: OwnReportOut
    children: list[ChildOut]
    counts: CountsOut
