"""Charts drawn on the server as inline SVG.

Each chart is an image for screen readers (`role="img"`, a `<title>` naming it and
stating its figures, `aria-labelledby`) and is followed on the page by the table it
draws. It reads in black and white: the bars are hatched, dotted or solid, never told
apart by colour alone, and every bar carries its label and its value as text. All text
is escaped here; the SVG is assembled from escaped parts only.

Ids inside a chart (its title and fill patterns) are prefixed with the chart's id, so
several charts on a page never share an id.
"""

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .layout import Group, Stack, share_text
from .sources import LEVEL_LABELS, LEVELS

WIDTH = 480
BAR_WIDTH = 360
BAR_HEIGHT = 16
INK = "#1b1b1b"

# One fill per rating level: solid, diagonal hatch, dots, cross-hatch, each on its own
# light tint, so printed in grey they still differ by texture.
_LEVEL_PATTERNS = {
    1: '<rect width="6" height="6" fill="#1b1b1b"/>',
    2: '<rect width="6" height="6" fill="#d8e6f5"/>'
    '<path d="M-1,1 l2,-2 M0,6 l6,-6 M5,7 l2,-2" stroke="#1b1b1b" stroke-width="1.4"/>',
    3: '<rect width="6" height="6" fill="#fbe9c8"/><circle cx="3" cy="3" r="1.3" fill="#1b1b1b"/>',
    4: '<rect width="6" height="6" fill="#ffffff"/>'
    '<path d="M0,3 h6 M3,0 v6" stroke="#1b1b1b" stroke-width="0.9"/>',
}
_PROGRESS_PATTERN = (
    '<rect width="6" height="6" fill="#c9dcf2"/>'
    '<path d="M-1,1 l2,-2 M0,6 l6,-6 M5,7 l2,-2" stroke="#0a4c96" stroke-width="1.6"/>'
)


def _pattern(pattern_id: str, body: str) -> str:
    return (
        f'<pattern id="{pattern_id}" width="6" height="6" patternUnits="userSpaceOnUse">'
        f"{body}</pattern>"
    )


def _svg(chart_id: str, title: str, height: int, defs: str, body: str) -> SafeString:
    return mark_safe(  # noqa: S308 - every text part is escaped, ids are ours
        f'<svg class="chart" role="img" aria-labelledby="{chart_id}-title" '
        f'viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        'preserveAspectRatio="xMinYMin meet" focusable="false">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f"<defs>{defs}</defs>{body}</svg>"
    )


def _text(x: float, y: float, text: str, *, anchor: str = "start", bold: bool = False) -> str:
    weight = ' font-weight="600"' if bold else ""
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}" fill="{INK}" '
        f'font-size="14"{weight}>{escape(text)}</text>'
    )


def progress(chart_id: str, group: Group) -> SafeString | None:
    """Horizontal bars, one per line of `group` that has a share: the label above, the
    bar hatched up to the share, the share written after it."""
    lines = group.shared
    if not lines:
        return None
    row = 44
    height = row * len(lines) + 4
    parts = []
    for i, line in enumerate(lines):
        top = i * row
        pct = min(max(line.share or 0.0, 0.0), 100.0)
        parts.append(_text(0, top + 15, line.label))
        parts.append(
            f'<rect x="0.5" y="{top + 21.5}" width="{BAR_WIDTH}" height="{BAR_HEIGHT}" '
            f'fill="#ffffff" stroke="{INK}"/>'
        )
        if pct > 0:
            parts.append(
                f'<rect x="0.5" y="{top + 21.5}" width="{BAR_WIDTH * pct / 100:.1f}" '
                f'height="{BAR_HEIGHT}" fill="url(#{chart_id}-fill)" stroke="{INK}"/>'
            )
        parts.append(_text(BAR_WIDTH + 10, top + 35, line.share_text, bold=True))
    summary = "; ".join(f"{line.label}: {line.share_text}" for line in lines)
    title = f"{group.title} ({group.share_label}). {summary}."
    defs = _pattern(f"{chart_id}-fill", _PROGRESS_PATTERN)
    return _svg(chart_id, title, height, defs, "".join(parts))


def _level_texts(group: Group) -> list[str]:
    return [
        f"{LEVEL_LABELS[lv]}: {line.value} ({share_text(line.share)})"
        for lv, line in zip(LEVELS, group.lines, strict=True)
    ]


def _segment_text(group: Group) -> str:
    if not group.total:
        return _("chưa có ai được xếp loại")
    return "; ".join(_level_texts(group))


def stacked(chart_id: str, stack: Stack) -> SafeString:
    """One stacked bar per group of `stack` (the party side, the state side): each
    level a segment in its own fill, a legend naming the fills, and each bar's counts
    written under it."""
    legend_height = 30
    row = 92
    height = legend_height + row * len(stack.groups) + 4
    parts = []
    x = 0
    for lv in LEVELS:
        parts.append(
            f'<rect x="{x + 0.5}" y="4.5" width="18" height="14" '
            f'fill="url(#{chart_id}-lv{lv})" stroke="{INK}"/>'
        )
        parts.append(_text(x + 24, 16, LEVEL_LABELS[lv]))
        x += 100
    for i, group in enumerate(stack.groups):
        top = legend_height + i * row
        parts.append(_text(0, top + 14, group.title, bold=True))
        parts.append(
            f'<rect x="0.5" y="{top + 20.5}" width="{WIDTH - 1}" height="{BAR_HEIGHT}" '
            f'fill="#ffffff" stroke="{INK}"/>'
        )
        total, start = group.total, 0.0
        for lv, line in zip(LEVELS, group.lines, strict=True):
            if not total or not line.value:
                continue
            width = (WIDTH - 1) * line.value / total
            parts.append(
                f'<rect x="{start + 0.5:.1f}" y="{top + 20.5}" width="{width:.1f}" '
                f'height="{BAR_HEIGHT}" fill="url(#{chart_id}-lv{lv})" stroke="{INK}"/>'
            )
            start += width
        if group.total:
            texts = _level_texts(group)
            parts.append(_text(0, top + 55, " · ".join(texts[:2])))
            parts.append(_text(0, top + 73, " · ".join(texts[2:])))
        else:
            parts.append(_text(0, top + 55, _segment_text(group)))
    summary = " ".join(f"{g.title}: {_segment_text(g)}." for g in stack.groups)
    defs = "".join(_pattern(f"{chart_id}-lv{lv}", _LEVEL_PATTERNS[lv]) for lv in LEVELS)
    return _svg(chart_id, f"{stack.title}. {summary}", height, defs, "".join(parts))
