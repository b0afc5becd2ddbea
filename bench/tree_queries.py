"""Tree queries: the ORM as the app runs it against the same query written by hand in SQL.

(a) the people under a mid-level unit: the count and the first page of 50 by name, as a
    paginated list needs them (Person.objects.working_in_subtree / in_subtree);
(b) the people count per direct child of the root: one ORM query per child, one grouped
    ORM query, and the grouped query by hand.
Run by run.py with BENCH_TARGET set; prints its figures as JSON on the last line.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from common import emit, interleaved, log, ms, p50, setup_django, target_from_env

RUNS = int(os.environ.get("BENCH_RUNS", "20"))
PAGE = 50

WORKING_COUNT = """
    SELECT COUNT(*) FROM organisations_person p
    JOIN organisations_unit u ON u.id = p.workplace_id
    WHERE u.path >= %s AND u.path < %s"""
WORKING_PAGE = """
    SELECT p.* FROM organisations_person p
    JOIN organisations_unit u ON u.id = p.workplace_id
    WHERE u.path >= %s AND u.path < %s
    ORDER BY p.name_folded, p.id LIMIT 50"""
# Workplace or party cell in the subtree, driven from the subtree's units: for each unit,
# the people whose workplace or party cell it is (two index lookups). This is the form
# that holds up on PostgreSQL at national scale for small and large subtrees alike.
MEMBERS_OF = """
    SELECT p2.id FROM organisations_unit u
    JOIN organisations_person p2 ON (p2.workplace_id = u.id OR p2.party_cell_id = u.id)
    WHERE u.path >= %s AND u.path < %s"""
ANY_COUNT = f"SELECT COUNT(DISTINCT s.id) FROM ({MEMBERS_OF}) s"  # noqa: S608 - built from constants
ANY_PAGE = f"""
    SELECT p.* FROM organisations_person p WHERE p.id IN ({MEMBERS_OF})
    ORDER BY p.name_folded, p.id LIMIT 50"""  # noqa: S608 - built from constants
PER_CHILD = """
    SELECT substr(u.path, 1, %s) AS branch, COUNT(*) FROM organisations_person p
    JOIN organisations_unit u ON u.id = p.workplace_id
    WHERE u.path >= %s AND u.path < %s GROUP BY branch"""


def sql(query, params):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(query, params)
        return cursor.fetchall()


def replay_of(fn):
    """A function that sends the SQL `fn` sends through the ORM, straight to the cursor:
    it tells the cost of the ORM's SQL apart from the ORM's Python."""
    from django.db import connection

    sent = []

    def record(execute, query, params, many, context):
        sent.append((query, params))
        return execute(query, params, many, context)

    with connection.execute_wrapper(record):
        fn()
    return lambda: [sql(q, p) for q, p in sent]


def compare(label, query, orm, by_hand, *, check=None):
    """One table row: ORM, the ORM's own SQL replayed, and the hand-written SQL."""
    assert (check or orm)() == by_hand(), f"{query}: the ORM and the SQL disagree for {label}"
    a, b, c = interleaved(orm, replay_of(orm), by_hand, runs=RUNS)
    log(
        f"  {label} / {query}: ORM {ms(p50(a))} ms, its SQL {ms(p50(b))} ms, "
        f"hand SQL {ms(p50(c))} ms"
    )
    return [label, query, ms(p50(a)), ms(p50(b)), ms(p50(c)), round(p50(a) / p50(c), 2)]


def mid_level_units(target):
    from neuguong.organisations.models import Unit

    codes = ["QN-HALONG", "QN-DBTHAN"] if target.scale != "national" else ["QN-HALONG", "HCM"]
    return list(Unit.objects.filter(code__in=codes).order_by("path"))


def subtree_rows(unit):
    from neuguong.organisations import tree
    from neuguong.organisations.models import Person

    low, high = tree.subtree_bounds(unit.path)
    rows = []
    cases = [
        (
            "working_in_subtree",
            Person.objects.working_in_subtree,
            WORKING_COUNT,
            WORKING_PAGE,
            [low, high],
        ),
        ("in_subtree", Person.objects.in_subtree, ANY_COUNT, ANY_PAGE, [low, high]),
    ]
    for name, method, count_sql, page_sql, params in cases:

        def orm(method=method):
            qs = method(unit)
            # The queryset's own order, as the pages use it: by name, and on PostgreSQL
            # without the name index for unit-filtered people (PersonQuerySet._sorted_apart).
            return qs.count(), [p.pk for p in qs[:PAGE]]

        def by_hand(count_sql=count_sql, page_sql=page_sql, params=params):
            return sql(count_sql, params)[0][0], [r[0] for r in sql(page_sql, params)]

        total = orm()[0]
        rows.append(
            compare(f"{unit.name} ({total:,} people)", f"{name}: count + page of 50", orm, by_hand)
        )
    return rows


def per_child_rows(root):
    from django.db.models import Count
    from django.db.models.functions import Substr

    from neuguong.organisations import tree
    from neuguong.organisations.models import Person

    children = list(root.children.all())
    width = len(root.path) + tree.SEGMENT
    low, high = tree.subtree_bounds(root.path)

    def orm_loop():
        counts = {c.pk: Person.objects.working_in_subtree(c).count() for c in children}
        return {pk: n for pk, n in counts.items() if n}

    def orm_naive():
        rows = (
            Person.objects.working_in_subtree(root)
            .annotate(branch=Substr("workplace__path", 1, width))
            .values_list("branch")
            .annotate(n=Count("id"))
            .order_by()
        )
        return {int(b[-tree.SEGMENT :]): n for b, n in rows if len(b) == width}

    def orm_method():
        return Person.objects.count_per_child(root)

    def by_hand():
        rows = sql(PER_CHILD, [width, low, high])
        return {int(b[-tree.SEGMENT :]): n for b, n in rows if len(b) == width}

    label = f"{root.name}: {len(children)} children"
    return [
        compare(label, name, fn, by_hand)
        for name, fn in [
            ("one working_in_subtree(child).count() per child", orm_loop),
            ("working_in_subtree(root) grouped by child", orm_naive),
            ("count_per_child(root)", orm_method),
        ]
    ]


def main():
    target = target_from_env()
    setup_django()
    from neuguong.organisations.models import Unit

    log(f"[{target.key}] tree queries, {RUNS} runs each")
    rows = []
    for unit in mid_level_units(target):
        rows += subtree_rows(unit)
    roots = list(Unit.objects.filter(parent=None))
    if target.scale == "national":
        roots.append(Unit.objects.get(code="QN"))  # a province inside the national tree
    for root in roots:
        rows += per_child_rows(root)
    emit(
        {
            "title": f"Tree queries on {target.label}: p50 over {RUNS} runs",
            "columns": [
                "unit",
                "query",
                "ORM p50 (ms)",
                "ORM's SQL alone (ms)",
                "hand SQL p50 (ms)",
                "ORM / hand SQL",
            ],
            "rows": rows,
            "notes": [
                'Goal: ORM / hand SQL ≤ 1.5. "ORM\'s SQL alone" replays the statements the ORM '
                "sent, straight to the cursor: the gap between it and the ORM column is Python "
                "(query compilation, model instances), the gap between it and the hand SQL is "
                "the SQL itself.",
                "Per-child rows: the hand SQL is the one grouped query (join on the path index, "
                "GROUP BY the child's path segment), whichever ORM form it is compared with.",
                "in_subtree's hand SQL starts from the subtree's units and finds, for each, the "
                "people whose workplace or party cell it is.",
                "Queries run with DEBUG off, as in production.",
            ],
        }
    )


if __name__ == "__main__":
    main()
