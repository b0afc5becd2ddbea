"""People: cadres, civil servants, public employees, workers and party members."""

from typing import Annotated

from django.db.models import Prefetch, prefetch_related_objects
from ninja import Path, Query, Router, Status

from neuguong.core.access import MANAGE_ORG
from neuguong.organisations import services
from neuguong.organisations.access import MAX_PK, get_person_for_user
from neuguong.organisations.models import Person, Post

from .common import READ_ERRORS, WRITE_ERRORS, page, pick_unit
from .schemas import (
    PersonDetailOut,
    PersonFilters,
    PersonIn,
    PersonPage,
    PersonPatchIn,
    PostIn,
    PostOut,
    RetireIn,
)
from .units import people_for

router = Router(tags=["people"])

PersonId = Annotated[int, Path(ge=1, le=MAX_PK)]
UNIT_FIELDS = ("workplace", "party_cell", "management_unit")
CHOICE_FIELDS = ("gender", "category", "party_status")


def posts_prefetch() -> Prefetch:
    return Prefetch("posts", Post.objects.select_related("unit"))


def detail(person: Person) -> Person:
    """The person as a service left them, with their posts, as PersonDetailOut shows them."""
    return (
        Person.objects.select_related(*UNIT_FIELDS)
        .prefetch_related(posts_prefetch())
        .get(pk=person.pk)
    )


def _resolve_units(user, data: dict) -> dict:
    for key in UNIT_FIELDS:
        if key in data:
            data[key] = pick_unit(user, data[key], field=key)
    return data


@router.get("", response={200: PersonPage, **READ_ERRORS}, summary="Danh sách cán bộ, đảng viên")
def list_people(request, filters: Query[PersonFilters]):
    user = request.auth
    qs = people_for(user)
    if filters.unit is not None:
        qs = qs.in_subtree(pick_unit(user, filters.unit, field="unit"))
    if filters.category:
        qs = qs.filter(category=filters.category)
    if filters.party_status == "none":
        qs = qs.filter(party_status="")
    elif filters.party_status:
        qs = qs.filter(party_status=filters.party_status)
    if filters.active is not None:
        qs = qs.filter(is_active=filters.active)
    if filters.q:
        qs = qs.search(filters.q)
    return page(qs, filters)


@router.get(
    "/{person_id}", response={200: PersonDetailOut, **READ_ERRORS}, summary="Một người, kèm chức vụ"
)
def get_person(request, person_id: PersonId):
    person = get_person_for_user(request.auth, person_id)
    prefetch_related_objects([person], posts_prefetch())
    return person


@router.post("", response={201: PersonDetailOut, **WRITE_ERRORS}, summary="Thêm người")
def create_person(request, payload: PersonIn):
    user = request.auth
    data = _resolve_units(user, payload.model_dump())
    person = services.create_person(by=user, **data)
    return Status(201, detail(person))


@router.patch(
    "/{person_id}", response={200: PersonDetailOut, **WRITE_ERRORS}, summary="Sửa thông tin người"
)
def update_person(request, person_id: PersonId, payload: PersonPatchIn):
    user = request.auth
    person = get_person_for_user(user, person_id, MANAGE_ORG)
    data = payload.model_dump(exclude_unset=True, exclude={"version"})
    # Code and name are required: a missing or null one keeps its value.
    data["code"] = data.get("code") or person.code
    data["full_name"] = data.get("full_name") or person.full_name
    for key in CHOICE_FIELDS:
        if key in data and data[key] is None:
            data[key] = ""
    data = _resolve_units(user, data)
    person = services.update_person(person, by=user, version=payload.version, **data)
    return detail(person)


@router.post(
    "/{person_id}/retire",
    response={200: PersonDetailOut, **WRITE_ERRORS},
    summary="Cho nghỉ, chuyển đi",
)
def retire_person(request, person_id: PersonId, payload: RetireIn | None = None):
    user = request.auth
    person = get_person_for_user(user, person_id, MANAGE_ORG)
    person = services.retire_person(person, by=user, on=payload.on if payload else None)
    return detail(person)


@router.post("/{person_id}/posts", response={201: PostOut, **WRITE_ERRORS}, summary="Thêm chức vụ")
def add_post(request, person_id: PersonId, payload: PostIn):
    user = request.auth
    person = get_person_for_user(user, person_id, MANAGE_ORG)
    data = payload.model_dump(exclude={"unit"})
    unit = pick_unit(user, payload.unit, field="unit")
    post = services.add_post(person, by=user, unit=unit, **data)
    return Status(201, post)
