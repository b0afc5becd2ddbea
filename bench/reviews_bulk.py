"""A province-wide pass: about 150,000 proposed reviews decided in one call of
reviews.services.decide_many, against a plain UPDATE of the same rows.

In a period of its own, each person of the province gets one review with the
self-review, the meeting's votes and a proposed level (at the party cell for a party
member, else at the workplace), and every unit its collective review, decided. The
decided levels are chosen within every rule (the demo's composer: quota per group,
ceilings, order, staff share). Then, in turn, each timed and reset in between:
- decide_many(all decisions, by the organisation board's officer): access to each
  review, the quota groups' locks, every check of checks.evaluate on the state after
  the whole batch, the updates and one audit entry per decision;
- a plain UPDATE of the same rows to the same levels and status (Django's
  queryset.update, per level, 900 ids at a time).
Reported: the median of the runs of each, and the ratio. Everything runs inside one
transaction that is rolled back. BENCH_BULK_RUNS sets the runs (default 3) and
BENCH_BULK_PROFILE=1 writes a cProfile of one decide_many to var/bench/.
Run by run.py with BENCH_TARGET set; prints its figures as JSON on the last line.
"""

import os
import sys
import time
from collections import defaultdict
from random import Random

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from common import VAR, emit, log, p50, setup_django
from reviews_data import bench_decider, bench_period, reviews_of, write

RUNS = int(os.environ.get("BENCH_BULK_RUNS", "3"))
PROFILE = os.environ.get("BENCH_BULK_PROFILE") == "1"
CHUNK = 900


def timed(fn) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


def measure() -> dict:
    from django.db import transaction
    from django.db.models import Max

    from neuguong.core.models import AuditEntry
    from neuguong.reviews import services
    from neuguong.reviews.checks import Decision
    from neuguong.reviews.models import QuotaLock, Review, ReviewStatus

    with transaction.atomic():
        period, user = bench_period(), bench_decider()
        start = time.perf_counter()
        world, items = reviews_of(period, None, rng=Random(5), places="one", decided=1.0)
        for item in items:
            item.via_service = item.person is not None  # people written "proposed"
        counts = write(period, world, items, rng=Random(6), decider=user)
        people = [i for i in items if i.person is not None and i.decided]
        log(
            f"  {len(people):,} proposed reviews, {counts['review']:,} reviews in all, "
            f"written in {time.perf_counter() - start:.0f} s"
        )
        decisions = [
            Decision(Review(pk=i.pk, period=period, quota_key=i.quota_key), i.level) for i in people
        ]
        by_level = defaultdict(list)
        for item in people:
            by_level[item.level].append(item.pk)
        groups = len({i.quota_key for i in people})
        units = len({i.unit.pk for i in people})
        audit = AuditEntry.objects.aggregate(n=Max("pk"))["n"] or 0
        ids = [i.pk for i in people]

        def reset():
            for n in range(0, len(ids), CHUNK):
                Review.objects.filter(pk__in=ids[n : n + CHUNK]).update(
                    status=ReviewStatus.PROPOSED,
                    decided_level=None,
                    not_rated=False,
                    decided_score=None,
                    decided_by=None,
                    decided_at=None,
                    decision_note="",
                )
            AuditEntry.objects.filter(pk__gt=audit).delete()
            QuotaLock.objects.filter(period=period).delete()

        def through_service():
            services.decide_many(decisions, by=user)

        def plain_update():
            for level, pks in by_level.items():
                for n in range(0, len(pks), CHUNK):
                    Review.objects.filter(pk__in=pks[n : n + CHUNK]).update(
                        decided_level=level,
                        not_rated=level is None,
                        status=ReviewStatus.DECIDED,
                    )

        service, plain = [], []
        for run in range(RUNS):
            reset()
            service.append(timed(through_service))
            decided = Review.objects.filter(
                period=period, person__isnull=False, status=ReviewStatus.DECIDED
            ).count()
            audited = AuditEntry.objects.filter(pk__gt=audit, action="review.decide").count()
            assert decided == audited == len(ids), (decided, audited, len(ids))
            reset()
            plain.append(timed(plain_update))
            log(
                f"  run {run + 1}: decide_many {service[-1][0]:.1f} s "
                f"(cpu {service[-1][1]:.1f} s), plain UPDATE {plain[-1][0]:.2f} s "
                f"(cpu {plain[-1][1]:.2f} s)"
            )
        if PROFILE:
            import cProfile

            reset()
            path = VAR / "reviews_bulk.prof"
            cProfile.runctx("through_service()", globals(), locals(), str(path))
            log(f"  profile of one decide_many written to {path}")
        transaction.set_rollback(True)
    wall_s, cpu_s = p50([w for w, _ in service]), p50([c for _, c in service])
    wall_p, cpu_p = p50([w for w, _ in plain]), p50([c for _, c in plain])
    return {
        "title": "A province-wide pass: decide_many against a plain UPDATE of the same rows",
        "columns": ["what", "rows", "median (s)", "CPU (s)", "ratio to plain UPDATE"],
        "rows": [
            [
                "services.decide_many, every rule checked, audit written",
                f"{len(decisions):,}",
                round(wall_s, 2),
                round(cpu_s, 2),
                f"{wall_s / wall_p:.1f}× (CPU {cpu_s / cpu_p:.1f}×)",
            ],
            [
                "plain UPDATE (queryset.update per level, 900 ids a statement)",
                f"{len(decisions):,}",
                round(wall_p, 2),
                round(cpu_p, 2),
                "1×",
            ],
        ],
        "notes": [
            f"{len(decisions):,} people (one review each: the party cell of a member, else "
            f"the workplace) in {units:,} units and {groups:,} quota groups; the collectives "
            "decided beforehand. Median of "
            f"{RUNS} runs of each, alternating, the rows reset to proposed (and the audit "
            "entries and quota locks removed) before each; DEBUG off; inside a transaction "
            "rolled back afterwards. Runs (s): decide_many "
            + ", ".join(f"{w:.1f}" for w, _ in service)
            + "; plain UPDATE "
            + ", ".join(f"{w:.2f}" for w, _ in plain)
            + ".",
            "Goal: decide_many ≤ 10× the plain UPDATE.",
        ],
    }


def main() -> None:
    setup_django()
    emit(measure())


if __name__ == "__main__":
    main()
