"""Composing the demo reviews of one period: who is reviewed where, how far each unit's
round has gone, and the levels proposed and decided.

Each unit gets a stage of its review round (opened, writing, meeting, proposing,
deciding, decided) and its reviews a status drawn from that stage, so a rating sheet
looks like a real one. The decided levels are built to respect every rule of checks.py:
- a unit's collective is decided before its people, heads before deputies, and a
  leader or leadership collective never above its organisation;
- in each quota group (services.quota_group) HTXS ≤ 20% of HTT: extra HTXS proposals
  are decided HTT, as a decider would;
- the staff HTXS share of a workplace never above its party members' share;
- discipline and findings force KHTNV; an open pending matter keeps a review undecided;
- people who worked under 6 months are reviewed but not rated.
services.decide_many checks these again wherever the demo decides through it.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q
from django.utils import timezone

from neuguong.commitments.models import CommitmentPlan, KeyTask, PlanStatus
from neuguong.organisations.models import Person, Post, Unit, UnitKind
from neuguong.regulations.models import Period

from .models import Review, ReviewStatus, RuleSet, Subject, Track
from .points import form_name
from .rules.base import HTNV, HTT, HTXS, KHTNV
from .services import quota_group

S = ReviewStatus
STAGES = [
    ("opened", 0.06),
    ("writing", 0.10),
    ("meeting", 0.12),
    ("proposing", 0.17),
    ("deciding", 0.20),
    ("decided", 0.35),
]
PERSONAL_MIX = {
    "opened": [(S.DRAFT, 1.0)],
    "writing": [(S.DRAFT, 0.55), (S.SUBMITTED, 0.45)],
    "meeting": [(S.DRAFT, 0.1), (S.SUBMITTED, 0.6), (S.COMMENTED, 0.3)],
    "proposing": [(S.SUBMITTED, 0.05), (S.COMMENTED, 0.45), (S.PROPOSED, 0.5)],
    "deciding": [(S.COMMENTED, 0.05), (S.PROPOSED, 0.55), (S.DECIDED, 0.4)],
    "decided": [(S.PROPOSED, 0.03), (S.DECIDED, 0.97)],
}
COLLECTIVE_STATUS = {
    "opened": S.DRAFT,
    "writing": S.DRAFT,
    "meeting": S.SUBMITTED,
    "proposing": S.PROPOSED,
    "deciding": S.DECIDED,
    "decided": S.DECIDED,
}
PERSONAL_MERIT = [(HTXS, 0.15), (HTT, 0.68), (HTNV, 0.14), (KHTNV, 0.03)]
COLLECTIVE_MERIT = [(HTXS, 0.18), (HTT, 0.70), (HTNV, 0.10), (KHTNV, 0.02)]
NOT_RATED = 1 / 300  # people who worked under 6 months in the period
LEADERSHIP_KINDS = (
    UnitKind.COMMUNE_COMMITTEE,
    UnitKind.AFFILIATED_COMMITTEE,
    UnitKind.GRASSROOTS,
)
AT_LEAST = {S.DRAFT: 0, S.SUBMITTED: 1, S.COMMENTED: 2, S.PROPOSED: 3, S.DECIDED: 4}


def pick(rng, mix):
    roll, acc = rng.random(), 0.0
    for value, share in mix:
        acc += share
        if roll < acc:
            return value
    return mix[-1][0]


@dataclass
class Someone:
    pk: int
    workplace: int | None
    cell: int | None
    party: bool
    category: str
    manager: int | None
    user: int | None


@dataclass
class Task:
    pk: int
    key: object
    order: int
    status: str
    percent: int


@dataclass
class Item:
    """One review being composed."""

    person: Someone | None
    unit: Unit
    subject: str
    track: str
    rule_set: RuleSet
    is_head: bool = False
    is_deputy: bool = False
    post_title: str = ""
    form: str = ""
    quota_key: str = ""
    quota_label: str = ""
    plan: int | None = None
    tasks: list[Task] = field(default_factory=list)
    status: str = S.DRAFT
    merit: int = HTT  # the level the data supports, self-assessed and proposed
    level: int | None = None  # the decided level (None with not_rated or undecided)
    not_rated: bool = False
    months: int | None = None
    fill: str = "full"  # "empty", "partial" or "full"
    disqualified: bool = False  # discipline or a finding in the period
    poor_point: bool = False
    via_service: bool = False  # written "proposed", then decided by services.decide_many
    pk: int = 0

    @property
    def is_leader(self) -> bool:
        return self.is_head or self.is_deputy

    @property
    def collective(self) -> bool:
        return self.person is None

    @property
    def decided(self) -> bool:
        return self.status == S.DECIDED

    def at_least(self, status: str) -> bool:
        return AT_LEAST[self.status] >= AT_LEAST[status]


class World:
    """The units, people, posts and approved plans a period's reviews are built from."""

    def __init__(self, period: Period, *, people=None):
        self.period = period
        today = timezone.localdate()
        self.units = {u.pk: u for u in Unit.objects.filter(is_active=True).select_related("parent")}
        self.posts = self._posts(today)
        self.people = self._people(people)
        self.plans, self.unit_plans, self.tasks = self._plans()
        self.codes_not_met = self._codes_not_met()
        self._rule_sets: dict = {}
        self._groups: dict = {}

    @staticmethod
    def path_of(unit_id: int) -> str:
        return Unit.objects.values_list("path", flat=True).get(pk=unit_id)

    def head_names(self) -> dict[int, str]:
        """unit id -> the name of its head (who chairs its meeting)."""
        heads = {(u, p) for (p, u), (head, _d, _t) in self.posts.items() if head}
        names = dict(
            Person.objects.filter(pk__in={p for _u, p in heads}).values_list("pk", "full_name")
        )
        return {u: names[p] for u, p in sorted(heads) if p in names}

    def _posts(self, today: date) -> dict:
        """(person, unit) -> the post services._post_in picks (heads, then deputies)."""
        out = {}
        posts = (
            Post.objects.filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
            .order_by("-is_head", "-is_deputy", "title", "pk")
            .values_list("person_id", "unit_id", "is_head", "is_deputy", "title")
        )
        for person, unit, head, deputy, title in posts:
            out.setdefault((person, unit), (head, deputy, title))
        return out

    def _people(self, only) -> list[Someone]:
        rows = Person.objects.filter(is_active=True)
        if only is not None and len(only) < 1000:
            rows = rows.filter(pk__in=only)
        rows = rows.order_by("pk").values_list(
            "pk",
            "workplace_id",
            "party_cell_id",
            "party_status",
            "category",
            "management_unit_id",
            "user_id",
        )
        return [
            Someone(pk, w, c, bool(s), cat, m, u)
            for pk, w, c, s, cat, m, u in rows.iterator(chunk_size=20_000)
            if only is None or pk in only
        ]

    def _codes_not_met(self) -> set[int]:
        """Units whose decided ethics-code evaluation of the period is "not met": their
        collective is rated no better than the rule set's `code_not_met_best`."""
        from neuguong.standards.models import CodeEvaluation, EvaluationStatus

        decided = CodeEvaluation.objects.filter(
            period=self.period, status=EvaluationStatus.DECIDED, overall="not_met"
        )
        return set(decided.values_list("unit_id", flat=True))

    def _plans(self):
        approved = CommitmentPlan.objects.filter(period=self.period, status=PlanStatus.APPROVED)
        plans, unit_plans = {}, {}
        for pk, person, unit in approved.order_by("pk").values_list("pk", "person_id", "unit_id"):
            if person is None:
                unit_plans.setdefault(unit, pk)
            else:
                plans.setdefault(person, pk)
        tasks = defaultdict(list)
        rows = KeyTask.objects.filter(plan__in=approved).order_by("plan_id", "order", "pk")
        for plan, pk, key, order, status, percent in rows.values_list(
            "plan_id", "pk", "key", "order", "progress_status", "progress_percent"
        ):
            tasks[plan].append(Task(pk, key, order, status, percent or 0))
        return plans, unit_plans, tasks

    def rule_set(self, track: str, category: str) -> RuleSet:
        key = (track, category)
        if key not in self._rule_sets:
            found = RuleSet.objects.for_review(period=self.period, track=track, category=category)
            self._rule_sets[key] = found
        return self._rule_sets[key]

    def item(self, person: Someone | None, unit: Unit, track: str, subject: str) -> Item | None:
        rule_set = self.rule_set(track, person.category if person else "")
        if rule_set is None:
            return None
        head, deputy, title = (
            self.posts.get((person.pk, unit.pk), (False, False, "")) if person else (0, 0, "")
        )
        item = Item(person, unit, subject, track, rule_set, bool(head), bool(deputy), title)
        item.form = form_name(
            track=track,
            leader=item.is_leader,
            collective=person is None,
            new_forms=rule_set.applies_from.year >= 2025,
        )
        item.quota_key, item.quota_label = self.group(item)
        item.plan = self.plans.get(person.pk) if person else self.unit_plans.get(unit.pk)
        item.tasks = self.tasks.get(item.plan, []) if item.plan else []
        return item

    def group(self, item: Item) -> tuple[str, str]:
        """services.quota_group, computed once per kind of review and unit."""
        key = (item.rule_set.pk, item.track, item.unit.pk, item.subject, item.is_leader)
        if key not in self._groups:
            review = Review(
                period=self.period,
                person_id=item.person.pk if item.person else None,
                unit=item.unit,
                subject=item.subject,
                track=item.track,
                rule_set=item.rule_set,
                is_head=item.is_head,
                is_deputy=item.is_deputy,
            )
            self._groups[key] = quota_group(review)
        return self._groups[key]

    def places(self, person: Someone) -> list[tuple[Unit, str]]:
        """The party cell and the workplace (as services.review_places, without the units
        of other posts)."""
        out = []
        if person.party and person.cell in self.units:
            out.append((self.units[person.cell], Track.PARTY))
        if person.workplace in self.units:
            out.append((self.units[person.workplace], Track.STATE))
        return out

    def collectives(self) -> list[tuple[Unit, str, str]]:
        out = []
        for unit in sorted(self.units.values(), key=lambda u: u.path):
            track = Track.PARTY if unit.is_party_organisation else Track.STATE
            out.append((unit, track, Subject.ORGANISATION))
            if unit.kind in LEADERSHIP_KINDS:
                out.append((unit, track, Subject.LEADERSHIP))
        return out


