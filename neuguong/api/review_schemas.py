"""Input and output shapes of the review API (/api/v1/reviews): reviews, their steps
and decisions.

Bounds follow schemas.py: ids in 1..2^63-1, choices as literals, dates `yyyy-mm-dd`,
strings free of control characters. Texts, scores, percents and counts are bounded
only loosely here, so that the services' Vietnamese message (a section 5,000 characters,
a score 0–100, votes not above those present…) reaches the client rather than a
validation error. A level is 1–4 (1 is the best) or its short name (HTXS, HTT, HTNV,
KHTNV); levels are answered by their short names.
"""

from datetime import date, datetime
from typing import Annotated, Literal
from uuid import UUID

from ninja import Field, Schema
from pydantic import BeforeValidator

from neuguong.reviews.models import (
    LEVEL_SHORT,
    PointLevel,
    ReviewStatus,
    Subject,
    Track,
    short,
)
from neuguong.reviews.points import point_label
from neuguong.reviews.services import SECTIONS

from .code_schemas import PeriodRef, PersonRef, prose
from .plan_schemas import TEXT_BOUND
from .schemas import (
    ErrorOut,
    IdParam,
    PageQuery,
    UnitRef,
    _json_integer,
    text,
)

LevelShort = Literal[tuple(LEVEL_SHORT.values())]
StatusChoice = Literal[tuple(ReviewStatus.values)]
TrackChoice = Literal[tuple(Track.values)]
SubjectChoice = Literal[tuple(Subject.values)]
PointLevelChoice = Literal[(*PointLevel.values, "")]
LooseText = prose(TEXT_BOUND)
# A JSON integer kept finite; the service names the real range.
LooseInt = Annotated[int, Field(ge=-(2**31), le=2**31), BeforeValidator(_json_integer)]
LooseNumber = Annotated[
    float, Field(ge=-(10**6), le=10**6, allow_inf_nan=False), BeforeValidator(_json_integer)
]
LevelIn = (
    Annotated[int, Field(ge=1, le=4), BeforeValidator(_json_integer)]
    | Annotated[text(80), Field(description="HTXS, HTT, HTNV, KHTNV hoặc tên đầy đủ")]
)
LEVEL_HELP = "Mức: 1 HTXS, 2 HTT, 3 HTNV, 4 KHTNV (số hoặc tên viết tắt)"


def _number(value) -> float | None:
    return None if value is None else float(value)


def _short(value) -> str | None:
    return short(value) or None


# Query strings --------------------------------------------------------------------


class ReviewFilters(PageQuery):
    period: IdParam | None = Field(None, description="Chỉ các bản kiểm điểm của kỳ này")
    unit: IdParam | None = Field(None, description="Nơi kiểm điểm thuộc cây đơn vị này")
    status: StatusChoice | None = None
    track: TrackChoice | None = None
    subject: SubjectChoice | None = None
    person: IdParam | None = Field(None, description="Bản kiểm điểm của người này")


class PeriodParam(Schema):
    period: IdParam | None = Field(None, description="Mặc định là kỳ hiện tại")


class SheetQuery(PageQuery):
    period: IdParam | None = Field(None, description="Mặc định là kỳ hiện tại")


class LevelQuery(Schema):
    level: LevelShort | None = Field(
        None, description="Mức cần kiểm tra; mặc định là mức đã quyết định, đã đề xuất, hoặc HTXS"
    )


class MeetingFilters(PageQuery):
    unit: IdParam | None = Field(None, description="Hội nghị của đơn vị, chi bộ này")
    period: IdParam | None = None


# Output ---------------------------------------------------------------------------


class RuleSetRef(Schema):
    code: str
    name: str


