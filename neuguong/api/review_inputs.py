"""Request bodies of the review API (/api/v1/reviews): starting, the self-review,
the meeting, comments, the proposal and decisions.

Bounds as in review_schemas.py: loose, so that the services' Vietnamese message
reaches the client; every field finite and free of control characters.
"""

from typing import Annotated, Literal
from uuid import UUID

from ninja import Field

from neuguong.reviews.models import Subject

from .plan_schemas import LIST_BOUND, MOST_BULK, VERSION_HELP
from .review_schemas import (
    LEVEL_HELP,
    LevelIn,
    LevelShort,
    LooseInt,
    LooseNumber,
    LooseText,
    PointLevelChoice,
    TrackChoice,
)
from .schemas import Flag, Id, Input, IsoDate, Version, text


class StartIn(Input):
    period_id: Id | None = Field(None, description="Mặc định là kỳ hiện tại")
    unit_id: Id | None = Field(
        None,
        description="Nơi kiểm điểm: chi bộ, nơi công tác hoặc nơi giữ chức vụ; mặc định là "
        "nơi đầu tiên (chi bộ)",
    )
    track: TrackChoice | None = Field(None, description="Mặc định: theo nơi kiểm điểm")


class PeriodIn(Input):
    period_id: Id | None = Field(None, description="Mặc định là kỳ hiện tại")


class CollectiveIn(Input):
    period_id: Id | None = Field(None, description="Mặc định là kỳ hiện tại")
    subject: Literal[Subject.ORGANISATION.value, Subject.LEADERSHIP.value] = Subject.ORGANISATION


class PointValueIn(Input):
    text: LooseText | None = None
    level: PointLevelChoice | None = None


class PointIn(PointValueIn):
    code: text(20, min_length=1) = Field(..., description="Mã mục: politics, duties, …")


class TaskValueIn(Input):
    result: LooseText | None = None
    level: PointLevelChoice | None = None
    on_time: Flag | None = None
    quality_ok: Flag | None = None
    exceeded: Flag | None = None
    done_percent: LooseInt | None = Field(None, description="Từ 0 đến 100")
    quality_failures: LooseInt | None = Field(None, description="Từ 0 đến 50")
    late_products: LooseInt | None = Field(None, description="Từ 0 đến 50")


class TaskResultIn(TaskValueIn):
    task_key: UUID


Points = (
    Annotated[list[PointIn], Field(max_length=LIST_BOUND)]
    | Annotated[dict[text(20, min_length=1), PointValueIn], Field(max_length=LIST_BOUND)]
)
Tasks = (
    Annotated[list[TaskResultIn], Field(max_length=LIST_BOUND)]
    | Annotated[dict[UUID, TaskValueIn], Field(max_length=LIST_BOUND)]
)


class SaveIn(Input):
    """What is not sent is kept; `null` clears a value."""

    version: Version = Field(..., description=VERSION_HELP)
    shortcomings: LooseText | None = None
    earlier_fixes: LooseText | None = None
    explanations: LooseText | None = None
    collective_share: LooseText | None = None
    remedies: LooseText | None = None
    self_level_staff: LevelIn | None = Field(None, description=LEVEL_HELP)
    self_level_party: LevelIn | None = Field(None, description=LEVEL_HELP)
    self_score: LooseNumber | None = Field(None, description="Từ 0 đến 100")
    general_score: LooseNumber | None = Field(None, description="Từ 0 đến 30 (NĐ 335)")
    targets_met_percent: LooseInt | None = Field(None, description="Từ 0 đến 100")
    months_worked: LooseInt | None = Field(None, description="Từ 0 đến 12")
    maternity_leave: Flag | None = None
    points: Points | None = Field(
        None, description="Danh sách, hoặc đối tượng theo mã mục; mục không gửi giữ nguyên"
    )
    tasks: Tasks | None = Field(
        None,
        description="Danh sách, hoặc đối tượng theo task_key; nhiệm vụ không gửi giữ nguyên",
    )


class VersionIn(Input):
    version: Version = Field(..., description=VERSION_HELP)


class ReturnIn(Input):
    version: Version = Field(..., description=VERSION_HELP)
    reason: LooseText


class MeetingIn(Input):
    period_id: Id | None = Field(None, description="Mặc định là kỳ hiện tại")
    unit_id: Id
    held_on: IsoDate
    attendance_total: LooseInt
    attendance_present: LooseInt
    chaired_by: LooseText = ""
    minutes: LooseText = ""


class CommentsIn(Input):
    version: Version = Field(..., description=VERSION_HELP)
    meeting_id: Id
    comments: LooseText = ""
    votes: dict[LevelShort, LooseInt] = Field(
        {}, description='Số phiếu theo mức, như {"HTT": 10, "HTNV": 1}'
    )


class ProposeIn(Input):
    version: Version = Field(..., description=VERSION_HELP)
    level: LevelIn = Field(..., description=LEVEL_HELP)
    score: LooseNumber | None = Field(None, description="Từ 0 đến 100, nếu bộ quy tắc chấm điểm")
    assessment: LooseText = ""
    targets_met_percent: LooseInt | None = Field(None, description="Từ 0 đến 100")


class DecideIn(Input):
    level: LevelIn | None = Field(None, description=LEVEL_HELP)
    not_rated: Flag = Field(False, description="Không xếp loại (công tác dưới 6 tháng)")
    score: LooseNumber | None = None
    note: LooseText = ""


class ReopenIn(Input):
    reason: LooseText


class BulkRowIn(Input):
    review_id: Id
    level: LevelIn | None = Field(None, description=LEVEL_HELP)
    not_rated: Flag = False
    score: LooseNumber | None = None


class BulkDecideIn(Input):
    decisions: Annotated[list[BulkRowIn], Field(min_length=1, max_length=MOST_BULK)]
    note: LooseText = ""
