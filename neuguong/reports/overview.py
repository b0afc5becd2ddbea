"""What the overview page shows: the period chosen (a kind, a year and the period within
it, by default the latest one ended), the reports of the user's own units, and for each
unit they follow (their own units with children, else the highest units of their
reading scope, or the unit asked for) who below has sent their report, who is late,
who is writing and who has not started.

Query parameters: `kind`, `year`, `number`, `unit` (a unit id to follow instead). A
value that does not exist is named in a message and the default is shown; a unit
outside the user's scope is a 404 (access.readable_unit).
"""

from dataclasses import dataclass, field
from datetime import date

from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from neuguong.organisations.models import Unit

from . import access, periods, tracking
from .models import Report, ReportTemplate

OWN_SHOWN = 20
LED_SHOWN = 10
YEARS_BACK = 5


def _int(value) -> int | None:
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


@dataclass
class OwnRow:
    unit: Unit
    state: str
    overdue: bool
    report: Report | None
    url: str

    @property
    def state_label(self) -> str:
        return str(tracking.State(self.state).label)


@dataclass
class Tracked:
    unit: Unit
    rows: list[tracking.ChildRow]
    counts: tracking.Counts
    url: str  # the unit's own report

    @property
    def table_id(self) -> str:
        return f"tracked-{self.unit.pk}-table"


@dataclass
class Overview:
    templates: list[ReportTemplate]
    template: ReportTemplate | None = None
    kind: str = ""
    year: int = 0
    number: int = 0
    errors: list[str] = field(default_factory=list)
    own: list[OwnRow] = field(default_factory=list)
    own_more: bool = False
    tracked: list[Tracked] = field(default_factory=list)
    tracked_more: bool = False
    totals: tracking.Counts = field(default_factory=tracking.Counts)
    today: date | None = None
    followed: int | None = None  # the unit asked for, instead of the user's own

    @property
    def due_on(self) -> date | None:
        return self.template.due_on(self.kind, self.year, self.number) if self.template else None

    @property
    def words(self) -> str:
        return periods.words(self.kind, self.year, self.number) if self.template else ""

    @property
    def years(self) -> list[int]:
        today = self.today or timezone.localdate()
        years = set(range(today.year - YEARS_BACK, today.year + 2)) | {self.year}
        return sorted(years, reverse=True)

    def query(self, **extra) -> str:
        params = {"kind": self.kind, "year": self.year, "number": self.number}
        params |= {"unit": self.followed} if self.followed else {}
        params |= extra
        return "?" + urlencode(params)

    @property
    def numbers(self) -> list[tuple[int, str, str, bool]]:
        """(number, label, url, current) of each period of the kind in the year."""
        if not self.template:
            return []
        return [
            (n, periods.short_label(self.kind, n), self.query(number=n), n == self.number)
            for n in periods.numbers(self.kind)
        ]

    @classmethod
    def build(cls, user, params, *, today: date) -> "Overview":
        overview = cls(templates=ReportTemplate.objects.active(), today=today)
        if not overview.templates:
            return overview
        overview._choose(params, today)
        overview._own(user)
        overview._track(user, params.get("unit"))
        return overview

    def _choose(self, params, today: date) -> None:
        by_kind = {t.kind: t for t in self.templates}
        kind = params.get("kind") or self.templates[0].kind
        if kind not in by_kind:
            self.errors.append(
                _("Không có loại báo cáo “%(kind)s”. Hãy chọn trong danh sách.")
                % {"kind": str(kind)[:30]}
            )
            kind = self.templates[0].kind
        self.kind, self.template = kind, by_kind[kind]
        last_year, _last = periods.latest_ended(kind, today)
        year = _int(params.get("year")) if params.get("year") else last_year
        if year is None or not periods.MIN_YEAR <= year <= periods.MAX_YEAR:
            self.errors.append(
                _("Năm báo cáo phải từ %(low)s đến %(high)s.")
                % {"low": periods.MIN_YEAR, "high": periods.MAX_YEAR}
            )
            year = last_year
        default = periods.default_number(kind, year, today)
        number = _int(params.get("number")) if params.get("number") else default
        if number is None or not periods.is_valid(kind, year, number):
            self.errors.append(periods.invalid_message(kind, year, number or 0))
            number = default
        self.year, self.number = year, number

    def report_url(self, unit_pk: int) -> str:
        return reverse("reports:report", args=(unit_pk, self.kind, self.year, self.number))

    def _own(self, user) -> None:
        units = list(access.own_units(user).filter(is_active=True)[: OWN_SHOWN + 1])
        self.own_more = len(units) > OWN_SHOWN
        units = units[:OWN_SHOWN]
        reports = {
            r.unit_id: r
            for r in Report.objects.filter(unit__in=units).for_period(
                self.kind, self.year, self.number
            )
        }
        now = timezone.now()
        for unit in units:
            report = reports.get(unit.pk)
            state, overdue = tracking.state_of(report, self.due_on, now)
            self.own.append(OwnRow(unit, state, overdue, report, self.report_url(unit.pk)))

    def _track(self, user, unit_pk) -> None:
        if unit_pk not in (None, ""):
            units = [access.readable_unit(user, unit_pk)]
            self.followed = units[0].pk
        else:
            led = access.led_units(user).filter(is_active=True)
            with_children = Unit.objects.filter(parent__in=led, is_active=True).values("parent_id")
            units = list(led.filter(pk__in=with_children)[: LED_SHOWN + 1])
            self.tracked_more = len(units) > LED_SHOWN
            units = units[:LED_SHOWN]
        for unit in units:
            rows = tracking.child_rows(unit, self.kind, self.year, self.number, self.due_on)
            counts = tracking.count(rows)
            self.tracked.append(Tracked(unit, rows, counts, self.report_url(unit.pk)))
            for name in ("total", "on_time", "late", "draft", "missing", "overdue"):
                setattr(self.totals, name, getattr(self.totals, name) + getattr(counts, name))
