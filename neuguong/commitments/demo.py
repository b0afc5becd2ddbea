"""Demo commitment plans: a realistic state of the year's registration in a seeded
province.

`seed_plans()` gives about 85% of the people it covers a personal plan for the period:
most approved, some waiting for their approver, some returned with a reason, some still
drafts, about 5% submitted after the registration deadline. Each plan has the form's
sections and 2–4 key tasks (target, deadline inside the period, product, 1–3 solutions)
drawn from demo_bank by the kind of the person's unit. A few people copied a colleague's
task: those tasks carry a CopyFlag, and every submitted task has its TaskSignature rows
(computed with commitments.similarity), so the copy check works on the seeded data as it
does on real submissions. A few approved plans were amended (version 2 approved, version
1 superseded), many approved tasks have progress reports, and a handful of units have a
collective plan.

Rows are written in bulk with explicit ids (no services, no audit rows, no e-mail): this
is seed data. Everything follows from `rng`; only the dates follow the day it runs.
"""

import uuid
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from django.core.management.color import no_style
from django.db import connection
from django.db.models import Max, Q
from django.utils import timezone

from neuguong.core.text import fold
from neuguong.organisations.models import Person, Post, Unit, UnitKind
from neuguong.regulations.library import folded_symbol
from neuguong.regulations.models import Period, RegulationItem
from neuguong.standards.demo import RESIDENTIAL, insert, load_units

from . import demo_bank as bank
from . import similarity
from .models import (
    CommitmentPlan,
    CopyFlag,
    EthicsCommitment,
    KeyTask,
    PlanStatus,
    Solution,
    TaskProgress,
    TaskSignature,
    TaskStatus,
)

REGISTERED = 0.85  # of the people covered
# Among registered plans (the rest are drafts).
SHARES = [
    (PlanStatus.APPROVED, 0.66),
    (PlanStatus.SUBMITTED, 0.12),
    (PlanStatus.RETURNED, 0.05),
    (PlanStatus.DRAFT, 0.17),
]
LATE = 0.06  # of the submitted ones: after the registration deadline
COPIED = 0.03  # of the submitted ones: one task copied from a colleague
AMENDED = 0.015  # of the approved ones
REPORTED = 0.45  # of the approved ones: progress reported on some tasks
SIGNED = (PlanStatus.SUBMITTED, PlanStatus.APPROVED, PlanStatus.RETURNED)
KIND_BANK = {
    UnitKind.COMMUNE_COMMITTEE: "xa",
    UnitKind.ENTERPRISE: "doanh-nghiep",
    UnitKind.ARMED_FORCES: "luc-luong-vu-trang",
}
FLAVOUR_BANK = {
    "giao-duc": "giao-duc",
    "y-te": "y-te",
    "than": "doanh-nghiep",
    "luc-luong-vu-trang": "luc-luong-vu-trang",
}


# Texts and their signatures -----------------------------------------------------------


@dataclass(frozen=True)
class Choice:
    """A task as a person wrote it: indexes into the bank (hashable, for the caches)."""

    bank: str  # a key of bank.TASKS, "general" or "collective"
    task: int
    target: int
    product: int
    solutions: tuple[int, ...]
    ways: tuple[int, ...] = ()  # indexes into bank.WAYS

    @property
    def source(self) -> bank.Task:
        if self.bank == "general":
            return bank.GENERAL[self.task]
        if self.bank == "collective":
            return bank.COLLECTIVE[self.task]
        return bank.TASKS[self.bank][self.task]

    def texts(self) -> tuple[str, str, str, list[str]]:
        t = self.source
        targets, products = (*t.targets, *bank.TARGETS), (*t.products, *bank.PRODUCTS)
        return (
            t.title,
            targets[self.target],
            products[self.product],
            [t.solutions[i] for i in self.solutions] + [bank.WAYS[i] for i in self.ways],
        )


