"""Two writers act on the same report at the same moment, with real concurrent
transactions on SQLite and PostgreSQL: one submission wins and the other is told
when it was sent; one first save creates the draft and the other is a conflict."""

import threading
import time

import pytest
from django.db import connection, connections

from neuguong.core.errors import ConflictError, DomainError
from neuguong.core.models import AuditEntry

from .. import content, services
from ..factories import make_report, report_key
from ..models import Report, ReportStatus

pytestmark = pytest.mark.django_db(transaction=True)


def race(monkeypatch, action):
    """Run `action()` in two threads released together; their outcomes."""
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith("file:memory"):
        pytest.fail("the SQLite test database must be a file (see settings)")
    real = content.live_figures

    def slow(*args, **kwargs):
        time.sleep(0.4)  # the window in which an unlocked rival would read the draft
        return real(*args, **kwargs)

    monkeypatch.setattr(content, "live_figures", slow)
    barrier = threading.Barrier(2)
    outcomes = []

    def run():
        try:
            barrier.wait(timeout=10)
            action()
            outcomes.append("won")
        except DomainError as exc:
            outcomes.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def test_two_submissions_at_once_send_the_report_once(province, period, monkeypatch):
    make_report(province.maths)
    key = report_key(province.maths)
    secretary = province.users["secretary"]
    outcomes = race(monkeypatch, lambda: services.submit_report(key, by=secretary, version=1))
    assert outcomes.count("won") == 1
    (lost,) = [o for o in outcomes if o != "won"]
    assert isinstance(lost, ConflictError) and "đã được gửi lúc" in lost.message
    report = Report.objects.get()
    assert report.status == ReportStatus.SUBMITTED and report.version == 2
    assert AuditEntry.objects.filter(action="report.submit").count() == 1


def test_two_first_saves_at_once_create_one_draft(province, period, monkeypatch):
    key = report_key(province.maths)
    secretary = province.users["secretary"]
    monkeypatch.setattr(
        services, "clean_narrative", _slowly(services.clean_narrative)
    )  # both read "no report yet" before either writes

    def save():
        services.save_report(key, by=secretary, version=0, narrative={"tinh_hinh": "Một."})

    outcomes = race(monkeypatch, save)
    assert outcomes.count("won") == 1
    assert isinstance(next(o for o in outcomes if o != "won"), ConflictError)
    assert Report.objects.count() == 1
    assert AuditEntry.objects.filter(action="report.save").count() == 1


def _slowly(func):
    def slow(*args, **kwargs):
        time.sleep(0.4)
        return func(*args, **kwargs)

    return slow
