"""The tree representations side by side: materialized path, closure table, nested set.

Measured with raw SQL on the bench databases, without touching the app's tables: side
tables built in the same database from organisations_unit (path, parent_id) at the start,
dropped at the end.

    bench_path(unit_id, path)                       a copy of the path, for the moves
    bench_closure(ancestor_id, descendant_id, depth)  every (ancestor, descendant) pair,
                                                      self included at depth 0
    bench_nested(unit_id, lft, rgt)                 nested-set numbers, preorder by path

For each representation, p50 of:
(a) the people working in a mid-level unit's subtree: count + first page of 50 by name
    (the units tree_queries.py uses);
(b) the people count per direct child of the root, one grouped query;
(c) moving the subtree move_subtree.py moves (about 100 units) under its sibling and back,
    every move its own committed transaction doing the work that representation needs.
Run by run.py with BENCH_TARGET set; prints its figures as JSON on the last line.
"""

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from common import emit, interleaved, log, ms, p50, setup_django, target_from_env
from move_subtree import destination, subtree_of_about
from tree_queries import PER_CHILD, WORKING_COUNT, WORKING_PAGE, mid_level_units

RUNS = max(15, int(os.environ.get("BENCH_RUNS", "20")))
MOVES = RUNS + RUNS % 2  # an even number of moves ends with the subtree at home
SIDE_TABLES = ["bench_path", "bench_closure", "bench_nested"]

# Building ---------------------------------------------------------------------------------

BUILD = [
    "CREATE TABLE bench_path (unit_id integer PRIMARY KEY, path varchar(252) NOT NULL)",
    "INSERT INTO bench_path (unit_id, path) SELECT id, path FROM organisations_unit",
    "CREATE UNIQUE INDEX bench_path_path ON bench_path (path)",
    """CREATE TABLE bench_closure (
        ancestor_id integer NOT NULL, descendant_id integer NOT NULL, depth integer NOT NULL)""",
    # A unit's ancestors are the 7-digit prefixes of its path: segment k of the path is the
    # ancestor k levels below the root.
    """WITH RECURSIVE k(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM k WHERE n < 36)
    INSERT INTO bench_closure (ancestor_id, descendant_id, depth)
    SELECT CAST(substr(u.path, 7 * (k.n - 1) + 1, 7) AS integer), u.id, length(u.path) / 7 - k.n
    FROM organisations_unit u JOIN k ON k.n * 7 <= length(u.path)""",
    "CREATE UNIQUE INDEX bench_closure_anc_desc ON bench_closure (ancestor_id, descendant_id)",
    "CREATE INDEX bench_closure_desc ON bench_closure (descendant_id)",
    "CREATE TABLE bench_nested (unit_id integer PRIMARY KEY, lft integer NOT NULL, "
    "rgt integer NOT NULL)",
    # Preorder = path order. A unit at preorder rank r (from 0) and depth d (root 0) has
    # seen r entries and r - d exits before it: lft = 2r - d + 1; its n units span 2n.
    """INSERT INTO bench_nested (unit_id, lft, rgt)
    SELECT o.id, 2 * o.r - o.d + 1, 2 * o.r - o.d + 2 * s.n
    FROM (SELECT id, ROW_NUMBER() OVER (ORDER BY path) - 1 AS r, length(path) / 7 - 1 AS d
          FROM organisations_unit) o
    JOIN (SELECT ancestor_id, COUNT(*) AS n FROM bench_closure GROUP BY ancestor_id) s
      ON s.ancestor_id = o.id""",
    "CREATE INDEX bench_nested_lft ON bench_nested (lft)",
]

# (a) people working in a subtree ------------------------------------------------------------

CLOSURE_COUNT = """
    SELECT COUNT(*) FROM organisations_person p
    JOIN bench_closure c ON c.descendant_id = p.workplace_id
    WHERE c.ancestor_id = %s"""
