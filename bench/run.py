"""Run the benchmarks and write bench/RESULTS.md.

    python bench/run.py              # every benchmark
    python bench/run.py tree move    # some of them: tree, move, web,
                                     # alternatives, codes, plans-surge,
                                     # plans-people, plans-copy,
                                     # reviews-decide, reviews-bulk,
                                     # dashboard
    BENCH_NATIONAL=0 python bench/run.py   # skip the national PostgreSQL data (seeding it
                                           # takes 20-30 minutes the first time, and the
                                           # dashboard's programme ~7 more)
Other knobs: BENCH_RUNS (runs per query, default 20; reviews-decide runs at least 30),
BENCH_BULK_RUNS (reviews-bulk and dashboard, default 3), BENCH_SEED, BENCH_PG_URL.
"""

import json
import os
import platform
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from common import (
    PG_SERVER,
    PY,
    RESULT_PREFIX,
    ROOT,
    TARGETS,
    ensure_seeded,
    load_results,
    log,
    save_result,
)

# name: (script, targets, DEBUG). Everything runs with DEBUG off, as in production; the
# web benchmark serves plain HTTP on 127.0.0.1 (SECURE_SSL_REDIRECT=0).
BENCHES = {
    "tree": ("tree_queries.py", ["sqlite-province", "postgres-national"], False),
    "move": ("move_subtree.py", ["sqlite-province", "postgres-national"], False),
    "web": ("web_load.py", ["sqlite-province"], False),
    "alternatives": ("tree_alternatives.py", ["sqlite-province", "postgres-national"], False),
    "codes": ("code_status.py", ["sqlite-province"], False),
    "plans-surge": ("plans_surge.py", ["sqlite-province", "postgres-province"], False),
    "plans-people": ("plans_people.py", ["sqlite-province"], False),
    "plans-copy": ("plans_copy.py", ["sqlite-province"], False),
    "reviews-decide": ("reviews_decide.py", ["sqlite-province"], False),
    "reviews-bulk": ("reviews_bulk.py", ["sqlite-province"], False),
    "dashboard": ("dashboard.py", ["sqlite-province", "postgres-national"], False),
}
ORDER = ["seed", *BENCHES]
RESULTS_MD = ROOT / "bench" / "RESULTS.md"


def postgres_up() -> bool:
    try:
        import psycopg

        psycopg.connect(f"{PG_SERVER}/postgres", connect_timeout=3).close()
        return True
    except Exception as exc:  # any failure means: skip PostgreSQL
        log(f"PostgreSQL at {PG_SERVER} is not reachable ({exc}); skipping it")
        return False


