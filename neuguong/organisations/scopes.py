"""Who may see what: a user's scope for each permission, from their roles.

A scope is a set of subtrees (path prefixes) plus, for the member role, the person's
own record and own units. It is computed once per request and kept on the user object,
never in the session.
"""

from dataclasses import dataclass, field

from django.db.models import Q

from neuguong.core.access import MEMBER, ROLE_PERMISSIONS, Role

from . import tree


@dataclass(frozen=True)
class Scope:
    everything: bool = False
    prefixes: tuple[str, ...] = ()
    unit_ids: frozenset[int] = field(default_factory=frozenset)
    person_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def is_empty(self) -> bool:
        return not (self.everything or self.prefixes or self.unit_ids or self.person_ids)

    def path_q(self, prefix: str = "path") -> Q:
        q = Q(pk__in=[]) if prefix == "path" else Q(**{f"{prefix}__in": []})
        for p in self.prefixes:
            low, high = tree.subtree_bounds(p)
            q |= Q(**{f"{prefix}__gte": low, f"{prefix}__lt": high})
        return q

    def covers_path(self, path: str | None) -> bool:
        if self.everything:
            return True
        return bool(path) and any(path.startswith(p) for p in self.prefixes)


def collapse(prefixes) -> tuple[str, ...]:
    """Drop every prefix that lies inside another one."""
    kept: list[str] = []
    for p in sorted(set(prefixes)):
        if not kept or not p.startswith(kept[-1]):
            kept.append(p)
    return tuple(kept)


def _role_prefixes(assignment) -> list[str]:
    from .models import Unit

    if assignment.role != Role.SUPERVISOR:
        return [assignment.unit.path]
    sector_ids = [s.pk for s in assignment.sectors.all()]
    area_ids = [a.pk for a in assignment.areas.all()]
    if not sector_ids and not area_ids:
        return []
    tagged = Unit.objects.filter(Q(sectors__in=sector_ids) | Q(areas__in=area_ids))
    tagged = tagged.filter(assignment.unit.subtree_q()).distinct()
    return list(tagged.values_list("path", flat=True))


def _compute(user, perm: str) -> Scope:
    from .models import Person, RoleAssignment, Unit

    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Scope()
    if user.is_superuser:
        return Scope(everything=True)
    assignments = getattr(user, "_ng_assignments", None)
    if assignments is None:
        assignments = list(
            RoleAssignment.objects.filter(user=user)
            .select_related("unit")
            .prefetch_related("sectors", "areas")
        )
        user._ng_assignments = assignments
    prefixes: list[str] = []
    for a in assignments:
        if perm in ROLE_PERMISSIONS[a.role]:
            prefixes.extend(_role_prefixes(a))
    prefixes = collapse(prefixes)
    unit_ids: set[int] = set()
    person_ids: set[int] = set()
    if perm in ROLE_PERMISSIONS[MEMBER]:
        person = (
            Person.objects.filter(user=user).only("pk", "workplace_id", "party_cell_id").first()
        )
        if person:
            person_ids.add(person.pk)
            unit_ids.update(i for i in (person.workplace_id, person.party_cell_id) if i)
    roots = getattr(user, "_ng_roots", None)
    if roots is None:
        roots = set(Unit.objects.filter(parent__isnull=True).values_list("path", flat=True))
        user._ng_roots = roots
    if roots and roots <= set(prefixes):
        return Scope(everything=True)
    return Scope(prefixes=prefixes, unit_ids=frozenset(unit_ids), person_ids=frozenset(person_ids))


def scope_for(user, perm: str) -> Scope:
    cache = getattr(user, "_ng_scopes", None)
    if cache is None:
        cache = {}
        if getattr(user, "is_authenticated", False):
            user._ng_scopes = cache
    if perm not in cache:
        cache[perm] = _compute(user, perm)
    return cache[perm]


def forget_scopes(user) -> None:
    """Call after the user's roles change within a request."""
    for attr in ("_ng_scopes", "_ng_assignments", "_ng_roots", "_ng_person"):
        if hasattr(user, attr):
            delattr(user, attr)


def has_perm_anywhere(user, perm: str) -> bool:
    return not scope_for(user, perm).is_empty
