"""Input and output shapes of the ethics-code API (/api/v1/codes).

Bounds follow schemas.py: ids in 1..2^63-1, choices as literals, strings bounded and
free of control characters. Two limits are left to the services on purpose, so that
their Vietnamese message reaches the client: an item's length (configurable per
period) and an empty item or return reason.
"""

import unicodedata
from datetime import date, datetime
from typing import Annotated, Literal
from uuid import UUID

from django.utils.translation import gettext_lazy as _
from ninja import Field, Schema
from pydantic import AfterValidator, BeforeValidator, StringConstraints

from neuguong.standards.models import (
    CodeSource,
    CodeStatus,
    EvaluationStatus,
    ItemResult,
    Relationship,
)
from neuguong.standards.services import EVIDENCE_MAX, NOTE_MAX, REASON_MAX

from .schemas import (
    Id,
    IdParam,
    Input,
    IsoDate,
    PageQuery,
    UnitRef,
    Version,
    _json_integer,
    text,
)

# An item's limit is data (Period.code_item_max_length, a small integer); the service
# checks it and names it. This bound only keeps a request finite.
ITEM_TEXT_BOUND = 32767
MAX_ITEMS = 200
MAX_CITATIONS = 50
MAX_RESULTS = 1000


def _prose(value: str) -> str:
    """Several lines are fine; other control characters and lone surrogates are not."""
    for ch in value:
        if ch not in "\n\r\t" and unicodedata.category(ch) in ("Cc", "Cs"):
            raise ValueError(str(_("Không được chứa ký tự điều khiển hoặc ký tự không hợp lệ.")))
    return value


def prose(max_length: int):
    return Annotated[str, StringConstraints(max_length=max_length), AfterValidator(_prose)]


RelationshipChoice = Annotated[
    int,
    Field(
        ge=1,
        le=5,
        description=(
            "Mối quan hệ: 1 Đảng, Tổ quốc và Nhân dân; 2 cơ quan, đơn vị; 3 đồng chí, "
            "đồng nghiệp; 4 nêu gương và thực hiện chức trách, nhiệm vụ; 5 bản thân"
        ),
    ),
    BeforeValidator(_json_integer),
]
RelationshipKey = Literal[tuple(str(v) for v in Relationship.values)]
ItemText = Annotated[
    str,
    StringConstraints(max_length=ITEM_TEXT_BOUND),
    AfterValidator(_prose),
    Field(description="Tối đa theo cấu hình của kỳ (mặc định 300 ký tự)"),
]
Citations = Annotated[list[Id], Field(max_length=MAX_CITATIONS)]
StatusChoice = Literal[tuple(CodeStatus.values)]
SourceChoice = Literal[tuple(CodeSource.values)]
ResultOrBlank = Literal[(*ItemResult.values, "")]
Note = text(NOTE_MAX)

VERSION_HELP = "Phiên bản đã đọc; khác phiên bản hiện tại -> 409"


# Query strings --------------------------------------------------------------------


class CodeFilters(PageQuery):
    unit: IdParam | None = Field(None, description="Chỉ các phiên bản của đơn vị này")
    period: IdParam | None = None
    status: StatusChoice | None = None


class CompareQuery(Schema):
    with_: IdParam | None = Field(
        None,
        alias="with",
        description="Phiên bản so sánh; mặc định là phiên bản làm gốc hoặc phiên bản trước",
    )


class AcknowledgementFilters(PageQuery):
    state: Literal["done", "missing"] | None = Field(
        None, description="done: đã xác nhận; missing: chưa xác nhận; bỏ trống: tất cả"
    )


class VersionQuery(Schema):
    version: IdParam = Field(..., description=VERSION_HELP)


# Output ---------------------------------------------------------------------------


class PeriodRef(Schema):
    id: int
    name: str


class SectorOut(Schema):
    id: int
    code: str
    name: str


class CodeRef(Schema):
    id: int
    number: int
    status: str
    unit: UnitRef


class CitationOut(Schema):
    id: int
    label: str
    title: str

    @staticmethod
    def resolve_label(obj) -> str:
        return f"{obj.regulation.symbol}, {obj.number}"


class ItemOut(Schema):
    id: int
    key: UUID
    relationship: int
    relationship_label: str
    order: int
    text: str
    citations: list[CitationOut]

    @staticmethod
    def resolve_relationship_label(obj) -> str:
        return str(Relationship(obj.relationship).label)


class GroupOut(Schema):
    relationship: int
    label: str
    items: int
    not_applicable: str | None


class CodeOut(Schema):
    id: int
    unit: UnitRef
    period: PeriodRef
    number: int
    status: StatusChoice
    status_display: str
    source: SourceChoice
    based_on: CodeRef | None
    not_applicable: dict[str, str]
    return_reason: str
    submitted_at: datetime | None
    decided_at: datetime | None
    effective_from: date | None
    published_at: datetime | None
    version: int

    @staticmethod
    def resolve_status_display(obj) -> str:
        return str(obj.get_status_display())


