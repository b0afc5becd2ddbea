"""What the benchmark scripts share: the databases they run on, seeding, timing, results.

Two targets: the demo province on SQLite (a file under var/bench/) and the national data
set on PostgreSQL (database neuguong_bench_national). Each is seeded once and reused while
its marker (scale, seed, data version) matches.
"""

import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "bench"
RESULTS = VAR / "results"
PY = sys.executable
SEED = int(os.environ.get("BENCH_SEED", "1"))
PG_SERVER = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")
RESULT_PREFIX = "RESULT "

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def data_version() -> int:
    from neuguong.organisations.demo import DATA_VERSION

    return DATA_VERSION


@dataclass(frozen=True)
class Target:
    key: str
    label: str
    scale: str
    engine: str  # "sqlite" or "postgres"

    @property
    def marker(self) -> str:
        return f"neuguong-bench scale={self.scale} seed={SEED} data={data_version()}"

    @property
    def sqlite_path(self) -> Path:
        return VAR / f"{self.scale}-seed{SEED}.sqlite3"

    @property
    def pg_name(self) -> str:
        return f"neuguong_bench_{self.scale}"

    @property
    def database_url(self) -> str:
        return f"{PG_SERVER}/{self.pg_name}"

    def env(self, *, debug: bool = True) -> dict:
        """The environment of a process on this target. Timed queries run with DEBUG off,
        as in production: DEBUG's query log would add its own cost to every query."""
        env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL",)}
        env.update(PYTHONDONTWRITEBYTECODE="1", DJANGO_SETTINGS_MODULE="config.settings")
        env["NEUGUONG_DEBUG"] = "1" if debug else "0"
        if not debug:
            env.setdefault("SECRET_KEY", "bench-only-secret-key-not-for-production-0123456789")
        if self.engine == "sqlite":
            env["NEUGUONG_SQLITE_PATH"] = str(self.sqlite_path)
        else:
            env["DATABASE_URL"] = self.database_url
        return env


TARGETS = {
    "sqlite-province": Target(
        "sqlite-province", "SQLite, province (1,000 units, 150k people)", "province", "sqlite"
    ),
    "postgres-province": Target(
        "postgres-province",
        "PostgreSQL, province (1,000 units, 150k people)",
        "province",
        "postgres",
    ),
    "postgres-national": Target(
        "postgres-national", "PostgreSQL, national (60k units, 5.5M people)", "national", "postgres"
    ),
}


def target_from_env() -> Target:
    """Inside a benchmark script: the target run.py started it for."""
    return TARGETS[os.environ["BENCH_TARGET"]]


# Seeding ----------------------------------------------------------------------------


def manage(target: Target, *args: str) -> str:
    proc = subprocess.run(
        [PY, str(ROOT / "manage.py"), *args],
        env=target.env(),
        cwd=ROOT,
        text=True,
        capture_output=True,
        check=False,
    )
    if proc.returncode:
        sys.stderr.write(proc.stdout + proc.stderr)
        raise SystemExit(f"manage.py {' '.join(args)} failed on {target.key}")
    return proc.stdout


def _pg_admin():
    import psycopg

    return psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True)


def _current_marker(target: Target) -> str | None:
    if target.engine == "sqlite":
        marker = target.sqlite_path.with_suffix(".marker")
        if target.sqlite_path.exists() and marker.exists():
            return marker.read_text().strip()
        return None
    with _pg_admin() as conn:
        row = conn.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
            [target.pg_name],
        ).fetchone()
    return row[0] if row else None


def _recreate(target: Target) -> None:
    if target.engine == "sqlite":
        VAR.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{target.sqlite_path}{suffix}").unlink(missing_ok=True)
        return
    from psycopg import sql

    with _pg_admin() as conn:
        name = sql.Identifier(target.pg_name)
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(name))


def _write_marker(target: Target) -> None:
    if target.engine == "sqlite":
        target.sqlite_path.with_suffix(".marker").write_text(target.marker + "\n")
        return
    from psycopg import sql

    with _pg_admin() as conn:
        conn.execute(
            sql.SQL("COMMENT ON DATABASE {} IS {}").format(
                sql.Identifier(target.pg_name), sql.Literal(target.marker)
            )
        )


def ensure_seeded(target: Target) -> None:
    """Migrate, and seed unless the database already holds this scale, seed and version."""
    if _current_marker(target) == target.marker:
        manage(target, "migrate", "--noinput", "-v0")
        return
    log(f"[{target.key}] seeding {target.scale} (seed {SEED}); this takes a while")
    _recreate(target)
    manage(target, "migrate", "--noinput", "-v0")
    start = time.perf_counter()
    out = manage(target, "seed_demo", "--scale", target.scale, "--seed", str(SEED))
    elapsed = time.perf_counter() - start
    lines = out.strip().splitlines()
    summary = next((ln for ln in lines if ln.startswith("Đã tạo")), lines[-1])
    log(summary)
    _write_marker(target)
    save_result(
        "seed",
        target,
        {
            "title": "Loading the demo data (manage.py seed_demo)",
            "columns": ["data set", "load time (s)", "summary"],
            "rows": [[target.label, round(elapsed, 1), summary]],
        },
    )


# Running inside a benchmark -------------------------------------------------------


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


def timings(fn, runs: int, warmup: int = 2) -> list[float]:
    for _ in range(warmup):
        fn()
    out = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        out.append(time.perf_counter() - start)
    return out


def interleaved(*fns, runs: int, warmup: int = 2) -> list[list[float]]:
    """Time functions in turn, so that drift (caches, other load) hits all of them alike."""
    for _ in range(warmup):
        for fn in fns:
            fn()
    out = [[] for _ in fns]
    for _ in range(runs):
        for fn, times in zip(fns, out, strict=True):
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
    return out


def p50(values) -> float:
    return statistics.median(values)


def p95(values) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(0.95 * (len(values) - 1)))]


def emit(result: dict) -> None:
    """A script's last line on stdout: its figures as JSON, for run.py."""
    print(RESULT_PREFIX + json.dumps(result, ensure_ascii=False), flush=True)


def save_result(bench: str, target: Target | None, result: dict) -> None:
    RESULTS.mkdir(parents=True, exist_ok=True)
    key = f"{bench}--{target.key}" if target else bench
    result = {
        **result,
        "bench": bench,
        "target": target.key if target else None,
        "when": time.strftime("%Y-%m-%d %H:%M"),
    }
    (RESULTS / f"{key}.json").write_text(json.dumps(result, ensure_ascii=False, indent=1))


def load_results() -> list[dict]:
    if not RESULTS.exists():
        return []
    return [json.loads(p.read_text()) for p in sorted(RESULTS.glob("*.json"))]


def have(program: str) -> bool:
    return shutil.which(program) is not None
