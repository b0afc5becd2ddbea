"""Approving, returning and publishing a version, and the approvals queue.

The propaganda officer (role on the root) approves the code of Hòa An; the head of
Hòa An approves the school's code."""

from datetime import date

from django.urls import reverse

from neuguong.core.access import Role
from neuguong.core.models import AuditEntry
from neuguong.organisations.factories import give_role, make_unit
from neuguong.standards import services
from neuguong.standards.models import CodeStatus, EthicsCode, EthicsCodeItem

from .access_rows import code_with_items


def url(name, *args):
    return reverse(f"standards:{name}", args=args)


def submitted(unit, period, *, by):
    code = code_with_items(unit, period, by=by)
    return services.submit_code(code, by=by, version=None)


def state(code):
    code = EthicsCode.objects.get(pk=code.pk)
    return code.status, code.version, code.return_reason, code.decided_by_id


def test_propaganda_approves_a_communes_code(client_for, province, period):
    code = submitted(province.hoa_an, period, by=province.users["unit_head"])
    client = client_for("propaganda")
    page = client.get(url("code", code.pk)).content.decode()
    assert "Phê duyệt" in page and "Lý do trả lại" in page
    response = client.post(url("code_approve", code.pk), {"version": code.version})
    assert response.status_code == 302
    assert state(code)[0] == CodeStatus.APPROVED
    assert AuditEntry.objects.filter(action="code.approve", object_id=str(code.pk)).exists()


def test_unit_head_returns_the_schools_code_with_a_reason(client_for, province, period):
    code = submitted(province.school, period, by=province.users["admin"])
    response = client_for("unit_head").post(
        url("code_return", code.pk),
        {"reason": "Nhóm 4 chưa nói việc cụ thể.", "version": code.version},
    )
    assert response.status_code == 302
    assert state(code)[:3] == (
        CodeStatus.RETURNED,
        code.version + 1,
        "Nhóm 4 chưa nói việc cụ thể.",
    )
    page = client_for("admin").get(url("code", code.pk)).content.decode()
    assert "Cấp trên trả lại, lý do:" in page and "Nhóm 4 chưa nói việc cụ thể." in page
    assert AuditEntry.objects.filter(action="code.return", object_id=str(code.pk)).exists()


def test_returning_without_a_reason_is_refused(client_for, province, period):
    code = submitted(province.school, period, by=province.users["admin"])
    before = state(code)
    response = client_for("unit_head").post(
        url("code_return", code.pk), {"reason": "  ", "version": code.version}
    )
    assert response.status_code == 400
    assert "Hãy ghi lý do trả lại." in response.content.decode()
    assert state(code) == before


def test_approving_ones_own_units_code_is_refused_with_a_message(client_for, province, period):
    code = submitted(province.hoa_an, period, by=province.users["admin"])
    before = state(code)
    response = client_for("unit_head").post(url("code_approve", code.pk), {"version": code.version})
    assert response.status_code == 403
    assert "Bạn không thể phê duyệt chuẩn mực đạo đức của chính đơn vị" in response.content.decode()
    assert state(code) == before


def test_an_approver_working_in_the_unit_is_told_why_not(client_for, province, period):
    give_role(province.users["secretary"], Role.SECRETARY, province.school)
    code = submitted(province.maths, period, by=province.users["unit_head"])
    before = state(code)
    client = client_for("secretary")
    assert "chính đơn vị, chi bộ mình" in client.get(url("code", code.pk)).content.decode()
    response = client.post(url("code_approve", code.pk), {"version": code.version})
    assert response.status_code == 403
    assert "chính đơn vị, chi bộ mình" in response.content.decode()
    assert state(code) == before


def test_approving_outside_ones_scope_is_404(client_for, province, period):
    code = submitted(province.hoa_an, period, by=province.users["unit_head"])
    before = state(code)
    response = client_for("outsider").post(url("code_approve", code.pk), {"version": code.version})
    assert response.status_code == 404
    assert state(code) == before


def test_of_an_approval_and_a_return_at_once_one_wins(client_for, province, period):
    code = submitted(province.school, period, by=province.users["admin"])
    read_at = code.version
    assert (
        client_for("unit_head").post(url("code_approve", code.pk), {"version": read_at}).status_code
        == 302
    )
    after = state(code)
    response = client_for("propaganda").post(
        url("code_return", code.pk), {"reason": "Chưa đạt.", "version": read_at}
    )
    body = response.content.decode()
    assert response.status_code == 409
    assert "Phiên bản này đã được xử lý hoặc thay đổi" in body
    assert "Chưa đạt." in body  # what the officer typed is shown back
    assert state(code) == after and after[0] == CodeStatus.APPROVED


