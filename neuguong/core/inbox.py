"""The in-app inbox: what each person must do next.

Items are not stored: each app registers a source that computes them from the current
state, so an item disappears the moment the work is done. Later issues add sources
(plans to approve, reviews to decide). Sources must answer with a bounded number of
queries, whatever the size of the user's scope.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

_SOURCES: list[Callable] = []


@dataclass(frozen=True)
class InboxItem:
    kind: str  # a short code: "code.acknowledge", "code.approve", ...
    title: str  # what to do, in the user's language
    url: str  # where to do it
    unit: str = ""  # the unit it concerns
    due: date | None = None  # the deadline, if any
    count: int = 1  # how many objects this line stands for


def source(func: Callable) -> Callable:
    """Register `func(user) -> list[InboxItem]` as an inbox source."""
    if func not in _SOURCES:
        _SOURCES.append(func)
    return func


def items_for(user) -> list[InboxItem]:
    if not getattr(user, "is_authenticated", False):
        return []
    items: list[InboxItem] = []
    for func in _SOURCES:
        items.extend(func(user))
    return sorted(items, key=lambda i: (i.due is None, i.due or date.max, i.kind, i.unit))
