"""The regulations library and the programme periods.

Everyone signed in reads; changes need `programme.manage` over the whole tree (the
same services and access helpers as the pages). A PATCH changes only the fields sent
and carries the version it was based on; a stale one is a 409 with the current row.
"""

import unicodedata
from datetime import date
from typing import Annotated, Literal

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema, Status
from pydantic import AfterValidator, BeforeValidator, StringConstraints

from neuguong.core.errors import ConflictError, DomainError
from neuguong.organisations.access import MAX_PK
from neuguong.regulations import services
from neuguong.regulations.access import (
    get_item_for_user,
    get_period_for_user,
    get_regulation_for_user,
)
from neuguong.regulations.models import (
    Period,
    PeriodKind,
    Regulation,
    RegulationKind,
    RegulationStatus,
)

from .common import READ_ERRORS, WRITE_ERRORS, page
from .schemas import Id, Input, IsoDate, PageQuery, SearchText, Version, text

router = Router(tags=["Văn bản"])

RegulationId = Annotated[int, Path(ge=1, le=MAX_PK)]
PeriodId = Annotated[int, Path(ge=1, le=MAX_PK)]
ItemId = Annotated[int, Path(ge=1, le=MAX_PK)]
MAX_LINKED = 200
VERSION_HELP = "Phiên bản đã đọc; khác phiên bản hiện tại -> 409"


def _multiline(value: str) -> str:
    for ch in value:
        if ch not in "\n\r\t" and unicodedata.category(ch) in ("Cc", "Cs"):
            raise ValueError(_("Không được chứa ký tự điều khiển hoặc ký tự không hợp lệ."))
    return value


def _json_integer(value):
    if isinstance(value, str | bool):
        raise ValueError(_("Phải là một số nguyên."))
    return value


def long_text(max_length: int):
    return Annotated[str, StringConstraints(max_length=max_length), AfterValidator(_multiline)]


Integer = Annotated[int, BeforeValidator(_json_integer)]
Order = Annotated[int, Field(ge=0, le=services.ORDER_MAX), BeforeValidator(_json_integer)]
KindChoice = Literal[tuple(RegulationKind.values)]
StatusChoice = Literal[tuple(RegulationStatus.values)]
PeriodKindChoice = Literal[tuple(PeriodKind.values)]
Symbol = text(60, min_length=1)
IssuingBody = text(200, min_length=1)
Title = text(500, min_length=1)
ItemNumber = text(30, min_length=1)
ItemTitle = text(300, min_length=1)
PeriodName = text(120, min_length=1)
Ids = Annotated[list[Id], Field(max_length=MAX_LINKED)]


# Shapes -------------------------------------------------------------------------------


class RegulationRef(Schema):
    id: int
    symbol: str
    title: str


class PeriodRef(Schema):
    id: int
    name: str


class ItemOut(Schema):
    id: int
    regulation_id: int
    number: str
    title: str
    text: str
    order: int


class RegulationOut(Schema):
    id: int
    symbol: str
    kind: str
    kind_display: str
    issuing_body: str
    issued_on: date | None
    title: str
    status: str
    status_display: str
    replaced_by: RegulationRef | None
    version: int

    @staticmethod
    def resolve_kind_display(obj) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_status_display(obj) -> str:
        return str(obj.get_status_display())


class RegulationDetailOut(RegulationOut):
    items: list[ItemOut]
    replaces: list[RegulationRef]
    periods: list[PeriodRef]

    @staticmethod
    def resolve_items(obj) -> list:
        return list(obj.items.all())

    @staticmethod
    def resolve_replaces(obj) -> list:
        return list(obj.replaces.all())

    @staticmethod
    def resolve_periods(obj) -> list:
        return list(obj.periods.all())


class RegulationPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[RegulationOut]


class PeriodOut(Schema):
    id: int
    name: str
    kind: str
    kind_display: str
    starts_on: date
    ends_on: date
    year_theme: str
    term_theme: str
    codes_published_by: date | None
    plans_registered_by: date | None
    plans_approved_by: date | None
    reviews_done_by: date | None
    code_item_max_length: int
    is_open: bool
    is_current: bool = False
    regulations: list[RegulationRef]
    version: int

    @staticmethod
    def resolve_kind_display(obj) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_is_current(obj) -> bool:
        return getattr(obj, "is_current", False)

    @staticmethod
    def resolve_regulations(obj) -> list:
        return list(obj.regulations.all())


class PeriodPage(Schema):
    count: int
    limit: int
    offset: int
    items: list[PeriodOut]


class RegulationFilters(PageQuery):
    q: SearchText | None = Field(None, description="Tìm theo số, ký hiệu hoặc trích yếu")
    kind: KindChoice | None = None
    status: StatusChoice | None = None


class RegulationIn(Input):
    symbol: Symbol
    kind: KindChoice
    issuing_body: IssuingBody
    title: Title
    issued_on: IsoDate | None = None


class RegulationPatchIn(Input):
    """Only the fields sent change; `issued_on: null` clears the date."""

    version: Version = Field(..., description=VERSION_HELP)
    symbol: Symbol | None = None
    kind: KindChoice | None = None
    issuing_body: IssuingBody | None = None
    title: Title | None = None
    issued_on: IsoDate | None = None


