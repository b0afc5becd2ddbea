"""Demo year-end reviews: a realistic state of the 2026 review round in a seeded province,
and the demo logins' reviews of 2024 and 2025 so that a person's file shows three years.

`seed_reviews()` reviews people at their party cell (QĐ 366) and at their workplace
(NĐ 335 for công chức, NĐ 90 otherwise), every unit collectively, each unit's round at
some stage (demo_compose), with the content each status calls for (demo_write). The
demo logins are left where a walkthrough starts:
- `dangvien` has a draft review to write at the cell, listing their approved plan's
  tasks, and decided reviews of 2024 and 2025;
- `bithu`'s cell met: two reviews wait for comments, one proposed HTXS is refused by the
  quota, several proposed levels can be decided; its collective and its secretary are
  decided;
- `thutruong` (who decides for the cell: the commune committee manages its members)
  has those reviews waiting, and one blocked by a pending matter;
- `kiemtra` keeps discipline records and findings (two self-detected and fixed);
  `bantochuc` has two open pending matters (each blocking a proposed review) and a
  settled one.

The decisions in the demo logins' commune (and the earlier years') go through
services.decide_many, every rule checked and the audit written, by the login that may
decide them; the others are written directly, within the same rules by construction
(the small demo's tests check every decided review against every rule). At the province
scale the reviews are those of the people with a plan and everyone of the commune.
"""

from collections import defaultdict
from datetime import date, timedelta

from django.utils import timezone

from neuguong.commitments.models import CommitmentPlan
from neuguong.core.access import DECIDE_REVIEW
from neuguong.organisations import tree
from neuguong.organisations.models import Person
from neuguong.organisations.scopes import scope_for
from neuguong.regulations.models import Period, PeriodKind

from . import demo_bank as bank
from . import services
from .checks import Decision
from .demo_compose import AT_LEAST, Item, World, compose, settle_levels
from .demo_write import Writer
from .models import DisciplineKind, FindingKind, Review, ReviewStatus, Subject, Track
from .rules.base import HTNV, HTT, HTXS

S = ReviewStatus
THEME_2024 = (
    "Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh về ý chí tự lực, tự cường, "
    "phát huy sức mạnh đoàn kết toàn dân tộc"
)
DECIDERS = ("thutruong", "bantochuc", "quantri")  # tried in this order


def seed_reviews(
    periods: dict[int, Period], *, rng, users: dict, cell: int, commune: int, everyone: bool
) -> dict:
    """Reviews of 2026 for everyone (`everyone`) or the people with a plan and the
    commune's; the logins' reviews of 2024 and 2025. `users` by demo username."""
    period = periods[2026]
    commune_path = World.path_of(commune)
    covered = None if everyone else planned_or_under(period, commune_path)
    world = World(period, people=covered)
    school = world.units[cell].parent_id
    waiting = pending_unit(world, commune_path, school)
    forced = {cell: "deciding", school: "deciding"} | ({waiting: "deciding"} if waiting else {})
    items, _ = compose(world, rng, forced_stages=forced)
    persons = dict(Person.objects.filter(user__in=users.values()).values_list("user_id", "pk"))
    people = {name: persons.get(u.pk) for name, u in users.items()}
    walkthrough(items, cell=cell, member=people["dangvien"])
    records = choose_records(items, rng, commune_path, cell, waiting, set(persons.values()))
    settle_levels(
        items,
        disciplined_units={records["unit"]} - {None},
        codes_not_met=world.codes_not_met,
    )
    for item in items:
        item.via_service = item.unit.path.startswith(commune_path)
    counts = write(period, items, world, rng, users, commune_path)
    counts["records"] = write_records(records, period, periods[2025], users, rng)
    counts["decided"] = decide(items, period, users, world)
    for past in (period_2024(periods[2025]), periods[2025]):
        counts["decided"] += seed_past(past, people, users, rng, commune_path)
    return counts


# Who and where ---------------------------------------------------------------------------


def planned_or_under(period: Period, path: str) -> set[int]:
    planned = set(
        CommitmentPlan.objects.filter(period=period, person__isnull=False).values_list(
            "person_id", flat=True
        )
    )
    low, high = tree.subtree_bounds(path)
    under = Person.objects.filter(is_active=True).filter(
        workplace__path__gte=low, workplace__path__lt=high
    ) | Person.objects.filter(is_active=True, party_cell__path__gte=low, party_cell__path__lt=high)
    return planned | set(under.values_list("pk", flat=True))