class ReviewOut(Schema):
    id: int
    period: PeriodRef
    person: PersonRef | None = Field(..., description="null: bản kiểm điểm của tập thể")
    unit: UnitRef = Field(..., description="Nơi kiểm điểm, hoặc đơn vị được kiểm điểm")
    subject: SubjectChoice
    subject_display: str
    track: TrackChoice
    track_display: str
    rule_set: RuleSetRef
    form: str = Field(..., description="Mẫu: 02A, 02B, 2A, 2B, 01")
    post_title: str
    is_head: bool
    is_deputy: bool
    quota_group: str = Field(..., description="Nhóm tính hạn mức HTXS")
    status: StatusChoice
    status_display: str
    self_level_staff: LevelShort | None
    self_level_party: LevelShort | None
    self_score: float | None
    proposed_level: LevelShort | None
    proposed_score: float | None
    decided_level: LevelShort | None
    not_rated: bool
    decided_score: float | None
    submitted_at: datetime | None
    proposed_at: datetime | None
    decided_at: datetime | None
    version: int

    @staticmethod
    def resolve_subject_display(obj) -> str:
        return str(obj.get_subject_display())

    @staticmethod
    def resolve_track_display(obj) -> str:
        return str(obj.get_track_display())

    @staticmethod
    def resolve_quota_group(obj) -> str:
        return obj.quota_label

    @staticmethod
    def resolve_status_display(obj) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_self_level_staff(obj):
        return _short(obj.self_level_staff)

    @staticmethod
    def resolve_self_level_party(obj):
        return _short(obj.self_level_party)

    @staticmethod
    def resolve_proposed_level(obj):
        return _short(obj.proposed_level)

    @staticmethod
    def resolve_decided_level(obj):
        return _short(obj.decided_level)

    @staticmethod
    def resolve_self_score(obj):
        return _number(obj.self_score)

    @staticmethod
    def resolve_proposed_score(obj):
        return _number(obj.proposed_score)

    @staticmethod
    def resolve_decided_score(obj):
        return _number(obj.decided_score)


class ReviewPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[ReviewOut]


class CheckOut(Schema):
    code: str = Field(..., description="Mã quy tắc, như quota, disqualifier.discipline")
    rule: str
    ok: bool
    message: str
    best: LevelShort | None = Field(
        ..., description="Mức cao nhất quy tắc này cho phép; null: chưa xếp loại được"
    )

    @staticmethod
    def resolve_best(obj):
        return _short(obj.best)


class ChecksOut(Schema):
    review: int
    level: LevelShort
    allowed: bool = Field(..., description="Mức này có được quyết định không")
    best_allowed: LevelShort | None
    checks: list[CheckOut]


class PointOut(Schema):
    code: str
    label: str
    order: int
    text: str
    level: PointLevelChoice
    level_display: str

    @staticmethod
    def resolve_label(obj) -> str:
        return point_label(obj.code)

    @staticmethod
    def resolve_level(obj) -> str:
        return obj.self_level

    @staticmethod
    def resolve_level_display(obj) -> str:
        return str(obj.get_self_level_display()) if obj.self_level else ""


class ReviewTaskOut(Schema):
    """A key task of the approved plan (title, target, deadline, product and reported
    progress as the plan holds them) with the self-review's result."""

    task_key: UUID
    order: int
    title: str
    target: str
    deadline: date | None
    product: str
    plan_progress_status: str
    plan_progress_percent: int
    result: str
    level: PointLevelChoice
    on_time: bool
    quality_ok: bool
    exceeded: bool
    done_percent: int
    quality_failures: int
    late_products: int

    @staticmethod
    def resolve_title(obj) -> str:
        return obj.key_task.title

    @staticmethod
    def resolve_target(obj) -> str:
        return obj.key_task.target

    @staticmethod
    def resolve_deadline(obj):
        return obj.key_task.deadline

    @staticmethod
    def resolve_product(obj) -> str:
        return obj.key_task.product

    @staticmethod
    def resolve_plan_progress_status(obj) -> str:
        return obj.key_task.progress_status

    @staticmethod
    def resolve_plan_progress_percent(obj) -> int:
        return obj.key_task.progress_percent

    @staticmethod
    def resolve_level(obj) -> str:
        return obj.self_level


class MeetingOut(Schema):
    id: int
    period: PeriodRef
    unit: UnitRef
    held_on: date
    attendance_total: int
    attendance_present: int
    chaired_by: str
    minutes: str
    created_at: datetime


class MeetingPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[MeetingOut]


class PlanRef(Schema):
    id: int
    number: int
    status: str


def _user_name(user) -> str | None:
    return (user.get_full_name() or user.username) if user else None