CLOSURE_PAGE = """
    SELECT p.* FROM organisations_person p
    JOIN bench_closure c ON c.descendant_id = p.workplace_id
    WHERE c.ancestor_id = %s
    ORDER BY p.name_folded, p.id LIMIT 50"""
NESTED_COUNT = """
    SELECT COUNT(*) FROM organisations_person p
    JOIN bench_nested n ON n.unit_id = p.workplace_id
    WHERE n.lft >= %s AND n.lft <= %s"""
NESTED_PAGE = """
    SELECT p.* FROM organisations_person p
    JOIN bench_nested n ON n.unit_id = p.workplace_id
    WHERE n.lft >= %s AND n.lft <= %s
    ORDER BY p.name_folded, p.id LIMIT 50"""

# (b) people per direct child of the root ----------------------------------------------------

CLOSURE_PER_CHILD = """
    SELECT c.ancestor_id, COUNT(*) FROM bench_closure c
    JOIN organisations_person p ON p.workplace_id = c.descendant_id
    WHERE c.ancestor_id IN (
        SELECT descendant_id FROM bench_closure WHERE ancestor_id = %s AND depth = 1)
    GROUP BY c.ancestor_id"""
# CROSS JOIN fixes SQLite's join order (children, their units by lft, their people): left
# to itself, without statistics, it scans every person and tests each against every child
# (about 0.8 s on the province). PostgreSQL reorders CROSS JOINs freely.
NESTED_PER_CHILD = """
    SELECT ch.unit_id, COUNT(*) FROM organisations_unit u
    CROSS JOIN bench_nested ch CROSS JOIN bench_nested n CROSS JOIN organisations_person p
    WHERE u.parent_id = %s AND ch.unit_id = u.id
      AND n.lft >= ch.lft AND n.lft <= ch.rgt AND p.workplace_id = n.unit_id
    GROUP BY ch.unit_id"""


def sql(query, params=()):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return cursor.fetchall() if cursor.description else None


def one(query, params=()):
    return sql(query, params)[0]


def drop_side_tables():
    for table in SIDE_TABLES:
        sql(f"DROP TABLE IF EXISTS {table}")


def build(target) -> dict:
    """Drop and rebuild the side tables; their row counts and the build time."""
    drop_side_tables()
    start = time.perf_counter()
    for statement in BUILD:
        sql(statement)
    if target.engine == "postgres":
        for table in SIDE_TABLES:
            sql(f"ANALYZE {table}")
    elapsed = time.perf_counter() - start
    counts = {t: one(f"SELECT COUNT(*) FROM {t}")[0] for t in SIDE_TABLES}  # noqa: S608
    log(f"  side tables built in {ms(elapsed)} ms: {counts}")
    return {"elapsed": elapsed, "counts": counts}


def agree(label, fns):
    results = [fn() for fn in fns]
    assert all(r == results[0] for r in results), f"{label}: the representations disagree"
    return results[0]


def timed(label, fns) -> list[float]:
    """p50 of each representation's function, interleaved."""
    times = interleaved(*fns, runs=RUNS)
    log(f"  {label}: " + ", ".join(f"{ms(p50(t))} ms" for t in times))
    return [ms(p50(t)) for t in times]


def subtree_query(unit):
    from neuguong.organisations import tree

    low, high = tree.subtree_bounds(unit.path)
    lft, rgt = one("SELECT lft, rgt FROM bench_nested WHERE unit_id = %s", [unit.pk])

    def path():
        return one(WORKING_COUNT, [low, high])[0], [r[0] for r in sql(WORKING_PAGE, [low, high])]

    def closure():
        return one(CLOSURE_COUNT, [unit.pk])[0], [r[0] for r in sql(CLOSURE_PAGE, [unit.pk])]

    def nested():
        return one(NESTED_COUNT, [lft, rgt])[0], [r[0] for r in sql(NESTED_PAGE, [lft, rgt])]

    total = agree(unit.name, [path, closure, nested])[0]
    label = f"(a) {unit.name} ({total:,} people): count + page of 50"
    return label, timed(label, [path, closure, nested])