class ReplaceIn(Input):
    version: Version = Field(..., description=VERSION_HELP)
    replaced_by: Id | None = Field(..., description="Văn bản thay thế; null: còn hiệu lực")


class ItemIn(Input):
    number: ItemNumber
    title: ItemTitle
    text: long_text(services.ITEM_TEXT_MAX) = ""
    order: Order | None = Field(None, description="Mặc định: sau cùng")


class ItemPatchIn(Input):
    number: ItemNumber | None = None
    title: ItemTitle | None = None
    text: long_text(services.ITEM_TEXT_MAX) | None = None
    order: Order | None = None


class PeriodIn(Input):
    name: PeriodName
    kind: PeriodKindChoice = PeriodKind.YEAR
    starts_on: IsoDate
    ends_on: IsoDate
    year_theme: long_text(services.THEME_MAX) = ""
    term_theme: long_text(services.THEME_MAX) = ""
    codes_published_by: IsoDate | None = None
    plans_registered_by: IsoDate | None = None
    plans_approved_by: IsoDate | None = None
    reviews_done_by: IsoDate | None = None
    code_item_max_length: Integer = Field(300, description="Từ 20 đến 2000 ký tự")
    regulations: Ids = []


class PeriodPatchIn(Input):
    """Only the fields sent change; `null` clears a deadline."""

    version: Version = Field(..., description=VERSION_HELP)
    name: PeriodName | None = None
    kind: PeriodKindChoice | None = None
    starts_on: IsoDate | None = None
    ends_on: IsoDate | None = None
    year_theme: long_text(services.THEME_MAX) | None = None
    term_theme: long_text(services.THEME_MAX) | None = None
    codes_published_by: IsoDate | None = None
    plans_registered_by: IsoDate | None = None
    plans_approved_by: IsoDate | None = None
    reviews_done_by: IsoDate | None = None
    code_item_max_length: Integer | None = None
    regulations: Ids | None = None


# Helpers ------------------------------------------------------------------------------


def _conflict(exc: ConflictError, current) -> Status:
    return Status(
        409,
        {
            "detail": str(exc.message),
            "field": None,
            "code": exc.code,
            "current": current.model_dump(mode="json"),
        },
    )


def _regulation(pk: int) -> Regulation:
    return (
        Regulation.objects.select_related("replaced_by")
        .prefetch_related("items", "replaces", Prefetch("periods", Period.objects.only("name")))
        .get(pk=pk)
    )


def _periods():
    refs = Regulation.objects.only("pk", "symbol", "title").order_by("symbol")
    return Period.objects.prefetch_related(Prefetch("regulations", refs))


def _period(pk: int) -> Period:
    period = _periods().get(pk=pk)
    current = Period.objects.current()
    period.is_current = current is not None and current.pk == period.pk
    return period


def _pick_regulations(ids, *, field: str) -> list[Regulation]:
    ids = list(dict.fromkeys(ids))
    found = {r.pk: r for r in Regulation.objects.filter(pk__in=ids)}
    missing = [i for i in ids if i not in found]
    if missing:
        raise DomainError(
            _("Không tìm thấy văn bản #%(id)d.") % {"id": missing[0]}, field=field, code="not_found"
        )
    return [found[i] for i in ids]


def _require_manage(user) -> None:
    # Before looking up what the body names, so a non-officer learns nothing from it.
    if not services.can_manage_programme(user):
        raise PermissionDenied


# The library --------------------------------------------------------------------------


@router.get("", response={200: RegulationPage, **READ_ERRORS}, summary="Thư viện văn bản")
def list_regulations(request, filters: Query[RegulationFilters]):
    qs = Regulation.objects.select_related("replaced_by")
    if filters.q:
        qs = qs.search(filters.q)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.status:
        qs = qs.filter(status=filters.status)
    return page(qs, filters)


@router.post("", response={201: RegulationDetailOut, **WRITE_ERRORS}, summary="Thêm văn bản")
def create_regulation(request, payload: RegulationIn):
    regulation = services.create_regulation(by=request.auth, **payload.model_dump())
    return Status(201, _regulation(regulation.pk))


@router.get("/periods", response={200: PeriodPage, **READ_ERRORS}, summary="Các kỳ thực hiện")
def list_periods(request, params: Query[PageQuery]):
    result = page(_periods(), params)
    current = Period.objects.current()
    for period in result["items"]:
        period.is_current = current is not None and current.pk == period.pk
    return result


@router.post("/periods", response={201: PeriodOut, **WRITE_ERRORS}, summary="Thêm kỳ thực hiện")
def create_period(request, payload: PeriodIn):
    user = request.auth
    _require_manage(user)
    data = payload.model_dump()
    regulations = _pick_regulations(data.pop("regulations"), field="regulations")
    period = services.create_period(by=user, regulations=regulations, **data)
    return Status(201, _period(period.pk))


