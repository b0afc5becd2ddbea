"""Fetch-and-check helpers: each returns the object or answers 404 outside the
user's scope and 403 where the object is in scope but the action is not allowed."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from neuguong.core.access import VIEW_PEOPLE, VIEW_UNITS

from .models import Person, Unit

MAX_PK = 2**63 - 1


def _valid_pk(pk) -> int:
    try:
        value = int(pk)
    except (TypeError, ValueError):
        raise Http404 from None
    if not 0 < value <= MAX_PK:
        raise Http404
    return value


def get_unit_for_user(user, pk, perm: str = VIEW_UNITS) -> Unit:
    pk = _valid_pk(pk)
    unit = Unit.objects.visible_to(user, VIEW_UNITS).filter(pk=pk).select_related("parent").first()
    if unit is None:
        raise Http404
    if perm != VIEW_UNITS and not Unit.objects.visible_to(user, perm).filter(pk=pk).exists():
        raise PermissionDenied
    return unit


def get_person_for_user(user, pk, perm: str = VIEW_PEOPLE) -> Person:
    pk = _valid_pk(pk)
    person = (
        Person.objects.visible_to(user, VIEW_PEOPLE)
        .filter(pk=pk)
        .select_related("workplace", "party_cell", "management_unit", "user")
        .first()
    )
    if person is None:
        raise Http404
    if perm != VIEW_PEOPLE and not Person.objects.visible_to(user, perm).filter(pk=pk).exists():
        raise PermissionDenied
    return person


def active_person(user) -> Person | None:
    """The active person record linked to `user`, or None: fetched once and kept on the
    user object for the rest of the request (forget_scopes clears it)."""
    if not getattr(user, "is_authenticated", False):
        return None
    cached = getattr(user, "_ng_person", False)
    if cached is False:
        cached = Person.objects.filter(user=user, is_active=True).first()
        user._ng_person = cached
    return cached


def own_person(user) -> Person | None:
    """The person record linked to `user`, with its units, or None."""
    return (
        Person.objects.filter(user=user)
        .select_related("workplace", "party_cell", "management_unit")
        .first()
    )


def own_roles(user):
    """The roles `user` holds, with their units, sectors and areas, root first."""
    from .models import RoleAssignment

    return (
        RoleAssignment.objects.filter(user=user)
        .select_related("unit")
        .prefetch_related("sectors", "areas")
        .order_by("unit__path", "role")
    )
