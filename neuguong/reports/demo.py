"""Demo periodic reports: the last ended month and quarter of 2026 in a seeded province,
a realistic mix of reports sent on time, sent late, still being written and not
started, across every active unit.

The demo logins' units are left where a walkthrough starts:
- `thutruong`'s commune committee has its month's report as a draft to finish and send,
  and among its children at least one sent on time, one sent late (once the deadline
  has passed), one draft and one not started; its quarter's report was sent on time;
- `bithu`'s cell has its month's report as a draft and its quarter's sent on time.

Reports are written directly with bulk_create (as the other demos write most rows):
each sent report carries what submitting would have frozen, the unit's figures for the
template's counters (what `tally.figures` answers once the demo is loaded, counted
here from the source tables) and its children's state as of the moment it was sent.
"""

from collections import defaultdict
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Min
from django.utils import timezone

from neuguong.dashboards import sources
from neuguong.organisations import tree
from neuguong.organisations.models import Person, Unit, UnitKind

from . import periods
from .access import ReportKey, template_for
from .content import programme_period
from .models import Report, ReportStatus
from .tracking import SUBMITTED_STATES, ChildRow, State, state_of

YEAR = 2026
WEIGHTS = {State.ON_TIME: 45, State.LATE: 15, State.DRAFT: 20, State.MISSING: 20}
PARTY_SYMBOL = {
    UnitKind.PROVINCIAL_COMMITTEE: "TU",
    UnitKind.AFFILIATED_COMMITTEE: "ĐU",
    UnitKind.COMMUNE_COMMITTEE: "ĐU",
    UnitKind.GRASSROOTS: "ĐU",
    UnitKind.PARTY_CELL: "CB",
}
SIGNER = {
    UnitKind.PROVINCIAL_COMMITTEE: "T/M BAN THƯỜNG VỤ, PHÓ BÍ THƯ",
    UnitKind.AFFILIATED_COMMITTEE: "T/M ĐẢNG ỦY, BÍ THƯ",
    UnitKind.COMMUNE_COMMITTEE: "T/M ĐẢNG ỦY, BÍ THƯ",
    UnitKind.GRASSROOTS: "T/M ĐẢNG ỦY, BÍ THƯ",
    UnitKind.PARTY_CELL: "T/M CHI BỘ, BÍ THƯ",
}
TEXTS = {
    "tinh_hinh": [
        "Cán bộ, đảng viên tiếp tục quán triệt Quy định 144-QĐ/TW và Quy định 08-QĐi/TW; "
        "tư tưởng ổn định, đoàn kết, đồng thuận.",
        "Đơn vị tổ chức sinh hoạt chuyên đề về trách nhiệm nêu gương; tình hình tư tưởng "
        "của cán bộ, đảng viên ổn định.",
    ],
    "ket_qua": [
        "Hoàn thành việc công bố chuẩn mực đạo đức; các đồng chí lãnh đạo gương mẫu đi "
        "đầu trong thực hiện nhiệm vụ chính trị.",
        "Đôn đốc cán bộ, đảng viên hoàn thiện kế hoạch cam kết; biểu dương hai cá nhân "
        "tiêu biểu trong học tập và làm theo chuyên đề năm.",
    ],
    "han_che": [
        "Một số đảng viên nộp kế hoạch cam kết còn chậm; nội dung cam kết có nơi chung "
        "chung, khó đánh giá.",
    ],
    "phuong_huong": [
        "Tiếp tục đôn đốc thực hiện kế hoạch cam kết; chuẩn bị tốt cho kiểm điểm cuối năm.",
    ],
    "de_xuat": ["Đề nghị cấp trên tiếp tục mở lớp bồi dưỡng nghiệp vụ cho cấp ủy cơ sở."],
}


def demo_periods(today: date) -> list[tuple[str, int]]:
    """(kind, number) of the last month and quarter of YEAR that ended before today."""
    out = []
    for kind in (periods.MONTHLY, periods.QUARTERLY):
        if today.year > YEAR:
            out.append((kind, periods.COUNT[kind]))
            continue
        year, number = periods.latest_ended(kind, today)
        if year == YEAR:
            out.append((kind, number))
    return out