class Texts:
    """A task's shingles, similarity and bands, the way services.flag_copies computes them
    (a task's bands are those of its title's signature and of its whole text's), but
    fast for hundreds of thousands of tasks made from one bank: the words of each bank
    text and the MinHash values of each word 3-gram are computed once, and a signature
    is the column minimum of its grams' values (which is what similarity.signature
    computes, gram by gram)."""

    def __init__(self):
        self._grams: dict[Choice, tuple[frozenset[int], frozenset[int]]] = {}
        self._words: dict[str, list[str]] = {}
        self._values: dict[str, tuple[int, ...]] = {}
        self._titles: dict[str, set[int]] = {}

    def grams(self, choice: Choice) -> tuple[frozenset[int], frozenset[int]]:
        """(shingles of the title, shingles of the whole task)."""
        if choice not in self._grams:
            title, target, product, sols = choice.texts()
            self._grams[choice] = (
                similarity.shingles(title),
                similarity.shingles(similarity.task_text(title, target, product, sols)),
            )
        return self._grams[choice]

    def similar(self, a: Choice, b: Choice) -> float:
        (title_a, whole_a), (title_b, whole_b) = self.grams(a), self.grams(b)
        title = similarity.jaccard(title_a, title_b) if min(len(title_a), len(title_b)) >= 3 else 0
        return max(similarity.jaccard(whole_a, whole_b), title)

    def words(self, text: str) -> list[str]:
        if text not in self._words:
            self._words[text] = fold(text).split()
        return self._words[text]

    def values(self, gram: str) -> tuple[int, ...]:
        if gram not in self._values:
            g = similarity._hash(gram)
            self._values[gram] = tuple(
                (a * g + b) % similarity._PRIME for a, b in similarity._COEFFS
            )
        return self._values[gram]

    def signature(self, parts: list[str]) -> list[int]:
        words = [w for part in parts for w in self.words(part)]
        if len(words) < 3:
            return similarity.signature(similarity.shingles(" ".join(parts)))
        grams = (self.values(" ".join(words[i : i + 3])) for i in range(len(words) - 2))
        return [min(column) for column in zip(*grams, strict=True)]

    def bands(self, choice: Choice) -> list[int]:
        title, target, product, sols = choice.texts()
        if title not in self._titles:
            self._titles[title] = set(similarity.bands(self.signature([title])))
        whole = similarity.bands(self.signature([title, target, product, *sols]))
        return sorted(self._titles[title].union(whole))


# The people and their plans ----------------------------------------------------------


@dataclass
class Draft:
    """A plan being composed (ids are given when written)."""

    person: int | None
    unit: int
    workplace: int | None
    status: str
    bank: str
    user: int | None = None
    is_leader: bool = False
    number: int = 1
    submitted: datetime | None = None
    decided: datetime | None = None
    decider: int | None = None
    is_late: bool = False
    reason: str = ""
    amends: "Draft | None" = None
    amendment_reason: str = ""
    tasks: list[Choice] = field(default_factory=list)
    deadlines: list[date] = field(default_factory=list)
    keys: list[uuid.UUID] = field(default_factory=list)
    copied: tuple | None = None  # (task index, other Draft, other task index)
    pk: int | None = None
    task_ids: list[int] = field(default_factory=list)

    @property
    def copy_unit(self) -> int:
        return self.workplace or self.unit  # as services.flag_copies groups tasks


def at(day: date, rng) -> datetime:
    """An aware moment in office hours on `day` (the current time zone has no DST)."""
    zone = timezone.get_current_timezone()
    return datetime.combine(day, time(7 + rng.randrange(10), rng.randrange(60)), tzinfo=zone)


def bank_for(workplace, cell, units) -> str:
    if workplace is None:
        return "khu-dan-cu" if cell is None or units[cell].flavour == RESIDENTIAL else "van-phong"
    unit = units[workplace]
    return FLAVOUR_BANK.get(unit.flavour) or KIND_BANK.get(unit.kind, "van-phong")


