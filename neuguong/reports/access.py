"""Who reads, writes, submits and returns periodic reports.

Rules:
- Every active unit reports to its parent. A report is written and submitted by the
  holders of `reports.write` on the unit itself (the units their roles are held on:
  secretaries and unit heads on their unit, board officers on the root); the units
  below have their own writers. Superusers write every unit's report.
- `dashboards.view` reads the reports of every unit in its scope (a role covers the
  units below it; a supervisor's covers the units of their sectors and areas).
- The level above returns a submitted report, with a reason, so that it is fixed and
  sent again: `reports.write` covering the unit's parent.
- Without `dashboards.view` anywhere every report page is 403; a unit outside the
  scope does not exist (404); in scope without the right to act, 403.
- A period that does not exist (a kind without a template, month 13, …) is not found.
"""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db.models.functions import Length
from django.utils import timezone

from neuguong.core.access import VIEW_DASHBOARD, WRITE_REPORT, roles_granting
from neuguong.core.errors import DomainError
from neuguong.dashboards.access import dashboard_unit
from neuguong.organisations import tree
from neuguong.organisations.models import Unit
from neuguong.organisations.scopes import has_perm_anywhere, scope_for

from . import periods
from .models import Report, ReportTemplate


class BadPeriod(DomainError):
    """(kind, year, number) names no report period: a 404 with the reason."""

    status = 404

    def __init__(self, message):
        super().__init__(message, field="number", code="not_found")


@dataclass(frozen=True)
class ReportKey:
    """One unit's report of one period, whether written yet or not."""

    unit: Unit
    kind: str
    year: int
    number: int
    template: ReportTemplate

    @property
    def starts_on(self) -> date:
        return periods.date_range(self.kind, self.year, self.number)[0]

    @property
    def ends_on(self) -> date:
        return periods.date_range(self.kind, self.year, self.number)[1]

    @property
    def due_on(self) -> date:
        return self.template.due_on(self.kind, self.year, self.number)

    @property
    def words(self) -> str:
        return periods.words(self.kind, self.year, self.number)

    @property
    def args(self) -> tuple:
        return (self.unit.pk, self.kind, self.year, self.number)

    def report(self, *, for_update: bool = False) -> Report | None:
        qs = Report.objects.filter(unit=self.unit).for_period(self.kind, self.year, self.number)
        if for_update:
            qs = qs.select_for_update(of=("self",))
        return qs.select_related("source_period", "submitted_by", "returned_by").first()


def can_read_any(user) -> bool:
    return has_perm_anywhere(user, VIEW_DASHBOARD)


def own_unit_ids(user) -> set[int] | None:
    """The units whose report `user` writes; None for a superuser (every unit)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return set()
    if user.is_superuser:
        return None
    scope_for(user, WRITE_REPORT)  # loads the user's roles once per request
    roles = roles_granting(WRITE_REPORT)
    return {a.unit_id for a in getattr(user, "_ng_assignments", None) or [] if a.role in roles}


def own_units(user):
    """The units whose report `user` writes, highest first (a superuser: the roots)."""
    ids = own_unit_ids(user)
    units = (
        Unit.objects.filter(parent__isnull=True) if ids is None else Unit.objects.filter(pk__in=ids)
    )
    return units.select_related("parent").order_by(Length("path"), "path")


def led_units(user):
    """The units whose children the user follows by default: their own units, else (a
    supervisor, an administrator) the highest units of their reading scope."""
    own = own_units(user)
    if own.exists():
        return own
    scope = scope_for(user, VIEW_DASHBOARD)
    if scope.everything:
        units = Unit.objects.filter(parent__isnull=True)
    else:
        units = Unit.objects.filter(path__in=scope.prefixes)
    return units.select_related("parent").order_by(Length("path"), "path")


def can_write(user, unit: Unit) -> bool:
    ids = own_unit_ids(user)
    return ids is None or unit.pk in ids


def can_return(user, unit: Unit) -> bool:
    if not unit.parent_id or not unit.path:
        return False
    return scope_for(user, WRITE_REPORT).covers_path(tree.parent_path(unit.path))


def is_editable(user, key: ReportKey, report: Report | None) -> bool:
    """Whether `user` may write the report now: theirs, not sent, and open to writing."""
    return (
        can_write(user, key.unit)
        and (report is None or not report.is_submitted)
        and key.unit.is_active
        and key.template.is_active
        and key.starts_on <= timezone.localdate()
    )


CHECKS = {"write": can_write, "return": can_return}


def template_for(kind: str) -> ReportTemplate:
    template = ReportTemplate.objects.for_kind(kind) if kind in periods.COUNT else None
    if template is None:
        raise BadPeriod(periods.invalid_message(kind, periods.MIN_YEAR, 1))
    return template


def check_period(kind: str, year: int, number: int) -> ReportTemplate:
    """The template of a valid period; BadPeriod (404) naming what is wrong."""
    template = template_for(kind)
    if not periods.is_valid(kind, year, number):
        raise BadPeriod(periods.invalid_message(kind, year, number))
    return template


def readable_unit(user, pk) -> Unit:
    """A unit whose reports `user` reads: the dashboard's rule (403 without the right
    anywhere, 404 outside it)."""
    return dashboard_unit(user, pk)


def get_key_for_user(user, unit_pk, kind, year, number, action: str = "view") -> ReportKey:
    """The report of (unit, kind, year, number) if `user` may take `action` on it
    ("view", "write" or "return"): 403 without `dashboards.view` anywhere, BadPeriod
    for a period that does not exist, 404 for a unit outside the scope, 403 in the scope
    without the right to act."""
    unit = readable_unit(user, unit_pk)
    template = check_period(str(kind), int(year), int(number))
    check = CHECKS.get(action)
    if check is not None and not check(user, unit):
        raise PermissionDenied
    return ReportKey(unit, str(kind), int(year), int(number), template)