def per_child_query(root):
    from neuguong.organisations import tree

    width = len(root.path) + tree.SEGMENT
    low, high = tree.subtree_bounds(root.path)
    children = root.children.count()

    def path():
        rows = sql(PER_CHILD, [width, low, high])
        return {int(b[-tree.SEGMENT :]): n for b, n in rows if len(b) == width}

    def closure():
        return dict(sql(CLOSURE_PER_CHILD, [root.pk]))

    def nested():
        return dict(sql(NESTED_PER_CHILD, [root.pk]))

    agree(root.name, [path, closure, nested])
    label = f"(b) {root.name}: people per child ({children} children)"
    return label, timed(label, [path, closure, nested])


# (c) moves -------------------------------------------------------------------------------


def path_move(unit_id, parent_id):
    from neuguong.organisations import tree

    (old,) = one("SELECT path FROM bench_path WHERE unit_id = %s", [unit_id])
    (parent,) = one("SELECT path FROM bench_path WHERE unit_id = %s", [parent_id])
    low, high = tree.subtree_bounds(old)
    sql(
        "UPDATE bench_path SET path = %s || substr(path, %s) WHERE path >= %s AND path < %s",
        [parent + tree.segment(unit_id), len(old) + 1, low, high],
    )


def closure_move(unit_id, parent_id):
    # Unlink the subtree from its old ancestors, then link it to every new ancestor.
    sql(
        """DELETE FROM bench_closure
        WHERE descendant_id IN (SELECT descendant_id FROM bench_closure WHERE ancestor_id = %s)
          AND ancestor_id IN (
              SELECT ancestor_id FROM bench_closure WHERE descendant_id = %s AND depth > 0)""",
        [unit_id, unit_id],
    )
    sql(
        """INSERT INTO bench_closure (ancestor_id, descendant_id, depth)
        SELECT a.ancestor_id, d.descendant_id, a.depth + d.depth + 1
        FROM bench_closure a CROSS JOIN bench_closure d
        WHERE a.descendant_id = %s AND d.ancestor_id = %s""",
        [parent_id, unit_id],
    )


def nested_move(unit_id, parent_id):
    # The subtree becomes the new parent's last child: take it out (negated numbers), close
    # its gap, open one before the new parent's rgt, put it back shifted.
    lft, rgt = one("SELECT lft, rgt FROM bench_nested WHERE unit_id = %s", [unit_id])
    (prgt,) = one("SELECT rgt FROM bench_nested WHERE unit_id = %s", [parent_id])
    width = rgt - lft + 1
    at = prgt - width if prgt > rgt else prgt
    for statement, params in [
        (
            "UPDATE bench_nested SET lft = -lft, rgt = -rgt WHERE lft >= %s AND lft <= %s",
            [lft, rgt],
        ),
        ("UPDATE bench_nested SET lft = lft - %s WHERE lft > %s", [width, rgt]),
        ("UPDATE bench_nested SET rgt = rgt - %s WHERE rgt > %s", [width, rgt]),
        ("UPDATE bench_nested SET lft = lft + %s WHERE lft >= %s", [width, at]),
        ("UPDATE bench_nested SET rgt = rgt + %s WHERE rgt >= %s", [width, at]),
        (
            "UPDATE bench_nested SET lft = %s - lft, rgt = %s - rgt WHERE lft < 0",
            [at - lft, at - lft],
        ),
    ]:
        sql(statement, params)