class Composer:
    def __init__(self, period: Period, rng, today: date):
        self.period, self.rng, self.today = period, rng, today
        self.year = period.starts_on.year
        self.due = period.plans_registered_by or date(self.year, 3, 31)

    def key(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def choice(self, name: str, index: int) -> Choice:
        rng = self.rng
        task = (bank.GENERAL if name == "general" else bank.TASKS[name])[index]
        own = 1 if rng.random() < 0.6 else 2  # 1–3 solutions: own ones, then a way or two
        ways = rng.randint(1, 3 - own)
        return Choice(
            name,
            index,
            rng.randrange(len(task.targets) + len(bank.TARGETS)),
            rng.randrange(len(task.products) + len(bank.PRODUCTS)),
            tuple(sorted(rng.sample(range(len(task.solutions)), own))),
            tuple(sorted(rng.sample(range(len(bank.WAYS)), ways))),
        )

    def tasks(self, draft: Draft) -> None:
        rng = self.rng
        own = bank.TASKS[draft.bank]
        n = rng.randint(2, min(4, len(own) + 1))
        general = rng.random() < 0.35
        mine = rng.sample(range(len(own)), min(len(own), n - general))
        draft.tasks = [self.choice(draft.bank, i) for i in mine]
        if general or len(draft.tasks) < n:
            draft.tasks.append(self.choice("general", rng.randrange(len(bank.GENERAL))))
        months = (3, 6, 6, 9, 12, 12, 12)
        draft.deadlines = [self.month_end(rng.choice(months)) for _ in draft.tasks]
        draft.keys = [self.key() for _ in draft.tasks]

    def month_end(self, month: int) -> date:
        day = date(self.year, month % 12 + 1, 1) - timedelta(days=1) if month < 12 else None
        last = day or date(self.year, 12, 31)
        return min(max(last, self.period.starts_on), self.period.ends_on)

    def dates(self, draft: Draft, *, late: bool) -> None:
        rng, start = self.rng, self.period.starts_on
        if late and self.today > self.due:
            day = self.due + timedelta(days=rng.randint(1, max(1, (self.today - self.due).days)))
            draft.is_late = True
        else:
            first = start + timedelta(days=20)
            day = first + timedelta(days=rng.randint(0, max(0, (self.due - first).days)))
        draft.submitted = at(min(day, self.today), rng)
        if draft.status in (PlanStatus.APPROVED, PlanStatus.RETURNED):
            decided = draft.submitted.date() + timedelta(days=rng.randint(1, 12))
            draft.decided = at(min(decided, self.today), rng)
            if draft.decided < draft.submitted:
                draft.decided = draft.submitted + timedelta(hours=2)


def draw_status(rng) -> str:
    roll, acc = rng.random(), 0.0
    for status, share in SHARES:
        acc += share
        if roll < acc:
            return status
    return PlanStatus.DRAFT


def seed_plans(
    period: Period,
    *,
    rng,
    share: float = 1.0,
    always=(),
    held: dict | None = None,
    waiting_cell: int | None = None,
    deciders: dict | None = None,
    collective: int = 8,
) -> dict:
    """Seed plans for everyone (`share` 1), or for the people whose approving unit lies
    under the board units, a `share` of the communes (drawn by `rng`: their committees,
    schools, health stations and village cells) or a unit of `always`. `held` {person id: status}
    pins some people's plan (the demo member's); `waiting_cell` gets several plans
    waiting for its secretary, one with a copy flag; `deciders` {unit id: user id}
    records who decided the plans of those units."""
    today = min(period.ends_on, max(timezone.localdate(), period.starts_on))
    composer = Composer(period, rng, today)
    units = {u.id: u for u in load_units()}
    paths = dict(Unit.objects.values_list("pk", "path"))
    roots = [u.id for u in units.values() if u.parent_id is None]
    tops = [u for u in units.values() if u.parent_id in roots]
    chosen = [paths[u] for u in always]
    chosen += [paths[u.id] for u in tops if u.kind == UnitKind.ADVISORY_BOARD]
    chosen += [
        paths[u.id] for u in tops if u.kind == UnitKind.COMMUNE_COMMITTEE and rng.random() < share
    ]
    chosen += [paths[r] for r in roots] if share >= 1 else []
    held, deciders = dict(held or {}), dict(deciders or {})
    leaders = leader_ids(today)

    drafts: list[Draft] = []
    people = (
        Person.objects.filter(is_active=True)
        .order_by("pk")
        .values_list("pk", "workplace_id", "party_cell_id", "party_status", "user_id")
    )
    for pk, workplace, cell, party, user in people.iterator(chunk_size=20_000):
        unit = cell if party and cell else workplace or cell
        if unit is None or unit not in units:
            continue
        covered = any(paths[unit].startswith(p) for p in chosen) if share < 1 else True
        if pk in held:
            status = held[pk]
        elif not covered or rng.random() >= REGISTERED:
            continue
        else:
            status = draw_status(rng)
        draft = Draft(
            pk,
            unit,
            workplace,
            status,
            bank_for(workplace, cell, units),
            user=user,
            is_leader=pk in leaders,
        )
        drafts.append(draft)
    if waiting_cell is not None:
        hold_for_secretary(drafts, waiting_cell, set(held), rng)

    for draft in drafts:
        composer.tasks(draft)
        if draft.status != PlanStatus.DRAFT:
            composer.dates(draft, late=rng.random() < LATE)
            decider = deciders.get(draft.unit) if draft.decided else None
            draft.decider = decider if decider != draft.user else None
        if draft.status == PlanStatus.RETURNED:
            draft.reason = rng.choice(bank.RETURN_REASONS)
    texts = Texts()
    copy_tasks(drafts, rng, texts, waiting_cell)
    amendments = amend(drafts, composer)
    drafts += amendments
    drafts += collective_plans(units, composer, collective, always)

    counts = write(drafts, period, composer, texts)
    statuses = defaultdict(int)
    for draft in drafts:
        statuses[draft.status] += 1
    return {
        "plans": len(drafts),
        "people": sum(1 for d in drafts if d.person and d.number == 1),
        "statuses": dict(statuses),
        "late": sum(1 for d in drafts if d.is_late),
        "tasks": sum(len(d.tasks) for d in drafts),
        "amended": len(amendments),
        **counts,
    }


def leader_ids(today: date) -> set[int]:
    posts = Post.objects.filter(Q(is_head=True) | Q(is_deputy=True)).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=today)
    )
    return set(posts.values_list("person_id", flat=True))


