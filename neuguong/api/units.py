"""Units: the organisation tree."""

from typing import Annotated

from django.db.models import Q
from ninja import Path, Query, Router, Status

from neuguong.core.access import MANAGE_ORG
from neuguong.organisations import services
from neuguong.organisations.access import MAX_PK, get_unit_for_user
from neuguong.organisations.models import Area, Person, Sector, Unit

from .common import READ_ERRORS, WRITE_ERRORS, page, pick_tags, pick_unit
from .schemas import (
    MoveIn,
    PageQuery,
    PersonPage,
    RetireIn,
    UnitCreateIn,
    UnitFilters,
    UnitOut,
    UnitPage,
    UnitPatchIn,
    UnitPeopleFilters,
)

router = Router(tags=["units"])

UnitId = Annotated[int, Path(ge=1, le=MAX_PK)]


def units_for(user):
    return (
        Unit.objects.visible_to(user).select_related("parent").prefetch_related("sectors", "areas")
    )


def people_for(user):
    return Person.objects.visible_to(user).select_related(
        "workplace", "party_cell", "management_unit"
    )


def fresh(unit: Unit) -> Unit:
    """The unit as it now is, with what UnitOut shows, after a service changed it."""
    return (
        Unit.objects.select_related("parent").prefetch_related("sectors", "areas").get(pk=unit.pk)
    )


@router.get("", response={200: UnitPage, **READ_ERRORS}, summary="Danh sách đơn vị")
def list_units(request, filters: Query[UnitFilters]):
    qs = units_for(request.auth)
    if filters.q:
        qs = qs.search(filters.q)
    if filters.parent is not None:
        qs = qs.filter(parent_id=filters.parent)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.sector:
        qs = qs.filter(sectors__code=filters.sector)
    if filters.area:
        qs = qs.filter(areas__code=filters.area)
    if filters.active is not None:
        qs = qs.filter(is_active=filters.active)
    return page(qs, filters)


@router.get("/{unit_id}", response={200: UnitOut, **READ_ERRORS}, summary="Một đơn vị")
def get_unit(request, unit_id: UnitId):
    return fresh(get_unit_for_user(request.auth, unit_id))


@router.get(
    "/{unit_id}/children", response={200: UnitPage, **READ_ERRORS}, summary="Đơn vị trực thuộc"
)
def list_children(request, unit_id: UnitId, params: Query[PageQuery]):
    unit = get_unit_for_user(request.auth, unit_id)
    return page(units_for(request.auth).filter(parent=unit), params)


@router.get(
    "/{unit_id}/ancestors",
    response={200: list[UnitOut], **READ_ERRORS},
    summary="Các đơn vị cấp trên, từ gốc xuống",
)
def list_ancestors(request, unit_id: UnitId):
    unit = get_unit_for_user(request.auth, unit_id)
    return list(units_for(request.auth).filter(pk__in=unit.ancestors().values("pk")))


@router.get(
    "/{unit_id}/people",
    response={200: PersonPage, **READ_ERRORS},
    summary="Người công tác hoặc sinh hoạt trong đơn vị",
)
def list_unit_people(request, unit_id: UnitId, filters: Query[UnitPeopleFilters]):
    unit = get_unit_for_user(request.auth, unit_id)
    qs = people_for(request.auth)
    if filters.direct:
        qs = qs.filter(Q(workplace=unit) | Q(party_cell=unit))
    else:
        qs = qs.in_subtree(unit)
    if filters.category:
        qs = qs.filter(category=filters.category)
    if filters.active is not None:
        qs = qs.filter(is_active=filters.active)
    if filters.q:
        qs = qs.search(filters.q)
    return page(qs, filters)


@router.post("", response={201: UnitOut, **WRITE_ERRORS}, summary="Thêm đơn vị")
def create_unit(request, payload: UnitCreateIn):
    user = request.auth
    unit = services.create_unit(
        by=user,
        code=payload.code,
        name=payload.name,
        kind=payload.kind,
        parent=pick_unit(user, payload.parent, field="parent"),
        sectors=pick_tags(Sector, payload.sectors, field="sectors"),
        areas=pick_tags(Area, payload.areas, field="areas"),
    )
    return Status(201, fresh(unit))


@router.patch("/{unit_id}", response={200: UnitOut, **WRITE_ERRORS}, summary="Sửa đơn vị")
def update_unit(request, unit_id: UnitId, payload: UnitPatchIn):
    user = request.auth
    unit = get_unit_for_user(user, unit_id, MANAGE_ORG)
    unit = services.update_unit(
        unit,
        by=user,
        version=payload.version,
        code=payload.code or unit.code,
        name=payload.name or unit.name,
        kind=payload.kind or unit.kind,
        sectors=pick_tags(Sector, payload.sectors, field="sectors"),
        areas=pick_tags(Area, payload.areas, field="areas"),
    )
    return fresh(unit)


@router.post("/{unit_id}/move", response={200: UnitOut, **WRITE_ERRORS}, summary="Chuyển đơn vị")
def move_unit(request, unit_id: UnitId, payload: MoveIn):
    user = request.auth
    unit = get_unit_for_user(user, unit_id, MANAGE_ORG)
    new_parent = pick_unit(user, payload.parent, field="parent")
    return fresh(services.move_unit(unit, by=user, new_parent=new_parent))


@router.post(
    "/{unit_id}/retire", response={200: UnitOut, **WRITE_ERRORS}, summary="Giải thể đơn vị"
)
def retire_unit(request, unit_id: UnitId, payload: RetireIn | None = None):
    user = request.auth
    unit = get_unit_for_user(user, unit_id, MANAGE_ORG)
    on = payload.on if payload else None
    return fresh(services.retire_unit(unit, by=user, on=on))
