"""manage.py send_reminders: a daily digest of each user's inbox, at most once a day.

With only the open period, the secretary (Tổ Toán), the unit head (Hòa An) and the
outsider (Khu 3) each have a code to build; nobody else has anything to do.
"""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from neuguong.core import reminders
from neuguong.core.models import ReminderLog

pytestmark = pytest.mark.django_db

IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
WITH_WORK = ["outsider@example.vn", "secretary@example.vn", "unit_head@example.vn"]


@pytest.fixture
def users(province, period):
    for name, user in province.users.items():
        user.email = f"{name}@example.vn"
        user.save(update_fields=["email"])
    return province.users


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    def _send(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return reminders.send_reminders(**kwargs)

    return _send


def recipients() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


@override_settings(TASKS=IMMEDIATE)
def test_each_user_with_work_gets_one_digest_in_vietnamese(users, send):
    assert send() == 3
    assert recipients() == WITH_WORK
    message = next(m for m in mail.outbox if m.to == ["secretary@example.vn"])
    assert message.subject == "Nêu gương: đồng chí có 1 việc cần làm"
    assert "Kính gửi đồng chí Trần Thị Bình," in message.body
    line = "- Xây dựng, rà soát và trình chuẩn mực đạo đức (Năm 2026) – Chi bộ Tổ Toán"
    assert line in message.body
    assert "(hạn 31/03/2026)" in message.body
    assert message.body.rstrip().endswith("/inbox/")


@override_settings(TASKS=IMMEDIATE)
def test_a_second_run_the_same_day_sends_nothing(users, send):
    today = timezone.localdate()
    send(today=today)
    assert send(today=today) == 0
    assert len(mail.outbox) == 3
    assert ReminderLog.objects.filter(sent_on=today).count() == 3
    assert send(today=today + timedelta(days=1)) == 3  # the next day's digest


@override_settings(TASKS=IMMEDIATE)
def test_the_log_keeps_the_number_of_items(users, send):
    send(today=date(2026, 3, 1))
    log = ReminderLog.objects.get(user=users["secretary"])
    assert (log.sent_on, log.items) == (date(2026, 3, 1), 1)


@override_settings(TASKS=IMMEDIATE)
def test_no_address_an_inactive_account_or_an_empty_inbox_gets_nothing(users, send):
    users["secretary"].email = ""
    users["secretary"].save()
    users["unit_head"].is_active = False
    users["unit_head"].save()
    assert send() == 1
    assert recipients() == ["outsider@example.vn"]
    assert not ReminderLog.objects.filter(user__in=[users["member"], users["secretary"]]).exists()


@override_settings(TASKS=IMMEDIATE)
def test_users_are_read_in_chunks(users, send, monkeypatch):
    monkeypatch.setattr(reminders, "CHUNK", 2)
    assert send() == 3
    assert recipients() == WITH_WORK


@override_settings(TASKS=IMMEDIATE)
def test_the_command_reports_and_a_dry_run_sends_nothing(users, django_capture_on_commit_callbacks):
    out = StringIO()
    call_command("send_reminders", "--dry-run", stdout=out)
    assert "3 user(s) would be reminded." in out.getvalue()
    assert mail.outbox == [] and not ReminderLog.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", stdout=out)
    assert "3 user(s) reminded." in out.getvalue()
    assert recipients() == WITH_WORK


@pytest.mark.django_db(transaction=True)  # the worker closes and reopens its connection
@override_settings(TASKS=DATABASE)
def test_with_the_database_backend_the_worker_sends_the_stored_tasks(users):
    from django_tasks_db.models import DBTaskResult

    assert reminders.send_reminders() == 3  # committed: enqueued at once
    assert DBTaskResult.objects.count() == 3
    assert mail.outbox == []
    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)
    assert recipients() == WITH_WORK
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}
