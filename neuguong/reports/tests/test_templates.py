"""Report templates as data, the calendar of report periods, and lateness."""

import json
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from neuguong.core.models import AuditEntry
from neuguong.dashboards.models import COUNTERS

from .. import periods
from ..content import GROUPS
from ..factories import at
from ..models import Report, ReportStatus, ReportTemplate
from ..tracking import State, state_of

pytestmark = pytest.mark.django_db


def test_the_migration_loads_one_template_per_kind_with_its_deadline():
    templates = {t.kind: t for t in ReportTemplate.objects.active()}
    assert list(templates) == list(periods.KINDS)
    assert {k: t.due_days for k, t in templates.items()} == {
        "monthly": 5,
        "quarterly": 10,
        "half_year": 15,
        "nine_months": 15,
        "yearly": 20,
    }
    for template in templates.values():
        template.full_clean()
    yearly = set(templates["yearly"].counters)
    assert {"review_party_1", "review_state_4", "creview_party_2", "quota_ok"} <= yearly
    assert "review_party_1" not in templates["monthly"].counters


def test_every_counter_has_its_place_in_the_figures_table():
    grouped = [c for _title, names in GROUPS for c in names]
    assert sorted(grouped) == sorted(COUNTERS)


def test_a_flushed_table_gets_its_templates_back():
    ReportTemplate.objects.all().delete()
    assert ReportTemplate.objects.for_kind("quarterly").due_days == 10


def test_a_template_refuses_bad_sections_and_unknown_counters():
    template = ReportTemplate.objects.for_kind("monthly")
    template.sections = [{"key": "a b", "title": "A"}]
    template.counters = ["units", "votes"]
    with pytest.raises(ValidationError) as refused:
        template.full_clean()
    assert set(refused.value.message_dict) == {"sections", "counters"}
    assert "votes" in refused.value.message_dict["counters"][0]


def test_the_admin_edits_a_template_and_the_change_is_audited(province, client_for):
    template = ReportTemplate.objects.for_kind("monthly")
    admin = client_for("admin")
    page = reverse("admin:reports_reporttemplate_change", args=[template.pk])
    assert admin.get(page).status_code == 200
    response = admin.post(
        page,
        {
            "title": template.title,
            "sections": json.dumps(template.sections),
            "counters": json.dumps(template.counters),
            "due_days": 7,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    template.refresh_from_db()
    assert template.due_days == 7
    entry = AuditEntry.objects.get(action="report_template.update")
    assert entry.before == {"due_days": 5} and entry.after == {"due_days": 7}


@pytest.mark.parametrize(
    ("kind", "number", "first", "last", "words"),
    [
        ("monthly", 2, date(2028, 2, 1), date(2028, 2, 29), "tháng 2 năm 2028"),
        ("quarterly", 3, date(2028, 7, 1), date(2028, 9, 30), "quý III năm 2028"),
        ("half_year", 1, date(2028, 1, 1), date(2028, 6, 30), "6 tháng đầu năm 2028"),
        ("nine_months", 1, date(2028, 1, 1), date(2028, 9, 30), "9 tháng năm 2028"),
        ("yearly", 1, date(2028, 1, 1), date(2028, 12, 31), "năm 2028"),
    ],
)
def test_each_kind_covers_its_dates(kind, number, first, last, words):
    assert periods.date_range(kind, 2028, number) == (first, last)
    assert periods.words(kind, 2028, number) == words


def test_the_default_period_is_the_latest_ended():
    assert periods.latest_ended("monthly", date(2026, 11, 27)) == (2026, 10)
    assert periods.latest_ended("monthly", date(2026, 1, 3)) == (2025, 12)
    assert periods.latest_ended("quarterly", date(2026, 11, 27)) == (2026, 3)
    assert periods.latest_ended("half_year", date(2026, 6, 30)) == (2025, 1)
    assert periods.latest_ended("yearly", date(2026, 11, 27)) == (2025, 1)
    assert periods.default_number("monthly", 2025, date(2026, 11, 27)) == 12
    assert periods.default_number("quarterly", 2027, date(2026, 11, 27)) == 1


def test_invalid_periods_are_named():
    assert not periods.is_valid("quarterly", 2026, 5)
    assert periods.invalid_message("quarterly", 2026, 5) == "Quý phải từ 1 đến 4; không có quý 5."
    assert not periods.is_valid("yearly", 2026, 2)
    assert not periods.is_valid("monthly", 1999, 1)
    assert "weekly" in periods.invalid_message("weekly", 2026, 1)


def test_a_report_is_on_time_late_or_overdue_by_its_deadline():
    due = date(2026, 11, 5)
    after = at(2026, 11, 20)
    before = at(2026, 11, 4)

    def sent(moment):
        return Report(status=ReportStatus.SUBMITTED, submitted_at=moment)

    assert state_of(sent(at(2026, 11, 5, 23)), due, after) == (State.ON_TIME, False)
    assert state_of(sent(at(2026, 11, 6, 0)), due, after) == (State.LATE, False)
    assert state_of(Report(status=ReportStatus.DRAFT), due, after) == (State.DRAFT, True)
    assert state_of(Report(status=ReportStatus.DRAFT), due, before) == (State.DRAFT, False)
    assert state_of(None, due, after) == (State.MISSING, True)
    # Seen at a moment before it was sent (a parent's snapshot): still being written.
    assert state_of(sent(after), due, before) == (State.DRAFT, False)
    # A submitted report is judged against the deadline frozen with it.
    frozen = sent(at(2026, 11, 8))
    frozen.due_on = due + timedelta(days=5)
    assert state_of(frozen, due, after) == (State.ON_TIME, False)
