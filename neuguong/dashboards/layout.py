"""What the dashboard shows, in which order, and each figure's share and change.

A section holds blocks; a block is a group of lines (a table, drawn as progress bars
when its lines have shares) or a pair of rating distributions (the party side and the
state side, drawn as stacked bars). A line is one counter, with the counter(s) its
share is taken of, its figure in the previous period and the change.

Shares use a safe division: a zero base has no share (shown "–").
"""

from dataclasses import dataclass, field

from django.utils.formats import get_format, number_format
from django.utils.translation import gettext_lazy as _

from .sources import LABELS, LEVEL_LABELS, LEVELS

NO_VALUE = "–"


@dataclass(frozen=True)
class GroupDef:
    key: str
    title: str
    # (counter, base): base is None (no share), a counter, or a tuple of counters summed.
    lines: tuple
    share_label: str = ""  # what the share is of, e.g. "% số đơn vị"
    chart: bool = True  # drawn as progress bars (the lines with a share)


@dataclass(frozen=True)
class StackDef:
    key: str
    title: str
    groups: tuple  # GroupDefs, one bar each


def _levels(prefix: str) -> tuple:
    counters = tuple(f"{prefix}_{lv}" for lv in LEVELS)
    return tuple((c, counters) for c in counters)


def _rating(key: str, prefix: str, title) -> GroupDef:
    return GroupDef(key, title, _levels(prefix), _("% số đã xếp loại ở bên này"), chart=False)


CODES = GroupDef(
    "codes",
    _("Đơn vị xây dựng và thực hiện chuẩn mực"),
    (
        ("units", None),
        *((c, "units") for c in ("code_built", "code_approved", "code_published")),
        *((c, "units") for c in ("code_acknowledged", "code_evaluated")),
    ),
    _("% số đơn vị"),
)
PLANS_PEOPLE = GroupDef(
    "plans_people",
    _("Kế hoạch của cá nhân"),
    (
        ("people", None),
        ("plan_registered", "people"),
        ("plan_approved", "people"),
        ("plan_late", "people"),
    ),
    _("% số cán bộ, đảng viên"),
)
PLANS_UNITS = GroupDef(
    "plans_units",
    _("Kế hoạch của tập thể"),
    (
        ("units", None),
        ("cplan_registered", "units"),
        ("cplan_approved", "units"),
        ("cplan_late", "units"),
    ),
    _("% số đơn vị"),
)
REVIEWS_PEOPLE = GroupDef(
    "reviews_people",
    _("Kiểm điểm cá nhân"),
    (
        ("review_started", None),
        ("review_done", "review_started"),
        ("review_not_rated", "review_done"),
    ),
    _("đã xếp loại: % số đã mở; không xếp loại: % số đã xếp loại"),
)
REVIEWS_UNITS = GroupDef(
    "reviews_units",
    _("Kiểm điểm tập thể"),
    (("creview_started", None), ("creview_done", "creview_started")),
    _("% số đã mở"),
)
QUOTA = GroupDef(
    "quota",
    _("Tỷ lệ hoàn thành xuất sắc nhiệm vụ"),
    (("quota_groups", None), ("quota_ok", "quota_groups")),
    _("% số nhóm đã có quyết định xếp loại"),
)
DISCIPLINE = GroupDef(
    "discipline",
    _("Kỷ luật trong kỳ"),
    (("discipline_people", None), ("discipline_units", None)),
    chart=False,
)
RATINGS_PEOPLE = StackDef(
    "ratings_people",
    _("Xếp loại cá nhân"),
    (
        _rating("ratings_people_party", "review_party", _("Cá nhân – xếp loại đảng viên")),
        _rating("ratings_people_state", "review_state", _("Cá nhân – xếp loại cán bộ")),
    ),
)
RATINGS_UNITS = StackDef(
    "ratings_units",
    _("Xếp loại tập thể"),
    (
        _rating("ratings_units_party", "creview_party", _("Tập thể – xếp loại tổ chức đảng")),
        _rating("ratings_units_state", "creview_state", _("Tập thể – xếp loại tập thể")),
    ),
)
SECTIONS = (
    ("codes", _("Chuẩn mực đạo đức"), (CODES,)),
    ("plans", _("Kế hoạch cam kết"), (PLANS_PEOPLE, PLANS_UNITS)),
    (
        "reviews",
        _("Kiểm điểm, xếp loại"),
        (REVIEWS_PEOPLE, RATINGS_PEOPLE, REVIEWS_UNITS, RATINGS_UNITS, QUOTA),
    ),
    ("discipline", _("Kỷ luật"), (DISCIPLINE,)),
)