def hold_for_secretary(drafts: list[Draft], cell: int, held: set, rng) -> None:
    """Several of the cell's plans wait for its secretary (one of them copies another's
    task: see copy_tasks); the rest are approved."""
    mine = [d for d in drafts if d.unit == cell and d.person not in held and not d.is_leader]
    for n, draft in enumerate(mine):
        draft.status = PlanStatus.SUBMITTED if n < 5 else PlanStatus.APPROVED
    for draft in drafts:
        if draft.unit == cell and draft.is_leader and draft.person not in held:
            draft.status = PlanStatus.APPROVED


def copy_tasks(drafts: list[Draft], rng, texts: Texts, waiting_cell: int | None) -> None:
    """A few people copy a colleague's task (same copy unit, submitted earlier)."""
    by_unit: dict[int, list[Draft]] = defaultdict(list)
    for draft in drafts:
        if draft.status in SIGNED:
            by_unit[draft.copy_unit].append(draft)
    forced = None
    if waiting_cell is not None:  # the first plan waiting in the demo cell copies
        forced = next(
            (d for d in drafts if d.unit == waiting_cell and d.status == PlanStatus.SUBMITTED),
            None,
        )
    for draft in drafts:
        if draft.status not in SIGNED or (draft is not forced and rng.random() >= COPIED):
            continue
        others = [o for o in by_unit[draft.copy_unit] if o is not draft and o.person]
        if draft is forced:
            others = [o for o in others if o.status == PlanStatus.APPROVED] or others
        if not others:
            continue
        other = rng.choice(others)
        j = rng.randrange(len(other.tasks))
        original = other.tasks[j]
        sols = original.solutions
        spare = [i for i in range(len(original.source.solutions)) if i not in sols]
        if len(sols) > 1 and rng.random() < 0.4:
            sols = tuple(sorted(rng.sample(sols, len(sols) - 1)))
        elif spare and len(sols) + len(original.ways) < 3 and rng.random() < 0.4:
            sols = tuple(sorted((*sols, rng.choice(spare))))
        copy = Choice(
            original.bank, original.task, original.target, original.product, sols, original.ways
        )
        if texts.similar(copy, original) < similarity.THRESHOLD:
            copy = original
        i = 0
        draft.tasks[i] = copy
        draft.deadlines[i] = other.deadlines[j]
        draft.copied = (i, other, j)
        if other.submitted and draft.submitted and draft.submitted <= other.submitted:
            draft.submitted = other.submitted + timedelta(days=rng.randint(1, 5))
            if draft.decided and draft.decided < draft.submitted:
                draft.decided = draft.submitted + timedelta(days=1)


