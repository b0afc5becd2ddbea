"""The rating sheet of a unit: its reviews in order, each with the other places of the
same person, the limits the rules put on the proposed level, and the quota status of
each group on the sheet. Every figure is read with a fixed number of queries, however
many rows the sheet has.

Order (DOMAIN.md §5): the collectives first (the organisation, then its leadership),
then the heads, the deputies, and the others by name.
"""

from dataclasses import dataclass, field

from django.db.models import Case, Count, IntegerField, Q, Value, When

from . import access
from .checks import Decision, best_allowed, evaluate, quota_max
from .models import Review, ReviewStatus, RuleSet, Subject, Track, short
from .rules.base import HTT, HTXS

SUBJECT_ORDER = Case(
    When(subject=Subject.ORGANISATION, then=Value(0)),
    When(subject=Subject.LEADERSHIP, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


def sheet_reviews(unit, period):
    """The reviews held at `unit` in `period`, in the sheet's order."""
    return (
        Review.objects.filter(period=period, unit=unit)
        .select_related("period", "person", "person__management_unit", "unit", "rule_set")
        .annotate(subject_order=SUBJECT_ORDER)
        .order_by("subject_order", "-is_head", "-is_deputy", "person__name_folded", "track", "pk")
    )


def owner_name(review: Review) -> str:
    if review.person_id:
        return review.person.full_name
    return f"{review.get_subject_display()}: {review.unit.name}"


@dataclass
class SheetRow:
    review: Review
    owner: str
    self_level: int | None
    others: list = field(default_factory=list)  # the person's reviews in other places
    limits: list[str] = field(default_factory=list)  # why the proposed level is limited
    best: int | None = None  # the best level the rules allow (5: none yet)
    can_assess: bool = False
    can_decide: bool = False
    chosen: str = ""  # the value picked in the decide select ("1"–"4", "none")
    errors: list[str] = field(default_factory=list)
    done: str = ""  # a success line shown after an htmx decision

    @property
    def self_short(self) -> str:
        return short(self.self_level)

    @property
    def best_short(self) -> str:
        return short(self.best) if self.best and self.best <= 4 else ""

    @property
    def decidable(self) -> bool:
        return self.can_decide and self.review.status == ReviewStatus.PROPOSED

    @property
    def over_limit(self) -> bool:
        level = self.review.proposed_level
        return bool(level and self.best and level < self.best)


def _others(user, reviews: list[Review]) -> dict[int, list[Review]]:
    """person id -> their reviews of the period (the user sees), in one query."""
    people = {r.person_id for r in reviews if r.person_id}
    if not people:
        return {}
    found: dict[int, list[Review]] = {}
    rows = (
        Review.objects.visible_to(user)
        .filter(period_id=reviews[0].period_id, person_id__in=people)
        .select_related("unit")
        .only(
            "pk", "person", "unit__name", "track", "status", "proposed_level",
            "decided_level", "not_rated",
        )
        .order_by("track", "unit__path", "pk")
    )  # fmt: skip
    for r in rows:
        found.setdefault(r.person_id, []).append(r)
    return found


def _limits(reviews: list[Review]) -> dict[int, list]:
    """The checks that limit each proposed row, evaluated together as if every proposal
    on the page were decided as it stands (as deciding the sheet in bulk would)."""
    proposed = [
        Decision(r, r.proposed_level)
        for r in reviews
        if r.status == ReviewStatus.PROPOSED and r.proposed_level
    ]
    if not proposed:
        return {}
    return evaluate(proposed, explain=True)


def build_rows(user, reviews: list[Review], *, chosen=None, errors=None) -> list[SheetRow]:
    chosen, errors = chosen or {}, errors or {}
    others = _others(user, reviews)
    checks = _limits(reviews)
    rows = []
    for r in reviews:
        row_checks = checks.get(r.pk, [])
        failing = [c for c in row_checks if not c.ok]
        rows.append(
            SheetRow(
                review=r,
                owner=owner_name(r),
                self_level=r.self_level_party if r.track == Track.PARTY else r.self_level_staff,
                others=[o for o in others.get(r.person_id, []) if o.pk != r.pk],
                limits=[c.message for c in failing],
                best=best_allowed(row_checks) if r.pk in checks else None,
                can_assess=access.can_assess(user, r),
                can_decide=access.can_decide(user, r),
                chosen=str(chosen.get(r.pk, r.proposed_level or "")),
                errors=list(errors.get(r.pk, [])),
            )
        )
    return rows


@dataclass
class QuotaGroup:
    key: str
    label: str
    percent: int
    htt: int
    htxs: int
    waiting: int  # HTXS proposed, not decided yet

    @property
    def most(self) -> int:
        return quota_max(self.htt, self.percent)

    @property
    def remaining(self) -> int:
        return max(self.most - self.htxs, 0)

    @property
    def over(self) -> bool:
        return self.htxs > self.most


def quota_status(unit, period) -> list[QuotaGroup]:
    """Each quota group with a review on the sheet: its decided HTT and HTXS across the
    whole group (which may reach beyond the unit), the most HTXS allowed, what is left."""
    groups: dict[str, tuple[str, int]] = {}
    for key, label, rule_set_id in (
        Review.objects.filter(period=period, unit=unit)
        .order_by("quota_key", "rule_set_id")
        .values_list("quota_key", "quota_label", "rule_set_id")
        .distinct()
    ):
        groups.setdefault(key, (label, rule_set_id))
    if not groups:
        return []
    rule_sets = {rs.pk: rs for rs in RuleSet.objects.filter(pk__in={v[1] for v in groups.values()})}
    counts = {
        row["quota_key"]: row
        for row in Review.objects.filter(period=period, quota_key__in=list(groups))
        .order_by()
        .values("quota_key")
        .annotate(
            htt=Count("pk", filter=Q(decided_level=HTT)),
            htxs=Count("pk", filter=Q(decided_level=HTXS)),
            waiting=Count("pk", filter=Q(status=ReviewStatus.PROPOSED, proposed_level=HTXS)),
        )
    }
    out = []
    for key, (label, rule_set_id) in sorted(groups.items(), key=lambda kv: kv[1][0]):
        row = counts.get(key, {})
        percent = rule_sets[rule_set_id].rules().params["quota_percent"]
        out.append(
            QuotaGroup(
                key=key,
                label=label,
                percent=percent,
                htt=row.get("htt", 0),
                htxs=row.get("htxs", 0),
                waiting=row.get("waiting", 0),
            )
        )
    return out


def status_counts(period, unit_ids) -> dict[int, dict[str, int]]:
    """unit id -> {status: number of reviews, "total": …} for the units, in one query."""
    out: dict[int, dict[str, int]] = {}
    if not unit_ids or period is None:
        return out
    for unit_id, status, n in (
        Review.objects.filter(period=period, unit_id__in=list(unit_ids))
        .order_by()
        .values_list("unit_id", "status")
        .annotate(n=Count("pk"))
    ):
        counts = out.setdefault(unit_id, {"total": 0})
        counts[status] = n
        counts["total"] += n
    return out
