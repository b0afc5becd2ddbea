"""What the year-end reviews ask of each user next, for the inbox (core.inbox) and so
for the daily digest (core.reminders), in the current period:

- Everyone with a person record: write the review in each place where they are
  reviewed (services.review_places) until it is submitted, once the period sets its
  deadline (`reviews_done_by`; a period without one asks nobody); fix a review that
  was returned to them (whatever the deadline).
- Assessors, for the units where they hold `reviews.assess` themselves (not the whole
  subtree, which has its own secretaries and heads): the reviews submitted and waiting
  for the meeting's comments, and those commented and waiting for a proposed level,
  one line per unit with a count, their own review left out.
- Deciders: the proposed reviews whose competent level their `reviews.decide` scope
  covers (access.deciding_path), one line per unit with a count, at most
  MOST_UNIT_LINES lines and the rest in one line; their own review left out.
  Superusers are not assigned decisions, as with plans.

Everything but the places comes from one grouped query of reviews, so the source
answers with a bounded number of queries, whatever the size of the user's scope.
"""

from django.db.models import BooleanField, Case, Count, Min, Q, Value, When
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from neuguong.commitments.inbox import when
from neuguong.core.access import ASSESS_REVIEW, DECIDE_REVIEW, roles_granting
from neuguong.core.inbox import InboxItem, source
from neuguong.organisations.access import active_person
from neuguong.organisations.models import Person
from neuguong.organisations.scopes import Scope, scope_for
from neuguong.regulations.models import Period

from .models import Review, ReviewStatus
from .services import review_places

MOST_UNIT_LINES = 10
WAITING = (ReviewStatus.SUBMITTED, ReviewStatus.COMMENTED)


def _url(name: str, *args, query: str = "") -> str:
    """The page's URL; "my reviews" while the unit pages are not installed."""
    try:
        return reverse(name, args=args) + query
    except NoReverseMatch:
        return reverse("reviews:mine")


def _assessed_units(user) -> dict[int, str]:
    """Active units where the user holds a role that assesses reviews (the roles read
    once per request by the scopes)."""
    scope_for(user, ASSESS_REVIEW)  # loads the user's roles, once per request
    roles = roles_granting(ASSESS_REVIEW)
    return {
        a.unit.pk: a.unit.name
        for a in getattr(user, "_ng_assignments", None) or []
        if a.role in roles and a.unit.is_active
    }


def decidable_q(scope: Scope) -> Q:
    """The reviews whose deciding path (access.deciding_path) lies in `scope`."""
    if scope.everything:
        return Q()
    managed = Q(person__management_unit__isnull=False) & scope.path_q(
        "person__management_unit__path"
    )
    above = scope.path_q("unit__parent__path") | (
        Q(unit__parent__isnull=True) & scope.path_q("unit__path")
    )
    by_place = (Q(person__isnull=True) | Q(person__management_unit__isnull=True)) & above
    return managed | by_place


