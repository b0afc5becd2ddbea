"""Test and demo helpers: a report key, and reports made directly in a chosen state."""

from datetime import datetime

from django.utils import timezone

from .access import ReportKey, template_for
from .models import Report, ReportStatus


def report_key(unit, kind: str = "monthly", year: int = 2026, number: int = 10) -> ReportKey:
    return ReportKey(unit, kind, year, number, template_for(kind))


def make_report(
    unit,
    kind: str = "monthly",
    year: int = 2026,
    number: int = 10,
    *,
    submitted_at: datetime | None = None,
    narrative: dict | None = None,
    figures: dict | None = None,
    **fields,
) -> Report:
    """A draft, or a submitted report when `submitted_at` is given (judged against the
    template's deadline)."""
    key = report_key(unit, kind, year, number)
    data = {
        "narrative": narrative if narrative is not None else {"tinh_hinh": "Ổn định."},
        "signer_name": "Nguyễn Văn Ký",
        "signer_title": "Bí thư",
    } | fields
    if submitted_at is not None:
        data |= {
            "status": ReportStatus.SUBMITTED,
            "submitted_at": submitted_at,
            "due_on": key.due_on,
            "figures": figures or {},
        }
    return Report.objects.create(unit=unit, kind=kind, year=year, number=number, **data)


def at(year: int, month: int, day: int, hour: int = 9) -> datetime:
    return timezone.make_aware(datetime(year, month, day, hour))
