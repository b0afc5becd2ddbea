"""Keeping the tallies exact, and reading them.

- `build(period)` counts a period from scratch: every unit's own rows, then each
  unit's tree rows as the sum of the own rows over its subtree (one grouped query per
  tree depth).
- `drain()` applies the marks the triggers left: for each marked unit it recounts the
  own rows from the source tables, and adds the difference to the tree rows of the
  unit and its ancestors. A moved or deleted unit's old and new ancestors have their
  tree rows summed again from the own rows. Marks are deleted in the transaction that
  applied them, by id, so a mark committed meanwhile is never lost.
- Drains and builds of one period are serialised on the period's `TallyState` row, so
  two of them never add the same difference twice.
- Readers drain first, so what they read is exact; the middleware also drains after
  every request that wrote, so a change shows on the dashboard at once.
"""

from collections import defaultdict

from django.db import connection, transaction
from django.db.models import F, Q, Sum
from django.db.models.functions import Substr

from neuguong.organisations import tree
from neuguong.organisations.models import Unit
from neuguong.regulations.models import Period

from .models import (
    COUNTERS,
    PERSON_COUNTERS,
    UNIT_COUNTERS,
    OwnTally,
    TallyMark,
    TallyState,
    TreeTally,
)
from .sources import own_counts

# Marks read at once: their units are recounted once per batch, so a bulk change's
# many marks on the same units cost one recount, not one per batch.
MARK_BATCH = 100_000
UNIT_BATCH = 500
ZERO = dict.fromkeys(COUNTERS, 0)


# Building


def build(period: Period) -> bool:
    """Count `period` in full unless it was built already. True when it built."""
    with transaction.atomic():
        _state, created = TallyState.objects.select_for_update().get_or_create(period=period)
        if not created:
            return False
        _rebuild(period)
    return True


def rebuild(period: Period) -> None:
    """Count `period` again in full (the `rebuild_tallies` command, and a period whose
    dates changed)."""
    with transaction.atomic():
        TallyState.objects.select_for_update().get_or_create(period=period)
        _rebuild(period)


def _rebuild(period: Period) -> None:
    OwnTally.objects.filter(period=period).delete()
    TreeTally.objects.filter(period=period).delete()
    own = own_counts(period)
    OwnTally.objects.bulk_create(
        (OwnTally(period=period, unit_id=u, bucket=b, **c) for (u, b), c in own.items()),
        batch_size=2000,
    )
    TreeTally.objects.bulk_create(
        (TreeTally(period=period, unit_id=u, bucket=b, **c) for (u, b), c in _tree_sums(period)),
        batch_size=2000,
    )


def _tree_sums(period: Period):
    """((unit id, bucket), sums) of the own rows over every unit's subtree: one grouped
    query per depth, on the ancestor's path prefix of each own row."""
    ids_by_path = dict(Unit.objects.exclude(path=None).values_list("path", "pk"))
    depth = max((tree.depth_of(p) for p in ids_by_path), default=0)
    sums = {c: Sum(c) for c in COUNTERS}
    for d in range(1, depth + 1):
        rows = (
            OwnTally.objects.filter(period=period)
            .annotate(prefix=Substr("unit__path", 1, d * tree.SEGMENT))
            .filter(unit__path__isnull=False)
            .order_by()
            .values("prefix", "bucket")
            .annotate(**sums)
        )
        for row in rows:
            prefix = row.pop("prefix")
            if len(prefix) != d * tree.SEGMENT or prefix not in ids_by_path:
                continue
            yield (ids_by_path[prefix], row.pop("bucket")), row


# Draining


def pending() -> bool:
    return TallyMark.objects.exists()


def drain(max_batches: int | None = None) -> int:
    """Apply the marks left by the triggers; the number of marks applied."""
    done = 0
    batches = 0
    while max_batches is None or batches < max_batches:
        marks = list(
            TallyMark.objects.order_by("pk").values_list("pk", "unit_id", "period_id", "path")[
                :MARK_BATCH
            ]
        )
        if not marks:
            break
        _apply(marks)
        done += len(marks)
        batches += 1
    return done


