"""Moving a subtree of about 100 units with services.move_unit, back and forth.

The unit whose subtree size is nearest 100 moves under a sibling and back again; every
move is timed on its own, including its transaction and audit entry. The tree ends as it
began. Run by run.py with BENCH_TARGET set; prints its figures as JSON on the last line.
"""

import os
import sys
import time
from collections import Counter

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from common import emit, log, ms, p50, p95, setup_django, target_from_env

MOVES = int(os.environ.get("BENCH_MOVES", "20"))
WANTED = 100


def subtree_of_about(size: int):
    """The unit (not a root) whose subtree holds the number of units nearest `size`."""
    from neuguong.organisations import tree
    from neuguong.organisations.models import Unit

    paths = list(Unit.objects.values_list("path", flat=True))
    sizes = Counter()
    for path in paths:
        for end in range(2 * tree.SEGMENT, len(path) + 1, tree.SEGMENT):
            sizes[path[:end]] += 1
    path = min(sizes, key=lambda p: (abs(sizes[p] - size), len(p), p))
    return Unit.objects.get(path=path), sizes[path]


def destination(unit):
    """A sibling to move under: another committee if there is one."""
    siblings = unit.parent.children.exclude(pk=unit.pk).filter(is_active=True)
    return siblings.filter(kind=unit.kind).first() or siblings.exclude(kind="party_cell").first()


def main():
    target = target_from_env()
    setup_django()
    from django.contrib.auth import get_user_model

    from neuguong.organisations.models import Unit
    from neuguong.organisations.services import move_unit

    admin = get_user_model().objects.get(username="quantri")
    unit, size = subtree_of_about(WANTED)
    home, away = unit.parent, destination(unit)
    log(
        f"[{target.key}] moving {unit.name} ({size} units) under {away.name} and back, "
        f"{MOVES} moves"
    )
    times = []
    try:
        for i in range(MOVES + 2):  # the first round trip warms up
            start = time.perf_counter()
            move_unit(unit, by=admin, new_parent=away if i % 2 == 0 else home)
            if i >= 2:
                times.append(time.perf_counter() - start)
    finally:
        unit = Unit.objects.get(pk=unit.pk)
        if unit.parent_id != home.pk:
            move_unit(unit, by=admin, new_parent=home)
    log(f"  p50 {ms(p50(times))} ms, p95 {ms(p95(times))} ms")
    emit(
        {
            "title": f"Moving a subtree with services.move_unit on {target.label}",
            "columns": ["subtree", "units", "moves", "p50 (ms)", "p95 (ms)", "max (ms)"],
            "rows": [
                [
                    f"{unit.name}: under {away.name} and back",
                    size,
                    len(times),
                    ms(p50(times)),
                    ms(p95(times)),
                    ms(max(times)),
                ]
            ],
            "notes": [
                "Goal: p50 ≤ 20 ms. Each move is one transaction: locks, one UPDATE of the "
                "subtree's paths, the parent change and an audit entry."
            ],
        }
    )


if __name__ == "__main__":
    main()
