"""The rows behind each figure of the dashboard.

A list is cut from the very definitions the tallies count (sources.py): the rows of
the counter's family (`sources.ROWS` and the family's Q, or the code flags, or the
quota groups) attached to a unit of the subtree that matches the unit filters, and for
a person counter, in the chosen person category. So `count()` equals the figure
`tally.figures()` shows for the same unit, period and filters (tests/test_lists.py).

Paging runs in SQL on the ids; only the rows of the page are then fetched with what
they show (`shown()`), so a list of the whole province costs one bounded count and
two short queries.
"""

from django.db.models import Subquery
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from neuguong.commitments.access import plans_visible_q
from neuguong.commitments.models import CommitmentPlan
from neuguong.commitments.plan_status import speaking_collective_plan, with_plan_status
from neuguong.core.access import (
    MANAGE_DISCIPLINE,
    VIEW_PEOPLE,
    VIEW_PLANS,
    VIEW_REVIEWS,
    VIEW_UNITS,
)
from neuguong.organisations.models import Person, Unit
from neuguong.organisations.scopes import scope_for
from neuguong.regulations.models import Period
from neuguong.reviews.forms_records import covers_subject
from neuguong.reviews.models import Discipline, Review

from . import sources
from .models import COUNTERS, PERSON_COUNTERS

QUOTA_BATCH = 500  # owners per quota query, as the tallies recount them

# What a list shows: units, people, reviews (of people or collectives), discipline
# records or quota groups.
SHOWN_AS = {
    "units": "units",
    "people": "people",
    "reviews": "reviews",
    "creviews": "reviews",
    "discipline": "discipline",
    "quota": "quota",
}
ORDER = {
    "units": ("path", "pk"),
    "people": ("name_folded", "pk"),
    "reviews": ("person__name_folded", "person_id", "track", "pk"),
    "creviews": ("unit__path", "subject", "track", "pk"),
    "discipline": ("-decided_on", "-pk"),
}
NOUNS = {
    "units": _("đơn vị"),
    "people": _("người"),
    "reviews": _("bản kiểm điểm"),
    "discipline": _("quyết định kỷ luật"),
    "quota": _("nhóm"),
}


def family_of(counter: str) -> str:
    """The family a counter is counted over (KeyError for an unknown counter)."""
    return sources.FAMILY_OF[counter].name


def title(counter: str) -> str:
    """The list's title: the counter's label, saying whose reviews a level counts."""
    family = family_of(counter)
    label = str(sources.LABELS[counter])
    if family == "reviews":
        return gettext("Kiểm điểm cá nhân – %(label)s") % {"label": label}
    if family == "creviews":
        return gettext("Kiểm điểm tập thể – %(label)s") % {"label": label}
    return label


def shown_as(counter: str) -> str:
    return SHOWN_AS[family_of(counter)]


def subtree_units(root: Unit, *, sector=None, area=None, kind=None):
    """The units of `root`'s subtree matching the unit filters, retired ones included:
    the tallies keep what is attached to a retired unit (its people, its reviews)."""
    units = Unit.objects.filter(root.subtree_q())
    if sector is not None:
        units = units.filter(sectors=sector)
    if area is not None:
        units = units.filter(areas=area)
    if kind:
        units = units.filter(kind=kind)
    return units


def rows(
    counter: str, root: Unit, period: Period, *, category=None, sector=None, area=None, kind=None
):
    """The rows behind `counter`: a queryset in list order, or a list of quota groups.
    An unknown counter raises KeyError."""
    if counter not in COUNTERS:
        raise KeyError(counter)
    family = sources.FAMILY_OF[counter]
    units = subtree_units(root, sector=sector, area=area, kind=kind)
    if family.name == "quota":
        groups = quota_groups(period, units)
        return groups if counter == "quota_groups" else [g for g in groups if g.ok]
    if counter in sources.CODE_FLAGS:
        flag = sources.CODE_FLAGS[counter]
        flags = sources.code_flags(period, units.values("pk"))
        ids = sorted(pk for pk, f in flags.items() if f[flag])
        return sources.unit_rows(period).filter(pk__in=ids).order_by(*ORDER["units"])
    found = sources.ROWS[family.name](period).filter(
        family.counters[counter], t_unit__in=units.values("pk")
    )
    if category and counter in PERSON_COUNTERS:
        found = found.filter(t_bucket=category)
    return found.order_by(*ORDER[family.name])


def count(counter: str, root: Unit, period: Period, **filters) -> int:
    found = rows(counter, root, period, **filters)
    return len(found) if isinstance(found, list) else found.count()


def quota_groups(period: Period, units) -> list[sources.QuotaRow]:
    """The quota groups owned by `units`, asked in batches of owners as the tallies ask
    them, so that each group is read the same way."""
    ids = list(units.order_by("pk").values_list("pk", flat=True))
    out: list[sources.QuotaRow] = []
    for i in range(0, len(ids), QUOTA_BATCH):
        out.extend(sources.quota_groups(period, ids[i : i + QUOTA_BATCH]))
    return sorted(out, key=lambda r: (r.label, r.key))


