"""Who has sent their report: the state of each child's report of one period.

- submitted by its deadline (period end + the template's days): on time; after it: late
  ("gửi muộn"); a submitted report is judged against the deadline frozen with it;
- a draft, or no report at all (not started); either is overdue once the deadline
  has passed.
Live rows cost three queries whatever the number of children; a submitted report keeps
its children's rows as they were when it was sent (`as_json` / `from_json`).
"""

from dataclasses import asdict, dataclass
from datetime import date, datetime

from django.db import models
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from neuguong.organisations.models import Unit

from .models import Report, ReportStatus


class State(models.TextChoices):
    ON_TIME = "on_time", _("Đã gửi đúng hạn")
    LATE = "late", _("Đã gửi muộn")
    DRAFT = "draft", _("Đang soạn")
    MISSING = "missing", _("Chưa bắt đầu")


SUBMITTED_STATES = (State.ON_TIME, State.LATE)


@dataclass
class ChildRow:
    unit_id: int
    code: str
    name: str
    state: str
    overdue: bool = False  # not submitted, and the deadline has passed
    submitted_at: datetime | None = None
    symbol: str = ""
    figures: dict[str, int] | None = None  # the child's frozen figures, when submitted
    has_children: bool = False  # not kept in a snapshot

    @property
    def is_submitted(self) -> bool:
        return self.state in SUBMITTED_STATES

    @property
    def state_label(self) -> str:
        return str(State(self.state).label)

    @property
    def table_id(self) -> str:
        return f"child-{self.unit_id}-figures"

    def as_json(self) -> dict:
        data = asdict(self)
        data.pop("has_children")
        data["submitted_at"] = self.submitted_at.isoformat() if self.submitted_at else None
        return data

    @classmethod
    def from_json(cls, data: dict) -> "ChildRow":
        at = data.get("submitted_at")
        return cls(
            unit_id=int(data["unit_id"]),
            code=str(data.get("code", "")),
            name=str(data.get("name", "")),
            state=data.get("state") if data.get("state") in State.values else State.MISSING,
            overdue=bool(data.get("overdue")),
            submitted_at=parse_datetime(at) if at else None,
            symbol=str(data.get("symbol", "")),
            figures=data.get("figures"),
        )


def state_of(report: Report | None, due: date, at: datetime) -> tuple[str, bool]:
    """(state, overdue) of a report (or none) with deadline `due`, seen at `at`."""
    if report is not None and report.status == ReportStatus.SUBMITTED and report.submitted_at:
        if report.submitted_at > at:  # sent after the moment looked at
            return State.DRAFT, timezone.localdate(at) > due
        deadline = report.due_on or due
        late = timezone.localdate(report.submitted_at) > deadline
        return (State.LATE if late else State.ON_TIME), False
    overdue = timezone.localdate(at) > due
    return (State.MISSING if report is None else State.DRAFT), overdue


def children_of(unit: Unit):
    return Unit.objects.filter(parent=unit, is_active=True).order_by("name", "pk")


def child_rows(unit: Unit, kind: str, year: int, number: int, due: date, *, at=None):
    """The live state of each active child's report, in name order."""
    at = at or timezone.now()
    children = list(children_of(unit).only("pk", "code", "name"))
    ids = [c.pk for c in children]
    reports = {
        r.unit_id: r
        for r in Report.objects.filter(unit_id__in=ids)
        .for_period(kind, year, number)
        .only("unit_id", "status", "submitted_at", "due_on", "symbol", "figures")
    }
    parents = set(
        Unit.objects.filter(parent_id__in=ids, is_active=True)
        .order_by()
        .values_list("parent_id", flat=True)
        .distinct()
    )
    rows = []
    for child in children:
        report = reports.get(child.pk)
        state, overdue = state_of(report, due, at)
        submitted = state in SUBMITTED_STATES
        rows.append(
            ChildRow(
                unit_id=child.pk,
                code=child.code,
                name=child.name,
                state=state,
                overdue=overdue,
                submitted_at=report.submitted_at if submitted else None,
                symbol=report.symbol if report and submitted else "",
                figures=dict(report.figures) if submitted else None,
                has_children=child.pk in parents,
            )
        )
    return rows


def frozen_rows(report: Report) -> list[ChildRow]:
    return [ChildRow.from_json(entry) for entry in report.children or []]


@dataclass
class Counts:
    total: int = 0
    on_time: int = 0
    late: int = 0
    draft: int = 0
    missing: int = 0
    overdue: int = 0

    @property
    def submitted(self) -> int:
        return self.on_time + self.late


def count(rows: list[ChildRow]) -> Counts:
    out = Counts(total=len(rows))
    for row in rows:
        setattr(out, row.state, getattr(out, row.state) + 1)
        out.overdue += row.overdue
    return out


def figures_sum(rows: list[ChildRow], counters: list[str]) -> dict[str, int]:
    """The sum of the submitted children's frozen figures, per counter."""
    total = dict.fromkeys(counters, 0)
    for row in rows:
        if row.is_submitted and row.figures:
            for c in counters:
                value = row.figures.get(c)
                if isinstance(value, int):
                    total[c] += value
    return total