def compose(world: World, rng, *, forced_stages: dict | None = None) -> tuple[list, dict]:
    """Every review of the period with its status and merit; returns (items, stages)."""
    forced_stages = forced_stages or {}
    stages = {
        pk: forced_stages.get(pk) or pick(rng, STAGES)
        for pk in sorted(world.units, key=lambda pk: world.units[pk].path)
    }
    items = []
    for unit, track, subject in world.collectives():
        item = world.item(None, unit, track, subject)
        if item is None:
            continue
        item.status = COLLECTIVE_STATUS[stages[unit.pk]]
        item.merit = pick(rng, COLLECTIVE_MERIT)
        items.append(item)
    for person in world.people:
        for unit, track in world.places(person):
            item = world.item(person, unit, track, Subject.PERSON)
            if item is None:
                continue
            stage = stages[unit.pk]
            item.status = pick(rng, PERSONAL_MIX[stage])
            if item.is_head and stage in ("deciding", "decided"):
                item.status = S.DECIDED  # heads first
            item.merit = pick(rng, PERSONAL_MERIT)
            item.poor_point = item.merit == KHTNV
            if rng.random() < NOT_RATED and not item.is_leader:
                item.months, item.not_rated = 4, True
            if item.status == S.DRAFT:
                item.fill = "empty" if stage == "opened" or rng.random() < 0.5 else "partial"
            items.append(item)
    return items, stages


