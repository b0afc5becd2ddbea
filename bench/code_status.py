"""The province status of the ethics codes for the root (1,000 units, 150,000 people).

(a) dashboards.queries.code_status(root, period): p50, p95 and its number of queries;
(b) the status page /status/codes/ and the list behind one figure
    /status/codes/units/?flag=evaluated&state=missing, through Django's test client
    (middleware, session, templates), signed in as the organisation officer.
The demo seed (seed_demo) gives the 2026 period its codes; on an older database without
them the period's codes are seeded here first (neuguong.standards.demo.seed_codes).
Run by run.py with BENCH_TARGET set; prints its figures as JSON on the last line.
"""

import os
import sys
from random import Random

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from common import SEED, emit, interleaved, log, ms, p50, p95, setup_django

RUNS = int(os.environ.get("BENCH_RUNS", "20"))
USERNAME = "bantochuc"  # the organisation officer: the status of the whole province


def the_period():
    """The open 2026 period, with codes (seeded here if the database has none)."""
    from datetime import date

    from neuguong.regulations.models import Period
    from neuguong.standards.demo import seed_codes
    from neuguong.standards.models import EthicsCode

    period = Period.objects.current()
    if period is None:
        period = Period.objects.create(
            name="Năm 2026", starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31)
        )
    if not EthicsCode.objects.filter(period=period).exists():
        log(f"  seeding the codes of {period} (the database predates them)")
        seed_codes(period, rng=Random(f"{SEED}:codes"))
    return period


def counted(fn) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        fn()
    return len(queries)


def plain_static_files():
    """Production settings otherwise, but static URLs without collectstatic's manifest."""
    from django.conf import settings
    from django.test import override_settings

    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    return override_settings(STORAGES=storages)


def page_client():
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    client.force_login(get_user_model().objects.get(username=USERNAME))
    return client


def get(client, url: str):
    def fetch():
        response = client.get(url, secure=True)
        assert response.status_code == 200, (url, response.status_code)
        return response

    return fetch


def main() -> None:
    os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    setup_django()
    with plain_static_files():
        measure()


def measure() -> None:
    from neuguong.dashboards.queries import code_status
    from neuguong.organisations.models import Person, Unit

    period = the_period()
    root = Unit.objects.get(parent__isnull=True)
    status = code_status(root, period)
    totals = status.totals
    log(f"  {totals.as_dict()}")

    client = page_client()
    query = f"unit={root.pk}&period={period.pk}"
    cases = [
        ("code_status() for the root", lambda: code_status(root, period)),
        ("the status page /status/codes/", get(client, f"/status/codes/?{query}")),
        (
            "the list of units not evaluated (page 1)",
            get(client, f"/status/codes/units/?{query}&flag=evaluated&state=missing"),
        ),
    ]
    for _label, fn in cases:
        fn()  # the first request of a session also pushes its expiry: not counted
    queries = [counted(fn) for _label, fn in cases]
    # In turn, so that drift (caches, other load on the machine) hits each alike.
    times = interleaved(*(fn for _label, fn in cases), runs=RUNS)
    rows = []
    for (label, _fn), n, t in zip(cases, queries, times, strict=True):
        log(f"  {label}: p50 {ms(p50(t))} ms, p95 {ms(p95(t))} ms, {n} queries")
        rows.append([label, ms(p50(t)), ms(p95(t)), n])

    emit(
        {
            "title": "Province status of the ethics codes (the root, one period)",
            "columns": ["what", "p50 (ms)", "p95 (ms)", "queries"],
            "rows": rows,
            "notes": [
                f"{totals.units:,} active units, {Person.objects.count():,} people; "
                f"{period}: {totals.built:,} built or reviewed, {totals.approved:,} approved, "
                f"{totals.published:,} published, {totals.acknowledged:,} acknowledged by "
                f"everyone, {totals.evaluated:,} evaluated.",
                "The number of queries does not depend on the number of units "
                "(neuguong/dashboards/tests: 5 and 50 units give the same count).",
                f"{RUNS} runs each, interleaved, after 2 warm-up runs; DEBUG off; the pages "
                "through Django's test client (no HTTP server).",
            ],
        }
    )


if __name__ == "__main__":
    main()
