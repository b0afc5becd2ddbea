"""Input and output shapes of the API.

Every input is bounded, because the API is fuzzed and any 5xx is a defect:
ids lie in 1..2^63-1 (SQLite and PostgreSQL bigint), pages in 1..200 from offset
0..10^7, strings have the column's length and hold no NUL, control character or lone
surrogate (PostgreSQL refuses NUL and no database stores a lone surrogate), dates are
`yyyy-mm-dd` only, and choices are literals. A value outside these bounds is a 422.
"""

import re
import unicodedata
from datetime import date, datetime
from typing import Annotated, Any, Literal

from django.utils.translation import gettext_lazy as _
from ninja import Field, Schema
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    StrictBool,
    StringConstraints,
)

from neuguong.core.access import Role
from neuguong.organisations.access import MAX_PK
from neuguong.organisations.models import Gender, PartyStatus, PersonCategory, UnitKind

MAX_LIMIT = 200
DEFAULT_LIMIT = 50
MAX_OFFSET = 10**7
MAX_TAGS = 50
MIN_DATE = date(1900, 1, 1)
MAX_DATE = date(2100, 12, 31)
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", re.ASCII)
# The same rules, told to clients in the OpenAPI schema (ECMAScript regex syntax).
NO_CONTROL_PATTERN = r"^[^\u0000-\u001F\u007F-\u009F]*$"
DATE_PATTERN = r"^(19[0-9]{2}|20[0-9]{2}|2100)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"


def _single_line(value: str) -> str:
    for ch in value:
        if unicodedata.category(ch) in ("Cc", "Cs"):
            raise ValueError(str(_("Không được chứa ký tự điều khiển hoặc ký tự không hợp lệ.")))
    return value


def _strict_date(value: Any) -> Any:
    if isinstance(value, date) and not isinstance(value, datetime):
        parsed = value
    elif isinstance(value, str) and _ISO_DATE.fullmatch(value):
        try:
            parsed = date.fromisoformat(value)
        except ValueError:
            raise ValueError(str(_("Ngày không tồn tại."))) from None
    else:
        raise ValueError(str(_("Ngày phải có dạng yyyy-mm-dd.")))
    if not MIN_DATE <= parsed <= MAX_DATE:
        raise ValueError(str(_("Ngày phải nằm trong khoảng 1900–2100.")))
    return parsed


def _json_integer(value: Any) -> Any:
    # A JSON body says 5, not "5" or true; pydantic's lax mode would take either.
    if isinstance(value, str | bool):
        raise ValueError(str(_("Phải là một số nguyên.")))
    return value


def text(max_length: int, *, min_length: int = 0):
    return Annotated[
        str,
        StringConstraints(min_length=min_length, max_length=max_length),
        AfterValidator(_single_line),
        Field(json_schema_extra={"pattern": NO_CONTROL_PATTERN}),
    ]


# Ids in a query string arrive as text; in a JSON body they must be numbers.
IdParam = Annotated[int, Field(ge=1, le=MAX_PK)]
Id = Annotated[int, Field(ge=1, le=MAX_PK), BeforeValidator(_json_integer)]
IsoDate = Annotated[
    date, BeforeValidator(_strict_date), Field(json_schema_extra={"pattern": DATE_PATTERN})
]
Flag = StrictBool
SearchText = text(100)
Code = text(40, min_length=1)
TagCode = text(40, min_length=1)
UnitName = text(255, min_length=1)
PersonName = text(150, min_length=1)
PostTitle = text(150, min_length=1)
Version = Id

UnitKindChoice = Literal[tuple(UnitKind.values)]
CategoryChoice = Literal[tuple(PersonCategory.values)]
CategoryOrBlank = Literal[(*PersonCategory.values, "")]
GenderOrBlank = Literal[(*Gender.values, "")]
PartyStatusOrBlank = Literal[(*PartyStatus.values, "")]
PartyStatusFilter = Literal[(*PartyStatus.values, "none")]
Tags = Annotated[list[TagCode], Field(max_length=MAX_TAGS)]


class Input(BaseModel):
    """A request body: a JSON object with only the fields named here."""

    model_config = ConfigDict(extra="forbid")


# Errors ---------------------------------------------------------------------------


class ErrorOut(Schema):
    detail: str
    field: str | None = None
    code: str


class ConflictOut(ErrorOut):
    current: dict[str, Any] | None = Field(None, description="Bản ghi như hiện có trong CSDL")


class ValidationErrorOut(Schema):
    detail: list[dict[str, Any]]


# Query strings --------------------------------------------------------------------


class PageQuery(Schema):
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


class UnitFilters(PageQuery):
    q: SearchText | None = Field(None, description="Tìm theo tên (không dấu) hoặc mã")
    parent: IdParam | None = None
    kind: UnitKindChoice | None = None
    sector: TagCode | None = Field(None, description="Mã lĩnh vực")
    area: TagCode | None = Field(None, description="Mã địa bàn")
    active: bool | None = None


