"""Writing a plan through the pages: the editor, autosave, submit, amendment. Every bad
input of the issue is checked for its message and for nothing having changed."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from neuguong.commitments import services
from neuguong.commitments.factories import make_plan
from neuguong.commitments.models import CommitmentPlan, PlanStatus
from neuguong.core.models import AuditEntry

from .plan_pages import TASK, editor_post, state, url


@pytest.fixture
def member(client_for):
    return client_for("member")


@pytest.fixture
def draft(province, period):
    return make_plan(province.people.member, period)


@pytest.fixture
def approved(province, period):
    return make_plan(province.people.member, period, status=PlanStatus.APPROVED)


@pytest.fixture
def empty_draft(province, period):
    return services.start_plan(
        by=province.users["member"], period=period, person=province.people.member
    )


# The editor ------------------------------------------------------------------------


@pytest.mark.parametrize(("persona", "status"), [("secretary", 403), ("outsider", 404)])
def test_only_the_writer_opens_the_editor(client_for, draft, persona, status):
    assert client_for(persona).get(url("plan_edit", draft.pk)).status_code == status


def test_the_editor_shows_every_section_and_one_empty_task_row(
    member, draft, django_assert_max_num_queries
):
    with django_assert_max_num_queries(22):
        response = member.get(url("plan_edit", draft.pk))
    page = response.content.decode()
    assert response.status_code == 200
    assert 'name="task_count" value="2"' in page
    assert 'name="task-1-title"' in page and 'name="task-2-title"' not in page
    assert f'name="version" id="plan-version" value="{draft.version}"' in page
    assert f'hx-post="{url("plan_autosave", draft.pk)}"' in page
    for heading in ("I. Về tư tưởng chính trị", "II. Về đạo đức", "III. Nhiệm vụ trọng tâm"):
        assert heading in page
    assert "VI. Về lãnh đạo" not in page


def test_the_query_count_does_not_grow_with_tasks(
    member, province, period, django_assert_max_num_queries
):
    plan = make_plan(province.people.member, period, tasks=[f"Nhiệm vụ số {n}" for n in range(12)])
    with django_assert_max_num_queries(22):
        assert member.get(url("plan_edit", plan.pk)).status_code == 200


def test_saving_writes_the_whole_draft_and_keeps_task_keys(member, draft):
    key = str(draft.tasks.get().key)
    data = editor_post(draft, political_stance="Tuyệt đối trung thành với Đảng.")
    data["task-0-title"] = "Dạy đủ, dạy đúng chương trình"
    data["ethics_line"] = ["Không nói sai sự thật", ""]
    response = member.post(url("plan_edit", draft.pk), data)
    assert response.status_code == 302
    draft.refresh_from_db()
    task = draft.tasks.get()
    assert (str(task.key), task.title) == (key, "Dạy đủ, dạy đúng chương trình")
    assert draft.political_stance == "Tuyệt đối trung thành với Đảng."
    assert [e.text for e in draft.ethics.all()] == ["Không nói sai sự thật"]


def test_add_task_saves_and_shows_one_more_empty_row(member, draft):
    data = editor_post(draft, add_task="1")
    response = member.post(url("plan_edit", draft.pk), data)
    assert response.status_code == 302 and "extra=2" in response["Location"]
    page = member.get(response["Location"]).content.decode()
    assert 'name="task-2-title"' in page and 'name="task-3-title"' not in page


def test_a_new_task_typed_in_the_empty_row_is_saved(member, draft):
    data = editor_post(draft)
    for name, value in TASK.items():
        data[f"task-1-{name}" if name != "solutions" else "task-1-solution"] = value
    data["task_count"] = 2
    assert member.post(url("plan_edit", draft.pk), data).status_code == 302
    assert draft.tasks.count() == 2
    assert draft.tasks.last().solutions.count() == 2


def test_delete_task_removes_that_row(member, province, period):
    plan = make_plan(province.people.member, period, tasks=["Nhiệm vụ A", "Nhiệm vụ B"])
    response = member.post(url("plan_edit", plan.pk), editor_post(plan, delete_task="0"))
    assert response.status_code == 302
    assert list(plan.tasks.values_list("title", flat=True)) == ["Nhiệm vụ B"]


def test_a_deadline_outside_the_period_is_refused_and_the_input_kept(member, draft):
    before = state(draft)
    data = editor_post(draft)
    data["task-0-deadline"] = "2027-02-01"
    data["task-0-title"] = "Nội dung mới vừa gõ"
    response = member.post(url("plan_edit", draft.pk), data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "nằm ngoài kỳ Năm 2026 (01/01/2026 – 31/12/2026)" in page
    assert "Nội dung mới vừa gõ" in page and 'value="2027-02-01"' in page
    assert state(draft) == before


def test_a_malformed_task_list_is_refused(member, draft):
    before = state(draft)
    response = member.post(url("plan_edit", draft.pk), editor_post(draft, task_count="999"))
    assert response.status_code == 400
    assert "Danh sách nhiệm vụ gửi lên không hợp lệ" in response.content.decode()
    assert state(draft) == before


def test_a_code_item_from_elsewhere_is_refused(member, draft):
    before = state(draft)
    response = member.post(url("plan_edit", draft.pk), editor_post(draft, code_items=["987654"]))
    assert response.status_code == 400
    assert "không thuộc đơn vị" in response.content.decode()
    assert state(draft) == before


def test_two_tabs_the_second_save_is_a_conflict_that_loses_nothing(member, draft):
    first = editor_post(draft, political_stance="Bản của thẻ thứ nhất")
    second = editor_post(draft, political_stance="Bản của thẻ thứ hai, chưa lưu")
    assert member.post(url("plan_edit", draft.pk), first).status_code == 302
    saved = state(draft)
    response = member.post(url("plan_edit", draft.pk), second)
    page = response.content.decode()
    assert response.status_code == 409
    assert "vừa được lưu ở nơi khác" in page
    assert "Bản của thẻ thứ hai, chưa lưu" in page
    assert "Xem bản đã lưu" in page
    # The next save is based on the saved version, so pressing save again keeps it.
    assert f'id="plan-version" value="{saved[1]}"' in page
    assert state(draft) == saved


# Autosave --------------------------------------------------------------------------


def test_autosave_answers_the_status_line_and_the_new_version(member, draft):
    data = editor_post(draft, political_stance="Tự lưu khi gõ")
    for name, value in TASK.items():
        data[f"task-1-{name}" if name != "solutions" else "task-1-solution"] = value
    response = member.post(url("plan_autosave", draft.pk), data, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    draft.refresh_from_db()
    new_key = str(draft.tasks.last().key)
    assert response.status_code == 200
    assert "Đã lưu lúc" in page
    assert f'id="plan-version" value="{draft.version}" hx-swap-oob="true"' in page
    assert f'id="task-1-key" value="{new_key}" hx-swap-oob="true"' in page
    assert draft.political_stance == "Tự lưu khi gõ"


def test_a_stale_autosave_is_a_conflict_shown_in_the_status_line(member, draft):
    stale = editor_post(draft, political_stance="Thẻ cũ")
    member.post(url("plan_edit", draft.pk), editor_post(draft))
    saved = state(draft)
    response = member.post(url("plan_autosave", draft.pk), stale, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert response.status_code == 409
    assert "Chưa tự lưu được" in page and "Xem bản đã lưu" in page
    assert "hx-swap-oob" not in page
    assert state(draft) == saved


def test_autosave_is_refused_to_anyone_but_the_writer(client_for, draft):
    response = client_for("secretary").post(url("plan_autosave", draft.pk), editor_post(draft))
    assert response.status_code == 403


# Submitting ------------------------------------------------------------------------


def test_submitting_from_the_editor_saves_then_submits(member, draft):
    data = editor_post(draft, political_stance="Nộp luôn")
    response = member.post(url("plan_submit", draft.pk), data)
    assert response.status_code == 302 and response["Location"] == url("plan", draft.pk)
    draft.refresh_from_db()
    assert (draft.status, draft.political_stance, draft.is_late) == ("submitted", "Nộp luôn", False)
    page = member.get(response["Location"]).content.decode()
    assert "Đã nộp kế hoạch" in page


def test_submitting_a_plan_with_no_key_task_is_refused(member, empty_draft):
    before = state(empty_draft)
    data = editor_post(empty_draft, political_stance="Gõ rồi nộp")
    response = member.post(url("plan_submit", empty_draft.pk), data)
    page = response.content.decode()
    assert response.status_code == 400
    assert "Kế hoạch cần ít nhất một nhiệm vụ trọng tâm." in page
    assert "Gõ rồi nộp" in page
    assert state(empty_draft) == before


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"task-0-solution": ["", ""]}, "chưa có giải pháp cụ thể nào"),
        ({"task-0-deadline": ""}, "chưa có thời hạn"),
        ({"task-0-deadline": "2025-12-31"}, "nằm ngoài kỳ"),
    ],
)
def test_submitting_an_incomplete_task_is_refused(member, draft, change, message):
    before = state(draft)
    response = member.post(url("plan_submit", draft.pk), editor_post(draft, **change))
    page = response.content.decode()
    assert response.status_code == 400
    assert message in page
    assert "Hoàn thành chương trình giảng dạy đúng hạn" in page  # the input is still there
    assert state(draft) == before
    assert not AuditEntry.objects.filter(action="plan.submit").exists()


def test_submitting_after_the_deadline_is_accepted_and_marked_late(member, draft, period):
    due = timezone.localdate() - timedelta(days=1)
    period.plans_registered_by = due
    period.save()
    response = member.post(url("plan_submit", draft.pk), editor_post(draft), follow=True)
    draft.refresh_from_db()
    assert (draft.status, draft.is_late) == ("submitted", True)
    page = response.content.decode()
    assert f"Kế hoạch đã nộp sau hạn đăng ký {due:%d/%m/%Y}." in page
    assert "Nộp sau hạn" in page


def test_submitting_after_the_deadline_is_refused_when_the_period_says_so(member, draft, period):
    period.plans_registered_by = timezone.localdate() - timedelta(days=1)
    period.refuse_late_plans = True
    period.save()
    before = state(draft)
    response = member.post(url("plan_submit", draft.pk), editor_post(draft))
    assert response.status_code == 400
    assert "kỳ này không nhận kế hoạch nộp muộn" in response.content.decode()
    assert state(draft) == before


def test_a_submit_button_without_the_form_submits_the_saved_draft(member, draft):
    response = member.post(url("plan_submit", draft.pk), {"version": draft.version})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == PlanStatus.SUBMITTED


def test_a_stale_submit_is_a_conflict(member, draft):
    before = state(draft)
    response = member.post(url("plan_submit", draft.pk), {"version": draft.version - 1 or 99})
    assert response.status_code == 409
    assert state(draft) == before


# A submitted or approved plan is locked --------------------------------------------


def test_editing_an_approved_plan_is_refused_with_the_way_to_amend(member, approved):
    before = state(approved)
    response = member.get(url("plan_edit", approved.pk))
    page = response.content.decode()
    assert response.status_code == 400
    assert "không sửa trực tiếp được" in page and "Điều chỉnh kế hoạch" in page
    assert f'action="{url("plan_amend", approved.pk)}"' in page
    response = member.post(
        url("plan_edit", approved.pk), editor_post(approved, political_stance="x")
    )
    assert response.status_code == 400
    assert "không sửa trực tiếp được" in response.content.decode()
    assert state(approved) == before


def test_editing_a_submitted_plan_is_refused(member, province, period):
    plan = make_plan(province.people.member, period, status=PlanStatus.SUBMITTED)
    before = state(plan)
    response = member.post(url("plan_edit", plan.pk), editor_post(plan, political_stance="x"))
    assert response.status_code == 400
    assert "Chờ phê duyệt" in response.content.decode()
    assert state(plan) == before


def test_amending_opens_a_new_draft_with_the_same_tasks(member, approved):
    response = member.post(url("plan_amend", approved.pk), {"reason": "Được giao thêm lớp 12"})
    new = CommitmentPlan.objects.get(amends=approved)
    assert response.status_code == 302 and response["Location"] == url("plan_edit", new.pk)
    assert (new.number, new.status) == (2, PlanStatus.DRAFT)
    assert new.tasks.get().key == approved.tasks.get().key
    page = member.get(url("plan", approved.pk)).content.decode()
    assert "Đang có phiên bản 2" in page


def test_amending_without_a_reason_is_refused(member, approved):
    response = member.post(url("plan_amend", approved.pk), {"reason": "  "})
    assert response.status_code == 400
    assert "Hãy ghi lý do điều chỉnh." in response.content.decode()
    assert CommitmentPlan.objects.count() == 1


def test_only_the_writer_amends(client_for, approved):
    response = client_for("secretary").post(url("plan_amend", approved.pk), {"reason": "x"})
    assert response.status_code == 403
    assert CommitmentPlan.objects.count() == 1


def test_a_leaders_plan_has_the_leadership_section(member, province, period, draft):
    CommitmentPlan.objects.filter(pk=draft.pk).update(is_leader=True)
    page = member.get(url("plan_edit", draft.pk)).content.decode()
    assert "VI. Về lãnh đạo, chỉ đạo, quản lý" in page and 'name="leadership"' in page
    assert date(2026, 1, 1).strftime("%d/%m/%Y") in page
