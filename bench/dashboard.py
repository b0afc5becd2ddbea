"""The dashboards (issue 6): the kept tallies against the best hand-written full scan, and
what keeping them costs.

(a) Reading: tally.figures(root, period), the root dashboard's figures, and
    tally.child_figures(root, period), the per-child table, after the period's tallies
    are built and no mark is pending; beside each, the same figures by one hand-written
    SQL statement over the source tables (bench/dashboard_sql.py), checked equal first.
(b) Building: tally.rebuild(period), the full count of one period.
(c) One change until the dashboard shows it: approving a submitted plan
    (commitments.services.approve_plan) and deciding a proposed review
    (reviews.services.decide_level), each followed by what the middleware does after a
    request that wrote (tally.pending(), tally.drain(max_batches=4)); the figures are
    checked to have moved by one each time.
(d) A bulk change: every personal review of the period not yet decided (of the whole
    province; on the national data, of the largest province) decided HTT by one
    queryset update, then drained; beside it the same update with the triggers dropped,
    and the rebuild of (b).
(c) and (d) run inside a transaction rolled back afterwards. On the national data set the
period's plans, reviews, codes and discipline are written first, once
(bench/dashboard_data.py).
Run by run.py with BENCH_TARGET set; prints its figures as JSON on the last line.
"""

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from code_status import counted
from common import emit, log, ms, p50, p95, setup_django, target_from_env

RUNS = int(os.environ.get("BENCH_RUNS", "20"))
# Fewer of the slow measurements on the national data (its drains and bulk updates take
# seconds to minutes each).
WRITES = {"sqlite": max(20, RUNS), "postgres": 10}
BULK_RUNS = {
    "sqlite": int(os.environ.get("BENCH_BULK_RUNS", "3")),
    "postgres": int(os.environ.get("BENCH_BULK_RUNS", "1")),
}
PERIOD = "Năm 2026"
GOALS = {"sqlite": 10, "postgres": 50}  # ms, p50 of the root figures and the table