@router.get("/periods/{period_id}", response={200: PeriodOut, **READ_ERRORS}, summary="Một kỳ")
def get_period(request, period_id: PeriodId):
    return _period(get_period_for_user(request.auth, period_id).pk)


@router.patch("/periods/{period_id}", response={200: PeriodOut, **WRITE_ERRORS}, summary="Sửa kỳ")
def update_period(request, period_id: PeriodId, payload: PeriodPatchIn):
    user = request.auth
    period = get_period_for_user(user, period_id, manage=True)
    data = payload.model_dump(exclude_unset=True)
    version = data.pop("version")
    regulations = data.pop("regulations", None)
    if regulations is not None:
        regulations = _pick_regulations(regulations, field="regulations")
    for required in ("name", "kind", "starts_on", "ends_on", "year_theme", "term_theme"):
        if data.get(required, "") is None:  # null means "unchanged" for these
            del data[required]
    try:
        services.update_period(period, by=user, version=version, regulations=regulations, **data)
    except ConflictError as exc:
        return _conflict(exc, PeriodOut.model_validate(_period(period.pk)))
    return _period(period.pk)


@router.post(
    "/periods/{period_id}/close", response={200: PeriodOut, **WRITE_ERRORS}, summary="Đóng kỳ"
)
def close_period(request, period_id: PeriodId):
    period = get_period_for_user(request.auth, period_id, manage=True)
    services.set_period_open(period, by=request.auth, is_open=False)
    return _period(period.pk)


@router.post(
    "/periods/{period_id}/open", response={200: PeriodOut, **WRITE_ERRORS}, summary="Mở lại kỳ"
)
def open_period(request, period_id: PeriodId):
    period = get_period_for_user(request.auth, period_id, manage=True)
    services.set_period_open(period, by=request.auth, is_open=True)
    return _period(period.pk)


@router.get(
    "/{regulation_id}",
    response={200: RegulationDetailOut, **READ_ERRORS},
    summary="Một văn bản, với các điều, mục",
)
def get_regulation(request, regulation_id: RegulationId):
    return _regulation(get_regulation_for_user(request.auth, regulation_id).pk)


@router.patch(
    "/{regulation_id}", response={200: RegulationDetailOut, **WRITE_ERRORS}, summary="Sửa văn bản"
)
def update_regulation(request, regulation_id: RegulationId, payload: RegulationPatchIn):
    user = request.auth
    regulation = get_regulation_for_user(user, regulation_id, manage=True)
    sent = payload.model_dump(exclude_unset=True)
    fields = {
        name: sent[name] if sent.get(name) is not None else getattr(regulation, name)
        for name in ("symbol", "kind", "issuing_body", "title")
    }
    issued_on = sent.get("issued_on", regulation.issued_on)
    try:
        services.update_regulation(
            regulation, by=user, version=payload.version, issued_on=issued_on, **fields
        )
    except ConflictError as exc:
        return _conflict(exc, RegulationDetailOut.model_validate(_regulation(regulation.pk)))
    return _regulation(regulation.pk)


@router.post(
    "/{regulation_id}/replace",
    response={200: RegulationDetailOut, **WRITE_ERRORS},
    summary="Ghi nhận văn bản được thay thế, hoặc còn hiệu lực trở lại",
)
def replace_regulation(request, regulation_id: RegulationId, payload: ReplaceIn):
    user = request.auth
    regulation = get_regulation_for_user(user, regulation_id, manage=True)
    try:
        if payload.replaced_by is None:
            services.restore_regulation(regulation, by=user, version=payload.version)
        else:
            (other,) = _pick_regulations([payload.replaced_by], field="replaced_by")
            services.replace_regulation(
                regulation, by=user, replaced_by=other, version=payload.version
            )
    except ConflictError as exc:
        return _conflict(exc, RegulationDetailOut.model_validate(_regulation(regulation.pk)))
    return _regulation(regulation.pk)


# Items --------------------------------------------------------------------------------


@router.post(
    "/{regulation_id}/items", response={201: ItemOut, **WRITE_ERRORS}, summary="Thêm điều, mục"
)
def add_item(request, regulation_id: RegulationId, payload: ItemIn):
    user = request.auth
    regulation = get_regulation_for_user(user, regulation_id, manage=True)
    return Status(201, services.add_item(regulation, by=user, **payload.model_dump()))


@router.patch("/items/{item_id}", response={200: ItemOut, **WRITE_ERRORS}, summary="Sửa điều, mục")
def update_item(request, item_id: ItemId, payload: ItemPatchIn):
    user = request.auth
    item = get_item_for_user(user, item_id, manage=True)
    sent = {k: v for k, v in payload.model_dump(exclude_unset=True).items() if v is not None}
    fields = {f: sent.get(f, getattr(item, f)) for f in ("number", "title", "text", "order")}
    return services.update_item(item, by=user, **fields)


@router.delete("/items/{item_id}", response={204: None, **WRITE_ERRORS}, summary="Xóa điều, mục")
def delete_item(request, item_id: ItemId):
    user = request.auth
    services.delete_item(get_item_for_user(user, item_id, manage=True), by=user)
    return Status(204, None)