def pending_unit(world: World, commune_path: str, school: int) -> int | None:
    """A workplace in the commune (not the school) where a pending matter blocks a review."""
    staff = defaultdict(int)
    for person in world.people:
        staff[person.workplace] += (person.pk, person.workplace) not in world.posts
    for unit in sorted(world.units.values(), key=lambda u: u.path):
        inside = unit.path.startswith(commune_path) and unit.path != commune_path
        if inside and unit.pk != school and not unit.is_party_organisation and staff[unit.pk] > 2:
            return unit.pk
    return None


def walkthrough(items: list[Item], *, cell: int, member: int | None) -> None:
    """The cell's and the member's reviews as the module's docstring describes."""
    here = [i for i in items if i.unit.pk == cell]
    for item in here:
        item.not_rated, item.months, item.poor_point, item.fill = False, None, False, "full"
        if item.collective or item.is_head:
            item.status, item.merit = (S.DECIDED, HTT)
        elif item.is_deputy:
            item.status, item.merit = (S.PROPOSED, HTT)
    others = [i for i in here if i.person and not i.is_leader and i.person.pk != member]
    plan = [(S.SUBMITTED, HTT)] * 2 + [(S.PROPOSED, HTXS)] + [(S.PROPOSED, HTT)] * 2
    for item, (status, merit) in zip(others, plan, strict=False):
        item.status, item.merit = status, merit
    rest = others[len(plan) :]
    # Decided: HTXS exactly at the quota, and the HTT count such that deciding the two
    # proposed HTT does not make room for the proposed HTXS.
    htt = next(t for t in range(len(rest), -1, -1) if t % 5 <= 2 and t + t // 5 <= len(rest))
    levels = [HTXS] * (htt // 5) + [HTT] * htt
    for item, merit in zip(rest, levels + [HTNV] * len(rest), strict=False):
        item.status, item.merit = S.DECIDED, merit
    for item in items:
        if item.person and item.person.pk == member:
            item.not_rated, item.months, item.poor_point = False, None, False
            if item.unit.pk == cell:
                item.status, item.fill = S.DRAFT, "empty"
            else:
                item.status, item.fill, item.merit = S.SUBMITTED, "full", HTT


# Discipline, findings, pending matters ---------------------------------------------------


def choose_records(items, rng, commune_path: str, cell: int, waiting, logins: set) -> dict:
    """People for the records (none holds a post, none is a login or in the cell), and
    their reviews' states: disciplined or concluded people rated KHTNV, people with an
    open pending matter left undecided."""
    posts = {i.person.pk for i in items if i.person and i.is_leader}
    mine = defaultdict(list)
    for item in items:
        if item.person:
            mine[item.person.pk].append(item)
    fit = []  # (person, all places inside the commune, furthest status, units)
    for pk in sorted(mine):
        its = mine[pk]
        if pk in posts or pk in logins or any(i.unit.pk == cell for i in its):
            continue
        inside = {i.unit.path.startswith(commune_path) for i in its}
        if len(inside) == 1:
            furthest = max(AT_LEAST[i.status] for i in its)
            fit.append((pk, inside.pop(), furthest, {i.unit.pk for i in its}))

    def pool(inside: bool, unit=None, status=S.PROPOSED):
        return [
            pk
            for pk, within, furthest, units in fit
            if within == inside and furthest >= AT_LEAST[status] and (unit is None or unit in units)
        ]

    chosen = []

    def take(candidates):
        candidates = [pk for pk in candidates if pk not in chosen]
        pk = rng.choice(candidates) if candidates else None
        if pk is not None:
            chosen.append(pk)
        return pk

    out = {
        "discipline": [take(pool(True)), take(pool(False)), take(pool(False))],
        "fixed": [take(pool(True)), take(pool(False))],
        "findings": [take(pool(False)), take(pool(False))],
        "older": take(pool(False, status=S.DRAFT)),
        "pending": [take(pool(True, unit=waiting)), take(pool(False, status=S.DECIDED))],
        "settled": take(pool(False, status=S.DECIDED)),
        "unit": disciplined_cell(items, commune_path, rng),
    }
    for pk in out["discipline"] + out["findings"]:
        for item in mine.get(pk, []):
            item.disqualified = True
    for pk in out["pending"]:  # proposed HTT: only the pending matter stands in the way
        for item in mine.get(pk, []):
            item.merit, item.not_rated, item.months, item.poor_point = HTT, False, None, False
            if item.decided or item.unit.pk == waiting:
                item.status = S.PROPOSED
    return out


def disciplined_cell(items, commune_path: str, rng) -> int | None:
    """A cell outside the commune whose parent has at least 5 units below it."""
    children = defaultdict(int)
    for item in items:
        if item.collective and item.subject == Subject.ORGANISATION and item.unit.parent_id:
            children[item.unit.parent_id] += 1
    cells = sorted(
        i.unit.pk
        for i in items
        if i.collective
        and i.subject == Subject.ORGANISATION
        and i.unit.kind == "party_cell"
        and not i.unit.path.startswith(commune_path)
        and children[i.unit.parent_id] >= 5
    )
    return rng.choice(cells) if cells else None


def in_period(period: Period, rng, low: int, high: int) -> date:
    day = period.starts_on + timedelta(days=rng.randint(low, high))
    return min(day, period.ends_on, timezone.localdate())


def write_records(records: dict, period: Period, previous: Period, users: dict, rng) -> int:
    inspector, officer = users["kiemtra"], users["bantochuc"]
    people = Person.objects.in_bulk([pk for pk in flatten(records) if pk])
    n = 0
    kinds = [DisciplineKind.REPRIMAND, DisciplineKind.WARNING, DisciplineKind.SALARY_DEMOTION]
    for i, pk in enumerate(records["discipline"]):
        n += record(inspector, people.get(pk), period, rng, kinds[i], bank.DISCIPLINE_REASONS[i])
    for i, pk in enumerate(records["fixed"]):
        reason = bank.FIXED_REASONS[i]
        n += record(inspector, people.get(pk), period, rng, kinds[0], reason, fixed=True)
    n += record(inspector, people.get(records["older"]), previous, rng, kinds[0], "")
    kinds_found = [FindingKind.DEGRADATION, FindingKind.QD37_BREACH]
    for kind, pk in zip(kinds_found, records["findings"], strict=True):
        if pk in people:
            data = {
                "kind": kind,
                "concluded_on": in_period(period, rng, 120, 280),
                "authority": "Ủy ban Kiểm tra Tỉnh ủy",
                "note": bank.FINDING_NOTES[kind],
            }
            services.record_finding(by=inspector, person=people[pk], data=data)
            n += 1
    if records["unit"]:
        from neuguong.organisations.models import Unit

        unit = Unit.objects.get(pk=records["unit"])
        data = discipline_data(period, rng, kinds[0], bank.UNIT_DISCIPLINE_REASON)
        services.record_discipline(by=inspector, unit=unit, data=data)
        n += 1
    for pk, (title, detail) in zip(
        records["pending"] + [records["settled"]], bank.PENDING, strict=True
    ):
        if pk not in people:
            continue
        matter = services.add_pending_matter(
            by=officer, person=people[pk], period=period, title=title, detail=detail
        )
        if pk == records["settled"]:
            services.settle_pending_matter(matter, by=officer, settlement=bank.SETTLEMENT)
        n += 1
    return n


def flatten(records: dict) -> list:
    """The people of the records (the disciplined cell is a unit)."""
    out = []
    for key, value in records.items():
        if key != "unit":
            out += value if isinstance(value, list) else [value]
    return out


def discipline_data(period, rng, kind, reason, fixed=False) -> dict:
    return {
        "kind": kind,
        "decided_on": in_period(period, rng, 60, 250),
        "authority": "Ủy ban Kiểm tra Tỉnh ủy" if rng.random() < 0.5 else "Đảng ủy cấp trên",
        "decision_number": f"{rng.randint(10, 480)}-QĐ/UBKT",
        "reason": reason,
        "self_detected_fixed": fixed,
    }


def record(by, person, period, rng, kind, reason, fixed=False) -> int:
    if person is None:
        return 0
    data = discipline_data(period, rng, kind, reason, fixed)
    services.record_discipline(by=by, person=person, data=data)
    return 1


# Writing and deciding --------------------------------------------------------------------


def write(period: Period, items, world: World, rng, users: dict, commune_path: str) -> dict:
    """Rows of `items`; the commune's proposals and meetings by `thutruong`, the cell's by
    `bithu`, the decisions written directly by `bantochuc`."""
    secretary = users["bithu"]
    cell_path = secretary.role_assignments.select_related("unit").get().unit.path
    assessors = {}
    for pk, unit in world.units.items():
        if unit.path.startswith(cell_path):
            assessors[pk] = secretary.pk
        elif unit.path.startswith(commune_path):
            assessors[pk] = users["thutruong"].pk
    writer = Writer(period, rng, assessors=assessors, decider=users["bantochuc"].pk)
    writer.add(items, heads=world.head_names())
    return writer.write()


class Deciders:
    """The logins that decide, in DECIDERS order, and what each of them may decide."""

    def __init__(self, users: dict, world: World):
        self.users = [users[name] for name in DECIDERS]
        self.scopes = [scope_for(u, DECIDE_REVIEW) for u in self.users]
        people = dict(Person.objects.filter(user__in=self.users).values_list("user_id", "pk"))
        self.people = [people.get(u.pk) for u in self.users]
        self.world = world

    def able(self, i: int, item: Item) -> bool:
        own = item.person is not None and item.person.pk == self.people[i]
        return not own and self.scopes[i].covers_path(self.path(item))

    def first(self, group: list[Item], start: int = 0) -> int:
        """The first login from `start` on that may decide every item of `group`."""
        return next(
            i for i in range(start, len(self.users)) if all(self.able(i, it) for it in group)
        )

    def path(self, item: Item) -> str:
        """access.deciding_path, from the composed item."""
        manager = item.person.manager if item.person else None
        if manager:
            unit = self.world.units.get(manager)
            return unit.path if unit is not None else World.path_of(manager)
        path = item.unit.path
        return tree.parent_path(path) if item.unit.parent_id else path


def decide(items: list[Item], period: Period, users: dict, world: World) -> int:
    """Decide through services.decide_many the items written "proposed" with a decided
    level. The party track goes first (the staff share reads the party ratings); within
    a track, each login's batch in DECIDERS order, a unit's people with the login that
    decides its collective or a later one, all of a unit's people together."""
    todo = [i for i in items if i.decided and i.via_service]
    deciders = Deciders(users, world)
    batches = defaultdict(list)
    collective_at = {}
    for item in todo:
        if item.collective:
            index = deciders.first([item])
            collective_at[item.unit.pk] = max(collective_at.get(item.unit.pk, 0), index)
            batches[(item.track != Track.PARTY, index)].append(item)
    people_at = defaultdict(list)
    for item in todo:
        if item.person:
            people_at[(item.unit.pk, item.track)].append(item)
    for (unit, track), group in people_at.items():
        index = deciders.first(group, collective_at.get(unit, 0))
        batches[(track != Track.PARTY, index)].extend(group)
    for key in sorted(batches):
        decisions = [
            Decision(Review(pk=i.pk, period=period, quota_key=i.quota_key), i.level)
            for i in batches[key]
        ]
        services.decide_many(decisions, by=deciders.users[key[1]])
    return len(todo)


# Earlier years ---------------------------------------------------------------------------


def period_2024(previous: Period) -> Period:
    period, created = Period.objects.get_or_create(
        name="Năm 2024",
        defaults={
            "kind": PeriodKind.YEAR,
            "starts_on": date(2024, 1, 1),
            "ends_on": date(2024, 12, 31),
            "year_theme": THEME_2024,
            "term_theme": previous.term_theme,
            "reviews_done_by": date(2024, 12, 15),
            "is_open": False,
        },
    )
    if created:
        period.regulations.set(previous.regulations.all())
    return period


def seed_past(period: Period, people: dict, users: dict, rng, commune_path: str) -> int:
    """The logins' decided reviews of an earlier period, with their units' collectives
    (a leader is rated after, and not above, the unit): HTT, and HTNV for the member in
    2024."""
    world = World(period, people={pk for pk in people.values() if pk})
    items, units = [], {}
    for person in world.people:
        for unit, track in world.places(person):
            item = world.item(person, unit, track, Subject.PERSON)
            if item is not None:
                weaker = person.pk == people["dangvien"] and period.starts_on.year < 2025
                item.status, item.merit = S.DECIDED, HTNV if weaker else HTT
                items.append(item)
                units[unit.pk] = (unit, track)
    for unit, track in units.values():
        item = world.item(None, unit, track, Subject.ORGANISATION)
        if item is not None:
            item.status, item.merit = S.DECIDED, HTT
            items.append(item)
    for item in items:
        item.via_service = True
    settle_levels(items, disciplined_units=set(), codes_not_met=world.codes_not_met)
    write(period, items, world, rng, users, commune_path)
    return decide(items, period, users, world)
