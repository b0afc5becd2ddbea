"""Two versions of a code side by side: items paired by their key across versions."""

from dataclasses import dataclass

from .models import Relationship


@dataclass
class Row:
    relationship: int
    change: str  # "same", "changed", "added", "removed"
    old: str = ""
    new: str = ""

    @property
    def relationship_label(self):
        return Relationship(self.relationship).label


def compare(old, new) -> list[Row]:
    """Rows in the new version's order, removed items after their group's last row."""
    old_items = {i.key: i for i in old.items.all()} if old else {}
    rows: list[Row] = []
    for item in new.items.all():
        before = old_items.pop(item.key, None)
        if before is None:
            rows.append(Row(item.relationship, "added", new=item.text))
        elif before.text != item.text or before.relationship != item.relationship:
            rows.append(Row(item.relationship, "changed", old=before.text, new=item.text))
        else:
            rows.append(Row(item.relationship, "same", old=before.text, new=item.text))
    rows.extend(Row(i.relationship, "removed", old=i.text) for i in old_items.values())
    return sorted(rows, key=lambda r: r.relationship)  # stable: keeps order within a group
