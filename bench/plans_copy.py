"""Copy-paste detection at submit: commitments.services.flag_copies for a plan of a unit
of about 2,000 people who all have submitted plans (with their TaskSignature rows).

The largest workplace with at least 2,000 people and no plans yet is picked; each of its
people gets a submitted plan (2–4 key tasks from the demo bank, signed as submit_plan
signs them). Then flag_copies runs for plans of that unit in turn, each with its tasks
already loaded with their solutions, as submit_plan passes them: p50, p95, the number of
queries and how many flags it raised. Everything runs inside one transaction that is
rolled back, so the seeded database is left as it was.
Run by run.py with BENCH_TARGET set; prints its figures as JSON on the last line.
"""

import os
import sys
import time
from random import Random

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from code_status import counted
from common import emit, log, ms, p50, p95, setup_django
from plans_data import people_rows, plans_for

RUNS = int(os.environ.get("BENCH_RUNS", "20"))
SIZE = 2000


def big_unit(period):
    from django.db.models import Count

    from neuguong.commitments.models import CommitmentPlan
    from neuguong.organisations.models import Person, Unit

    planned = CommitmentPlan.objects.filter(period=period, workplace__isnull=False)
    planned = planned.values("workplace")
    sizes = (
        Person.objects.filter(is_active=True, workplace__isnull=False)
        .exclude(workplace__in=planned)
        .values("workplace")
        .annotate(n=Count("pk"))
        .filter(n__gte=SIZE)
        .order_by("n")
        .values_list("workplace", "n")
    )
    pk, n = sizes.first() or (None, 0)
    if pk is None:
        raise SystemExit(f"no workplace of {SIZE}+ people without plans")
    return Unit.objects.get(pk=pk), n


def measure() -> dict:
    from django.db import transaction

    from neuguong.commitments import services
    from neuguong.commitments.models import CommitmentPlan, PlanStatus, TaskSignature
    from neuguong.organisations.models import Person
    from neuguong.regulations.models import Period

    period = Period.objects.current()
    with transaction.atomic():
        unit, n = big_unit(period)
        start = time.perf_counter()
        drafts = plans_for(
            people_rows(Person.objects.filter(is_active=True, workplace=unit)),
            period,
            rng=Random(11),
            status=PlanStatus.SUBMITTED,
        )
        signatures = TaskSignature.objects.filter(period=period, unit=unit).count()
        log(
            f"  {unit.name}: {n} people, {len(drafts)} submitted plans, {signatures} "
            f"signatures, written in {time.perf_counter() - start:.1f} s"
        )
        probes = [
            CommitmentPlan.objects.select_related("period").get(pk=d.pk)
            for d in Random(3).sample(drafts, RUNS + 2)
        ]
        tasks = {p.pk: list(p.tasks.prefetch_related("solutions")) for p in probes}
        flags, times = [], []
        for n_run, plan in enumerate(probes):
            begin = time.perf_counter()
            found = services.flag_copies(plan, tasks[plan.pk])
            elapsed = time.perf_counter() - begin
            if n_run >= 2:  # two warm-up runs
                times.append(elapsed)
                flags.append(len(found))
        queries = counted(lambda: services.flag_copies(probes[0], tasks[probes[0].pk]))
        task_counts = [len(tasks[p.pk]) for p in probes[2:]]
        transaction.set_rollback(True)
    log(f"  flag_copies: p50 {ms(p50(times))} ms, p95 {ms(p95(times))} ms, {queries} queries")
    return {
        "title": "Copy-paste detection at submit: services.flag_copies, a unit of 2,000 people",
        "columns": ["what", "p50 (ms)", "p95 (ms)", "queries", "flags raised (median)"],
        "rows": [
            [
                f"flag_copies for a plan of {unit.name} ({n:,} people, all submitted)",
                ms(p50(times)),
                ms(p95(times)),
                queries,
                p50(flags),
            ]
        ],
        "notes": [
            f"{len(drafts):,} submitted plans with {signatures:,} TaskSignature rows in the "
            "unit (8 bands of each task's title and 8 of its whole text, shared bands counted "
            f"once); each probe plan has {min(task_counts)}–"
            f"{max(task_counts)} key tasks. {RUNS} plans in turn after 2 warm-up runs, each "
            "with its tasks and solutions loaded, as submit_plan passes them; the time "
            "includes deleting and writing the plan's own flags and signatures. DEBUG off.",
            "Goal: p50 < 50 ms.",
        ],
    }


def main() -> None:
    setup_django()
    emit(measure())


if __name__ == "__main__":
    main()