def _apply(marks) -> None:
    built = set(TallyState.objects.values_list("period_id", flat=True))
    units: dict[int, set[int]] = defaultdict(set)  # period -> units to recount
    everywhere: set[int] = set()  # units to recount in every period
    whole: set[int] = set()  # periods to count again in full
    paths: set[str] = set()
    for _pk, unit_id, period_id, path in marks:
        if path:
            paths.add(path)
        elif unit_id is None and period_id is not None:
            whole.add(period_id)
        elif unit_id is not None and period_id is None:
            everywhere.add(unit_id)
        elif unit_id is not None:
            units[period_id].add(unit_id)
    resum: set[int] = set()
    for path in paths:
        resum.update(tree.ancestor_ids(path))
        resum.add(int(path[-tree.SEGMENT :]))
    periods = Period.objects.filter(pk__in=built).order_by("pk")
    with transaction.atomic():
        for period in periods:
            # Lock the period first: drains and builds of a period take turns.
            TallyState.objects.select_for_update().get(period=period)
            if period.pk in whole:
                _rebuild(period)
                continue
            todo = sorted(units.get(period.pk, set()) | everywhere)
            for i in range(0, len(todo), UNIT_BATCH):
                _recount(period, todo[i : i + UNIT_BATCH])
            if resum:
                _resum(period, sorted(resum))
        ids = [m[0] for m in marks]
        for i in range(0, len(ids), 900):
            TallyMark.objects.filter(pk__in=ids[i : i + 900]).delete()