# Levels ----------------------------------------------------------------------------------


def params_of(item: Item) -> dict:
    cache = params_of.cache
    if item.rule_set.pk not in cache:
        cache[item.rule_set.pk] = item.rule_set.rules().params
    return cache[item.rule_set.pk]


params_of.cache = {}


def percent_of(item: Item) -> int:
    return params_of(item)["quota_percent"]


def keep_quota(items: list[Item]) -> None:
    """In each group, decide HTT instead of the HTXS proposals beyond the quota."""
    groups = defaultdict(list)
    for item in items:
        if item.decided and item.level:
            groups[item.quota_key].append(item)
    for group in groups.values():
        best = [i for i in group if i.level == HTXS]
        htt = sum(1 for i in group if i.level == HTT)
        percent = percent_of(group[0])
        keep = len(best)
        while keep and keep > (htt + len(best) - keep) * percent // 100:
            keep -= 1
        for item in best[keep:]:
            item.level = HTT


def keep_share(items: list[Item]) -> None:
    """NĐ 48: a workplace's staff HTXS share not above its party members' share."""
    party = defaultdict(lambda: [0, 0])
    for item in items:
        if item.person and item.track == Track.PARTY and item.decided and item.level:
            counts = party[item.person.workplace]
            counts[0] += item.level == HTXS
            counts[1] += 1
    staff = defaultdict(list)
    for item in items:
        if item.person and item.track == Track.STATE and item.decided and item.level:
            staff[item.unit.pk].append(item)
    for unit, group in staff.items():
        best, total = party.get(unit, (0, 0))
        if not total:
            continue
        allowed = best * len(group) // total
        limited = [i for i in group if params_of(i)["staff_party_share"]]
        for item in [i for i in limited if i.level == HTXS][allowed:]:
            item.level = HTT