def amend(drafts: list[Draft], composer: Composer) -> list[Draft]:
    """Version 2 of a few approved plans, approved; version 1 superseded."""
    rng, out = composer.rng, []
    for draft in drafts:
        if draft.status != PlanStatus.APPROVED or draft.copied or rng.random() >= AMENDED:
            continue
        if draft.decided is None or draft.decided.date() + timedelta(days=60) > composer.today:
            continue
        submitted = at(draft.decided.date() + timedelta(days=rng.randint(30, 60)), rng)
        new = Draft(
            draft.person,
            draft.unit,
            draft.workplace,
            PlanStatus.APPROVED,
            draft.bank,
            user=draft.user,
            is_leader=draft.is_leader,
            number=2,
            submitted=submitted,
            decided=submitted + timedelta(days=rng.randint(1, 5)),
            decider=draft.decider,
            amends=draft,
            amendment_reason=rng.choice(bank.AMENDMENT_REASONS),
            tasks=list(draft.tasks),
            deadlines=list(draft.deadlines),
            keys=list(draft.keys),
        )
        # The amendment adds a task (a new key) or changes a target (same key).
        extra = composer.choice("general", rng.randrange(len(bank.GENERAL)))
        if extra.task not in {c.task for c in new.tasks if c.bank == "general"}:
            new.tasks.append(extra)
            new.deadlines.append(composer.month_end(12))
            new.keys.append(composer.key())
        draft.status = PlanStatus.SUPERSEDED
        out.append(new)
    return out


def collective_plans(units: dict, composer: Composer, count: int, always) -> list[Draft]:
    rng = composer.rng
    committees = [
        u.id
        for u in units.values()
        if u.kind
        in (UnitKind.COMMUNE_COMMITTEE, UnitKind.GRASSROOTS, UnitKind.AFFILIATED_COMMITTEE)
    ]
    picks = [u for u in always if u in units and units[u].parent_id]
    picks += rng.sample(committees, min(count, len(committees)))
    out = []
    for n, unit in enumerate(dict.fromkeys(picks)):
        status = PlanStatus.SUBMITTED if n < len(always) else PlanStatus.APPROVED
        draft = Draft(None, unit, unit, status, "collective", is_leader=True)
        draft.tasks = [Choice("collective", i, 0, 0, (0, 1)) for i in range(len(bank.COLLECTIVE))]
        draft.deadlines = [composer.month_end(12)] * len(draft.tasks)
        draft.keys = [composer.key() for _ in draft.tasks]
        composer.dates(draft, late=False)
        out.append(draft)
    return out


# Writing -----------------------------------------------------------------------------

PLAN_COLUMNS = (
    "id", "period_id", "person_id", "unit_id", "workplace_id", "number", "status",
    "is_leader", "amends_id", "amendment_reason", "political_stance", "ethics_note",
    "theme_study", "discipline_family", "leadership", "submitted_at", "submitted_by_id",
    "is_late", "decided_at", "decided_by_id", "return_reason", "version", "created_at",
    "updated_at",
)  # fmt: skip
TASK_COLUMNS = (
    "id", "plan_id", "key", "order", "title", "target", "deadline", "product",
    "progress_status", "progress_percent",
)  # fmt: skip
PROGRESS_COLUMNS = ("task_id", "status", "percent", "note", "reported_by_id", "reported_at")
FLAG_COLUMNS = ("plan_id", "task_id", "other_task_id", "source", "similarity")
SIGNATURE_COLUMNS = ("task_id", "period_id", "unit_id", "band")