def alternate(fast, slow, *, runs: int, slow_runs: int, warmup: int = 2):
    """Time `fast` functions `runs` times and `slow` ones `slow_runs` times, in turn (the
    slow ones spread evenly), after `warmup` runs of each."""
    for _ in range(warmup):
        for fn in (*fast, *slow):
            fn()
    every = max(1, runs // max(1, slow_runs))
    out_fast, out_slow = [[] for _ in fast], [[] for _ in slow]
    for i in range(runs):
        groups = [(fast, out_fast)]
        if i % every == 0 and len(out_slow[0] if slow else []) < slow_runs:
            groups.append((slow, out_slow))
        for fns, outs in groups:
            for fn, times in zip(fns, outs, strict=True):
                start = time.perf_counter()
                fn()
                times.append(time.perf_counter() - start)
    return out_fast, out_slow


def percents() -> dict[int, int]:
    from neuguong.dashboards.sources import _percents
    from neuguong.reviews.models import RuleSet

    return _percents(RuleSet.objects.values_list("pk", flat=True))


def analyze(tables) -> None:
    """PostgreSQL: the planner's statistics of freshly written tables (autovacuum does
    this a little later; the benchmark does not wait for it)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"ANALYZE {table}")


def build(period, runs: int) -> list[float]:
    from neuguong.dashboards import tally

    times = []
    for _ in range(runs):
        start = time.perf_counter()
        tally.rebuild(period)
        times.append(time.perf_counter() - start)
        log(f"  rebuild: {times[-1]:.1f} s")
    tally.drain()
    analyze(["dashboards_owntally", "dashboards_treetally", "dashboards_tallymark"])
    return times


def reading(root, period, target) -> list[list]:
    from dashboard_sql import HandSQL
    from django.db import connection

    from neuguong.dashboards import tally

    hand = HandSQL(connection, root, period, percents())
    assert not tally.pending()
    figures = tally.figures(root, period)
    assert hand.figures() == figures, "the hand SQL disagrees with the tallies (root)"
    children = tally.child_figures(root, period)
    by_path = hand.child_figures()
    for child, got in children:
        want = by_path.get(child.path, dict.fromkeys(got, 0))
        assert want == got, f"the hand SQL disagrees with the tallies ({child})"
    fast = [lambda: tally.figures(root, period), lambda: tally.child_figures(root, period)]
    slow = [hand.figures, hand.child_figures]
    queries = [counted(fn) for fn in fast]
    slow_runs = RUNS if target.engine == "sqlite" else max(3, RUNS // 4)
    (t_root, t_child), (h_root, h_child) = alternate(fast, slow, runs=RUNS, slow_runs=slow_runs)
    rows = []
    for label, t, h, q in [
        (f"root figures: tally.figures({root.name})", t_root, h_root, queries[0]),
        (
            f"per-child table: tally.child_figures ({len(children)} children)",
            t_child,
            h_child,
            queries[1],
        ),
    ]:
        log(f"  {label}: p50 {ms(p50(t))} ms (hand SQL {ms(p50(h))} ms), {q} queries")
        rows.append(
            [label, ms(p50(t)), ms(p95(t)), q, ms(p50(h)), ms(p95(h)), round(p50(h) / p50(t))]
        )
    return rows, figures, slow_runs


def approver(root):
    from django.contrib.auth import get_user_model

    from neuguong.core.access import Role
    from neuguong.organisations.factories import give_role

    user, created = get_user_model().objects.get_or_create(username="bench-approver")
    if created:
        give_role(user, Role.SECRETARY, root)
    return user


def visible(counter: str, root, period):
    """A function returning how much `counter` moved at the root since the last call."""
    from neuguong.dashboards import tally

    last = [tally.figures(root, period)[counter]]

    def moved() -> int:
        now = tally.figures(root, period)[counter]
        delta, last[0] = now - last[0], now
        return delta

    return moved


def changes(root, period, writes: int) -> list[list]:
    """(c): one change at a time, each followed by the middleware's drain."""
    from django.db.models import Exists, OuterRef
    from reviews_data import bench_decider

    from neuguong.commitments import services as plan_services
    from neuguong.commitments.models import CommitmentPlan, PlanStatus
    from neuguong.core.errors import DomainError
    from neuguong.dashboards import tally
    from neuguong.dashboards.middleware import BATCHES_PER_REQUEST
    from neuguong.dashboards.models import TallyMark
    from neuguong.reviews import services as review_services
    from neuguong.reviews.models import Review, ReviewStatus, Subject

    user, decider = approver(root), bench_decider()
    plans = list(
        CommitmentPlan.objects.filter(
            period=period, status=PlanStatus.SUBMITTED, person__isnull=False, amends=None
        )
        # Not an amendment of an approved version (approving it supersedes that one).
        .exclude(
            Exists(
                CommitmentPlan.objects.filter(
                    period=period, status=PlanStatus.APPROVED, person=OuterRef("person")
                )
            )
        )
        .select_related("period", "unit", "person")
        .order_by("pk")[: writes + 2]
    )
    proposed = (
        Review.objects.filter(period=period, subject=Subject.PERSON, status=ReviewStatus.PROPOSED)
        .exclude(proposed_level=None)
        .select_related("period", "person", "person__management_unit", "unit", "rule_set")
        .order_by("pk")
    )

    def approve(plan):
        plan_services.approve_plan(plan, by=user, version=None)
        return True

    def decide(review):
        try:
            review_services.decide_level(review, by=decider, level=review.proposed_level)
        except DomainError:
            return False  # refused by a rule: not a change, not timed
        return True

    rows = []
    cases = [
        ("approve a plan (commitments.services.approve_plan)", approve, plans, "plan_approved"),
        (
            "decide a review (reviews.services.decide_level)",
            decide,
            list(proposed[: writes * 4]),
            "review_done",
        ),
    ]
    for label, write, items, counter in cases:
        moved = visible(counter, root, period)
        took, drains, marks, refused = [], [], [], 0
        for item in items:
            if len(took) >= writes + 2:
                break
            start = time.perf_counter()
            if not write(item):
                refused += 1
                continue
            wrote = time.perf_counter()
            marks.append(TallyMark.objects.count())
            drained = time.perf_counter()
            if tally.pending():
                tally.drain(max_batches=BATCHES_PER_REQUEST)
            end = time.perf_counter()
            took.append(wrote - start)
            drains.append(end - drained)
            assert moved() == 1, f"{label}: the figure did not move by one"
        took, drains, marks = took[2:], drains[2:], marks[2:]  # warm-up
        if not took:
            log(f"  {label}: nothing to time ({refused} refused)")
            continue
        total = [w + d for w, d in zip(took, drains, strict=True)]
        log(f"  {label}: write {ms(p50(took))} ms + drain {ms(p50(drains))} ms")
        note = f"{len(took)} changes" + (f", {refused} refused by a rule" if refused else "")
        rows.append(
            [
                f"{label}: {note}",
                ms(p50(took)),
                ms(p50(drains)),
                ms(p50(total)),
                ms(p95(total)),
                round(p50(marks)),
            ]
        )
    return rows


def bulk_scope(root):
    """The unit whose reviews the bulk change decides: the root on the province, the
    child with the most people on the national data."""
    from django.db import connection
    from django.db.models import Count

    from neuguong.organisations.models import Person, Unit
    from neuguong.organisations.tree import SEGMENT

    if connection.vendor != "postgresql":
        return root
    width = len(root.path) + SEGMENT
    children = {u.path: u for u in Unit.objects.filter(parent=root)}
    from django.db.models.functions import Substr

    sizes = (
        Person.objects.filter(is_active=True, party_cell__path__startswith=root.path)
        .annotate(prefix=Substr("party_cell__path", 1, width))
        .values("prefix")
        .annotate(n=Count("pk"))
        .order_by("-n")
    )
    for row in sizes:
        if row["prefix"] in children:
            return children[row["prefix"]]
    return root


def bulk(root, period, rebuild_times, runs: int) -> tuple[list[list], str]:
    """(d): one queryset update of many reviews, drained; and without the triggers."""
    from django.db import connection, transaction

    from neuguong.dashboards import tally, triggers
    from neuguong.dashboards.models import TallyMark
    from neuguong.organisations.demo.load import without_tally_triggers
    from neuguong.reviews.models import Review, ReviewStatus, Subject

    unit = bulk_scope(root)
    todo = Review.objects.filter(
        unit.subtree_q("unit__"), period=period, subject=Subject.PERSON
    ).exclude(status=ReviewStatus.DECIDED)
    done_before = tally.figures(root, period)["review_done"]

    def decide_all():
        ids = list(todo.values_list("pk", flat=True))
        start = time.perf_counter()
        for i in range(0, len(ids), 900):
            Review.objects.filter(pk__in=ids[i : i + 900]).update(
                status=ReviewStatus.DECIDED, decided_level=2, not_rated=False
            )
        return len(ids), time.perf_counter() - start

    timed = {"update": [], "drain": [], "plain": [], "marks": []}
    rows_changed = 0
    for _ in range(runs):
        with transaction.atomic():
            rows_changed, took = decide_all()
            timed["update"].append(took)
            timed["marks"].append(TallyMark.objects.count())
            start = time.perf_counter()
            tally.drain()
            timed["drain"].append(time.perf_counter() - start)
            after = tally.figures(root, period)["review_done"]
            assert after == done_before + rows_changed, (after, done_before, rows_changed)
            transaction.set_rollback(True)
        with transaction.atomic():
            with without_tally_triggers():
                _n, took = decide_all()
            timed["plain"].append(took)
            transaction.set_rollback(True)
        log(
            f"  bulk: {rows_changed:,} reviews, update {timed['update'][-1]:.2f} s, "
            f"{timed['marks'][-1]:,} marks, drain {timed['drain'][-1]:.2f} s, "
            f"without triggers {timed['plain'][-1]:.2f} s"
        )
    assert triggers.installed(connection) == triggers.expected(connection.vendor)
    med = {k: p50(v) for k, v in timed.items()}
    rows = [
        [
            f"{rows_changed:,} reviews of {unit.name} decided by one queryset update "
            f"(900 ids a statement), then tally.drain()",
            round(med["update"], 2),
            round(med["plain"], 2),
            f"{round(med['marks']):,}",
            round(med["drain"], 2),
            round(med["update"] + med["drain"], 2),
            round(p50(rebuild_times), 1),
        ]
    ]
    return rows, unit.name


def describe(root, period) -> str:
    from neuguong.commitments.models import CommitmentPlan
    from neuguong.dashboards.models import OwnTally, TreeTally
    from neuguong.organisations.models import Person, Unit
    from neuguong.reviews.models import Review

    return (
        f"{Unit.objects.count():,} units, {Person.objects.count():,} people; {period}: "
        f"{CommitmentPlan.objects.filter(period=period).count():,} plan versions, "
        f"{Review.objects.filter(period=period).count():,} reviews; "
        f"{OwnTally.objects.filter(period=period).count():,} own and "
        f"{TreeTally.objects.filter(period=period).count():,} tree tally rows."
    )


def measure(target) -> list[dict]:
    on = target.label
    from django.db import transaction

    from neuguong.organisations.models import Unit
    from neuguong.regulations.models import Period

    generated = None
    if target.engine == "postgres":
        import dashboard_data

        generated = dashboard_data.ensure(log)
    period = Period.objects.get(name=PERIOD)
    root = Unit.objects.get(parent=None)
    writes, bulk_runs = WRITES[target.engine], BULK_RUNS[target.engine]
    rebuild_times = build(period, bulk_runs)
    data = describe(root, period)
    log(f"  {data}")
    read_rows, figures, slow_runs = reading(root, period, target)
    with transaction.atomic():  # nothing written below stays
        change_rows = changes(root, period, writes)
        bulk_rows, bulk_unit = bulk(root, period, rebuild_times, bulk_runs)
        transaction.set_rollback(True)
    goal = GOALS[target.engine]
    notes = [
        data,
        f"Root figures: {figures['units']:,} units, {figures['people']:,} people, "
        f"{figures['plan_registered']:,} plans registered, {figures['review_done']:,} "
        f"reviews decided, {figures['code_published']:,} codes published, "
        f"{figures['quota_groups']:,} quota groups, "
        f"{figures['discipline_people']:,} people disciplined.",
        f"Tally: {RUNS} runs each after 2 warm-up runs; hand SQL: {slow_runs} runs spread "
        "among them; DEBUG off. The tally reads include ready() (is the period built? any "
        "mark pending?). The hand SQL is one statement per read, its figures asserted "
        "equal to the tally's (root and every child) before timing.",
        f"Goal: p50 ≤ {goal} ms for the root figures and for the table.",
    ]
    if generated:
        notes.append(
            "The period's programme was written for this run (bench/dashboard_data.py): "
            + ", ".join(f"{k} {v} s" for k, v in generated.items())
            + "."
        )
    results = [
        {
            "title": f"Dashboards (issue 6): kept tallies against a full scan, on {on}",
            "columns": [
                "what",
                "tally p50 (ms)",
                "tally p95 (ms)",
                "queries",
                "hand SQL p50 (ms)",
                "hand SQL p95 (ms)",
                "hand SQL / tally",
            ],
            "rows": read_rows,
            "notes": notes,
        },
        {
            "title": f"Dashboards (issue 6): keeping the tallies, on {on}",
            "columns": [
                "change",
                "write p50 (ms)",
                "drain p50 (ms)",
                "write + drain p50 (ms)",
                "write + drain p95 (ms)",
                "marks per change",
            ],
            "rows": change_rows,
            "notes": [
                "Each change is committed by its service (a savepoint of the benchmark's "
                "transaction, rolled back at the end), then pending() and "
                "drain(max_batches=4), as TallyDrainMiddleware does after a request that "
                "wrote; the figure at the root is checked to have moved by one after each. "
                "The first 2 changes are warm-up.",
                "Goal: a change visible in < 1 s.",
            ],
        },
        {
            "title": f"Dashboards (issue 6): a bulk change and a full build, on {on}",
            "columns": [
                "bulk change",
                "update (s)",
                "update without triggers (s)",
                "marks",
                "drain (s)",
                "update + drain (s)",
                f"tally.rebuild({PERIOD}) (s)",
            ],
            "rows": bulk_rows,
            "notes": [
                f"Median of {bulk_runs} runs, each in a savepoint rolled back; the update "
                "without triggers drops them in its savepoint (they come back with the "
                f"rollback). rebuild: median of {len(rebuild_times)} full builds of the "
                f"period ({', '.join(f'{t:.1f}' for t in rebuild_times)} s), committed. "
                f"The bulk change covers {bulk_unit}.",
            ],
        },
    ]
    return results


def main() -> None:
    setup_django()
    results = measure(target_from_env())
    emit(results[0] | {"more": results[1:]})


if __name__ == "__main__":
    main()
