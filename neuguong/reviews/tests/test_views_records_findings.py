"""Findings (a concluded degradation, a QĐ 37 breach…): recording, listing, deleting."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from neuguong.core.access import Role
from neuguong.core.models import AuditEntry
from neuguong.organisations.factories import give_role, make_user
from neuguong.reviews.models import Finding

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"reviews:{name}", args=args)


def form(**fields):
    data = {
        "person": "",
        "unit": "",
        "kind": "degradation",
        "concluded_on": "10/04/2026",
        "authority": "Ủy ban Kiểm tra Tỉnh ủy",
        "note": "Kết luận số 12-KL/UBKT.",
    }
    return data | fields


def finding(person=None, unit=None, **fields):
    values = {"kind": "qd37", "concluded_on": date(2026, 4, 2), "authority": "UBKT Tỉnh ủy"}
    return Finding.objects.create(person=person, unit=unit, **values | fields)


def officer_of(unit):
    from django.test import Client

    user = make_user("inspector")
    give_role(user, Role.INSPECTION, unit)
    client = Client()
    client.force_login(user)
    return client


def test_inspection_records_a_finding_on_a_person(client_for, province):
    member = province.people.member
    response = client_for("inspection").post(url("finding_new"), form(person=member.code))
    assert response.status_code == 302
    saved = Finding.objects.get()
    assert (saved.person, saved.kind, saved.concluded_on) == (
        member,
        "degradation",
        date(2026, 4, 10),
    )
    assert saved.note == "Kết luận số 12-KL/UBKT."
    assert AuditEntry.objects.filter(action="finding.record", object_id=str(saved.pk)).exists()
    page = client_for("inspection").get(url("discipline")).content.decode()
    assert "Kết luận suy thoái" in page and "10/04/2026" in page and "Nguyễn Văn An" in page


def test_inspection_records_a_finding_on_a_unit(client_for, province):
    response = client_for("inspection").post(
        url("finding_new"),
        form(unit=province.dong.code, kind="disunity", concluded_on="2026-02-01"),
    )
    assert response.status_code == 302
    assert Finding.objects.get().unit == province.dong


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"person": "KHONG-CO"}, "Không tìm thấy cán bộ, đảng viên có mã “KHONG-CO”"),
        ({"person": ""}, "Hãy nhập mã của một cá nhân hoặc mã của một tổ chức"),
        ({"kind": "tham-nhung"}, "Nội dung kết luận không hợp lệ."),
        ({"concluded_on": "2026/04/10"}, "Ngày không hợp lệ"),
        ({"authority": ""}, "Hãy ghi cơ quan kết luận."),
        ({"authority": "C" * 201}, "“Cơ quan kết luận” tối đa 200 ký tự; đã nhập 201 ký tự."),
        ({"note": "n" * 5001}, "“Ghi chú” tối đa 5000 ký tự; đã nhập 5001 ký tự."),
    ],
)
def test_bad_input_is_refused_and_nothing_saved(client_for, province, fields, message):
    data = form(person=province.people.member.code) | fields
    response = client_for("inspection").post(url("finding_new"), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Finding.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="finding.").exists()


def test_a_finding_dated_in_the_future_is_refused(client_for, province):
    later = (timezone.localdate() + timedelta(days=1)).strftime("%d/%m/%Y")
    response = client_for("inspection").post(
        url("finding_new"), form(person=province.people.member.code, concluded_on=later)
    )
    assert response.status_code == 400
    assert "Ngày không được sau hôm nay." in response.content.decode()
    assert not Finding.objects.exists()


def test_a_finding_outside_the_officers_scope_is_refused(client_for, province):
    response = officer_of(province.binh_minh).post(
        url("finding_new"), form(person=province.people.member.code)
    )
    assert response.status_code == 400
    assert "Không tìm thấy cán bộ, đảng viên" in response.content.decode()
    assert not Finding.objects.exists()


def test_only_inspection_records_findings(client_for, province):
    for persona in ("secretary", "org_officer", "supervisor"):
        response = client_for(persona).post(
            url("finding_new"), form(person=province.people.member.code)
        )
        assert response.status_code == 403
    assert not Finding.objects.exists()


def test_deleting_a_finding_asks_first(client_for, province):
    saved = finding(person=province.people.member)
    client = client_for("inspection")
    response = client.post(url("finding_delete", saved.pk))
    assert response.status_code == 200 and "Xác nhận xóa" in response.content.decode()
    assert Finding.objects.filter(pk=saved.pk).exists()
    assert client.post(url("finding_delete", saved.pk), {"confirm": "1"}).status_code == 302
    assert not Finding.objects.filter(pk=saved.pk).exists()
    assert AuditEntry.objects.filter(action="finding.delete", object_id=str(saved.pk)).exists()


def test_a_finding_outside_scope_is_not_found_and_readers_are_forbidden(client_for, province):
    saved = finding(person=province.people.member)
    confirm = {"confirm": "1"}
    assert (
        officer_of(province.binh_minh).post(url("finding_delete", saved.pk), confirm).status_code
        == 404
    )
    assert client_for("outsider").post(url("finding_delete", saved.pk), confirm).status_code == 404
    assert client_for("secretary").post(url("finding_delete", saved.pk), confirm).status_code == 403
    assert Finding.objects.filter(pk=saved.pk).exists()


def test_readers_see_findings_without_the_delete_button(client_for, province):
    finding(person=province.people.member)
    page = client_for("unit_head").get(url("discipline")).content.decode()
    assert "Vi phạm những điều đảng viên không được làm" in page
    assert "finding_delete" not in page and "/delete/" not in page


def test_the_kind_filter_separates_findings_from_discipline(client_for, province):
    from neuguong.reviews.models import Discipline

    finding(person=province.people.member, authority="Kết luận A")
    Discipline.objects.create(
        person=province.people.member, kind="warning", decided_on=date(2026, 1, 3), authority="KL B"
    )
    client = client_for("inspection")
    page = client.get(url("discipline"), {"kind": "qd37"}).content.decode()
    assert ">Kết luận A<" in page and ">KL B<" not in page
    page = client.get(url("discipline"), {"kind": "warning"}).content.decode()
    assert ">Kết luận A<" not in page and ">KL B<" in page
