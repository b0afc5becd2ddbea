"""Registration surge: POST /api/v1/plans/{id}/submit under 64 concurrent clients,
against a bare Django endpoint that inserts one row, in the same run, on the same server.

- The database is a working copy of the seeded province (SQLite: a copy of the file;
  PostgreSQL: CREATE DATABASE neuguong_bench_plans TEMPLATE neuguong_bench_province),
  so the seeded data is never changed.
- In it, people with no plan this period get a user, an API token and a complete draft
  (2–4 key tasks from the demo bank, each with a deadline and solutions), written in bulk
  with commitments.demo. A second set of users and tokens serves the bare endpoint, so
  that both endpoints pay the same authentication (a fresh token each request).
- gunicorn serves bench.bare_settings (production settings, DEBUG off, plain HTTP on
  127.0.0.1) with 2 sync workers: the work is CPU-bound and the machine has 2 cores, so
  one process per core with no threads avoids the GIL and keeps SQLite's writers to two.
- 64 client threads, closed loop: each takes the next fresh draft and submits it with
  {"version": 1}, or posts to /bench/bare/. Phases alternate (bare, submit, bare, ...)
  so that drift on the noisy machine hits both alike.
- Afterwards the database is counted: every draft answered 200 is submitted exactly once
  (its status, one plan.submit audit entry), no other draft changed, no (period, person)
  has two open plans; bare rows equal bare 200s.
Run by run.py with BENCH_TARGET set; prints its figures as JSON on the last line.
"""

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from random import Random

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from common import PG_SERVER, ROOT, VAR, emit, log, ms, p50, setup_django, target_from_env
from plans_data import plans_for
from web_load import Site, free_port, production_env

CLIENTS = int(os.environ.get("BENCH_SURGE_CLIENTS", "64"))
SECONDS = float(os.environ.get("BENCH_SURGE_SECONDS", "10"))  # per phase
ROUNDS = int(os.environ.get("BENCH_SURGE_ROUNDS", "3"))  # bare + submit phases each
DRAFTS = int(os.environ.get("BENCH_SURGE_DRAFTS", "7000"))
WORKERS = 2
WORK_DB = "neuguong_bench_plans"
BARE_TABLE = "bench_bare"


def p99(values) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(0.99 * (len(values) - 1)))]


# The working copy ---------------------------------------------------------------------


def working_copy(target) -> dict:
    """Copy the seeded database; return the environment that points at the copy."""
    env = production_env(target)
    if target.engine == "sqlite":
        source, copy = target.sqlite_path, VAR / "plans-surge.sqlite3"
        with sqlite3.connect(source) as conn:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        for suffix in ("", "-wal", "-shm"):
            if os.path.exists(f"{copy}{suffix}"):
                os.unlink(f"{copy}{suffix}")
        shutil.copyfile(source, copy)
        env["NEUGUONG_SQLITE_PATH"] = str(copy)
        return env
    import psycopg
    from psycopg import sql

    with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
        name = sql.Identifier(WORK_DB)
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        conn.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(name, sql.Identifier(target.pg_name))
        )
    env["DATABASE_URL"] = f"{PG_SERVER}/{WORK_DB}"
    return env


