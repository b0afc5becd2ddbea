"""The approvers' pages: the people of a unit with their plan status, approving many
at once, deciding one plan, and who may do what.

The member and the secretary work at the school and sit in the Tổ Toán cell (official
party members, so their plans go to the cell); the secretary (role on Tổ Toán) approves
the member's plan; the head of Hòa An sees the whole commune; the outsider (Bình Minh)
sees none of it."""

from django.urls import reverse

from neuguong.commitments.factories import make_plan
from neuguong.commitments.models import CommitmentPlan, CopyFlag, PlanStatus
from neuguong.core.models import AuditEntry
from neuguong.organisations.factories import make_person


def url(name, *args):
    return reverse(f"commitments:{name}", args=args)


def state(plan):
    plan = CommitmentPlan.objects.get(pk=plan.pk)
    return plan.status, plan.version, plan.decided_by_id, plan.return_reason


def submitted(person, period, **kwargs):
    return make_plan(person, period, status=PlanStatus.SUBMITTED, **kwargs)


# The menu's entry point -------------------------------------------------------------


def test_index_sends_approvers_to_the_people_and_members_to_their_plan(client_for, period):
    assert client_for("secretary").get(url("index"))["Location"] == url("people")
    assert client_for("supervisor").get(url("index"))["Location"] == url("people")
    assert client_for("member").get(url("index"))["Location"] == url("my_plan")


# Deciding one plan ------------------------------------------------------------------


def test_secretary_approves_the_members_plan(client_for, province, period):
    plan = submitted(province.people.member, period)
    client = client_for("secretary")
    page = client.get(url("approve", plan.pk)).content.decode()
    assert "Nguyễn Văn An" in page and "Hoàn thành chương trình giảng dạy" in page
    assert "Phê duyệt" in page and "Lý do trả lại" in page
    response = client.post(url("approve", plan.pk), {"version": plan.version, "plan_approve": "1"})
    assert response.status_code == 302
    assert state(plan)[:3] == (
        PlanStatus.APPROVED,
        plan.version + 1,
        province.users["secretary"].pk,
    )
    assert AuditEntry.objects.filter(action="plan.approve", object_id=str(plan.pk)).exists()


def test_secretary_returns_a_plan_with_a_reason(client_for, province, period):
    plan = submitted(province.people.member, period)
    response = client_for("secretary").post(
        url("approve", plan.pk),
        {"version": plan.version, "plan_return": "1", "reason": "Giải pháp chưa cụ thể."},
    )
    assert response.status_code == 302
    assert state(plan)[0] == PlanStatus.RETURNED
    assert state(plan)[3] == "Giải pháp chưa cụ thể."


def test_returning_without_a_reason_is_refused_and_changes_nothing(client_for, province, period):
    plan = submitted(province.people.member, period)
    before = state(plan)
    response = client_for("secretary").post(
        url("approve", plan.pk), {"version": plan.version, "plan_return": "1", "reason": " "}
    )
    assert response.status_code == 400
    assert "Hãy ghi lý do trả lại." in response.content.decode()
    assert state(plan) == before


def test_a_post_without_a_decision_is_refused(client_for, province, period):
    plan = submitted(province.people.member, period)
    response = client_for("secretary").post(url("approve", plan.pk), {"version": plan.version})
    assert response.status_code == 400
    assert "Hãy bấm “Phê duyệt” hoặc “Trả lại”." in response.content.decode()
    assert state(plan)[0] == PlanStatus.SUBMITTED


def test_approving_outside_ones_scope_is_not_found_and_changes_nothing(
    client_for, province, period
):
    plan = submitted(province.people.member, period)
    before = state(plan)
    client = client_for("outsider")
    assert client.get(url("approve", plan.pk)).status_code == 404
    response = client.post(url("approve", plan.pk), {"version": plan.version, "plan_approve": "1"})
    assert response.status_code == 404
    assert state(plan) == before


def test_approving_ones_own_plan_is_forbidden_with_the_reason(client_for, province, period):
    plan = submitted(province.people.secretary, period)
    before = state(plan)
    client = client_for("secretary")
    page = client.get(url("approve", plan.pk))
    assert page.status_code == 403
    assert "Bạn không thể tự phê duyệt kế hoạch của chính mình." in page.content.decode()
    response = client.post(url("approve", plan.pk), {"version": plan.version, "plan_approve": "1"})
    assert response.status_code == 403
    assert "Bạn không thể tự phê duyệt kế hoạch của chính mình." in response.content.decode()
    assert state(plan) == before
    assert not AuditEntry.objects.filter(action="plan.approve").exists()