def seed_reports(*, rng, users: dict, cell: int, commune: int) -> dict:
    """Reports of the demo periods for every active unit; {kind: {state: count}}."""
    units = list(Unit.objects.filter(is_active=True).select_related("parent").order_by("path"))
    if not units:
        return {}
    world = _World(units)
    now = timezone.now()
    counts = {}
    for kind, number in demo_periods(timezone.localdate()):
        key = ReportKey(units[0], kind, YEAR, number, template_for(kind))
        states = _choose(world, rng, key, now, cell=cell, commune=commune)
        moments = {u: _moment(rng, key, s, now) for u, s in states.items()}
        figures = world.figures(key)
        rows = [
            _report(world, key, unit, states, moments, figures, rng, users, cell, commune)
            for unit, state in states.items()
            if state != State.MISSING
        ]
        Report.objects.bulk_create(rows, batch_size=1000)
        counts[kind] = {s: list(states.values()).count(s) for s in State.values}
    return counts


class _World:
    """The active units with their children, places and signers, read once."""

    def __init__(self, units: list[Unit]):
        self.units = {u.pk: u for u in units}
        self.children = defaultdict(list)
        for unit in units:
            if unit.parent_id in self.units:
                self.children[unit.parent_id].append(unit)
        self.places = self._places()
        names = dict(
            Person.objects.filter(is_active=True, party_cell__isnull=False)
            .values_list("party_cell_id")
            .annotate(n=Min("full_name"))
        )
        self.signers = names | dict(
            Person.objects.filter(is_active=True, workplace__isnull=False)
            .values_list("workplace_id")
            .annotate(n=Min("full_name"))
        )
        self._sums: dict[tuple, dict] = {}

    def _places(self) -> dict[int, str]:
        from neuguong.exchange.plan_documents import PLACE_PREFIX

        own = {}
        for unit_id, name in Unit.areas.through.objects.values_list("unit_id", "area__name"):
            own.setdefault(unit_id, PLACE_PREFIX.sub("", name).strip())
        out = {}
        for pk, unit in self.units.items():
            for ancestor in [pk, *reversed(tree.ancestor_ids(unit.path))]:
                if ancestor in own:
                    out[pk] = own[ancestor]
                    break
        return out

    def figures(self, key: ReportKey) -> dict:
        """{"period", "by_unit": {unit id: the figures of the template's counters}};
        empty without a programme period."""
        period = programme_period(key.ends_on)
        if period is None:
            return {}
        counters = key.template.counters
        cache = (period.pk, tuple(counters))
        if cache not in self._sums:
            self._sums[cache] = _subtree_sums(period, counters)
        sums, zero = self._sums[cache], dict.fromkeys(counters, 0)
        by_unit = {pk: {c: sums.get(pk, zero)[c] for c in counters} for pk in self.units}
        return {"period": period, "by_unit": by_unit}


def _own_counts(period, counters) -> dict[int, dict[str, int]]:
    """{unit id: {counter: n}} of the units' own rows, for `counters` only, counted with
    the definitions the tallies use (dashboards.sources). Counting only what the
    template shows keeps the province's seed quick: the quota groups, counted for every
    unit, take minutes there, and no monthly or quarterly template shows them."""
    out: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(counters, 0))
    wanted = set(counters)
    for family in sources.FAMILIES:
        names = sorted(n for n in wanted & set(family.counters) if family.counters[n] is not None)
        if not names:
            continue
        counted = {n: Count("pk", filter=family.counters[n]) for n in names}
        rows = sources.ROWS[family.name](period).order_by().values("t_unit", "t_bucket")
        for row in rows.annotate(**counted):
            if row["t_unit"] is not None:
                for n in names:
                    out[row["t_unit"]][n] += row[n]
    flags = {c: f for c, f in sources.CODE_FLAGS.items() if c in wanted}
    if flags:
        for unit_id, found in sources.code_flags(period).items():
            for counter, flag in flags.items():
                out[unit_id][counter] += int(found[flag])
    if wanted & {"quota_groups", "quota_ok"}:
        for unit_id, (groups, ok) in sources.quota_counts(period).items():
            out[unit_id]["quota_groups"] = groups
            out[unit_id]["quota_ok"] = ok
    return out


def _subtree_sums(period, counters) -> dict[int, dict[str, int]]:
    """What `tally.figures` answers for every unit, for `counters`, counted once from the
    source tables: each unit's own counts added to the unit and its ancestors. The
    demo's load runs with the tally triggers off and counts the tallies after it
    (rebuild_tallies), so the tallies themselves are neither read nor written here."""
    paths = dict(Unit.objects.exclude(path=None).values_list("pk", "path"))
    sums: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(counters, 0))
    for unit_id, counts in _own_counts(period, counters).items():
        if unit_id not in paths:
            continue
        for target in [*tree.ancestor_ids(paths[unit_id]), unit_id]:
            row = sums[target]
            for counter, n in counts.items():
                row[counter] += n
    return dict(sums)