def prep(model, name: str):
    """The column's value as the database driver takes it (dates, datetimes, uuids): what
    the field's get_db_prep_value gives, without its cost per row on SQLite."""
    f = model._meta.get_field(name)
    if connection.vendor != "sqlite":
        return lambda value: value
    kind = f.get_internal_type()
    if kind == "DateTimeField":
        return lambda value: (
            None if value is None else str(value.astimezone(UTC).replace(tzinfo=None))
        )
    if kind == "DateField":
        return lambda value: None if value is None else value.isoformat()
    if kind == "UUIDField":
        return lambda value: None if value is None else value.hex
    return lambda value: None if value is None else f.get_db_prep_value(value, connection)


def next_id(model) -> int:
    return (model.objects.aggregate(n=Max("pk"))["n"] or 0) + 1


def write(drafts: list[Draft], period: Period, composer: Composer, texts: Texts) -> dict:
    """Ids first (explicit, so that tasks, flags and signatures point at them), then the
    rows of every table in bulk."""
    plan_id, task_id = next_id(CommitmentPlan), next_id(KeyTask)
    for draft in drafts:  # versions 1 come before the versions 2 that amend them
        draft.pk, plan_id = plan_id, plan_id + 1
        draft.task_ids = list(range(task_id, task_id + len(draft.tasks)))
        task_id += len(draft.tasks)
    tasks = {row[0]: row for row in task_rows(drafts)}
    progress = progress_rows(drafts, composer, tasks)
    insert(CommitmentPlan._meta.db_table, PLAN_COLUMNS, plan_rows(drafts, period, composer))
    insert(KeyTask._meta.db_table, TASK_COLUMNS, list(tasks.values()))
    solutions = [
        (task, text, n)
        for draft in drafts
        for task, choice in zip(draft.task_ids, draft.tasks, strict=True)
        for n, text in enumerate(choice.texts()[3], 1)
    ]
    insert(Solution._meta.db_table, ("task_id", "text", "order"), solutions)
    ethics = ethics_rows(drafts, composer.rng)
    insert(
        EthicsCommitment._meta.db_table,
        ("plan_id", "code_item_id", "regulation_item_id", "text", "order"),
        ethics,
    )
    insert(TaskProgress._meta.db_table, PROGRESS_COLUMNS, progress)
    flags = flag_rows(drafts, texts)
    insert(CopyFlag._meta.db_table, FLAG_COLUMNS, flags)
    signatures = [
        (task, period.pk, draft.copy_unit, band)
        for draft in drafts
        if draft.status in SIGNED
        for task, choice in zip(draft.task_ids, draft.tasks, strict=True)
        for band in texts.bands(choice)
    ]
    with without_indexes(TaskSignature):  # millions of rows: one sort per index
        insert(TaskSignature._meta.db_table, SIGNATURE_COLUMNS, signatures)
    reset_sequences()
    return {
        "solutions": len(solutions),
        "ethics": len(ethics),
        "progress": len(progress),
        "flags": len(flags),
        "signatures": len(signatures),
    }


def plan_rows(drafts: list[Draft], period: Period, composer: Composer) -> list[tuple]:
    rng, moment = composer.rng, prep(CommitmentPlan, "created_at")
    started = at(period.starts_on + timedelta(days=10), rng)
    rows = []
    for d in drafts:
        created = d.submitted - timedelta(days=3) if d.submitted else started
        personal = d.person is not None
        sections = (
            (
                rng.choice(bank.POLITICAL),
                rng.choice(bank.ETHICS),
                rng.choice(bank.THEME),
                rng.choice(bank.DISCIPLINE),
            )
            if personal
            else ("", "", "", "")
        )
        rows.append(
            (
                d.pk, period.pk, d.person, d.unit, d.workplace, d.number, d.status,
                d.is_leader, d.amends.pk if d.amends else None, d.amendment_reason,
                *sections, rng.choice(bank.LEADERSHIP) if d.is_leader else "",
                moment(d.submitted), d.user if d.submitted else None, d.is_late,
                moment(d.decided), d.decider, d.reason,
                1 + bool(d.submitted) + bool(d.decided),
                moment(created), moment(d.decided or d.submitted or created),
            )
        )  # fmt: skip
    return rows