def prepare(count: int) -> tuple[list, list]:
    """`count` fresh drafts with their owners' tokens, and 3 × `count` tokens for the
    bare endpoint. Returns ([(plan id, token)], [token])."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction

    from neuguong.commitments.models import CommitmentPlan, PlanStatus
    from neuguong.core.models import ApiToken
    from neuguong.core.tokens import hash_key
    from neuguong.organisations.models import Person
    from neuguong.regulations.models import Period

    period = Period.objects.current()
    rng = Random(7)
    planned = set(CommitmentPlan.objects.filter(period=period).values_list("person_id", flat=True))
    candidates = [
        row
        for row in Person.objects.filter(is_active=True, user__isnull=True)
        .order_by("pk")
        .values_list("pk", "workplace_id", "party_cell_id", "party_status")
        if row[0] not in planned and (row[1] or row[2])
    ]
    people = rng.sample(candidates, 4 * count)  # the bare endpoint is the faster: 3 shares
    User = get_user_model()
    password = make_password(None)
    with transaction.atomic():
        users = User.objects.bulk_create(
            [User(username=f"bench-{pk}", password=password) for pk, *_ in people],
            batch_size=5000,
        )
        keys = [f"ng_bench_{pk}_{rng.getrandbits(64):x}" for pk, *_ in people]
        ApiToken.objects.bulk_create(
            [
                ApiToken(user=u, name="bench", key_hash=hash_key(k), prefix=k[:8])
                for u, k in zip(users, keys, strict=True)
            ],
            batch_size=5000,
        )
        owners = Person.objects.in_bulk([pk for pk, *_ in people])
        for (pk, *_), user in zip(people, users, strict=True):
            owners[pk].user_id = user.pk
        Person.objects.bulk_update(owners.values(), ["user"], batch_size=5000)
        drafts = plans_for(
            people[:count],
            period,
            rng=rng,
            status=PlanStatus.DRAFT,
            users={pk: u.pk for (pk, *_), u in zip(people, users, strict=False)},
        )
    with connection.cursor() as cursor:
        key = "SERIAL" if connection.vendor == "postgresql" else "INTEGER"
        cursor.execute(f"DROP TABLE IF EXISTS {BARE_TABLE}")
        cursor.execute(
            f"CREATE TABLE {BARE_TABLE} (id {key} PRIMARY KEY, user_id integer, at text)"
        )
        if connection.vendor == "postgresql":
            cursor.execute("VACUUM ANALYZE")
        else:
            cursor.execute("ANALYZE")
    connection.close()
    return [(d.pk, k) for d, k in zip(drafts, keys, strict=False)], keys[count:]


# Serving and loading ------------------------------------------------------------------


def start_gunicorn(env: dict, port: int) -> subprocess.Popen:
    gunicorn = os.path.join(os.path.dirname(sys.executable), "gunicorn")
    env = {**env, "DJANGO_SETTINGS_MODULE": "bench.bare_settings", "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(
        [
            gunicorn,
            "config.wsgi",
            "--workers",
            str(WORKERS),
            "--worker-class",
            "sync",
            "--backlog",
            "2048",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if Site(port).request("GET", "/login/")[0] == 200:
                return proc
        except OSError:
            time.sleep(0.3)
    proc.terminate()
    raise SystemExit("gunicorn did not answer within 60 s")


class Work:
    """The shared queues: fresh drafts to submit, fresh tokens for the bare endpoint."""

    def __init__(self, drafts, tokens):
        self.drafts, self.tokens, self.lock = iter(drafts), iter(tokens), threading.Lock()
        self.answers = []  # (kind, status, item) of every request, timed or not

    def answered(self, kind, status, item):
        with self.lock:
            self.answers.append((kind, status, item))

    def next(self, kind):
        with self.lock:
            return next(self.drafts if kind == "submit" else self.tokens, None)


def call(site: Site, work: Work, kind: str, item) -> int:
    try:
        status = send(site, kind, item)
    except OSError:
        status = 0
    work.answered(kind, status, item)
    return status


def send(site: Site, kind: str, item) -> int:
    if kind == "submit":
        plan, token = item
        path, body = f"/api/v1/plans/{plan}/submit", json.dumps({"version": 1})
    else:
        token, path, body = item, "/bench/bare/", "{}"
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    return site.request("POST", path, body, headers)[0]


def phase(site: Site, work: Work, kind: str, seconds: float) -> list:
    """CLIENTS threads for `seconds`: [(seconds, status, item)]."""
    results, lock = [], threading.Lock()
    stop = time.monotonic() + seconds

    def client():
        while time.monotonic() < stop:
            item = work.next(kind)
            if item is None:
                return
            start = time.perf_counter()
            status = call(site, work, kind, item)
            with lock:
                results.append((time.perf_counter() - start, status, item))

    threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def one_by_one(site: Site, work: Work, kind: str, n: int = 20) -> float:
    """One client, one request at a time: a worker's own time per request."""
    times = []
    for _ in range(n):
        item = work.next(kind)
        start = time.perf_counter()
        status = call(site, work, kind, item)
        times.append(time.perf_counter() - start)
        if status != 200:
            raise SystemExit(f"{kind} answered {status} before the load started")
    return p50(times)


# Counting afterwards -------------------------------------------------------------------