def test_approver_sees_the_guidance_hints(client_for, province, period):
    code = code_with_items(province.hoa_an, period, by=province.users["unit_head"])
    EthicsCodeItem.objects.filter(code=code, relationship=5).update(text="Tích cực.")
    code = services.submit_code(code, by=province.users["unit_head"], version=None)
    body = client_for("propaganda").get(url("code", code.pk)).content.decode()
    assert "Nội dung số 5 quá ngắn" in body


def approved(province, period):
    code = submitted(province.hoa_an, period, by=province.users["unit_head"])
    return services.approve_code(code, by=province.users["propaganda"], version=None)


def test_editor_publishes_an_approved_version_with_an_effective_date(client_for, province, period):
    code = approved(province, period)
    response = client_for("unit_head").post(
        url("code_publish", code.pk), {"effective_from": "2026-03-01", "version": code.version}
    )
    assert response.status_code == 302
    code.refresh_from_db()
    assert code.status == CodeStatus.PUBLISHED and code.effective_from == date(2026, 3, 1)
    assert AuditEntry.objects.filter(action="code.publish", object_id=str(code.pk)).exists()
    body = client_for("unit_head").get(url("unit_codes", province.hoa_an.pk)).content.decode()
    assert "01/03/2026" in body


def test_publishing_without_a_date_changes_nothing(client_for, province, period):
    code = approved(province, period)
    before = state(code)
    response = client_for("unit_head").post(url("code_publish", code.pk), {"version": code.version})
    assert response.status_code == 400
    assert "Hãy chọn ngày có hiệu lực." in response.content.decode()
    assert state(code) == before


def test_publishing_with_an_empty_group_is_refused_unless_not_applicable(
    client_for, province, period
):
    code = approved(province, period)
    # An approved version that lost a group's item (the check runs again at publishing).
    EthicsCodeItem.objects.filter(code=code, relationship=3).delete()
    before = state(code)
    client = client_for("unit_head")
    data = {"effective_from": "2026-03-01", "version": code.version}
    response = client.post(url("code_publish", code.pk), data)
    assert response.status_code == 400
    assert "Chưa có chuẩn mực nào cho: Đối với đồng chí, đồng nghiệp." in response.content.decode()
    assert state(code) == before

    EthicsCode.objects.filter(pk=code.pk).update(not_applicable={"3": "Đơn vị một người."})
    assert client.post(url("code_publish", code.pk), data).status_code == 302
    assert state(code)[0] == CodeStatus.PUBLISHED


# The queue -------------------------------------------------------------------------


def test_queue_lists_what_each_approver_may_approve_oldest_first(client_for, province, period):
    hoa_an = submitted(province.hoa_an, period, by=province.users["unit_head"])
    school = submitted(province.school, period, by=province.users["admin"])
    propaganda = client_for("propaganda").get(url("approvals")).content.decode()
    assert propaganda.index("Đảng ủy xã Hòa An") < propaganda.index("Đảng bộ Trường THPT Hòa An")
    assert url("code", hoa_an.pk) in propaganda and url("code", school.pk) in propaganda
    head = client_for("unit_head").get(url("approvals")).content.decode()
    assert url("code", school.pk) in head
    assert url("code", hoa_an.pk) not in head  # their own unit: the level above approves
    secretary = client_for("secretary").get(url("approvals")).content.decode()
    assert "Không có phiên bản nào chờ đồng chí phê duyệt." in secretary


def test_queue_is_403_without_the_right_to_approve(client_for, province, period):
    assert client_for("member").get(url("approvals")).status_code == 403
    assert client_for("org_officer").get(url("approvals")).status_code == 403


def test_queue_queries_do_not_grow_with_codes(
    client_for, province, period, django_assert_max_num_queries
):
    admin = province.users["admin"]
    for i in range(30):
        unit = make_unit(f"Chi bộ số {i}", parent=province.hoa_an, code=f"CB-{i}")
        submitted(unit, period, by=admin)
    client = client_for("unit_head")
    with django_assert_max_num_queries(16):
        response = client.get(url("approvals"))
    assert response.content.decode().count("/codes/") >= 30
