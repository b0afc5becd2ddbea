"""A secretary's list of ~500 people with their plan status: the page commitments:people
(/plans/people/?unit=…&period=…) through Django's test client, signed in as a secretary
of the party cell (Role.SECRETARY on it), as code_status.py measures its pages.

The cell closest to 500 members is picked, and a cell of about 50 for comparison; their
members who have no plan this period get one in the demo's mix of states (drafts,
waiting, returned, approved). Everything runs inside one transaction that is rolled back,
so the seeded database is left as it was. Reported: p50 and p95 of the first page and the
number of queries for both cells (the goal: the same number whatever the size).
Run by run.py with BENCH_TARGET set; prints its figures as JSON on the last line.
"""

import os
import sys
from random import Random

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from code_status import counted, plain_static_files
from common import emit, interleaved, log, ms, p50, p95, setup_django
from plans_data import people_rows, plans_for

RUNS = int(os.environ.get("BENCH_RUNS", "20"))
SIZES = (500, 50)


def cells_near(sizes) -> list:
    from django.db.models import Count

    from neuguong.organisations.models import Person, Unit, UnitKind

    counts = dict(
        Person.objects.filter(is_active=True, party_cell__isnull=False)
        .values_list("party_cell")
        .annotate(n=Count("pk"))
        .values_list("party_cell", "n")
    )
    cells = Unit.objects.filter(kind=UnitKind.PARTY_CELL, is_active=True, pk__in=counts)
    ids = list(cells.values_list("pk", flat=True))
    return [
        Unit.objects.get(pk=min(ids, key=lambda pk, size=size: abs(counts[pk] - size)))
        for size in sizes
    ]


def secretary_of(cell):
    from django.contrib.auth import get_user_model

    from neuguong.core.access import Role
    from neuguong.organisations.factories import give_role

    user = get_user_model().objects.create(username=f"bench-secretary-{cell.pk}")
    give_role(user, Role.SECRETARY, cell)
    return user


def measure() -> dict:
    from django.db import transaction
    from django.test import Client

    from neuguong.commitments.models import CommitmentPlan
    from neuguong.organisations.models import Person
    from neuguong.regulations.models import Period

    period = Period.objects.current()
    rows, notes = [], []
    with transaction.atomic():
        cases = []
        for cell in cells_near(SIZES):
            members = Person.objects.filter(party_cell=cell, is_active=True)
            planned = CommitmentPlan.objects.filter(period=period, person__isnull=False)
            planned = planned.values("person")
            missing = people_rows(members.exclude(pk__in=planned))
            plans_for(missing, period, rng=Random(cell.pk))
            client = Client()
            client.force_login(secretary_of(cell))
            url = f"/plans/people/?unit={cell.pk}&period={period.pk}"
            response = client.get(url, secure=True)
            assert response.status_code == 200, (url, response.status_code)
            statuses = CommitmentPlan.objects.filter(period=period, person__in=members)
            log(f"  {cell.name}: {members.count()} members, {statuses.count()} plans")
            cases.append((cell, members.count(), client, url))

        def fetch(client, url):
            def get():
                response = client.get(url, secure=True)
                assert response.status_code == 200, (url, response.status_code)

            return get

        fns = [fetch(client, url) for _cell, _n, client, url in cases]
        queries = [counted(fn) for fn in fns]
        times = interleaved(*fns, runs=RUNS)
        for (cell, n, _client, _url), q, t in zip(cases, queries, times, strict=True):
            log(f"  {n} people: p50 {ms(p50(t))} ms, p95 {ms(p95(t))} ms, {q} queries")
            rows.append([f"{cell.name} ({n:,} members)", ms(p50(t)), ms(p95(t)), q])
        notes.append(
            f"{RUNS} runs each, interleaved, after 2 warm-up runs; DEBUG off; the first page "
            "(the list is paginated in SQL) with the counts by state, through Django's test "
            "client, signed in as the cell's secretary. Members without a plan got one in the "
            "demo's mix of states, inside a transaction rolled back afterwards."
        )
        notes.append("Goal: p50 < 100 ms; queries independent of the number of people.")
        transaction.set_rollback(True)
    return {
        "title": "A secretary's list of people with their plan status (/plans/people/)",
        "columns": ["cell", "p50 (ms)", "p95 (ms)", "queries"],
        "rows": rows,
        "notes": notes,
    }


def main() -> None:
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    setup_django()
    with plain_static_files():
        emit(measure())


if __name__ == "__main__":
    main()