def count(env: dict, drafts: list, submitted: set, bare_ok: int) -> dict:
    """The database's own account, read by a fresh process on the working copy."""
    payload = json.dumps({"drafts": [p for p, _ in drafts], "submitted": sorted(submitted)})
    proc = subprocess.run(
        [sys.executable, __file__, "--count"],
        input=payload,
        env={**env, "DJANGO_SETTINGS_MODULE": "config.settings"},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(proc.stdout.strip().splitlines()[-1]) | {"bare_ok": bare_ok}


def account() -> dict:
    """Every draft answered 200 is submitted, once; no other draft changed; no owner has
    two open plans; the bare rows."""
    from django.db import connection
    from django.db.models import Count

    from neuguong.commitments.models import OPEN_PLAN_STATUSES, CommitmentPlan
    from neuguong.core.models import AuditEntry

    data = json.loads(sys.stdin.read())
    ids, ok = data["drafts"], set(data["submitted"])
    plans = CommitmentPlan.objects.filter(pk__in=ids)
    now_submitted = set(plans.filter(status="submitted").values_list("pk", flat=True))
    audits = (
        AuditEntry.objects.filter(action="plan.submit", object_id__in=[str(i) for i in ids])
        .values("object_id")
        .annotate(n=Count("pk"))
    )
    dupes = (
        CommitmentPlan.objects.filter(person__isnull=False, status__in=OPEN_PLAN_STATUSES)
        .values("period", "person")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {BARE_TABLE}")  # noqa: S608 - our constant
        bare_rows = cursor.fetchone()[0]
    return {
        "ok": len(ok),
        "db_submitted": len(now_submitted),
        "same_set": now_submitted == ok,
        "still_draft": plans.filter(status="draft").count(),
        "audit_once": sum(1 for a in audits if a["n"] == 1),
        "audit_more": sum(1 for a in audits if a["n"] > 1),
        "open_duplicates": dupes.count(),
        "bare_rows": bare_rows,
    }


# Main ----------------------------------------------------------------------------------


def main():
    target = target_from_env()
    env = working_copy(target)
    os.environ.update(
        {k: v for k, v in env.items() if k in ("NEUGUONG_SQLITE_PATH", "DATABASE_URL")}
    )
    setup_django()
    started = time.perf_counter()
    drafts, bare_tokens = prepare(DRAFTS)
    log(f"[{target.key}] {len(drafts)} drafts and tokens in {time.perf_counter() - started:.1f} s")
    work = Work(drafts, bare_tokens)
    port = free_port()
    proc = start_gunicorn(env, port)
    results = {"bare": [], "submit": [], "rounds": []}
    try:
        site = Site(port)
        alone = {kind: one_by_one(site, work, kind) for kind in ("bare", "submit")}
        for kind in ("bare", "submit"):  # warm both workers and their connections
            phase(site, work, kind, 2)
        for n in range(ROUNDS):
            rates = {}
            for kind in ("bare", "submit"):
                got = phase(site, work, kind, SECONDS)
                results[kind] += got
                rates[kind] = len(got) / SECONDS
                times = [t for t, _, _ in got]
                log(
                    f"  round {n + 1} {kind}: {len(got) / SECONDS:.0f}/s, p50 "
                    f"{ms(p50(times))} ms, p99 {ms(p99(times))} ms, "
                    f"{sum(1 for _, s, _ in got if s != 200)} errors"
                )
            results["rounds"].append(rates)
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)
    submitted = {
        item[0] for kind, status, item in work.answers if kind == "submit" and status == 200
    }
    bare_ok = sum(1 for kind, status, _ in work.answers if kind == "bare" and status == 200)
    account = count(env, drafts, submitted, bare_ok)
    emit(summary(target, alone, results, account))


def summary(target, alone, results, account) -> dict:
    rows, rates = [], {}
    for kind, label in (("bare", "bare endpoint (insert one row)"), ("submit", "submit a plan")):
        got = results[kind]
        times = [t for t, _, _ in got]
        errors = sum(1 for _, s, _ in got if s != 200)
        rates[kind] = len(got) / (SECONDS * ROUNDS)
        rows.append(
            [
                label,
                ms(alone[kind]),
                len(got),
                round(rates[kind], 1),
                ms(p50(times)),
                ms(p99(times)),
                errors,
            ]
        )
    # The ratio of each round (bare, then submit right after it), and their median: the
    # machine is shared and noisy, and a round compares like with like.
    ratios = [r["submit"] / r["bare"] for r in results["rounds"] if r["bare"]]
    rows[1].append(f"{p50(ratios):.0%} (rounds: {', '.join(f'{x:.0%}' for x in ratios)})")
    rows[0].append("100%")
    per_round = "; ".join(
        f"round {n}: bare {r['bare']:.0f}/s, submit {r['submit']:.0f}/s"
        for n, r in enumerate(results["rounds"], 1)
    )
    checks = (
        f"Counted afterwards (every request, warm-up included): {account['ok']} submits "
        f"answered 200, {account['db_submitted']} plans submitted in the database, same set: "
        f"{account['same_set']}; {account['audit_once']} with exactly one plan.submit audit "
        f"entry, {account['audit_more']} with more; {account['open_duplicates']} (period, "
        f"person) with two open plans; bare rows {account['bare_rows']} for "
        f"{account['bare_ok']} bare 200s."
    )
    return {
        "title": f"Registration surge: submit under {CLIENTS} clients, gunicorn {WORKERS} sync "
        f"workers, on {target.label}",
        "columns": [
            "endpoint",
            "one client p50 (ms)",
            "requests",
            "requests/s",
            "p50 (ms)",
            "p99 (ms)",
            "errors",
            "ratio to bare",
        ],
        "rows": rows,
        "notes": [
            f"{ROUNDS} rounds of {SECONDS:.0f} s per endpoint, alternating; {CLIENTS} client "
            "threads in a closed loop on the same 2-core machine as the server. Requests/s "
            f"over all rounds; {per_round}.",
            checks,
            "Goals: ≥ 50% of bare, p99 < 250 ms, 0 errors, no plan lost or duplicated.",
        ],
        "account": account,
    }


if __name__ == "__main__":
    if sys.argv[1:] == ["--count"]:
        setup_django()
        print(json.dumps(account()))
    else:
        main()