def _choose(world, rng, key, now, *, cell, commune) -> dict[int, str]:
    overdue = timezone.localdate(now) > key.due_on
    population = list(WEIGHTS)
    states = {}
    for pk in world.units:
        state = rng.choices(population, weights=list(WEIGHTS.values()))[0]
        states[pk] = State.ON_TIME if state == State.LATE and not overdue else state
    mix = [State.ON_TIME, State.LATE if overdue else State.ON_TIME, State.DRAFT, State.MISSING]
    below = [u.pk for u in world.children.get(commune, []) if u.pk != cell]
    rng.shuffle(below)
    for pk, state in zip(below, mix, strict=False):
        states[pk] = state
    monthly = key.kind == periods.MONTHLY
    for pk in (commune, cell):
        if pk in states:
            states[pk] = State.DRAFT if monthly else State.ON_TIME
    return states


def _moment(rng, key, state: str, now: datetime) -> datetime | None:
    if state not in SUBMITTED_STATES:
        return None
    first = key.ends_on + timedelta(days=1)
    if state == State.ON_TIME:
        span = max((key.due_on - first).days, 0)  # a deadline of 0 days: the last day
        day = key.due_on - timedelta(days=rng.randint(0, span))
    else:
        day = key.due_on + timedelta(days=rng.randint(1, 12))
    moment = timezone.make_aware(
        datetime.combine(day, time(rng.randint(7, 16), rng.randint(0, 59)))
    )
    return min(moment, now - timedelta(hours=1))


def _symbol(unit: Unit, n: int) -> str:
    if unit.kind in PARTY_SYMBOL:
        return f"{n}-BC/{PARTY_SYMBOL[unit.kind]}"
    return f"{n}/BC-{unit.code.split('-')[0][:12]}"


def _children(world, key, unit, states, moments, figures, at) -> list[dict]:
    """The unit's children as its report froze them when sent at `at`."""
    rows = []
    for child in sorted(world.children.get(unit.pk, []), key=lambda u: (u.name, u.pk)):
        sent = moments.get(child.pk)
        if sent is not None:
            seen = Report(status=ReportStatus.SUBMITTED, submitted_at=sent, due_on=key.due_on)
        else:
            seen = Report(status=ReportStatus.DRAFT) if states[child.pk] == State.DRAFT else None
        state, overdue = state_of(seen, key.due_on, at)
        done = state in SUBMITTED_STATES
        rows.append(
            ChildRow(
                unit_id=child.pk,
                code=child.code,
                name=child.name,
                state=state,
                overdue=overdue,
                submitted_at=sent if done else None,
                symbol=_symbol(child, 10 + child.pk % 90) if done else "",
                figures=figures.get("by_unit", {}).get(child.pk) if done else None,
            ).as_json()
        )
    return rows


def _report(world, key, unit, states, moments, figures, rng, users, cell, commune) -> Report:
    unit = world.units[unit]
    state = states[unit.pk]
    sent = moments[unit.pk]
    narrative = {k: rng.choice(v) for k, v in TEXTS.items()}
    if state == State.DRAFT:
        narrative = {k: v for k, v in narrative.items() if k in ("tinh_hinh", "ket_qua")}
    parent = unit.parent
    report = Report(
        unit=unit,
        kind=key.kind,
        year=key.year,
        number=key.number,
        narrative=narrative,
        symbol=_symbol(unit, 10 + unit.pk % 90) if sent else "",
        place=world.places.get(unit.pk, ""),
        recipients="\n".join(
            [*([f"- {parent.name} (để báo cáo);"] if parent else []), "- Lưu văn phòng."]
        ),
        signer_name=world.signers.get(unit.pk, ""),
        signer_title=SIGNER.get(unit.kind, "THỦ TRƯỞNG ĐƠN VỊ"),
    )
    if sent is not None:
        login = {cell: "bithu", commune: "thutruong"}.get(unit.pk)
        report.status = ReportStatus.SUBMITTED
        report.submitted_at = sent
        report.submitted_by = users.get(login) if login else None
        report.signed_on = timezone.localdate(sent)
        report.due_on = key.due_on
        report.source_period = figures.get("period")
        report.figures = figures.get("by_unit", {}).get(unit.pk, {})
        report.children = _children(world, key, unit, states, moments, figures, sent)
    return report
