"""A unit's collective plan and the unit's approval setting."""

from django.urls import reverse

from neuguong.commitments.factories import make_plan
from neuguong.commitments.models import CommitmentPlan, PlanSettings, PlanStatus
from neuguong.core.models import AuditEntry
from neuguong.organisations.factories import make_person


def url(name, *args):
    return reverse(f"commitments:{name}", args=args)


# Collective plans -------------------------------------------------------------------


def test_the_cells_secretary_starts_its_collective_plan_and_edits_it(client_for, province, period):
    client = client_for("secretary")
    page = client.get(url("unit_plan", province.maths.pk)).content.decode()
    assert "Đơn vị chưa lập kế hoạch tập thể kỳ này." in page and "Lập kế hoạch tập thể" in page
    response = client.post(url("unit_plan_start", province.maths.pk), {"period": period.pk})
    plan = CommitmentPlan.objects.get(unit=province.maths, person__isnull=True)
    assert response["Location"] == url("plan_edit", plan.pk)
    assert plan.status == PlanStatus.DRAFT and plan.is_collective
    page = client.get(url("unit_plan", province.maths.pk)).content.decode()
    assert (
        url("plan_edit", plan.pk) in page and "Lập kế hoạch tập thể" not in page.split("</h1>")[1]
    )


def test_starting_a_second_collective_plan_is_refused(client_for, province, period):
    client = client_for("secretary")
    client.post(url("unit_plan_start", province.maths.pk), {"period": period.pk})
    response = client.post(url("unit_plan_start", province.maths.pk), {"period": period.pk})
    assert response.status_code == 400
    assert "Đã có kế hoạch kỳ này đang soạn hoặc chờ duyệt." in response.content.decode()
    assert CommitmentPlan.objects.filter(unit=province.maths, person__isnull=True).count() == 1


def test_only_the_units_heads_start_its_collective_plan(client_for, province, period):
    start = url("unit_plan_start", province.maths.pk)
    assert client_for("member").post(start, {"period": period.pk}).status_code == 403
    assert client_for("supervisor").post(start, {"period": period.pk}).status_code == 403
    assert client_for("outsider").post(start, {"period": period.pk}).status_code == 404
    assert not CommitmentPlan.objects.exists()


def test_the_level_above_approves_a_collective_plan(client_for, province, period):
    client_for("secretary").post(url("unit_plan_start", province.maths.pk), {"period": period.pk})
    plan = CommitmentPlan.objects.get(unit=province.maths)
    CommitmentPlan.objects.filter(pk=plan.pk).update(status=PlanStatus.SUBMITTED)
    # The cell's own secretary does not approve above the cell.
    assert client_for("secretary").get(url("approve", plan.pk)).status_code == 403
    head = client_for("unit_head")
    assert url("approve", plan.pk) in head.get(url("unit_plan", province.maths.pk)).content.decode()
    assert province.maths.name in head.get(reverse("commitments:people")).content.decode()
    plan.refresh_from_db()
    response = head.post(url("approve", plan.pk), {"version": plan.version, "plan_approve": "1"})
    assert response.status_code == 302
    assert CommitmentPlan.objects.get(pk=plan.pk).status == PlanStatus.APPROVED


# The unit's approval setting --------------------------------------------------------


def test_the_head_sends_the_schools_plans_to_the_workplace(client_for, province, period):
    draft = make_plan(province.people.member, period)
    waiting = make_plan(province.people.secretary, period, status=PlanStatus.SUBMITTED)
    assert draft.unit == province.maths
    client = client_for("unit_head")
    page = client.get(url("settings", province.school.pk)).content.decode()
    assert "Mọi người: thủ trưởng đơn vị" in page
    response = client.post(url("settings", province.school.pk), {"approver": "workplace"})
    assert response.status_code == 302
    assert PlanSettings.objects.get(unit=province.school).approver == "workplace"
    assert CommitmentPlan.objects.get(pk=draft.pk).unit == province.school
    assert CommitmentPlan.objects.get(pk=waiting.pk).unit == province.maths
    entry = AuditEntry.objects.get(action="plan.settings")
    assert entry.before == {"approver": "default"}
    assert entry.after == {"approver": "workplace", "open_plans_moved": 1}
    # Back to the default: the draft returns to the cell.
    client.post(url("settings", province.school.pk), {"approver": "default"})
    assert CommitmentPlan.objects.get(pk=draft.pk).unit == province.maths


def test_staff_outside_the_party_stay_with_the_workplace(client_for, province, period):
    clerk = make_person("Hà Văn Tâm", workplace=province.school)
    draft = make_plan(clerk, period)
    client_for("org_officer").post(url("settings", province.school.pk), {"approver": "workplace"})
    client_for("org_officer").post(url("settings", province.school.pk), {"approver": "default"})
    assert CommitmentPlan.objects.get(pk=draft.pk).unit == province.school


def test_a_bad_setting_is_refused_and_changes_nothing(client_for, province, period):
    response = client_for("unit_head").post(url("settings", province.school.pk), {"approver": "x"})
    assert response.status_code == 400
    assert "Cách phê duyệt đã chọn không hợp lệ." in response.content.decode()
    assert not PlanSettings.objects.exists() and not AuditEntry.objects.exists()


def test_who_may_change_the_setting(client_for, province, period):
    page = url("settings", province.school.pk)
    for persona in ("member", "secretary", "supervisor", "inspection", "propaganda"):
        assert client_for(persona).post(page, {"approver": "workplace"}).status_code == 403
    assert client_for("outsider").get(page).status_code == 404
    assert not PlanSettings.objects.exists()
    assert client_for("admin").get(page).status_code == 200
