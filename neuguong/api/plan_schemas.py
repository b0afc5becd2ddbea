"""Input and output shapes of the commitment-plan API (/api/v1/plans).

Bounds follow schemas.py: ids in 1..2^63-1, choices as literals, dates `yyyy-mm-dd`,
strings free of control characters. Text lengths are bounded here only loosely: the
services hold the real limits (a section 5,000 characters, a line 1,000, a reason
2,000; 30 key tasks, 10 solutions each, 40 ethics lines), so that their Vietnamese
message, not a validation error, reaches the client.
"""

from datetime import date, datetime
from typing import Annotated, Literal
from uuid import UUID

from ninja import Field, Schema
from pydantic import BeforeValidator

from neuguong.commitments.models import CopyFlag, PlanStatus, TaskStatus
from neuguong.commitments.services import SECTION_FIELDS

from .code_schemas import PeriodRef, PersonRef, prose
from .schemas import Id, IdParam, Input, IsoDate, PageQuery, UnitRef, Version, _json_integer

# Loose bounds that keep a request finite; the services say where the real limits lie.
TEXT_BOUND = 32767
LIST_BOUND = 1000
MOST_BULK = 500

PlanStatusChoice = Literal[tuple(PlanStatus.values)]
TaskStatusChoice = Literal[tuple(TaskStatus.values)]
SectionName = Literal[tuple(SECTION_FIELDS)]
LooseText = prose(TEXT_BOUND)
VERSION_HELP = "Phiên bản đã đọc; khác phiên bản hiện tại -> 409"


# Query strings --------------------------------------------------------------------


class PlanFilters(PageQuery):
    period: IdParam | None = Field(None, description="Chỉ các kế hoạch của kỳ này")
    unit: IdParam | None = Field(
        None, description="Kế hoạch được duyệt tại, hoặc của người công tác tại, cây đơn vị này"
    )
    person: IdParam | None = Field(None, description="Kế hoạch của người này")
    status: PlanStatusChoice | None = None
    late: bool | None = Field(None, description="true: chỉ kế hoạch nộp sau hạn")


class PeriodQuery(Schema):
    period: IdParam | None = Field(None, description="Mặc định: mọi kỳ")


class CompareQuery(Schema):
    with_: IdParam | None = Field(
        None,
        alias="with",
        description="Phiên bản so sánh; mặc định là phiên bản được điều chỉnh hoặc bản trước",
    )


# Output ---------------------------------------------------------------------------


class PlanRef(Schema):
    id: int
    number: int
    status: PlanStatusChoice


class PlanOut(Schema):
    id: int
    period: PeriodRef
    person: PersonRef | None
    unit: UnitRef = Field(
        ..., description="Nơi phê duyệt (kế hoạch cá nhân) hoặc đơn vị (kế hoạch tập thể)"
    )
    workplace: UnitRef | None
    is_collective: bool
    is_leader: bool
    number: int
    status: PlanStatusChoice
    status_display: str
    is_late: bool
    amends: PlanRef | None
    amendment_reason: str
    return_reason: str
    submitted_at: datetime | None
    decided_at: datetime | None
    version: int

    @staticmethod
    def resolve_status_display(obj) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_amends(obj):
        return obj.amends if obj.amends_id else None


class PlanPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[PlanOut]


class EthicsOut(Schema):
    id: int
    code_item: int | None
    regulation_item: int | None
    text: str

    @staticmethod
    def resolve_code_item(obj) -> int | None:
        return obj.code_item_id

    @staticmethod
    def resolve_regulation_item(obj) -> int | None:
        return obj.regulation_item_id


class ProgressOut(Schema):
    id: int
    status: TaskStatusChoice
    percent: int
    note: str
    reported_at: datetime


class EvidenceOut(Schema):
    id: int
    task: int
    name: str
    kind: str
    size: int
    sha256: str
    uploaded_at: datetime

    @staticmethod
    def resolve_task(obj) -> int:
        return obj.task_id


class TaskOut(Schema):
    id: int
    key: UUID
    order: int
    title: str
    target: str
    deadline: date | None
    product: str
    solutions: list[str]
    progress_status: TaskStatusChoice
    progress_percent: int
    progress: list[ProgressOut] = Field(..., description="Các lần báo cáo tiến độ, mới nhất trước")
    evidence: list[EvidenceOut]

    @staticmethod
    def resolve_solutions(obj) -> list[str]:
        return [s.text for s in obj.solutions.all()]

    @staticmethod
    def resolve_progress(obj) -> list:
        return list(obj.progress.all())

    @staticmethod
    def resolve_evidence(obj) -> list:
        return list(obj.evidence.all())


class TaskTextOut(Schema):
    key: UUID
    title: str
    target: str
    deadline: date | None
    product: str
    solutions: list[str]

    @staticmethod
    def resolve_solutions(obj) -> list[str]:
        return [s.text for s in obj.solutions.all()]