def run_script(script: str, target, debug: bool) -> dict | None:
    env = {**target.env(debug=debug), "BENCH_TARGET": target.key}
    proc = subprocess.run(
        [PY, str(ROOT / "bench" / script)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
        check=False,
    )
    lines = [ln for ln in proc.stdout.splitlines() if ln.startswith(RESULT_PREFIX)]
    if proc.returncode or not lines:
        log(f"{script} on {target.key} failed (exit {proc.returncode})")
        return None
    return json.loads(lines[-1][len(RESULT_PREFIX) :])


def print_result(result: dict) -> None:
    print(f"\n{result['title']}")
    widths = [
        max(len(str(x)) for x in col)
        for col in zip(result["columns"], *result["rows"], strict=False)
    ]
    for row in [result["columns"], *result["rows"]]:
        print("  " + "  ".join(str(x).ljust(w) for x, w in zip(row, widths, strict=False)))
    for note in result.get("notes", []):
        print(f"  {note}")


def machine() -> list[str]:
    cpu = platform.processor()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        models = [
            ln.split(":", 1)[1].strip()
            for ln in cpuinfo.read_text().splitlines()
            if ln.startswith("model name")
        ]
        cpu = models[0] if models else cpu
    import django

    lines = [
        f"- Machine: {os.cpu_count()} cores ({cpu}), {platform.system()} {platform.release()}",
        f"- Python {platform.python_version()}, Django {django.get_version()}, "
        f"SQLite {sqlite3.sqlite_version}",
    ]
    try:
        import psycopg

        with psycopg.connect(f"{PG_SERVER}/postgres", connect_timeout=3) as conn:
            version = conn.execute("SHOW server_version").fetchone()[0]
            buffers = conn.execute("SHOW shared_buffers").fetchone()[0]
        lines.append(f"- PostgreSQL {version} (shared_buffers {buffers}, otherwise defaults)")
    except Exception:  # noqa: S110 - the version line is optional
        pass
    return lines


def write_markdown() -> None:
    targets = list(TARGETS)
    results = sorted(
        load_results(),
        key=lambda r: (
            ORDER.index(r["bench"].split(".")[0]),
            targets.index(r["target"]) if r["target"] else 0,
            r["bench"],
        ),
    )
    out = [
        "# Benchmark results",
        "",
        "Written by `make bench` (`bench/run.py`); each table keeps the figures of its last run.",
        f"Last written {time.strftime('%Y-%m-%d %H:%M')}.",
        "",
        *machine(),
        "",
    ]
    merged: list[dict] = []  # results that share a title (the seed times) share a table
    for r in results:
        if merged and merged[-1]["title"] == r["title"]:
            merged[-1]["rows"] += r["rows"]
            merged[-1]["when"] += f", {r['when']}"
        else:
            merged.append({**r, "rows": list(r["rows"])})
    fresh = {}
    for r in merged:
        lines = [f"## {r['title']}", "", f"Measured {r['when']}.", ""]
        lines.append("| " + " | ".join(r["columns"]) + " |")
        lines.append("|" + "---|" * len(r["columns"]))
        lines += ["| " + " | ".join(str(x) for x in row) + " |" for row in r["rows"]]
        lines += [""] + [f"- {n}" for n in r.get("notes", [])] + [""]
        fresh[r["title"]] = lines
    # Sections this machine has no saved result for (another checkout's run, notes added by
    # hand) are kept where they are; the others are replaced; new ones go at the end.
    for title, lines in kept_sections():
        out += keep_rows(lines, fresh.pop(title)) if title in fresh else lines
    for lines in fresh.values():
        out += lines
    RESULTS_MD.write_text("\n".join(out).rstrip() + "\n")
    log(f"wrote {RESULTS_MD.relative_to(ROOT)}")


def kept_sections() -> list[tuple[str, list[str]]]:
    """The "## " sections of the current RESULTS.md, in order: (title, lines)."""
    if not RESULTS_MD.exists():
        return []
    sections: list[tuple[str, list[str]]] = []
    for line in RESULTS_MD.read_text().splitlines():
        if line.startswith("## "):
            sections.append((line[3:].strip(), []))
        if sections:
            sections[-1][1].append(line)
    out = []
    for title, lines in sections:
        while lines and not lines[-1].strip():
            lines.pop()
        out.append((title, [*lines, ""]))
    return out


def keep_rows(old: list[str], new: list[str]) -> list[str]:
    """`new`, plus the table rows of `old` for row labels (first cells) `new` lacks: a
    table filled by several targets keeps the rows of targets not run this time."""

    def label(line):
        return line.split("|")[1].strip()

    def rows(lines):
        return (
            [
                ln
                for ln in lines[lines.index(next(x for x in lines if x.startswith("|---"))) + 1 :]
                if ln.startswith("| ")
            ]
            if any(x.startswith("|---") for x in lines)
            else []
        )

    have = {label(r) for r in rows(new)}
    missing = [r for r in rows(old) if label(r) not in have]
    if not missing:
        return new
    last = max(i for i, ln in enumerate(new) if ln.startswith("| "))
    return new[: last + 1] + missing + new[last + 1 :]


def main(argv: list[str]) -> int:
    names = argv or list(BENCHES)
    unknown = [n for n in names if n not in BENCHES]
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; choose from {', '.join(BENCHES)}")
        return 2
    national = os.environ.get("BENCH_NATIONAL", "1") != "0"
    pg = None
    seeded = set()
    failures = 0
    for name in names:
        script, targets, debug = BENCHES[name]
        for key in targets:
            target = TARGETS[key]
            if target.engine == "postgres":
                if not national:
                    log(f"skipping {name} on {key} (BENCH_NATIONAL=0)")
                    continue
                pg = postgres_up() if pg is None else pg
                if not pg:
                    continue
            if key not in seeded:
                ensure_seeded(target)
                seeded.add(key)
            result = run_script(script, target, debug)
            if result is None:
                failures += 1
                continue
            # A script may print several tables: the first, and the list under "more".
            for i, part in enumerate([result, *result.pop("more", [])]):
                save_result(name if i == 0 else f"{name}.{i}", target, part)
                print_result(part)
    write_markdown()
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