# The columns of the table of children: (counter, base counter for the share or None).
CHILD_COLUMNS = (
    ("units", None),
    ("code_published", "units"),
    ("code_evaluated", "units"),
    ("people", None),
    ("plan_registered", "people"),
    ("plan_approved", "people"),
    ("plan_late", "people"),
    ("review_done", None),
    ("creview_done", None),
    ("quota_ok", "quota_groups"),
    ("discipline_people", None),
    ("discipline_units", None),
)
COLUMN_LABELS = {
    "units": _("Đơn vị"),
    "code_published": _("Đã công bố chuẩn mực"),
    "code_evaluated": _("Đã đánh giá chuẩn mực"),
    "people": _("Cán bộ, đảng viên"),
    "plan_registered": _("Đã đăng ký kế hoạch"),
    "plan_approved": _("Kế hoạch đã phê duyệt"),
    "plan_late": _("Kế hoạch nộp sau hạn"),
    "review_done": _("Cá nhân đã xếp loại"),
    "creview_done": _("Tập thể đã xếp loại"),
    "quota_ok": _("Nhóm đúng tỷ lệ xuất sắc"),
    "discipline_people": _("Cá nhân bị kỷ luật"),
    "discipline_units": _("Tổ chức bị kỷ luật"),
}


def label(counter: str) -> str:
    if counter[-1].isdigit():  # a rating level: its short name is the label in its group
        return LEVEL_LABELS[int(counter[-1])]
    return str(LABELS[counter])


def share(value: int, base: int | None) -> float | None:
    """value / base in percent, None without a base or when the base is zero."""
    if not base:
        return None
    return 100.0 * value / base


def share_text(value: float | None) -> str:
    """One decimal, in the language's decimal separator (55,6% in Vietnamese)."""
    if value is None:
        return NO_VALUE
    return f"{value:.1f}".replace(".", get_format("DECIMAL_SEPARATOR")) + "%"


def change_text(now: int, before: int | None) -> str:
    if before is None:
        return NO_VALUE
    delta = now - before
    return (
        f"+{number_format(delta)}"
        if delta > 0
        else ("0" if delta == 0 else f"−{number_format(-delta)}")
    )


@dataclass
class Line:
    counter: str
    label: str
    value: int
    base: int | None
    previous: int | None

    @property
    def share(self) -> float | None:
        return share(self.value, self.base)

    @property
    def share_text(self) -> str:
        return share_text(self.share)

    @property
    def change(self) -> str:
        return change_text(self.value, self.previous)

    @property
    def has_share(self) -> bool:
        return self.base is not None


@dataclass
class Group:
    key: str
    title: str
    share_label: str
    lines: list[Line]
    chart: bool

    @property
    def shared(self) -> list[Line]:
        return [line for line in self.lines if line.has_share]

    @property
    def total(self) -> int:
        return sum(line.value for line in self.lines)


@dataclass
class Stack:
    key: str
    title: str
    groups: list[Group]


@dataclass
class Section:
    key: str
    title: str
    blocks: list = field(default_factory=list)


def _base(figures: dict, base) -> int | None:
    if base is None:
        return None
    if isinstance(base, tuple):
        return sum(figures[c] for c in base)
    return figures[base]


def _group(definition: GroupDef, figures: dict, previous: dict | None) -> Group:
    lines = [
        Line(
            counter=c,
            label=label(c),
            value=figures[c],
            base=_base(figures, base),
            previous=previous[c] if previous is not None else None,
        )
        for c, base in definition.lines
    ]
    return Group(
        definition.key, str(definition.title), str(definition.share_label), lines, definition.chart
    )


def sections(figures: dict, previous: dict | None) -> list[Section]:
    """The dashboard's sections for `figures` (and the previous period's, or None)."""
    out = []
    for key, title, blocks in SECTIONS:
        section = Section(key, str(title))
        for block in blocks:
            if isinstance(block, StackDef):
                groups = [_group(g, figures, previous) for g in block.groups]
                section.blocks.append(Stack(block.key, str(block.title), groups))
            else:
                section.blocks.append(_group(block, figures, previous))
        out.append(section)
    return out
