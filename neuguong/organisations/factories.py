"""Test and demo builders for units, people and roles (plain functions, no magic)."""

from datetime import date
from itertools import count

from django.contrib.auth import get_user_model

from neuguong.core.text import fold

from . import tree
from .models import Person, RoleAssignment, Unit, UnitKind
from .services import index_person_names

_seq = count(1)


def make_unit(
    name: str,
    *,
    parent: Unit | None = None,
    kind: str = UnitKind.PARTY_CELL,
    code: str | None = None,
    sectors=(),
    areas=(),
) -> Unit:
    unit = Unit.objects.create(
        code=code or f"U{next(_seq):05d}", name=name, kind=kind, parent=parent
    )
    unit.path = (parent.path if parent else "") + tree.segment(unit.pk)
    unit.save(update_fields=["path"])
    if sectors:
        unit.sectors.set(sectors)
    if areas:
        unit.areas.set(areas)
    return unit


def make_person(
    full_name: str,
    *,
    workplace: Unit | None = None,
    party_cell: Unit | None = None,
    code: str | None = None,
    user=None,
    **extra,
) -> Person:
    extra.setdefault("birth_date", date(1985, 5, 17))
    extra.setdefault("category", "cong_chuc")
    if party_cell is not None:
        extra.setdefault("party_status", "official")
        extra.setdefault("party_join_date", date(2010, 3, 2))
    person = Person.objects.create(
        code=code or f"P{next(_seq):06d}",
        full_name=full_name,
        name_folded=fold(full_name),
        workplace=workplace,
        party_cell=party_cell,
        user=user,
        **extra,
    )
    index_person_names([person])
    return person


def make_user(username: str, *, password: str = "Mat-khau-thu-nghiem-2026", **extra):
    return get_user_model().objects.create_user(username=username, password=password, **extra)


def give_role(user, role: str, unit: Unit, *, sectors=(), areas=()) -> RoleAssignment:
    assignment = RoleAssignment.objects.create(user=user, role=role, unit=unit)
    if sectors:
        assignment.sectors.set(sectors)
    if areas:
        assignment.areas.set(areas)
    return assignment
