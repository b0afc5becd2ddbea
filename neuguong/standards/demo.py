"""Demo ethics codes: a realistic state of the programme in a seeded province.

`seed_codes()` gives the active units of the database codes in every status, from a
bank of short, checkable items (by relationship and by sector), with the previous
period's version 1 superseded by a version 2 for many units, acknowledgements by most
people of most published units, year-end evaluations, and one exemplary code per
sector. At the province scale (at least 965 active units; the demo province has 1,023)
the period's figures are exactly the seed article's: 945 units built or reviewed their
code, 912 evaluated it. Smaller trees get the same shares (94.5% and about 91.2%).

Rows are written in bulk (no services, no audit rows): this is seed data. Everything
follows from `rng`, so a seed gives the same codes; only timestamps of recent events
follow the day the seed runs.
"""

import uuid
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum

from django.db import connection
from django.db.models import Count, F
from django.db.models.functions import Coalesce
from django.utils import timezone

from neuguong.organisations.models import Person, Sector, Unit, UnitKind
from neuguong.regulations.library import folded_symbol
from neuguong.regulations.models import Period, RegulationItem

from .demo_bank import (
    EVIDENCE,
    EXEMPLARY_NOTE,
    GENERAL,
    NOT_APPLICABLE,
    RESIDENTIAL,
    RETURN_REASONS,
    SECTOR_ITEMS,
    SHORTFALLS,
    VAGUE,
    Item,
)
from .models import (
    Acknowledgement,
    CodeEvaluation,
    CodeEvaluationItem,
    CodeSource,
    CodeStatus,
    EthicsCode,
    EthicsCodeItem,
    EvaluationStatus,
    ExemplaryCode,
    ItemResult,
)

ARTICLE_BUILT, ARTICLE_EVALUATED = 945, 912  # the seed article's figures
BUILT_SHARE, EVALUATED_SHARE = 0.945, 0.912
EXEMPLARY_SECTORS = ("tuyen-giao", "y-te", "giao-duc", "kiem-sat", "than", "luc-luong-vu-trang")


class State(StrEnum):
    """What a unit has in the period being seeded."""

    EVALUATED = "evaluated"  # published, evaluation decided
    EVALUATING = "evaluating"  # published, evaluation started, not decided
    PUBLISHED = "published"  # published, no evaluation yet
    APPROVED = "approved"  # approved, waiting to be published
    SUBMITTED = "submitted"  # waiting for the level above
    RETURNED = "returned"
    DRAFT = "draft"
    STALE = "stale"  # only the previous period's version
    NONE = "none"  # never built a code


BUILT = {State.EVALUATED, State.EVALUATING, State.PUBLISHED, State.APPROVED, State.SUBMITTED}
LIVE = {State.EVALUATED, State.EVALUATING, State.PUBLISHED}  # published this period


@dataclass
class UnitRow:
    id: int
    parent_id: int | None
    kind: str
    name: str
    flavour: str  # a key of SECTOR_ITEMS, or ""


def targets(active: int) -> tuple[int, int]:
    """(built, evaluated): the article's figures when the province is big enough."""
    if active >= ARTICLE_BUILT + 20:
        return ARTICLE_BUILT, ARTICLE_EVALUATED
    return round(active * BUILT_SHARE), round(active * EVALUATED_SHARE)