def test_viewers_who_do_not_approve_are_forbidden(client_for, province, period):
    plan = submitted(province.people.member, period)
    assert client_for("supervisor").get(url("approve", plan.pk)).status_code == 403
    assert client_for("org_officer").get(url("approve", plan.pk)).status_code == 403


def test_a_stale_decision_is_a_conflict_that_keeps_the_reason(client_for, province, period):
    plan = submitted(province.people.member, period)
    client_for("unit_head").post(
        url("approve", plan.pk), {"version": plan.version, "plan_approve": "1"}
    )
    after = state(plan)
    response = client_for("secretary").post(
        url("approve", plan.pk),
        {"version": plan.version, "plan_return": "1", "reason": "Thiếu sản phẩm."},
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "đã được xử lý hoặc thay đổi" in page and "Thiếu sản phẩm." in page
    assert state(plan) == after


def test_copy_flags_show_both_texts_and_whose_they_are(client_for, province, period):
    text = "Soạn giáo án điện tử cho toàn bộ chương trình lớp 10 trong học kỳ một"
    theirs = submitted(province.people.secretary, period, tasks=[text])
    mine = submitted(province.people.member, period, tasks=[text + " năm học mới"])
    CopyFlag.objects.create(
        plan=mine,
        task=mine.tasks.get(),
        other_task=theirs.tasks.get(),
        source=CopyFlag.Source.SAME_UNIT,
        similarity=0.83,
    )
    page = client_for("unit_head").get(url("approve", mine.pk)).content.decode()
    assert "Nhiệm vụ 1 gần trùng với" in page and "giống 83%" in page
    assert "kế hoạch của Trần Thị Bình" in page
    assert text + " năm học mới" in page and page.count(text) >= 2
    assert "không ngăn việc phê duyệt" in page and 'name="plan_approve"' in page


def test_a_flag_against_last_year_names_the_persons_own_plan(client_for, province, period):
    from datetime import date

    from neuguong.regulations.models import Period

    last = Period.objects.create(
        name="Năm 2025", starts_on=date(2025, 1, 1), ends_on=date(2025, 12, 31), is_open=False
    )
    old = make_plan(province.people.member, last, status=PlanStatus.APPROVED)
    plan = submitted(province.people.member, period)
    CopyFlag.objects.create(
        plan=plan,
        task=plan.tasks.get(),
        other_task=old.tasks.get(),
        source=CopyFlag.Source.PREVIOUS,
        similarity=1.0,
    )
    page = client_for("secretary").get(url("approve", plan.pk)).content.decode()
    assert "kế hoạch năm trước của chính người này (Năm 2025)" in page
    assert "giống 100%" in page


# Bulk approval ----------------------------------------------------------------------


def test_bulk_approval_reports_approvals_and_refusals_by_name(client_for, province, period):
    member = submitted(province.people.member, period)
    own = submitted(province.people.secretary, period)
    colleague = make_person("Ngô Thị Cúc", workplace=province.school, party_cell=province.maths)
    other = submitted(colleague, period)
    before = state(own)
    response = client_for("secretary").post(
        url("approve_many"),
        {"plans": [member.pk, own.pk, other.pk], "unit": province.maths.pk},
        follow=True,
    )
    page = response.content.decode()
    assert "Đã phê duyệt 2 kế hoạch." in page
    assert "Không phê duyệt kế hoạch của Trần Thị Bình" in page
    assert "Bạn không thể tự phê duyệt kế hoạch của chính mình." in page
    assert state(member)[0] == state(other)[0] == PlanStatus.APPROVED
    assert state(own) == before


def test_bulk_approval_counts_plans_outside_the_scope_and_changes_them_not(
    client_for, province, period
):
    neighbour = submitted(province.people.neighbour, period)
    before = state(neighbour)
    page = (
        client_for("secretary")
        .post(url("approve_many"), {"plans": [neighbour.pk]}, follow=True)
        .content.decode()
    )
    assert "1 kế hoạch đã chọn không còn trong phạm vi của đồng chí." in page
    assert state(neighbour) == before


def test_bulk_approval_with_nothing_selected_is_refused(client_for, province, period):
    response = client_for("secretary").post(url("approve_many"), {"plans": ["x"]})
    assert response.status_code == 400
    assert "Hãy chọn ít nhất một kế hoạch để phê duyệt." in response.content.decode()


def test_bulk_approval_is_forbidden_to_those_who_do_not_approve(client_for, province, period):
    plan = submitted(province.people.member, period)
    response = client_for("org_officer").post(url("approve_many"), {"plans": [plan.pk]})
    assert response.status_code == 403
    assert state(plan)[0] == PlanStatus.SUBMITTED