def settle_levels(
    items: list[Item], *, disciplined_units: set[int], codes_not_met: set[int] = frozenset()
) -> None:
    """The decided level of every decided item, within every rule (see the module's
    docstring). Merits are final when this runs."""
    params_of.cache.clear()  # rule sets are data: read them afresh
    children = defaultdict(int)
    bad_children = defaultdict(int)
    units = {i.unit.pk: i.unit for i in items}
    for unit in units.values():
        if unit.parent_id:
            children[unit.parent_id] += 1
            bad_children[unit.parent_id] += unit.pk in disciplined_units
    for item in items:
        if item.collective and bad_children[item.unit.pk] * 100 > 20 * children[item.unit.pk]:
            item.merit = KHTNV
        if item.disqualified:
            item.merit = KHTNV
        if item.collective and item.unit.pk in codes_not_met:
            cap = params_of(item).get("code_not_met_best", HTNV)
            item.merit = max(item.merit, cap)
        item.level = None
        if item.decided and not item.not_rated:
            item.level = item.merit
    keep_order(items)
    organisation = {
        i.unit.pk: i for i in items if i.collective and i.subject == Subject.ORGANISATION
    }
    for item in items:  # a leader, or a leadership, not above the organisation
        if item.level and (item.is_leader or item.subject == Subject.LEADERSHIP):
            item.level = max(item.level, organisation[item.unit.pk].level)
    keep_quota(items)
    keep_share(items)


def keep_order(items: list[Item]) -> None:
    """Leave undecided (proposed) what would be decided out of order: people before their
    unit's collective, a leader or leadership before it, a deputy before the head."""
    organisation = {
        i.unit.pk: i for i in items if i.collective and i.subject == Subject.ORGANISATION
    }
    heads = defaultdict(list)
    for item in items:
        if item.person and item.is_head:
            heads[(item.unit.pk, item.track)].append(item)

    def undecide(item):
        item.status, item.level = S.PROPOSED, None

    for item in items:
        if not item.decided or not (item.person or item.subject == Subject.LEADERSHIP):
            continue
        org = organisation.get(item.unit.pk)
        leader_like = item.is_leader or item.subject == Subject.LEADERSHIP
        if (org is not None and not org.decided) or (org is None and leader_like):
            undecide(item)
    for item in items:
        waiting = item.person and any(not h.decided for h in heads[(item.unit.pk, item.track)])
        if item.decided and item.is_deputy and waiting:
            undecide(item)