# The page's rows, with what they show ------------------------------------------------


def shown(counter: str, period: Period, page_rows) -> list:
    """The rows of one page (ids from a queryset of `rows()`, or quota groups), fetched
    with what the list shows, in the page's order."""
    family = family_of(counter)
    if family == "quota":
        return _quota_shown(list(page_rows))
    ids = [getattr(r, "pk", r) for r in page_rows]
    fetch = {
        "units": _units_shown,
        "people": _people_shown,
        "reviews": _reviews_shown,
        "creviews": _reviews_shown,
        "discipline": _discipline_shown,
    }[family]
    by_pk = {obj.pk: obj for obj in fetch(period, ids)}
    return [by_pk[pk] for pk in ids if pk in by_pk]


def _units_shown(period: Period, ids):
    plan = speaking_collective_plan(period)
    return (
        Unit.objects.filter(pk__in=ids)
        .select_related("parent")
        .only("pk", "code", "name", "kind", "path", "is_active", "parent__name")
        .annotate(
            cplan_id=Subquery(plan.values("pk")[:1]),
            cplan_status=Subquery(plan.values("status")[:1]),
            cplan_late=Subquery(plan.values("is_late")[:1]),
        )
    )


def _people_shown(period: Period, ids):
    people = Person.objects.filter(pk__in=ids).select_related("workplace", "party_cell")
    return with_plan_status(people, period)


def _reviews_shown(period: Period, ids):
    return Review.objects.filter(pk__in=ids).select_related(
        "person", "person__workplace", "person__party_cell", "unit", "unit__parent"
    )


def _discipline_shown(period: Period, ids):
    return Discipline.objects.filter(pk__in=ids).select_related(
        "unit", "person", "person__workplace", "person__party_cell", "person__management_unit"
    )


def _quota_shown(groups: list) -> list:
    owners = {
        u.pk: u
        for u in Unit.objects.filter(pk__in={g.owner_id for g in groups}).only(
            "pk", "name", "path", "kind"
        )
    }
    for g in groups:
        g.owner = owners.get(g.owner_id)
    return groups


# Links to the pages behind each row, only where the viewer may open them ----------------


def _covers(scope, unit) -> bool:
    return unit is not None and (scope.covers_path(unit.path) or unit.pk in scope.unit_ids)


def _person_link(user, person):
    scope = scope_for(user, VIEW_PEOPLE)
    # People are seen through the subtrees of the scope (a member's own units do not
    # show the people in them).
    places = (p for p in (person.party_cell, person.workplace) if p is not None)
    if person.pk in scope.person_ids or any(scope.covers_path(p.path) for p in places):
        return reverse("organisations:person", args=[person.pk])
    return None


def _unit_link(user, unit, name="organisations:unit"):
    return reverse(name, args=[unit.pk]) if _covers(scope_for(user, VIEW_UNITS), unit) else None


def attach_links(user, counter: str, items: list, period: Period) -> None:
    """Set `href` (the row's own page) and the other links each row shows; None where
    the viewer would not be let in. At most one query (the plans or reviews the viewer
    reads among the page's)."""
    kind = shown_as(counter)
    if kind == "units":
        plans = scope_for(user, VIEW_PLANS)
        code_page = counter in sources.CODE_FLAGS
        for u in items:
            u.href = _unit_link(
                user, u, "standards:unit_codes" if code_page else "organisations:unit"
            )
            u.plan_href = (
                reverse("commitments:plan", args=[u.cplan_id])
                if u.cplan_id and _covers(plans, u)
                else None
            )
    elif kind == "people":
        readable = set(
            CommitmentPlan.objects.filter(
                plans_visible_q(user), pk__in=[p.plan_id for p in items if p.plan_id]
            ).values_list("pk", flat=True)
        )
        for p in items:
            p.href = _person_link(user, p)
            p.plan_href = (
                reverse("commitments:plan", args=[p.plan_id]) if p.plan_id in readable else None
            )
    elif kind == "reviews":
        readable = set(
            Review.objects.visible_to(user)
            .filter(pk__in=[r.pk for r in items])
            .values_list("pk", flat=True)
        )
        for r in items:
            r.href = reverse("reviews:detail", args=[r.pk]) if r.pk in readable else None
            r.person_href = _person_link(user, r.person) if r.person_id else None
            r.unit_href = _unit_link(user, r.unit)
    elif kind == "discipline":
        manage = scope_for(user, MANAGE_DISCIPLINE)
        for d in items:
            d.href = (
                reverse("reviews:discipline_edit", args=[d.pk])
                if covers_subject(manage, d)
                else None
            )
            d.person_href = _person_link(user, d.person) if d.person_id else None
            d.unit_href = _unit_link(user, d.unit) if d.unit_id else None
    else:
        reviews = scope_for(user, VIEW_REVIEWS)
        for g in items:
            g.href = (
                f"{reverse('reviews:sheet', kwargs={'unit_pk': g.owner.pk})}?period={period.pk}"
                if _covers(reviews, g.owner)
                else None
            )
