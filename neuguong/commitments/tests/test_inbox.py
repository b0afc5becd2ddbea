"""What the plans put in each user's inbox, and so in the daily digest: register and
submit one's plan, fix a returned one, approve the plans waiting, register the unit's
collective plan; with the days left or overdue near a deadline."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from neuguong.commitments.factories import make_plan
from neuguong.commitments.inbox import when
from neuguong.commitments.models import CommitmentPlan, PlanStatus
from neuguong.core.inbox import items_for
from neuguong.core.reminders import digest
from neuguong.organisations.factories import make_person
from neuguong.regulations.models import Period


def plan_items(user, prefix="plan."):
    return [i for i in items_for(user) if i.kind.startswith(prefix)]


def kinds(user) -> list[str]:
    return [i.kind for i in plan_items(user)]


@pytest.fixture
def due_soon(period):
    """Plans are due in 3 days and approved in 10."""
    today = timezone.localdate()
    Period.objects.filter(pk=period.pk).update(
        plans_registered_by=today + timedelta(days=3), plans_approved_by=today + timedelta(days=10)
    )
    period.refresh_from_db()
    return period


def test_the_days_left_are_said_only_near_or_after_the_deadline():
    today = timezone.localdate()
    assert when(today + timedelta(days=8), today) == ""
    assert when(today + timedelta(days=7), today) == " (còn 7 ngày)"
    assert when(today + timedelta(days=1), today) == " (còn 1 ngày)"
    assert when(today, today) == " (hạn chót hôm nay)"
    assert when(today - timedelta(days=2), today) == " (đã quá hạn 2 ngày)"
    assert when(None, today) == ""


def test_a_member_without_a_plan_is_asked_to_register_with_the_days_left(province, due_soon):
    (item,) = plan_items(province.users["member"])
    assert item.kind == "plan.register"
    assert item.title == "Lập và nộp kế hoạch cam kết Năm 2026 (còn 3 ngày)"
    assert item.due == due_soon.plans_registered_by and item.url == "/plans/mine/"


def test_nobody_is_asked_to_register_before_the_period_sets_a_deadline(province, period):
    assert period.plans_registered_by is None
    assert kinds(province.users["member"]) == []
    assert kinds(province.users["secretary"]) == []
    plan = make_plan(province.people.member, period, status=PlanStatus.RETURNED)
    assert [(i.kind, i.title) for i in plan_items(province.users["member"])] == [
        ("plan.fix", "Sửa kế hoạch bị trả lại và nộp lại")
    ]
    assert plan.pk


def test_a_draft_still_asks_and_a_submitted_plan_does_not(province, due_soon):
    member = province.users["member"]
    plan = make_plan(province.people.member, due_soon)
    assert kinds(member) == ["plan.register"]
    CommitmentPlan.objects.filter(pk=plan.pk).update(status=PlanStatus.SUBMITTED)
    assert kinds(member) == []
    CommitmentPlan.objects.filter(pk=plan.pk).update(status=PlanStatus.APPROVED)
    assert kinds(member) == []


def test_an_overdue_registration_says_so(province, period):
    Period.objects.filter(pk=period.pk).update(
        plans_registered_by=timezone.localdate() - timedelta(days=4)
    )
    (item,) = plan_items(province.users["member"])
    assert item.title.endswith("(đã quá hạn 4 ngày)")


def test_a_returned_plan_asks_to_be_fixed(province, due_soon):
    plan = make_plan(province.people.member, due_soon, status=PlanStatus.RETURNED)
    (item,) = plan_items(province.users["member"])
    assert item.kind == "plan.fix" and item.url == f"/plans/{plan.pk}/"
    assert item.title == "Sửa kế hoạch bị trả lại và nộp lại (còn 3 ngày)"


def test_nobody_is_asked_without_an_open_period(province, period):
    Period.objects.filter(pk=period.pk).update(is_open=False)
    assert kinds(province.users["member"]) == []
    assert kinds(province.users["outsider"]) == []


def test_the_secretary_counts_the_plans_waiting_but_not_their_own(province, due_soon):
    make_plan(province.people.member, due_soon, status=PlanStatus.SUBMITTED)
    make_plan(province.people.secretary, due_soon, status=PlanStatus.SUBMITTED)
    colleague = make_person("Ngô Thị Cúc", workplace=province.school, party_cell=province.maths)
    make_plan(colleague, due_soon, status=PlanStatus.SUBMITTED)
    make_plan(province.people.neighbour, due_soon, status=PlanStatus.SUBMITTED)  # Bình Minh
    (item,) = plan_items(province.users["secretary"], "plan.approve")
    assert item.count == 2 and item.title == "2 kế hoạch chờ phê duyệt"  # 10 days: no note
    assert item.url == "/plans/people/?state=mine"
    assert item.due == due_soon.plans_approved_by
    (head,) = plan_items(province.users["unit_head"], "plan.approve")
    assert head.count == 3  # the cell's three, the secretary's included
    assert plan_items(province.users["supervisor"], "plan.approve") == []
    assert plan_items(province.users["admin"], "plan.approve") == []


def test_the_approvers_line_says_when_approval_is_overdue(province, period):
    Period.objects.filter(pk=period.pk).update(
        plans_approved_by=timezone.localdate() - timedelta(days=1)
    )
    make_plan(province.people.member, period, status=PlanStatus.SUBMITTED)
    (item,) = plan_items(province.users["secretary"], "plan.approve")
    assert item.title == "1 kế hoạch chờ phê duyệt (đã quá hạn 1 ngày)"


def test_a_collective_plan_waiting_goes_to_the_level_above(province, due_soon):
    CommitmentPlan.objects.create(period=due_soon, unit=province.maths, status=PlanStatus.SUBMITTED)
    assert plan_items(province.users["secretary"], "plan.approve") == []
    (item,) = plan_items(province.users["unit_head"], "plan.approve")
    assert item.count == 1


def test_heads_are_asked_to_register_their_units_collective_plan(province, due_soon):
    items = plan_items(province.users["secretary"], "plan.collective")
    assert [(i.title, i.unit) for i in items] == [
        ("Lập và trình kế hoạch tập thể Năm 2026 (còn 3 ngày)", "Chi bộ Tổ Toán")
    ]
    assert items[0].url == f"/plans/unit/{province.maths.pk}/"
    plan = CommitmentPlan.objects.create(
        period=due_soon, unit=province.maths, status=PlanStatus.RETURNED
    )
    (item,) = plan_items(province.users["secretary"], "plan.collective")
    assert item.kind == "plan.collective_fix"
    CommitmentPlan.objects.filter(pk=plan.pk).update(status=PlanStatus.SUBMITTED)
    assert plan_items(province.users["secretary"], "plan.collective") == []
    # The head of Hòa An: the commune's own plan, not the cells below it.
    assert [i.unit for i in plan_items(province.users["unit_head"], "plan.collective")] == [
        "Đảng ủy xã Hòa An"
    ]


def test_the_daily_digest_words_the_deadlines(province, due_soon):
    make_plan(province.people.member, due_soon, status=PlanStatus.SUBMITTED)
    user = province.users["secretary"]
    _subject, body = digest(user, items_for(user))
    assert "Lập và nộp kế hoạch cam kết Năm 2026 (còn 3 ngày)" in body
    assert "1 kế hoạch chờ phê duyệt" in body
    Period.objects.filter(pk=due_soon.pk).update(
        plans_registered_by=timezone.localdate() - timedelta(days=5)
    )
    _subject, body = digest(user, items_for(user))
    assert "Lập và trình kế hoạch tập thể Năm 2026 (đã quá hạn 5 ngày)" in body


def test_the_sources_use_a_bounded_number_of_queries(province, due_soon):
    for n in range(30):
        person = make_person(
            f"Đảng Viên {n:02d}", workplace=province.school, party_cell=province.maths
        )
        make_plan(person, due_soon, status=PlanStatus.SUBMITTED)
    user = province.users["unit_head"]
    with CaptureQueriesContext(connection) as ctx:
        from neuguong.commitments import inbox

        inbox.plans_to_write(user)
        inbox.plans_to_approve(user)
    assert len(ctx.captured_queries) <= 10