class ReviewDetailOut(ReviewOut):
    sections: dict[str, str] = Field(..., description="Mục II–VI")
    points: list[PointOut] = Field(..., description="Mục I, mỗi mục với mức tự đánh giá")
    tasks: list[ReviewTaskOut] = Field(
        ..., description="Các nhiệm vụ trọng tâm của kế hoạch đã phê duyệt"
    )
    plan: PlanRef | None
    general_score: float | None
    targets_met_percent: int | None
    months_worked: int | None
    maternity_leave: bool
    meeting: MeetingOut | None
    collective_comments: str
    votes: dict[LevelShort, int]
    assessment: str
    proposed_by: str | None
    decision_note: str
    decided_by: str | None
    reopen_reason: str = Field(..., description="Lý do trả lại hoặc mở lại gần nhất")
    missing: list[str] = Field(
        [], description="Những phần còn thiếu trước khi nộp (khi đang tự kiểm điểm)"
    )
    checks: list[CheckOut] = Field(
        ..., description="Mọi quy tắc ở mức đã đề xuất hoặc quyết định (mặc định HTXS)"
    )
    may_write: bool = Field(False, description="Người gọi có thể sửa, nộp bản tự kiểm điểm")
    may_assess: bool = Field(False, description="Người gọi có thể góp ý, đề xuất mức, trả lại")
    may_decide: bool = Field(False, description="Người gọi có thể quyết định, mở lại")

    @staticmethod
    def resolve_sections(obj) -> dict[str, str]:
        return {name: getattr(obj, name) for name in SECTIONS}

    @staticmethod
    def resolve_points(obj) -> list:
        return list(obj.points.all())

    @staticmethod
    def resolve_tasks(obj) -> list:
        return list(obj.tasks.all())

    @staticmethod
    def resolve_plan(obj):
        return obj.plan if obj.plan_id else None

    @staticmethod
    def resolve_general_score(obj):
        return _number(obj.general_score)

    @staticmethod
    def resolve_meeting(obj):
        return obj.meeting if obj.meeting_id else None

    @staticmethod
    def resolve_votes(obj) -> dict[str, int]:
        return {LEVEL_SHORT[level]: n for level, n in obj.votes.items()}

    @staticmethod
    def resolve_proposed_by(obj):
        return _user_name(obj.proposed_by) if obj.proposed_by_id else None

    @staticmethod
    def resolve_decided_by(obj):
        return _user_name(obj.decided_by) if obj.decided_by_id else None

    @staticmethod
    def resolve_missing(obj) -> list[str]:
        return getattr(obj, "caller_missing", [])

    @staticmethod
    def resolve_checks(obj) -> list:
        checks = getattr(obj, "caller_checks", None)
        if checks is None:
            from neuguong.reviews.checks import explain

            checks = explain(obj)
        return checks

    @staticmethod
    def resolve_may_write(obj) -> bool:
        return getattr(obj, "caller_may_write", False)

    @staticmethod
    def resolve_may_assess(obj) -> bool:
        return getattr(obj, "caller_may_assess", False)

    @staticmethod
    def resolve_may_decide(obj) -> bool:
        return getattr(obj, "caller_may_decide", False)


class PlaceOut(Schema):
    unit: UnitRef
    track: TrackChoice
    track_display: str
    review: ReviewOut | None = Field(..., description="null: chưa bắt đầu kiểm điểm ở nơi này")


class MineOut(Schema):
    period: PeriodRef
    places: list[PlaceOut] = Field(
        ..., description="Mỗi nơi người gọi được kiểm điểm (chi bộ trước), cùng bản kiểm điểm"
    )


class QuotaGroupOut(Schema):
    label: str
    htt: int = Field(..., description="Số đã xếp loại HTT trong nhóm")
    htxs: int = Field(..., description="Số đã xếp loại HTXS trong nhóm")
    percent: int = Field(..., description="HTXS không quá tỷ lệ này của số HTT")
    max_htxs: int
    remaining: int = Field(..., description="Số HTXS còn được quyết định; âm: đã vượt")


class SheetOut(Schema):
    unit: UnitRef
    period: PeriodRef
    count: int
    limit: int
    offset: int
    rows: list[ReviewOut] = Field(..., description="Tập thể trước, rồi người đứng đầu, cấp phó")
    groups: list[QuotaGroupOut]


class StartedOut(Schema):
    started: int = Field(..., description="Số bản kiểm điểm mới bắt đầu")


class PeriodReviewsOut(Schema):
    period: PeriodRef
    reviews: list[ReviewOut]


class PersonFileOut(Schema):
    person: PersonRef
    since: int = Field(..., description="Từ năm")
    periods: list[PeriodReviewsOut] = Field(..., description="Mới nhất trước; mọi nơi kiểm điểm")


class BulkDecidedOut(Schema):
    decided: list[ReviewOut]


class RowErrorOut(Schema):
    review_id: int
    messages: list[str]


class BatchErrorOut(ErrorOut):
    errors: list[RowErrorOut] = Field(..., description="Mỗi dòng bị từ chối, với lý do")
