"""Demo reports: seed_demo at the small scale leaves the last ended month and quarter of
2026 with reports in every state, frozen as submitting would freeze them, and the
demo logins' units where the walkthrough starts."""

from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from neuguong.dashboards import tally
from neuguong.organisations.models import Unit

from ..access import ReportKey, own_units, template_for
from ..demo import YEAR, demo_periods
from ..models import Report, ReportStatus
from ..tracking import State, child_rows, count

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(db):
    call_command("seed_demo", scale="small", seed=5, verbosity=0)


def login(name):
    return get_user_model().objects.get(username=name)


def _periods():
    found = demo_periods(timezone.localdate())
    if not found:
        pytest.skip("no month of 2026 has ended yet")
    return found


def test_reports_come_in_several_states_and_sent_ones_are_frozen_as_submitting_does(seeded):
    units = Unit.objects.filter(is_active=True).count()
    for kind, number in _periods():
        reports = Report.objects.filter(kind=kind, year=YEAR, number=number)
        assert 0 < reports.count() < units  # some not started
        statuses = Counter(reports.values_list("status", flat=True))
        assert statuses[ReportStatus.SUBMITTED] and statuses[ReportStatus.DRAFT]
    # Sent reports carry the tally's figures and their children's state.
    kind, number = _periods()[0]
    template = template_for(kind)
    sent = Report.objects.filter(
        kind=kind, year=YEAR, number=number, status=ReportStatus.SUBMITTED
    ).select_related("unit", "source_period")
    assert sent
    for report in sent[:10]:
        assert report.source_period is not None
        live = tally.figures(report.unit, report.source_period)
        assert report.figures == {c: live[c] for c in template.counters}
        children = Unit.objects.filter(parent=report.unit, is_active=True).count()
        assert len(report.children) == children
        assert report.due_on == template.due_on(kind, YEAR, number)
        assert report.symbol and report.signer_title and report.submitted_at < timezone.now()


def test_the_logins_units_are_left_where_the_walkthrough_starts(seeded):
    head = login("thutruong")
    (commune,) = own_units(head)
    kind, number = next(p for p in _periods() if p[0] == "monthly")
    key = ReportKey(commune, kind, YEAR, number, template_for(kind))
    rows = child_rows(commune, kind, YEAR, number, key.due_on)
    states = {row.state for row in rows}
    assert {State.ON_TIME, State.DRAFT, State.MISSING} <= states
    if timezone.localdate() > key.due_on:
        assert State.LATE in states
        assert count(rows).overdue >= 2
    own = Report.objects.get(unit=commune, kind=kind, year=YEAR, number=number)
    assert own.status == ReportStatus.DRAFT
    # The cell's secretary: a draft month, a quarter sent on time.
    (cell,) = own_units(login("bithu"))
    assert Report.objects.get(unit=cell, kind=kind, year=YEAR).status == ReportStatus.DRAFT
    if "quarterly" in dict(_periods()):
        quarter = Report.objects.get(unit=cell, kind="quarterly", year=YEAR)
        assert quarter.status == ReportStatus.SUBMITTED and not quarter.submitted_late
        assert quarter.submitted_by == login("bithu")

    client = Client()
    client.force_login(head)
    page = client.get(reverse("reports:index") + f"?kind={kind}&year={YEAR}&number={number}")
    assert page.status_code == 200
    text = page.content.decode()
    assert "Đã gửi đúng hạn" in text and "Chưa bắt đầu" in text and "Tiếp tục viết" in text