class CopyFlagOut(Schema):
    source: Literal[tuple(CopyFlag.Source.values)]
    source_display: str
    similarity: float
    task: TaskTextOut
    other: TaskTextOut
    other_plan: int
    other_person: str

    @staticmethod
    def resolve_source_display(obj) -> str:
        return str(obj.get_source_display())

    @staticmethod
    def resolve_other(obj):
        return obj.other_task

    @staticmethod
    def resolve_other_plan(obj) -> int:
        return obj.other_task.plan_id

    @staticmethod
    def resolve_other_person(obj) -> str:
        plan = obj.other_task.plan
        return plan.person.full_name if plan.person_id else plan.unit.name


class PlanDetailOut(PlanOut):
    sections: dict[str, str]
    ethics: list[EthicsOut]
    tasks: list[TaskOut]
    may_edit: bool = Field(False, description="Người gọi có thể sửa, trình hoặc điều chỉnh")
    may_approve: bool = Field(False, description="Người gọi có thể phê duyệt hoặc trả lại")
    copy_flags: list[CopyFlagOut] | None = Field(
        None,
        description="Nhiệm vụ gần trùng với kế hoạch khác; chỉ cho người phê duyệt và cán bộ "
        "theo dõi, null với người khác",
    )

    @staticmethod
    def resolve_sections(obj) -> dict[str, str]:
        return {name: getattr(obj, name) for name in SECTION_FIELDS}

    @staticmethod
    def resolve_ethics(obj) -> list:
        return list(obj.ethics.all())

    @staticmethod
    def resolve_tasks(obj) -> list:
        return list(obj.tasks.all())

    @staticmethod
    def resolve_may_edit(obj) -> bool:
        return getattr(obj, "caller_may_edit", False)

    @staticmethod
    def resolve_may_approve(obj) -> bool:
        return getattr(obj, "caller_may_approve", False)

    @staticmethod
    def resolve_copy_flags(obj) -> list | None:
        return getattr(obj, "caller_copy_flags", None)


class BulkResultOut(Schema):
    id: int
    approved: bool
    status: PlanStatusChoice | None
    detail: str | None


class BulkOut(Schema):
    results: list[BulkResultOut]


class SectionChangeOut(Schema):
    name: str
    label: str
    change: Literal["same", "changed", "added", "removed"]
    old: str
    new: str


class TaskChangeOut(Schema):
    key: UUID
    change: Literal["same", "changed", "added", "removed"]
    old: TaskTextOut | None
    new: TaskTextOut | None


class CompareOut(Schema):
    old: PlanRef | None
    new: PlanRef
    sections: list[SectionChangeOut]
    tasks: list[TaskChangeOut]


# Input ----------------------------------------------------------------------------


class PlanCreateIn(Input):
    period: Id | None = Field(None, description="Mặc định là kỳ hiện tại")
    person: Id | None = Field(None, description="Bỏ trống: kế hoạch cá nhân của chính người gọi")
    unit: Id | None = Field(None, description="Kế hoạch tập thể của đơn vị, chi bộ này")


class EthicsIn(Input):
    code_item: Id | None = Field(None, description="Một chuẩn mực của đơn vị")
    regulation_item: Id | None = Field(None, description="Một điều, tiêu chuẩn (QĐ 144…)")
    text: LooseText = Field("", description="Bỏ trống: lấy nội dung của mục được chọn")


class TaskIn(Input):
    key: UUID | None = Field(None, description="Giữ khóa của nhiệm vụ cũ (tiến độ, so sánh)")
    title: LooseText = ""
    target: LooseText = ""
    deadline: IsoDate | None = Field(None, description="Trong thời gian của kỳ")
    product: LooseText = ""
    solutions: Annotated[list[LooseText], Field(max_length=LIST_BOUND)] = []


class PlanSaveIn(Input):
    """What is not sent is kept; a list sent replaces the whole list."""

    version: Version = Field(..., description=VERSION_HELP)
    sections: dict[SectionName, LooseText] | None = None
    ethics: Annotated[list[EthicsIn], Field(max_length=LIST_BOUND)] | None = None
    tasks: Annotated[list[TaskIn], Field(max_length=LIST_BOUND)] | None = None


class VersionIn(Input):
    version: Version = Field(..., description=VERSION_HELP)


class ReturnIn(Input):
    version: Version = Field(..., description=VERSION_HELP)
    reason: LooseText


class AmendIn(Input):
    reason: LooseText


class BulkApproveIn(Input):
    ids: Annotated[list[Id], Field(min_length=1, max_length=MOST_BULK)]


class ProgressIn(Input):
    status: TaskStatusChoice
    percent: Annotated[
        int,
        Field(ge=-(2**31), le=2**31, description="Từ 0 đến 100"),
        BeforeValidator(_json_integer),
    ]
    note: LooseText = ""