def _recount(period: Period, unit_ids: list[int]) -> None:
    """Recount the own rows of `unit_ids` and add the differences up the tree."""
    old = {
        (t.unit_id, t.bucket): t.counts()
        for t in OwnTally.objects.filter(period=period, unit_id__in=unit_ids)
    }
    new = own_counts(period, unit_ids)
    deltas: dict[tuple[int, str], dict[str, int]] = {}
    for key in set(old) | set(new):
        before, after = old.get(key, ZERO), new.get(key, {})
        delta = {c: after.get(c, 0) - before[c] for c in COUNTERS if after.get(c, 0) != before[c]}
        if delta:
            deltas[key] = delta
    if not deltas:
        return
    changed = {u for u, _b in deltas}
    OwnTally.objects.filter(period=period, unit_id__in=changed).delete()
    OwnTally.objects.bulk_create(
        OwnTally(period=period, unit_id=u, bucket=b, **c)
        for (u, b), c in new.items()
        if u in changed
    )
    paths = dict(Unit.objects.filter(pk__in=changed).values_list("pk", "path"))
    up: dict[tuple[int, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for (unit_id, bucket), delta in deltas.items():
        path = paths.get(unit_id)
        if not path:
            continue
        for target in [*tree.ancestor_ids(path), unit_id]:
            row = up[(target, bucket)]
            for c, d in delta.items():
                row[c] += d
    _add(period, up)


def _add(period: Period, up: dict) -> None:
    """Add each (unit, bucket)'s differences to its tree row, creating missing rows;
    units with the same differences share one UPDATE."""
    TreeTally.objects.bulk_create(
        (TreeTally(period=period, unit_id=u, bucket=b) for u, b in up),
        ignore_conflicts=True,
        batch_size=1000,
    )
    same: dict[tuple, list[int]] = defaultdict(list)
    for (unit_id, bucket), delta in up.items():
        items = tuple(sorted((c, d) for c, d in delta.items() if d))
        if items:
            same[(bucket, items)].append(unit_id)
    for (bucket, items), unit_ids in sorted(same.items()):
        for i in range(0, len(unit_ids), 900):
            TreeTally.objects.filter(
                period=period, bucket=bucket, unit_id__in=sorted(unit_ids[i : i + 900])
            ).update(**{c: F(c) + d for c, d in items})


def _resum(period: Period, unit_ids: list[int]) -> None:
    """Sum the tree rows of `unit_ids` again from the own rows of their subtrees."""
    sums = {c: Sum(c) for c in COUNTERS}
    for unit in Unit.objects.filter(pk__in=unit_ids).exclude(path=None).only("pk", "path"):
        low, high = tree.subtree_bounds(unit.path)
        rows = (
            OwnTally.objects.filter(period=period, unit__path__gte=low, unit__path__lt=high)
            .order_by()
            .values("bucket")
            .annotate(**sums)
        )
        TreeTally.objects.filter(period=period, unit=unit).delete()
        TreeTally.objects.bulk_create(
            TreeTally(period=period, unit=unit, bucket=row.pop("bucket"), **row) for row in rows
        )
    # Units that no longer exist lose nothing: their rows went with them.


# Reading


def ready(period: Period) -> None:
    """Make `period`'s tallies exact now: built, and every mark applied."""
    if not TallyState.objects.filter(period=period).exists():
        build(period)
    if pending():
        drain()


def _sum_rows(rows, category: str | None) -> dict[str, int]:
    out = dict(ZERO)
    for row in rows:
        bucket = row["bucket"]
        for c in UNIT_COUNTERS:
            out[c] += row[c] or 0
        if category is None or bucket == category:
            for c in PERSON_COUNTERS:
                out[c] += row[c] or 0
    return out


def _units_q(root: Unit, *, sector=None, area=None, kind=None) -> Q:
    q = root.subtree_q("unit__")
    if sector is not None:
        q &= Q(unit__sectors=sector)
    if area is not None:
        q &= Q(unit__areas=area)
    if kind:
        q &= Q(unit__kind=kind)
    return q


def figures(root: Unit, period: Period, *, category=None, sector=None, area=None, kind=None):
    """The figures of `root`'s subtree. Without a unit filter they are the root's tree
    rows (at most five rows read); with one, the sum of the matching units' own rows."""
    ready(period)
    if sector is None and area is None and not kind:
        rows = TreeTally.objects.filter(period=period, unit=root).values("bucket", *COUNTERS)
    else:
        rows = (
            OwnTally.objects.filter(_units_q(root, sector=sector, area=area, kind=kind))
            .filter(period=period)
            .order_by()
            .values("bucket")
            .annotate(**{c: Sum(c) for c in COUNTERS})
        )
    return _sum_rows(rows, category)


def child_figures(root: Unit, period: Period, *, category=None, sector=None, area=None, kind=None):
    """[(child unit, figures)] for each direct child of `root`, in name order. A child
    with nothing matching a unit filter is left out."""
    ready(period)
    children = list(
        Unit.objects.filter(parent=root)
        .order_by("name", "pk")
        .only("pk", "name", "path", "kind", "is_active")
    )
    by_unit: dict[int, list[dict]] = defaultdict(list)
    if sector is None and area is None and not kind:
        # By the children's ids: the (unit, period, bucket) unique index, no join.
        rows = TreeTally.objects.filter(
            period=period, unit_id__in=[c.pk for c in children]
        ).values_list("unit_id", "bucket", *COUNTERS)
        names = ("unit_id", "bucket", *COUNTERS)
        rows = (dict(zip(names, row, strict=True)) for row in rows)
        for row in rows:
            by_unit[row["unit_id"]].append(row)
        return [(c, _sum_rows(by_unit.get(c.pk, []), category)) for c in children]
    width = len(root.path) + tree.SEGMENT
    ids_by_path = {c.path: c.pk for c in children}
    rows = (
        OwnTally.objects.filter(_units_q(root, sector=sector, area=area, kind=kind))
        .filter(period=period)
        .exclude(unit=root)
        .annotate(prefix=Substr("unit__path", 1, width))
        .order_by()
        .values("prefix", "bucket")
        .annotate(**{c: Sum(c) for c in COUNTERS})
    )
    for row in rows:
        pk = ids_by_path.get(row.pop("prefix"))
        if pk is not None:
            by_unit[pk].append(row)
    return [(c, _sum_rows(by_unit[c.pk], category)) for c in children if c.pk in by_unit]


def full_recount(root: Unit, period: Period) -> dict[str, int]:
    """The figures of `root`'s subtree counted from the source tables (for tests and
    the benchmark): the own counts of every unit in the subtree, summed."""
    ids = list(Unit.objects.filter(root.subtree_q()).values_list("pk", flat=True))
    out = dict(ZERO)
    for i in range(0, len(ids), UNIT_BATCH):
        for counts in own_counts(period, ids[i : i + UNIT_BATCH]).values():
            for c, n in counts.items():
                out[c] += n
    return out


def vendor() -> str:
    return connection.vendor