class CodeDetailOut(CodeOut):
    items: list[ItemOut]
    groups: list[GroupOut]
    hints: list[str] | None = Field(
        None, description="Gợi ý cho người soạn và người phê duyệt; null với người khác"
    )
    acknowledged: bool
    acknowledged_at: datetime | None

    @staticmethod
    def resolve_groups(obj) -> list[dict]:
        counts = dict.fromkeys(Relationship.values, 0)
        for item in obj.items.all():
            counts[item.relationship] = counts.get(item.relationship, 0) + 1
        return [
            {
                "relationship": r,
                "label": str(Relationship(r).label),
                "items": counts[r],
                "not_applicable": obj.not_applicable.get(str(r)),
            }
            for r in Relationship.values
        ]

    @staticmethod
    def resolve_hints(obj) -> list[str] | None:
        return getattr(obj, "caller_hints", None)

    @staticmethod
    def resolve_acknowledged(obj) -> bool:
        return getattr(obj, "caller_acknowledged_at", None) is not None

    @staticmethod
    def resolve_acknowledged_at(obj) -> datetime | None:
        return getattr(obj, "caller_acknowledged_at", None)


class CodePage(Schema):
    count: int
    limit: int
    offset: int
    items: list[CodeOut]


class CompareRowOut(Schema):
    relationship: int
    relationship_label: str
    change: Literal["same", "changed", "added", "removed"]
    old: str
    new: str

    @staticmethod
    def resolve_relationship_label(obj) -> str:
        return str(obj.relationship_label)


class CompareOut(Schema):
    old: CodeRef | None
    new: CodeRef
    rows: list[CompareRowOut]


class PersonRef(Schema):
    id: int
    code: str
    full_name: str


class AcknowledgementOut(Schema):
    person: PersonRef
    acknowledged_at: datetime | None

    @staticmethod
    def resolve_person(obj) -> PersonRef:
        return obj


class AcknowledgementPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[AcknowledgementOut]


class ExemplaryItemOut(Schema):
    relationship: int
    text: str


class ExemplaryEntryOut(Schema):
    code: CodeRef
    period: PeriodRef
    effective_from: date | None
    note: str
    marked_at: datetime
    items: list[ExemplaryItemOut]


class ExemplaryGroupOut(Schema):
    sector: SectorOut
    codes: list[ExemplaryEntryOut]


class ExemplaryMarkOut(Schema):
    code: CodeRef
    sector: SectorOut
    note: str
    marked_at: datetime


class EvaluationOut(Schema):
    id: int
    unit: UnitRef
    period: PeriodRef
    code: CodeRef
    status: Literal[tuple(EvaluationStatus.values)]
    status_display: str
    overall: ResultOrBlank
    comment: str
    decided_at: datetime | None
    version: int

    @staticmethod
    def resolve_status_display(obj) -> str:
        return str(obj.get_status_display())


class EvaluationItemOut(Schema):
    id: int
    item_id: int
    relationship: int
    text: str
    result: ResultOrBlank
    evidence: str
    comment: str

    @staticmethod
    def resolve_relationship(obj) -> int:
        return obj.item.relationship

    @staticmethod
    def resolve_text(obj) -> str:
        return obj.item.text


class EvaluationDetailOut(EvaluationOut):
    items: list[EvaluationItemOut]


# Input ----------------------------------------------------------------------------


class CodeCreateIn(Input):
    unit: Id
    period: Id | None = Field(None, description="Mặc định là kỳ hiện tại")
    source: SourceChoice = CodeSource.BLANK.value
    based_on: Id | None = Field(
        None, description="Chuẩn mực tiêu biểu làm gốc (khi source là exemplary)"
    )


class ItemIn(Input):
    key: UUID | None = Field(None, description="Giữ khóa của nội dung cũ để so sánh phiên bản")
    relationship: RelationshipChoice
    text: ItemText
    citations: Citations = []


class ItemsIn(Input):
    version: Version = Field(..., description=VERSION_HELP)
    items: Annotated[list[ItemIn], Field(max_length=MAX_ITEMS)]
    not_applicable: dict[RelationshipKey, Note] = Field(
        {}, description='Nhóm không áp dụng và lý do, ví dụ {"2": "…"}'
    )


class ItemAddIn(Input):
    version: Version = Field(..., description=VERSION_HELP)
    relationship: RelationshipChoice
    text: ItemText
    citations: Citations = []


class ItemPatchIn(Input):
    """Only the fields sent change."""

    version: Version = Field(..., description=VERSION_HELP)
    relationship: RelationshipChoice | None = None
    text: ItemText | None = None
    citations: Citations | None = None


class VersionIn(Input):
    version: Version = Field(..., description=VERSION_HELP)


class ReturnIn(Input):
    version: Version = Field(..., description=VERSION_HELP)
    reason: prose(REASON_MAX)


class PublishIn(Input):
    version: Version = Field(..., description=VERSION_HELP)
    effective_from: IsoDate | None = None


class ExemplaryIn(Input):
    sector: Id
    note: Note = ""


class ResultIn(Input):
    """Fields not sent keep their value."""

    id: Id = Field(..., description="Mã dòng của bản đánh giá (items[].id)")
    result: ResultOrBlank | None = None
    evidence: prose(EVIDENCE_MAX) | None = None
    comment: prose(EVIDENCE_MAX) | None = None


class EvaluationPatchIn(Input):
    """Only the fields sent change."""

    version: Version = Field(..., description=VERSION_HELP)
    overall: ResultOrBlank | None = None
    comment: prose(EVIDENCE_MAX) | None = None
    results: Annotated[list[ResultIn], Field(max_length=MAX_RESULTS)] = []