def task_rows(drafts: list[Draft]):
    day, key = prep(KeyTask, "deadline"), prep(KeyTask, "key")
    for d in drafts:
        for n, (task_id, choice, deadline, k) in enumerate(
            zip(d.task_ids, d.tasks, d.deadlines, d.keys, strict=True), 1
        ):
            title, target, product, _ = choice.texts()
            deadline = day(deadline)
            yield [task_id, d.pk, key(k), n, title, target, deadline, product, "not_started", 0]


def ethics_rows(drafts: list[Draft], rng) -> list[tuple]:
    """Two QĐ 144 standards picked into each personal plan's ethics section."""
    standards = list(
        RegulationItem.objects.filter(regulation__symbol_folded=folded_symbol("144-QĐ/TW"))
        .order_by("pk")
        .values_list("pk", "title")
    )
    if not standards:
        return []
    rows = []
    for d in drafts:
        if d.person is not None:
            picks = rng.sample(standards, min(2, len(standards)))
            rows += [(d.pk, None, pk, title, n) for n, (pk, title) in enumerate(picks, 1)]
    return rows


def progress_rows(drafts: list[Draft], composer: Composer, tasks: dict) -> list[tuple]:
    """Reports on some approved tasks; the latest one is also set on the task row."""
    rng, today, year = composer.rng, composer.today, composer.year
    moment = prep(TaskProgress, "reported_at")
    rows = []
    for d in drafts:
        if d.status != PlanStatus.APPROVED or rng.random() >= REPORTED:
            continue
        for task_id, deadline in zip(d.task_ids, d.deadlines, strict=True):
            if rng.random() < 0.4:
                continue
            reports = []
            for n in range(rng.randint(1, 2)):
                day = date(year, 4, 1) + timedelta(days=rng.randint(0, 120) + 90 * n)
                if day > today:
                    break
                status, percent = progress_state(rng, finished=deadline <= day)
                note = rng.choice(bank.PROGRESS_NOTES).format(q=(day.month - 1) // 3 + 1)
                reports.append((task_id, status, percent, note, d.user, moment(at(day, rng))))
            if reports:
                tasks[task_id][8:10] = [reports[-1][1], reports[-1][2]]
                rows += reports
    return rows


def progress_state(rng, *, finished: bool) -> tuple[str, int]:
    roll = rng.random()
    if finished and roll < 0.12:
        return TaskStatus.EXCEEDED, 100
    if finished and roll < 0.9:
        return TaskStatus.DONE, 100
    if roll > 0.9:
        return TaskStatus.BEHIND, rng.randrange(10, 60, 5)
    return TaskStatus.IN_PROGRESS, rng.randrange(20, 95, 5)


def flag_rows(drafts: list[Draft], texts: Texts) -> list[tuple]:
    rows = []
    for d in drafts:
        if d.copied is not None:
            i, other, j = d.copied
            score = texts.similar(d.tasks[i], other.tasks[j])
            source = CopyFlag.Source.SAME_UNIT
            rows.append((d.pk, d.task_ids[i], other.task_ids[j], source, round(score, 3)))
    return rows


@contextmanager
def without_indexes(model):
    """Drop the table's secondary indexes while it is filled and build them afterwards:
    inserting millions of random band values into a live B-tree is far slower."""
    if connection.vendor == "postgresql":
        from neuguong.organisations.demo.load import without_secondary_indexes

        with without_secondary_indexes(model):
            yield
        return
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s "
            "AND sql IS NOT NULL",
            [table],
        )
        indexes = cursor.fetchall()
        for name, _sql in indexes:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    yield
    with connection.cursor() as cursor:
        for _name, sql in indexes:
            cursor.execute(sql)


def reset_sequences() -> None:
    """Move PostgreSQL's sequences past the explicit ids."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [CommitmentPlan, KeyTask]):
            cursor.execute(sql)
