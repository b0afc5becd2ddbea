"""Deciding one level with every rule checked: reviews.services.decide_level in a unit of
about 2,000 people, and in a unit of about 150 for comparison.

The workplace closest to 2,000 people (at least 2,000; one is filled up to that size if
the province has none) and the one closest to 150 get, in a period of their own: an
approved plan per person (so each review lists its key tasks), a review of each person
at the workplace and at their party cell with the self-review, the meeting's votes and
a proposed level; the collectives decided; all party-cell reviews and about 30% of the
workplace reviews decided (levels within every rule); a counting discipline record on 5
people and an open pending matter on 5 others. Then each run decides a fresh proposed
review of each unit in turn (HTT or HTNV, as proposed): decide_level reads the review,
checks access, locks the quota group and runs every check of checks.evaluate (own
rules, quota, ceilings, order, staff share, pending matters), writes the decision and
its audit entry. Also timed: checks.explain, what the decide page shows.
Everything runs inside one transaction that is rolled back.
Run by run.py with BENCH_TARGET set; prints its figures as JSON on the last line.
"""

import os
import sys
from datetime import date
from random import Random

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from code_status import counted
from common import emit, interleaved, log, ms, p50, p95, setup_django
from plans_data import people_rows, plans_for
from reviews_data import bench_decider, bench_period, reviews_of, write

RUNS = max(30, int(os.environ.get("BENCH_RUNS", "30")))
SIZES = (2000, 150)
MARKED = 5  # people with a discipline record, and with a pending matter


def workplace_near(size: int, *, at_least: bool):
    from django.db.models import Count

    from neuguong.organisations.models import Person, Unit

    sizes = dict(
        Person.objects.filter(is_active=True, workplace__isnull=False)
        .values_list("workplace")
        .annotate(n=Count("pk"))
        .values_list("workplace", "n")
    )
    fit = {pk: n for pk, n in sizes.items() if n >= size} if at_least else sizes
    if not fit:
        return fill_up(max(sizes, key=sizes.get), sizes, size)
    pk = min(fit, key=lambda pk: (abs(fit[pk] - size), pk))
    return Unit.objects.get(pk=pk), fit[pk]


def fill_up(pk: int, sizes: dict, size: int):
    """The largest workplace, with copies of its staff added until it has `size`."""
    from neuguong.organisations.models import Person, Unit

    unit = Unit.objects.get(pk=pk)
    staff = list(Person.objects.filter(workplace=unit, is_active=True).order_by("pk"))
    extra = []
    for n in range(size - sizes[pk]):
        model = staff[n % len(staff)]
        model.pk, model.user = None, None
        model.code = f"BENCH{n:06d}"
        extra.append(Person(**{f.attname: getattr(model, f.attname) for f in Person._meta.fields}))
    Person.objects.bulk_create(extra)
    log(f"  filled {unit.name} up to {size} people ({len(extra)} added)")
    return unit, size


def prepare(unit, period, rng, user):
    """The unit's reviews (see the module's docstring); returns the probes: proposed
    HTT/HTNV workplace reviews of people with no discipline or pending matter."""
    from neuguong.commitments.models import PlanStatus
    from neuguong.organisations.models import Person
    from neuguong.reviews.models import Discipline, PendingMatter, Review, ReviewStatus

    staff = Person.objects.filter(is_active=True, workplace=unit)
    plans_for(people_rows(staff), period, rng=rng, status=PlanStatus.APPROVED)
    people = set(staff.values_list("pk", flat=True))
    world, items = reviews_of(period, people, rng=rng, places="both", decided=0.3)
    here = [
        i for i in items if i.person and i.unit.pk == unit.pk and not i.is_leader and not i.decided
    ]
    marked = rng.sample(sorted({i.person.pk for i in here}), 2 * MARKED)
    disciplined, pending = set(marked[:MARKED]), set(marked[MARKED:])
    for item in items:
        if item.person and item.person.pk in disciplined:
            item.disqualified = True
        if item.person and item.person.pk in pending:
            item.status = ReviewStatus.PROPOSED
    write(period, world, items, rng=rng, decider=user)
    Discipline.objects.bulk_create(
        Discipline(
            person_id=pk,
            kind="reprimand",
            decided_on=date(2027, 5, 12),
            authority="Ủy ban Kiểm tra Tỉnh ủy",
        )
        for pk in sorted(disciplined)
    )
    PendingMatter.objects.bulk_create(
        PendingMatter(person_id=pk, period=period, title="Đơn phản ánh đang xác minh")
        for pk in sorted(pending)
    )
    probes = [
        i.pk
        for i in here
        if i.person.pk not in disciplined | pending and i.merit in (2, 3) and not i.not_rated
    ]
    rng.shuffle(probes)
    related = ("period", "person", "person__management_unit", "unit", "rule_set")
    found = Review.objects.select_related(*related).in_bulk(probes)
    return [found[pk] for pk in probes], len(items)


def measure() -> dict:
    from django.db import transaction

    from neuguong.reviews import services
    from neuguong.reviews.checks import explain
    from neuguong.reviews.models import Review

    rows, cases = [], []
    with transaction.atomic():
        period, user = bench_period(), bench_decider()
        for size in SIZES:
            unit, n = workplace_near(size, at_least=size == SIZES[0])
            probes, written = prepare(unit, period, Random(size), user)
            log(f"  {unit.name}: {n} people, {written} reviews, {len(probes)} to decide")
            cases.append((unit, n, iter(probes)))

        def deciding(probes):
            def run():
                review = next(probes)
                services.decide_level(review, by=user, level=review.proposed_level)

            return run

        big = Review.objects.filter(period=period, unit=cases[0][0], status="proposed")
        related = ("period", "person", "person__management_unit", "unit", "rule_set")
        shown = list(big.select_related(*related)[:3])
        fns = [deciding(probes) for _unit, _n, probes in cases]
        fns.append(lambda: explain(shown[0]))
        queries = [counted(fn) for fn in fns]
        times = interleaved(*fns, runs=RUNS)
        labels = [f"decide_level in {unit.name} ({n:,} people)" for unit, n, _p in cases]
        labels.append(f"explain() of a review in {cases[0][0].name} (the decide page's checks)")
        for label, q, t in zip(labels, queries, times, strict=True):
            log(f"  {label}: p50 {ms(p50(t))} ms, p95 {ms(p95(t))} ms, {q} queries")
            rows.append([label, ms(p50(t)), ms(p95(t)), q])
        decided = Review.objects.filter(period=period, status="decided").count()
        transaction.set_rollback(True)
    return {
        "title": "Deciding one level with every rule checked (reviews.services.decide_level)",
        "columns": ["what", "p50 (ms)", "p95 (ms)", "queries"],
        "rows": rows,
        "notes": [
            f"{RUNS} runs each, interleaved, after 2 warm-up runs; DEBUG off; each run decides "
            "a fresh proposed workplace review (HTT or HTNV, as proposed) as the organisation "
            "board's officer: read, access, quota-group lock, every check, the update and the "
            f"audit entry. {decided:,} reviews decided in the period at the end.",
            "Each unit: an approved plan per person (so the reviews list key tasks), a review "
            "at the workplace and at the party cell, collectives decided, the party reviews "
            f"and ~30% of the workplace reviews decided within every rule, {MARKED} people "
            f"with a discipline record and {MARKED} with an open pending matter; inside a "
            "transaction rolled back afterwards.",
            "Goal: p50 < 50 ms.",
        ],
    }


def main() -> None:
    setup_django()
    emit(measure())


if __name__ == "__main__":
    main()
