"""What one report says, assembled once for the page, the Word file, the Excel file and
the API, so that all four show the same figures.

- The figures come from the programme period (a yearly `Period`) containing the
  report's last day, through the kept tallies (`dashboards.tally.figures`), restricted
  to the template's counters: live while the report is a draft, frozen once submitted.
  Without such a period there are no figures (None) and the pages say so.
- The children are the active direct children with their reports' state (live), or as
  the report froze them when it was submitted; beside the unit's own figures stands the
  sum of the figures its submitted children sent.
"""

from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from neuguong.dashboards import tally
from neuguong.dashboards.sources import LABELS
from neuguong.regulations.models import Period, PeriodKind

from . import tracking
from .access import ReportKey
from .models import Report, ReportStatus

LEVELS = (1, 2, 3, 4)


def _levels(prefix: str) -> tuple[str, ...]:
    return tuple(f"{prefix}_{track}_{level}" for track in ("party", "state") for level in LEVELS)


GROUPS = (
    (
        gettext_lazy("Đơn vị, chuẩn mực đạo đức"),
        (
            "units",
            "code_built",
            "code_approved",
            "code_published",
            "code_acknowledged",
            "code_evaluated",
        ),
    ),
    (
        gettext_lazy("Kế hoạch cam kết của tập thể"),
        ("cplan_registered", "cplan_approved", "cplan_late"),
    ),
    (
        gettext_lazy("Cán bộ, đảng viên và kế hoạch cá nhân"),
        ("people", "plan_registered", "plan_approved", "plan_late"),
    ),
    (
        gettext_lazy("Kiểm điểm, xếp loại cá nhân"),
        ("review_started", "review_done", "review_not_rated", *_levels("review")),
    ),
    (
        gettext_lazy("Kiểm điểm, xếp loại tập thể"),
        ("creview_started", "creview_done", *_levels("creview")),
    ),
    (gettext_lazy("Tỷ lệ hoàn thành xuất sắc nhiệm vụ"), ("quota_groups", "quota_ok")),
    (gettext_lazy("Kỷ luật"), ("discipline_units", "discipline_people")),
)


@dataclass
class FigureRow:
    counter: str
    label: object  # lazy: shown in the reader's language, printed in Vietnamese
    own: int | None  # None: no figures (no programme period)
    children: int  # the sum over the submitted children's reports


@dataclass
class FigureGroup:
    title: object  # lazy, as FigureRow.label
    rows: list[FigureRow]


@dataclass
class SectionText:
    key: str
    title: str
    hint: str
    text: str


def programme_period(day) -> Period | None:
    """The yearly programme period containing `day`."""
    return (
        Period.objects.filter(kind=PeriodKind.YEAR, starts_on__lte=day, ends_on__gte=day)
        .order_by("-starts_on", "pk")
        .first()
    )


def live_figures(key: ReportKey, period: Period | None) -> dict[str, int] | None:
    if period is None:
        return None
    values = tally.figures(key.unit, period)
    return {c: int(values[c]) for c in key.template.counters if c in values}


def counter_order(counters) -> list[str]:
    """The template's counters in the order of GROUPS."""
    wanted = set(counters)
    return [c for _title, names in GROUPS for c in names if c in wanted]


def groups_for(counters, own: dict | None, children: dict) -> list[FigureGroup]:
    wanted = set(counters)
    out = []
    for title, names in GROUPS:
        rows = [
            FigureRow(c, LABELS[c], None if own is None else own.get(c), children.get(c, 0))
            for c in names
            if c in wanted
        ]
        if rows:
            out.append(FigureGroup(title, rows))
    return out


@dataclass
class Content:
    key: ReportKey
    report: Report | None
    period: Period | None
    frozen: bool
    figures: dict | None
    counters: list[str]
    groups: list[FigureGroup]
    children: list[tracking.ChildRow]
    counts: tracking.Counts
    sections: list[SectionText]
    state: str
    overdue: bool

    @property
    def unit(self):
        return self.key.unit

    @property
    def heading(self) -> str:
        return heading(self.key)

    @property
    def summary(self) -> str:
        """The document's summary line (trích yếu)."""
        return f"{self.key.template.title} {self.key.words}"

    @property
    def state_label(self) -> str:
        return str(tracking.State(self.state).label)

    @property
    def submitted_children(self) -> list[tracking.ChildRow]:
        return [row for row in self.children if row.is_submitted]

    def child_tables(self) -> list[tuple[tracking.ChildRow, list[FigureGroup]]]:
        """Each submitted child with its frozen figures, grouped as the unit's."""
        return [
            (row, groups_for(self.counters, row.figures or {}, {}))
            for row in self.submitted_children
        ]

    @property
    def status(self) -> str:
        return self.report.status if self.report else "not_started"


def build(key: ReportKey, *, report: Report | None = None) -> Content:
    """Everything the report shows. `report`: the row already read, if any."""
    report = report if report is not None else key.report()
    now = timezone.now()
    frozen = bool(report and report.status == ReportStatus.SUBMITTED)
    if frozen:
        # The counters it was sent with, even if the template has changed since.
        period = report.source_period
        own = dict(report.figures) if report.figures else None
        counters = counter_order(own or key.template.counters)
        children = tracking.frozen_rows(report)
    else:
        period = programme_period(key.ends_on)
        own = live_figures(key, period)
        counters = counter_order(key.template.counters)
        children = tracking.child_rows(key.unit, key.kind, key.year, key.number, key.due_on)
    texts = (report.narrative if report else {}) or {}
    sections = [
        SectionText(s.key, s.title, s.hint, str(texts.get(s.key, "")))
        for s in key.template.section_list()
    ]
    state, overdue = tracking.state_of(report, key.due_on, now)
    return Content(
        key=key,
        report=report,
        period=period,
        frozen=frozen,
        figures=own,
        counters=counters,
        groups=groups_for(counters, own, tracking.figures_sum(children, counters)),
        children=children,
        counts=tracking.count(children),
        sections=sections,
        state=state,
        overdue=overdue,
    )


def heading(key: ReportKey) -> str:
    """ "Báo cáo tháng 10 năm 2026"."""
    return _("Báo cáo %(period)s") % {"period": key.words}