class PersonFilters(PageQuery):
    q: SearchText | None = Field(None, description="Tìm theo họ tên (không dấu) hoặc mã")
    unit: IdParam | None = Field(
        None, description="Đơn vị: người công tác hoặc sinh hoạt trong cây đơn vị này"
    )
    category: CategoryChoice | None = None
    party_status: PartyStatusFilter | None = None
    active: bool | None = None


class UnitPeopleFilters(PageQuery):
    direct: bool = Field(False, description="Chỉ người công tác hoặc sinh hoạt ngay tại đơn vị")
    q: SearchText | None = None
    category: CategoryChoice | None = None
    active: bool | None = None


# Units ----------------------------------------------------------------------------


class UnitRef(Schema):
    id: int
    code: str
    name: str


class TaggedOut(Schema):
    """Sector and area tags as their codes (units, and supervisors' roles)."""

    sectors: list[str]
    areas: list[str]

    @staticmethod
    def resolve_sectors(obj) -> list[str]:
        return [s.code for s in obj.sectors.all()]

    @staticmethod
    def resolve_areas(obj) -> list[str]:
        return [a.code for a in obj.areas.all()]


class UnitOut(TaggedOut):
    id: int
    code: str
    name: str
    kind: str
    kind_display: str
    parent: UnitRef | None
    depth: int
    is_active: bool
    retired_on: date | None
    sectors: list[str]
    areas: list[str]
    version: int

    @staticmethod
    def resolve_kind_display(obj) -> str:
        return str(obj.get_kind_display())


class UnitPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[UnitOut]


class UnitCreateIn(Input):
    code: Code
    name: UnitName
    kind: UnitKindChoice
    parent: Id | None = None
    sectors: Tags = []
    areas: Tags = []


class UnitPatchIn(Input):
    version: Version = Field(..., description="Phiên bản đã đọc; khác phiên bản hiện tại -> 409")
    code: Code | None = None
    name: UnitName | None = None
    kind: UnitKindChoice | None = None
    sectors: Tags | None = None
    areas: Tags | None = None


class MoveIn(Input):
    parent: Id


class RetireIn(Input):
    on: IsoDate | None = Field(None, description="Mặc định là hôm nay")


# People and posts -----------------------------------------------------------------


class PostOut(Schema):
    id: int
    person_id: int
    unit: UnitRef
    title: str
    is_head: bool
    is_deputy: bool
    start_date: date | None
    end_date: date | None
    is_current: bool


class PersonOut(Schema):
    id: int
    code: str
    full_name: str
    gender: str
    birth_date: date | None
    category: str
    workplace: UnitRef | None
    party_cell: UnitRef | None
    party_status: str
    party_join_date: date | None
    management_unit: UnitRef | None
    is_active: bool
    left_on: date | None
    version: int


class PersonDetailOut(PersonOut):
    posts: list[PostOut]

    @staticmethod
    def resolve_posts(obj) -> list:
        return list(obj.posts.all())


class PersonPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[PersonOut]


class PersonIn(Input):
    code: Code
    full_name: PersonName
    gender: GenderOrBlank = ""
    birth_date: IsoDate | None = None
    category: CategoryOrBlank = ""
    workplace: Id | None = None
    party_cell: Id | None = None
    party_status: PartyStatusOrBlank = ""
    party_join_date: IsoDate | None = None
    management_unit: Id | None = None


class PersonPatchIn(Input):
    """Only the fields sent change; `null` clears a date, a unit or a choice."""

    version: Version = Field(..., description="Phiên bản đã đọc; khác phiên bản hiện tại -> 409")
    code: Code | None = None
    full_name: PersonName | None = None
    gender: GenderOrBlank | None = None
    birth_date: IsoDate | None = None
    category: CategoryOrBlank | None = None
    workplace: Id | None = None
    party_cell: Id | None = None
    party_status: PartyStatusOrBlank | None = None
    party_join_date: IsoDate | None = None
    management_unit: Id | None = None


class PostIn(Input):
    unit: Id
    title: PostTitle
    is_head: Flag = False
    is_deputy: Flag = False
    start_date: IsoDate | None = None
    end_date: IsoDate | None = None


class PostPatchIn(Input):
    """Only the fields sent change; `null` clears a date."""

    title: PostTitle | None = None
    is_head: Flag | None = None
    is_deputy: Flag | None = None
    start_date: IsoDate | None = None
    end_date: IsoDate | None = None


# Me -------------------------------------------------------------------------------


class RoleOut(TaggedOut):
    id: int
    role: Literal[tuple(Role.values)]
    role_display: str
    unit: UnitRef
    sectors: list[str]
    areas: list[str]

    @staticmethod
    def resolve_role_display(obj) -> str:
        return str(obj.get_role_display())


class UserOut(Schema):
    id: int
    username: str
    full_name: str
    is_superuser: bool

    @staticmethod
    def resolve_full_name(obj) -> str:
        return obj.get_full_name()


class MeOut(Schema):
    user: UserOut
    person: PersonOut | None
    roles: list[RoleOut]
    units: list[UnitRef]
    permissions: list[str]
