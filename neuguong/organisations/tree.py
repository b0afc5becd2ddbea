"""The unit tree is a materialized path.

Each unit's `path` is its ancestors' ids and its own, each as a fixed-width run of
SEGMENT digits ("0000001" + "0000042" + ...). Digits only, so every collation on every
database orders paths the same way, and the units of a subtree are exactly the paths
in the half-open range [path, next_sibling_path) — an index range scan on SQLite
and PostgreSQL alike. Moving a subtree is one UPDATE of that range.
"""

SEGMENT = 7
MAX_ID = 10**SEGMENT - 1
MAX_DEPTH = 36  # path max_length 252 / SEGMENT


def segment(pk: int) -> str:
    if pk > MAX_ID:
        raise ValueError("unit id too large for the path segment")
    return f"{pk:0{SEGMENT}d}"


def subtree_bounds(path: str) -> tuple[str, str]:
    """(low, high) such that low <= p < high holds exactly for `path` and its descendants."""
    head, last = path[:-SEGMENT], int(path[-SEGMENT:])
    return path, head + segment(last + 1)


def depth_of(path: str) -> int:
    return len(path) // SEGMENT


def parent_path(path: str) -> str:
    return path[:-SEGMENT]


def ancestor_paths(path: str) -> list[str]:
    """The paths from the root down to and including `path`."""
    return [path[: i * SEGMENT] for i in range(1, depth_of(path) + 1)]


def ancestor_ids(path: str) -> list[int]:
    """Ids on the path from the root down to, but excluding, the unit itself."""
    return [int(path[i : i + SEGMENT]) for i in range(0, len(path) - SEGMENT, SEGMENT)]