def check_moved(unit, parent):
    """All three representations put the subtree (and nothing else) under `parent`."""
    from neuguong.organisations import tree

    (ppath,) = one("SELECT path FROM bench_path WHERE unit_id = %s", [parent.pk])
    low, high = tree.subtree_bounds(ppath)
    by_path = sql("SELECT unit_id FROM bench_path WHERE path >= %s AND path < %s", [low, high])
    by_closure = sql("SELECT descendant_id FROM bench_closure WHERE ancestor_id = %s", [parent.pk])
    by_nested = sql(
        """SELECT n.unit_id FROM bench_nested n JOIN bench_nested p ON p.unit_id = %s
        WHERE n.lft >= p.lft AND n.lft <= p.rgt""",
        [parent.pk],
    )
    assert sorted(by_path) == sorted(by_closure) == sorted(by_nested), "moves disagree"
    (upath,) = one("SELECT path FROM bench_path WHERE unit_id = %s", [unit.pk])
    ancestors = sql(
        "SELECT ancestor_id FROM bench_closure WHERE descendant_id = %s AND depth > 0 "
        "ORDER BY depth DESC",
        [unit.pk],
    )
    assert [a for (a,) in ancestors] == tree.ancestor_ids(upath), "closure ancestors wrong"
    bad = one("SELECT COUNT(*) FROM bench_nested WHERE lft >= rgt OR lft < 1")[0]
    assert bad == 0, "nested set numbers broken"


def move_query(unit, size, home, away):
    from django.db import transaction

    def mover(move):
        state = {"away": False}

        def fn():
            with transaction.atomic():
                move(unit.pk, home.pk if state["away"] else away.pk)
            state["away"] = not state["away"]

        return fn

    fns = [mover(path_move), mover(closure_move), mover(nested_move)]
    for fn in fns:
        fn()
    check_moved(unit, away)
    for fn in fns:
        fn()
    check_moved(unit, home)
    label = f"(c) move {unit.name} ({size} units) under {away.name} / back"
    return label, timed(label, fns)


def main():
    target = target_from_env()
    setup_django()
    from neuguong.organisations.models import Unit

    log(f"[{target.key}] tree representations, {RUNS} runs each")
    try:
        built = build(target)
        columns, results = [], []
        for unit in mid_level_units(target):
            label, p50s = subtree_query(unit)
            columns.append(label)
            results.append(p50s)
        root = Unit.objects.get(parent=None)
        label, p50s = per_child_query(root)
        columns.append(label)
        results.append(p50s)
        unit, size = subtree_of_about(100)
        label, p50s = move_query(unit, size, unit.parent, destination(unit))
        columns.append(label)
        results.append(p50s)
    finally:
        drop_side_tables()
    counts = built["counts"]
    names = [
        f"materialized path ({counts['bench_path']:,} paths)",
        f"closure table ({counts['bench_closure']:,} links)",
        f"nested set ({counts['bench_nested']:,} units)",
    ]
    rows = [[name, *(r[i] for r in results)] for i, name in enumerate(names)]
    emit(
        {
            "title": f"Tree representations on {target.label}: p50 (ms) over {RUNS} runs",
            "columns": ["representation", *columns],
            "rows": rows,
            "notes": [
                "Raw SQL through the cursor, DEBUG off, on side tables built from "
                "organisations_unit in the same database and dropped afterwards (all three "
                f"built in {ms(built['elapsed'])} ms with INSERT … SELECT); the app's tables "
                "are not changed. (a) and (b) join organisations_person on workplace_id; the "
                "path rows use organisations_unit.path and its index, as tree_queries.py's "
                "hand SQL does; every representation returns the same figures (checked). The "
                "nested-set (b) query fixes the join order with CROSS JOIN (see the code).",
                "(c) is one move (away or back), its own committed transaction, p50 over "  # noqa: S608 - prose
                f"{MOVES} moves: path = read two paths + one UPDATE of the subtree's range "
                "(on a copy, bench_path, with a unique index on path); closure = DELETE the "
                "links between the subtree and its old ancestors + INSERT the cross product "
                "with the new ancestors; nested set = read lft/rgt + six UPDATEs renumbering "
                "lft/rgt across the table (index on lft only). The parent_id change and the "
                "audit entry, common to all, are left out (see the move_unit table). On "
                "PostgreSQL each nested-set move rewrites about half the table's rows twice "
                "(lft and rgt), and the dead rows of earlier moves (no VACUUM between moves) "
                "make later ones slower: that growth is part of its p50.",
            ],
        }
    )


if __name__ == "__main__":
    main()
