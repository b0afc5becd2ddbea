"""Shapes of the records that bear on a rating (/api/v1/reviews/discipline, /findings,
/pending): discipline decisions and concluded findings, kept by the inspection board,
and the matters still being handled that block a person's final rating.

Bounds as in schemas.py; texts loosely (the services name the real limits: an
authority 200 characters, a decision number 60, a title 300, a text 5,000).
"""

from datetime import date, datetime
from typing import Literal

from ninja import Field, Schema

from neuguong.reviews.models import DisciplineKind, FindingKind, PendingMatter

from .code_schemas import PeriodRef, PersonRef
from .review_schemas import LooseText
from .schemas import Flag, Id, IdParam, Input, IsoDate, PageQuery, UnitRef

DisciplineKindChoice = Literal[tuple(DisciplineKind.values)]
FindingKindChoice = Literal[tuple(FindingKind.values)]
SourceChoice = Literal[tuple(PendingMatter.Source.values)]


# Query strings --------------------------------------------------------------------


class RecordFilters(PageQuery):
    person: IdParam | None = Field(None, description="Của người này")
    unit: IdParam | None = Field(
        None, description="Của tổ chức này, hoặc của người công tác, sinh hoạt trong cây đơn vị này"
    )
    period: IdParam | None = Field(None, description="Ngày quyết định, kết luận trong kỳ này")


class PendingFilters(PageQuery):
    person: IdParam | None = None
    period: IdParam | None = None
    open: bool | None = Field(None, description="true: chỉ vấn đề chưa giải quyết")


# Output ---------------------------------------------------------------------------


class DisciplineOut(Schema):
    id: int
    person: PersonRef | None
    unit: UnitRef | None = Field(..., description="Tổ chức bị kỷ luật (khi không phải cá nhân)")
    kind: DisciplineKindChoice
    kind_display: str
    decided_on: date
    authority: str
    decision_number: str
    reason: str
    self_detected_fixed: bool
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_kind_display(obj) -> str:
        return str(obj.get_kind_display())


class DisciplinePage(Schema):
    count: int
    limit: int
    offset: int
    items: list[DisciplineOut]


class FindingOut(Schema):
    id: int
    person: PersonRef | None
    unit: UnitRef | None
    kind: FindingKindChoice
    kind_display: str
    concluded_on: date
    authority: str
    note: str
    created_at: datetime

    @staticmethod
    def resolve_kind_display(obj) -> str:
        return str(obj.get_kind_display())


class FindingPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[FindingOut]


class PendingOut(Schema):
    id: int
    person: PersonRef
    period: PeriodRef
    title: str
    detail: str
    source: SourceChoice
    is_open: bool
    created_at: datetime
    settled_at: datetime | None
    settlement: str


class PendingPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[PendingOut]


# Input ----------------------------------------------------------------------------


class DisciplineValuesIn(Input):
    kind: DisciplineKindChoice
    decided_on: IsoDate = Field(..., description="Không sau hôm nay")
    authority: LooseText = Field(..., description="Cấp quyết định kỷ luật")
    decision_number: LooseText = ""
    reason: LooseText = ""
    self_detected_fixed: Flag = Field(
        False, description="Tự phát hiện và chủ động khắc phục: không tính là lý do KHTNV"
    )


class DisciplineIn(DisciplineValuesIn):
    person_id: Id | None = Field(None, description="Cá nhân bị kỷ luật; hoặc unit_id")
    unit_id: Id | None = Field(None, description="Tổ chức bị kỷ luật; hoặc person_id")


class FindingIn(Input):
    person_id: Id | None = Field(None, description="Cá nhân; hoặc unit_id")
    unit_id: Id | None = Field(None, description="Tổ chức; hoặc person_id")
    kind: FindingKindChoice
    concluded_on: IsoDate = Field(..., description="Không sau hôm nay")
    authority: LooseText = Field(..., description="Cơ quan kết luận")
    note: LooseText = ""


class PendingIn(Input):
    person_id: Id
    period_id: Id | None = Field(None, description="Mặc định là kỳ hiện tại")
    title: LooseText
    detail: LooseText = ""


class SettleIn(Input):
    settlement: LooseText