def _rows(period, person, units, decide: Scope) -> list[dict]:
    """One grouped query: the person's own reviews, and the counts to assess and to
    decide per unit and status."""
    me = person.pk if person else 0
    q = Q(person_id=me) if person else Q(pk__in=[])
    if units:
        q |= Q(unit_id__in=list(units), status__in=WAITING)
    if not decide.is_empty:
        q |= decidable_q(decide) & Q(status=ReviewStatus.PROPOSED)
    return list(
        Review.objects.filter(q, period=period)
        .annotate(
            mine=Case(
                When(person_id=me, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
            returned=Case(
                When(~Q(reopen_reason=""), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
        )
        .values("unit_id", "unit__name", "unit__path", "track", "status", "mine", "returned")
        .annotate(n=Count("pk"), first=Min("pk"))
        .order_by("unit__path", "status")
    )


def _own_items(person, period, own: list[dict]) -> list[InboxItem]:
    due = period.reviews_done_by
    items = [
        InboxItem(
            kind="review.fix",
            title=_("Sửa bản kiểm điểm bị trả lại và nộp lại") + when(due),
            url=reverse("reviews:edit", args=[row["first"]]),
            unit=row["unit__name"],
            due=due,
        )
        for row in own
        if row["status"] == ReviewStatus.DRAFT and row["returned"]
    ]
    if due is None or not period.is_open:
        return items
    started = {(row["unit_id"], row["track"]): row for row in own}
    person = Person.objects.select_related("workplace", "party_cell").get(pk=person.pk)
    for unit, track in review_places(person):
        row = started.get((unit.pk, track))
        if row is not None and (row["status"] != ReviewStatus.DRAFT or row["returned"]):
            continue
        url = reverse("reviews:edit", args=[row["first"]]) if row else reverse("reviews:mine")
        items.append(
            InboxItem(
                kind="review.write",
                title=_("Viết và nộp bản kiểm điểm %(period)s") % {"period": period.name}
                + when(due),
                url=url,
                unit=unit.name,
                due=due,
            )
        )
    return items


def _unit_counts(rows: list[dict], statuses) -> dict[int, tuple[str, int]]:
    counts: dict[int, tuple[str, int]] = {}
    for row in rows:
        if row["status"] in statuses:
            name, n = counts.get(row["unit_id"], (row["unit__name"], 0))
            counts[row["unit_id"]] = (name, n + row["n"])
    return counts


def _assess_items(rows, period) -> list[InboxItem]:
    due = period.reviews_done_by
    query = f"?period={period.pk}"
    items = []

    def waiting_comments(n):
        return ngettext("%(n)s bản kiểm điểm chờ họp góp ý", "%(n)s bản kiểm điểm chờ họp góp ý", n)

    def waiting_proposal(n):
        return ngettext(
            "%(n)s bản kiểm điểm chờ đề xuất mức xếp loại",
            "%(n)s bản kiểm điểm chờ đề xuất mức xếp loại",
            n,
        )

    for status, kind, text in (
        (ReviewStatus.SUBMITTED, "review.comment", waiting_comments),
        (ReviewStatus.COMMENTED, "review.propose", waiting_proposal),
    ):
        for unit_id, (name, n) in _unit_counts(rows, (status,)).items():
            title = text(n) % {"n": n}
            items.append(
                InboxItem(
                    kind=kind,
                    title=title + when(due),
                    url=_url("reviews:sheet", unit_id, query=query),
                    unit=name,
                    due=due,
                    count=n,
                )
            )
    return items


def _decide_items(rows, period) -> list[InboxItem]:
    due = period.reviews_done_by
    query = f"?period={period.pk}"
    counts = list(_unit_counts(rows, (ReviewStatus.PROPOSED,)).items())
    items = []
    for unit_id, (name, n) in counts[:MOST_UNIT_LINES]:
        title = ngettext(
            "%(n)s bản kiểm điểm chờ quyết định xếp loại",
            "%(n)s bản kiểm điểm chờ quyết định xếp loại",
            n,
        ) % {"n": n}
        items.append(
            InboxItem(
                kind="review.decide",
                title=title + when(due),
                url=_url("reviews:sheet", unit_id, query=query),
                unit=name,
                due=due,
                count=n,
            )
        )
    rest = counts[MOST_UNIT_LINES:]
    if rest:
        n = sum(c for _name, c in (v for _pk, v in rest))
        title = _("%(n)s bản kiểm điểm khác chờ quyết định xếp loại ở %(units)s đơn vị") % {
            "n": n,
            "units": len(rest),
        }
        items.append(
            InboxItem(
                kind="review.decide",
                title=title + when(due),
                url=_url("reviews:units", query=query),
                due=due,
                count=n,
            )
        )
    return items


@source
def reviews_to_do(user) -> list[InboxItem]:
    person = active_person(user)
    units = _assessed_units(user)
    decide = Scope() if user.is_superuser else scope_for(user, DECIDE_REVIEW)
    if person is None and not units and decide.is_empty:
        return []
    period = Period.objects.current()
    if period is None:
        return []
    rows = _rows(period, person, units, decide)
    own = [row for row in rows if row["mine"]]
    others = [row for row in rows if not row["mine"]]
    items = _own_items(person, period, own) if person else []
    items += _assess_items([r for r in others if r["status"] in WAITING], period)
    items += _decide_items(others, period)
    return items