def plan_states(units, rng, *, built: int, evaluated: int, fixed: dict, history: bool) -> dict:
    """{unit id: State}: `fixed` ones as given, the others drawn to meet the targets."""
    n = len(units)
    submitted = max(2, round(built * 0.012))
    approved = max(1, round(built * 0.008))
    published = built - submitted - approved
    evaluated = min(evaluated, published - max(2, round(published * 0.015)))
    waiting = published - evaluated
    evaluating = max(1, (2 * waiting + 2) // 3)
    rest = n - built
    returned = min(rest, max(1, round(rest * 0.15)))
    draft = min(rest - returned, max(1, round(rest * 0.3)))
    stale = min(rest - returned - draft, round(rest * 0.3)) if history else 0
    quota = Counter(
        {
            State.EVALUATED: evaluated,
            State.EVALUATING: evaluating,
            State.PUBLISHED: waiting - evaluating,
            State.APPROVED: approved,
            State.SUBMITTED: submitted,
            State.RETURNED: returned,
            State.DRAFT: draft,
            State.STALE: stale,
            State.NONE: rest - returned - draft - stale,
        }
    )
    quota.subtract(Counter(fixed.values()))
    if any(k < 0 for k in quota.values()):
        raise ValueError(f"Too few units ({n}) for the fixed states: {dict(quota)}")
    pool = [state for state in State for _ in range(quota[state])]
    rng.shuffle(pool)
    free = [u.id for u in units if u.id not in fixed]
    return {**fixed, **dict(zip(free, pool, strict=True))}


# Reading the tree ---------------------------------------------------------------------


def load_units() -> list[UnitRow]:
    """Active units in tree order, each with the sector flavour it inherits."""
    tags: dict[int, list[str]] = {}
    for unit_id, code in Unit.sectors.through.objects.values_list("unit_id", "sector__code"):
        tags.setdefault(unit_id, []).append(code)
    rows, flavour = [], {}
    for pk, parent_id, kind, name in (
        Unit.objects.filter(is_active=True)
        .order_by("path")
        .values_list("pk", "parent_id", "kind", "name")
    ):
        own = [c for c in tags.get(pk, ()) if c in SECTOR_ITEMS]
        if own:
            flavour[pk] = own[0]
        elif kind == UnitKind.PARTY_CELL and name.startswith(("Chi bộ Thôn", "Chi bộ Khu")):
            flavour[pk] = RESIDENTIAL
        else:
            flavour[pk] = flavour.get(parent_id, "")
        rows.append(UnitRow(pk, parent_id, kind, name, flavour[pk]))
    return rows


def pick_exemplary(units, taken) -> dict[str, int]:
    """{sector code: unit id}: the sector's largest workplace not in `taken`."""
    staff = dict(
        Person.objects.filter(is_active=True, workplace__isnull=False)
        .values_list("workplace_id")
        .annotate(n=Count("pk"))
        .values_list("workplace_id", "n")
    )
    tagged: dict[str, list[int]] = {}
    for unit_id, code in Unit.sectors.through.objects.values_list("unit_id", "sector__code"):
        tagged.setdefault(code, []).append(unit_id)
    order = {u.id: i for i, u in enumerate(units)}
    picks = {}
    for code in EXEMPLARY_SECTORS:
        candidates = [u for u in tagged.get(code, ()) if u in order and u not in taken]
        if candidates:
            picks[code] = max(candidates, key=lambda u: (staff.get(u, 0), -order[u]))
    return picks


def citation_ids() -> dict[tuple, int]:
    """{("37", 14): RegulationItem id, ...} for the library's QĐ 37 and QĐ 144."""
    symbols = {folded_symbol("37-QĐ/TW"): "37", folded_symbol("144-QĐ/TW"): "144"}
    out = {}
    for folded, number, pk in RegulationItem.objects.filter(
        regulation__symbol_folded__in=symbols
    ).values_list("regulation__symbol_folded", "number", "pk"):
        out[(symbols[folded], int(number.split()[-1]))] = pk
    return out


# Writing ------------------------------------------------------------------------------


def at(day: date, rng) -> datetime:
    """An aware moment in office hours on `day`."""
    return timezone.make_aware(datetime.combine(day, time(rng.randint(7, 16), rng.randrange(60))))


class Seeder:
    def __init__(self, period: Period, previous: Period | None, rng, today: date):
        self.period, self.previous, self.rng, self.today = period, previous, rng, today
        self.codes: list[tuple[EthicsCode, list]] = []  # (code, [(key, Item)])
        self.items: dict[int, list[EthicsCodeItem]] = {}  # by code id, once written

    def key(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def compose(self, flavour: str, *, groups=5) -> list:
        rng, out = self.rng, []
        special = SECTOR_ITEMS.get(flavour, [])
        for rel in rng.sample(range(1, 6), groups) if groups < 5 else range(1, 6):
            mine = [i for i in special if i.rel == rel]
            general = [i for i in GENERAL if i.rel == rel]
            want = max(len(mine) + 1, rng.choice((2, 2, 3)))
            out += [(self.key(), i) for i in mine + rng.sample(general, want - len(mine))]
        return sorted(out, key=lambda pair: pair[1].rel)

    def revise(self, items: list, flavour: str) -> list:
        """The next version: one item reworded, one added, sometimes one dropped."""
        rng, out = self.rng, list(items)
        wordings = [n for n, (_, i) in enumerate(out) if i.revised]
        if wordings:
            n = rng.choice(wordings)
            key, item = out[n]
            out[n] = (key, Item(item.rel, item.revised, item.cites))
        used = {i.text for _, i in out} | {i.revised for _, i in out}
        spare = [i for i in [*SECTOR_ITEMS.get(flavour, []), *GENERAL] if i.text not in used]
        if spare:
            out.append((self.key(), rng.choice(spare)))
        if rng.random() < 0.3:
            counts = Counter(i.rel for _, i in out)
            droppable = [n for n, (_, i) in enumerate(out) if counts[i.rel] > 2]
            if droppable:
                out.pop(rng.choice(droppable))
        return sorted(out, key=lambda pair: pair[1].rel)

    def published_dates(self, year: int) -> dict:
        rng = self.rng
        effective = date(year, 1, 15) + timedelta(days=rng.randint(0, 75))
        published = effective - timedelta(days=rng.randint(0, 3))
        decided = published - timedelta(days=rng.randint(1, 7))
        submitted = decided - timedelta(days=rng.randint(2, 12))
        return {
            "effective_from": effective,
            "published_at": at(published, rng),
            "decided_at": at(decided, rng),
            "submitted_at": at(submitted, rng),
        }

    def recent(self, low=1, high=25) -> datetime:
        return at(self.today - timedelta(days=self.rng.randint(low, high)), self.rng)

    def add(self, items, **fields) -> EthicsCode:
        code = EthicsCode(**fields)
        self.codes.append((code, items))
        return code


def seed_codes(
    period: Period,
    *,
    rng,
    previous: Period | None = None,
    fixed: dict[int, State] | None = None,
    hold_back=(),
    authors: dict | None = None,
    approvers: dict | None = None,
    marker=None,
    built: int | None = None,
    evaluated: int | None = None,
) -> dict:
    """Seed codes for every active unit: `fixed` {unit id: State} pins some units' state
    (the demo logins' walkthrough); people in `hold_back` acknowledge nothing; `authors`
    and `approvers` ({unit id: user}) are recorded as who submitted and who decided;
    `marker` marks the exemplary codes."""
    units = load_units()
    fixed = dict(fixed or {})
    root = next((u.id for u in units if u.parent_id is None), None)
    if root is not None:
        fixed.setdefault(root, State.EVALUATED)
    exemplary = pick_exemplary(units, taken=set(fixed))
    fixed.update(dict.fromkeys(exemplary.values(), State.EVALUATED))
    default_built, default_evaluated = targets(len(units))
    states = plan_states(
        units,
        rng,
        built=default_built if built is None else built,
        evaluated=default_evaluated if evaluated is None else evaluated,
        fixed=fixed,
        history=previous is not None,
    )
    today = min(period.ends_on, timezone.localdate())
    seeder = Seeder(period, previous, rng, today)
    authors, approvers = authors or {}, approvers or {}
    sector_of = {unit_id: code for code, unit_id in exemplary.items()}
    order = [u for u in units if u.id in sector_of] + [u for u in units if u.id not in sector_of]
    current: dict[int, EthicsCode] = {}  # the published version people acknowledge
    live: dict[int, EthicsCode] = {}  # this period's published version
    examples: dict[str, EthicsCode] = {}
    for unit in order:
        state = states[unit.id]
        if state == State.NONE:
            continue
        code = build_unit(seeder, unit, state, authors, approvers, examples)
        if code is not None and state in LIVE:
            live[unit.id] = code
            if unit.id in sector_of:
                examples[sector_of[unit.id]] = code
    write_codes(seeder)
    for code, _items in seeder.codes:
        if code.status == CodeStatus.PUBLISHED:
            current[code.unit_id] = code
    evaluations = write_evaluations(seeder, states, live)
    marks = write_exemplary(exemplary, live, marker, rng, period)
    acks = write_acknowledgements(current, set(hold_back), rng, today)
    built_units = {u for u, s in states.items() if s in BUILT}
    return {
        "codes": len(seeder.codes),
        "built": len(built_units),
        "evaluated": evaluations,
        "acknowledgements": acks,
        "exemplary": marks,
        "states": states,
    }


def build_unit(seeder, unit, state, authors, approvers, examples) -> EthicsCode | None:
    """The unit's versions: the previous period's version 1 (if any) and this period's."""
    rng, year = seeder.rng, seeder.period.starts_on.year
    author, approver = authors.get(unit.id), approvers.get(unit.id)
    old = None
    # The demo logins' units (those with an author) reworked last period's version.
    lucky = rng.random() < 0.72
    has_history = seeder.previous is not None and (
        state == State.STALE or unit.id in authors or lucky
    )
    not_applicable = (
        dict(NOT_APPLICABLE) if unit.flavour == RESIDENTIAL and rng.random() < 0.15 else {}
    )
    if has_history:
        items = seeder.compose(unit.flavour)
        if not_applicable:
            items = [(k, i) for k, i in items if i.rel != 2]
        old = seeder.add(
            items,
            unit_id=unit.id,
            period=seeder.previous,
            number=1,
            status=CodeStatus.SUPERSEDED if state in LIVE else CodeStatus.PUBLISHED,
            not_applicable=not_applicable,
            **seeder.published_dates(year - 1),
        )
    if state == State.STALE:
        return None
    fields = {
        "unit_id": unit.id,
        "period": seeder.period,
        "number": 2 if old else 1,
        "source": CodeSource.PREVIOUS if old else CodeSource.BLANK,
        "based_on": old,
        "not_applicable": not_applicable,
        "created_by": author,
        "submitted_by": author,
    }
    example = examples.get(unit.flavour)
    if old:
        items = seeder.revise(seeder.codes[-1][1], unit.flavour)
    elif example is not None and state in (State.SUBMITTED, State.RETURNED, State.DRAFT):
        items = [(seeder.key(), i) for _, i in next(c for c in seeder.codes if c[0] is example)[1]]
        fields.update(source=CodeSource.EXEMPLARY, based_on=example)
    else:
        items = seeder.compose(unit.flavour)
    if not_applicable:
        items = [(k, i) for k, i in items if i.rel != 2]
    if state in LIVE:
        dates = seeder.published_dates(year)
        return seeder.add(
            items, status=CodeStatus.PUBLISHED, decided_by=approver, **dates, **fields
        )
    if state == State.APPROVED:
        decided = seeder.recent(1, 20)
        return seeder.add(
            items,
            status=CodeStatus.APPROVED,
            submitted_at=decided - timedelta(days=rng.randint(2, 10)),
            decided_at=decided,
            decided_by=approver,
            **fields,
        )
    if state == State.SUBMITTED:
        return seeder.add(
            items, status=CodeStatus.SUBMITTED, submitted_at=seeder.recent(), **fields
        )
    if state == State.RETURNED:
        vague = rng.choice(VAGUE)
        decided = seeder.recent(1, 15)
        return seeder.add(
            [*items, (seeder.key(), vague)],
            status=CodeStatus.RETURNED,
            submitted_at=decided - timedelta(days=rng.randint(2, 10)),
            decided_at=decided,
            decided_by=approver,
            return_reason=rng.choice(RETURN_REASONS).format(text=vague.text),
            **fields,
        )
    # A draft: a copy being reworked, or a blank page with some groups still empty.
    if not old and fields["source"] == CodeSource.BLANK:
        items = seeder.compose(unit.flavour, groups=rng.randint(2, 4))
    fields["submitted_by"] = None
    return seeder.add(items, status=CodeStatus.DRAFT, **fields)


def write_codes(seeder: Seeder) -> None:
    """Codes, then their items and citations, in bulk; then the true creation dates."""
    pending = [code for code, _ in seeder.codes]
    while pending:  # a version after the one it is based on (at most 3 rounds)
        ready = [c for c in pending if c.based_on is None or c.based_on.pk is not None]
        EthicsCode.objects.bulk_create(ready, batch_size=2000)
        pending = [c for c in pending if c.pk is None]
    cites = citation_ids()
    rows, through = [], []
    for code, items in seeder.codes:
        orders = Counter()
        for key, item in items:
            orders[item.rel] += 1
            rows.append(
                EthicsCodeItem(
                    code=code,
                    relationship=item.rel,
                    order=orders[item.rel],
                    text=item.text,
                    key=key,
                )
            )
    EthicsCodeItem.objects.bulk_create(rows, batch_size=5000)
    texts = {i.text: i for _, items in seeder.codes for _, i in items}
    for row in rows:
        for cite in texts[row.text].cites:
            if cite in cites:
                through.append((row.pk, cites[cite]))
    link = EthicsCodeItem.citations.through
    insert(link._meta.db_table, ("ethicscodeitem_id", "regulationitem_id"), through)
    for row in rows:
        seeder.items.setdefault(row.code_id, []).append(row)
    # created_at and updated_at are auto fields: move them to when things happened.
    EthicsCode.objects.filter(submitted_at__isnull=False).update(
        created_at=F("submitted_at") - timedelta(days=7),
        updated_at=Coalesce("published_at", "decided_at", "submitted_at"),
    )


def write_evaluations(seeder: Seeder, states: dict, live: dict) -> int:
    """Decided evaluations of the previous period's versions (most) and of this period's
    (the evaluated units); started ones for the units still evaluating. Returns how many
    of this period are decided."""
    rng, year = seeder.rng, seeder.period.starts_on.year
    jobs = []  # (evaluation, items, decided)
    for code, _ in seeder.codes:
        if code.period_id == getattr(seeder.previous, "pk", None) and rng.random() < 0.95:
            jobs.append((code, seeder.previous, year - 1, True))
    for unit_id, code in live.items():
        if states[unit_id] in (State.EVALUATED, State.EVALUATING):
            jobs.append((code, seeder.period, year, states[unit_id] == State.EVALUATED))
    evaluations, rows = [], []
    for code, period, y, decided in jobs:
        results = []
        for item in seeder.items.get(code.pk, []):
            if not decided and rng.random() < 0.5:
                results.append((item, "", "", ""))
                continue
            roll = rng.random()
            result = (
                ItemResult.MET
                if roll < 0.93
                else ItemResult.PARTLY
                if roll < 0.99
                else ItemResult.NOT_MET
            )
            month = rng.randint(3, 10)
            evidence = rng.choice(EVIDENCE).format(m=month, y=y, q=(month - 1) // 3 + 1)
            comment = "" if result == ItemResult.MET else rng.choice(SHORTFALLS)
            results.append((item, result, evidence, comment))
        evaluation = CodeEvaluation(unit_id=code.unit_id, period=period, code=code)
        if decided:
            evaluation.overall = overall([r[1] for r in results])
            evaluation.status = EvaluationStatus.DECIDED
            closing = date(y, 12, 1) if y < seeder.today.year else seeder.today
            evaluation.decided_at = at(closing - timedelta(days=rng.randint(1, 20)), rng)
            evaluation.comment = "Đơn vị thực hiện nghiêm bộ chuẩn mực; duy trì trong năm tới."
        evaluations.append(evaluation)
        rows.append(results)
    CodeEvaluation.objects.bulk_create(evaluations, batch_size=2000)
    insert(
        CodeEvaluationItem._meta.db_table,
        ("evaluation_id", "item_id", "result", "evidence", "comment"),
        [
            (evaluation.pk, item.pk, result, evidence, comment)
            for evaluation, results in zip(evaluations, rows, strict=True)
            for item, result, evidence, comment in results
        ],
    )
    CodeEvaluation.objects.filter(decided_at__isnull=False).update(
        created_at=F("decided_at") - timedelta(days=10), updated_at=F("decided_at")
    )
    return sum(1 for e in evaluations if e.period_id == seeder.period.pk and e.decided_at)


def overall(results: list[str]) -> str:
    """The unit's overall result: met with at most one shortfall, not met with several
    items not met or shortfalls in over half of the items, partly met otherwise."""
    tally = Counter(results)
    shortfalls = tally[ItemResult.PARTLY] + tally[ItemResult.NOT_MET]
    if tally[ItemResult.NOT_MET] >= 2 or shortfalls * 2 > len(results):
        return ItemResult.NOT_MET
    return ItemResult.MET if shortfalls <= 1 else ItemResult.PARTLY


def write_exemplary(exemplary: dict, live: dict, marker, rng, period: Period) -> int:
    sectors = dict(Sector.objects.filter(code__in=exemplary).values_list("code", "pk"))
    marks = ExemplaryCode.objects.bulk_create(
        [
            ExemplaryCode(
                code=live[unit_id], sector_id=sectors[code], note=EXEMPLARY_NOTE, marked_by=marker
            )
            for code, unit_id in exemplary.items()
            if unit_id in live
        ]
    )
    marked = at(date(period.starts_on.year, 4, 20), rng)
    ExemplaryCode.objects.filter(pk__in=[m.pk for m in marks]).update(marked_at=marked)
    return len(marks)


def write_acknowledgements(current: dict, hold_back: set, rng, today: date) -> int:
    """Most people of most units acknowledged the unit's published version: in about 70% of
    units everyone did, elsewhere most did. People pass once, in id order."""
    share = {}
    for unit_id in current:
        roll = rng.random()
        share[unit_id] = (
            1.0 if roll < 0.7 else rng.uniform(0.2, 0.5) if roll > 0.95 else rng.uniform(0.7, 0.97)
        )
    # Moments as the database stores them, computed without per-row time zone work.
    sqlite = connection.vendor == "sqlite"
    moment = {}
    for unit_id, code in current.items():
        start = at(code.published_at.date(), rng).replace(hour=7, minute=0)
        start = start.astimezone(UTC).replace(tzinfo=None) if sqlite else start
        days = max(0, min(40, (today - code.published_at.date()).days))
        moment[unit_id] = (code.pk, start, days)
    rows = []
    people = (
        Person.objects.filter(is_active=True)
        .order_by("pk")
        .values_list("pk", "workplace_id", "party_cell_id")
    )
    randrange, random = rng.randrange, rng.random
    for pk, workplace, cell in people.iterator(chunk_size=20_000):
        if pk in hold_back:
            continue
        for unit_id in (workplace, cell):
            if unit_id in moment and (share[unit_id] == 1.0 or random() < share[unit_id]):
                code_id, start, days = moment[unit_id]
                when = start + timedelta(days=randrange(days + 1), minutes=randrange(600))
                rows.append((code_id, pk, str(when) if sqlite else when))
    insert(Acknowledgement._meta.db_table, ("code_id", "person_id", "acknowledged_at"), rows)
    return len(rows)


def insert(table: str, columns: tuple, rows: list) -> None:
    """Many small rows, bypassing model instances (and auto_now_add). Columns a row
    leaves out must have a database default or be nullable."""
    quote = connection.ops.quote_name
    names = ", ".join(quote(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        marks = ", ".join(["%s"] * len(columns))
        sql = f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})"  # noqa: S608
        for start in range(0, len(rows), 50_000):
            cursor.executemany(sql, rows[start : start + 50_000])
