"""The discipline pages: the list of records and findings, recording, editing and
deleting a discipline record, and who may do what.

Inspection (on the root) keeps the records; the secretary (Tổ Toán), the head of Hòa
An and the other `reviews.view` holders read those of their scope; the outsider
(Khu 3, Bình Minh) reads only Bình Minh's; the member and propaganda read none."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from neuguong.core.access import Role
from neuguong.core.models import AuditEntry
from neuguong.organisations.factories import give_role, make_person, make_user
from neuguong.reviews.models import Discipline

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"reviews:{name}", args=args)


def record(person=None, unit=None, **fields):
    values = {"kind": "reprimand", "decided_on": date(2026, 3, 2), "authority": "UBKT Tỉnh ủy"}
    return Discipline.objects.create(person=person, unit=unit, **values | fields)


def form(**fields):
    data = {
        "person": "",
        "unit": "",
        "kind": "reprimand",
        "decided_on": "02/03/2026",
        "authority": "Ủy ban Kiểm tra Đảng ủy xã Hòa An",
        "decision_number": "15-QĐ/UBKT",
        "reason": "Vi phạm quy chế làm việc.",
    }
    return data | fields


def state(pk):
    row = Discipline.objects.filter(pk=pk).values().first()
    return row and {k: v for k, v in row.items() if k != "updated_at"}


def officer_of(province, unit, username="inspector", role=Role.INSPECTION):
    """An inspection officer whose role covers only `unit`'s subtree."""
    user = make_user(username)
    give_role(user, role, unit)
    from django.test import Client

    client = Client()
    client.force_login(user)
    return client


# Recording -------------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["02/03/2026", "2026-03-02", "2/3/2026"])
def test_inspection_records_a_persons_discipline_by_code(client_for, province, typed):
    member = province.people.member
    response = client_for("inspection").post(
        url("discipline_new"), form(person=member.code, decided_on=typed)
    )
    assert response.status_code == 302
    saved = Discipline.objects.get()
    assert (saved.person, saved.unit, saved.kind) == (member, None, "reprimand")
    assert saved.decided_on == date(2026, 3, 2)
    assert saved.decision_number == "15-QĐ/UBKT" and not saved.self_detected_fixed
    assert saved.recorded_by == province.users["inspection"]
    assert AuditEntry.objects.filter(action="discipline.record", object_id=str(saved.pk)).exists()


def test_inspection_records_a_units_discipline_by_unit_code(client_for, province):
    response = client_for("inspection").post(
        url("discipline_new"),
        form(unit=province.dong.code.lower(), kind="warning", self_detected_fixed="on"),
    )
    assert response.status_code == 302
    saved = Discipline.objects.get()
    assert (saved.person, saved.unit, saved.kind) == (None, province.dong, "warning")
    assert saved.self_detected_fixed


def _refused(client, data, message, target="discipline_new"):
    response = client.post(url(target), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Discipline.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="discipline.").exists()


def test_an_unknown_person_code_is_refused(client_for, province):
    _refused(
        client_for("inspection"),
        form(person="KHONG-CO"),
        "Không tìm thấy cán bộ, đảng viên có mã “KHONG-CO” trong phạm vi của đồng chí.",
    )


def test_a_person_outside_the_officers_scope_is_not_found(client_for, province):
    client = officer_of(province, province.binh_minh)
    member = province.people.member
    _refused(
        client,
        form(person=member.code),
        f"Không tìm thấy cán bộ, đảng viên có mã “{member.code}” trong phạm vi của đồng chí.",
    )


def test_an_unknown_or_outside_unit_code_is_refused(client_for, province):
    _refused(
        client_for("inspection"),
        form(unit="KHONG-CO"),
        "Không tìm thấy đơn vị, tổ chức có mã “KHONG-CO” trong phạm vi của đồng chí.",
    )
    _refused(
        officer_of(province, province.binh_minh),
        form(unit=province.dong.code),
        f"Không tìm thấy đơn vị, tổ chức có mã “{province.dong.code}”",
    )


@pytest.mark.parametrize("subject", [{}, {"person": "P", "unit": "HOA-AN-DONG"}])
def test_a_record_needs_exactly_one_subject(client_for, province, subject):
    subject = {k: (province.people.member.code if v == "P" else v) for k, v in subject.items()}
    _refused(
        client_for("inspection"),
        form(**subject),
        "Hãy nhập mã của một cá nhân hoặc mã của một tổ chức",
    )


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"kind": "canh-cao-nhe"}, "Hình thức kỷ luật không hợp lệ."),
        ({"kind": ""}, "Hãy chọn hình thức kỷ luật."),
        ({"decided_on": "31/02/2026"}, "Ngày không hợp lệ; hãy nhập theo dạng ngày/tháng/năm"),
        ({"decided_on": "hôm qua"}, "Ngày không hợp lệ; hãy nhập theo dạng ngày/tháng/năm"),
        ({"decided_on": ""}, "Hãy nhập ngày quyết định kỷ luật."),
        ({"authority": "  "}, "Hãy ghi cấp quyết định kỷ luật."),
        ({"authority": "U" * 201}, "“Cấp quyết định” tối đa 200 ký tự; đã nhập 201 ký tự."),
        ({"decision_number": "9" * 61}, "“Số quyết định” tối đa 60 ký tự; đã nhập 61 ký tự."),
        ({"reason": "x" * 5001}, "“Nội dung vi phạm” tối đa 5000 ký tự; đã nhập 5001 ký tự."),
    ],
)
def test_bad_input_is_refused_with_a_message(client_for, province, fields, message):
    data = form(person=province.people.member.code) | fields
    _refused(client_for("inspection"), data, message)


def test_a_decision_dated_in_the_future_is_refused(client_for, province):
    tomorrow = timezone.localdate() + timedelta(days=1)
    _refused(
        client_for("inspection"),
        form(person=province.people.member.code, decided_on=tomorrow.strftime("%d/%m/%Y")),
        "Ngày không được sau hôm nay.",
    )


def test_a_commune_officer_records_a_member_of_a_cell_in_the_commune(client_for, province):
    # Works at the provincial board, sits in Thôn Đông's cell: the commune's inspection
    # board keeps the records of its party members.
    cadre = make_person("Lý Văn Bảy", workplace=province.board, party_cell=province.dong)
    client = officer_of(province, province.hoa_an)
    assert client.post(url("discipline_new"), form(person=cadre.code)).status_code == 302
    assert Discipline.objects.get().person == cadre
    assert cadre.full_name in client.get(url("discipline")).content.decode()


def test_without_discipline_rights_the_form_is_forbidden(client_for, province):
    for persona in ("secretary", "unit_head", "org_officer", "member"):
        client = client_for(persona)
        assert client.get(url("discipline_new")).status_code == 403
        response = client.post(url("discipline_new"), form(person=province.people.member.code))
        assert response.status_code == 403
    assert not Discipline.objects.exists()


# Finding a person by name ----------------------------------------------------------


def test_the_name_search_lists_people_in_scope_and_fills_the_code(client_for, province):
    client = officer_of(province, province.hoa_an)
    page = client.get(url("discipline_new"), {"find": "nguyen van"}).content.decode()
    member = province.people.member
    assert "Nguyễn Văn An" in page
    assert f"?person={member.code}&amp;find=nguyen%20van" in page
    # Bình Minh's people are outside the officer's scope.
    page = client.get(url("discipline_new"), {"find": "hoang minh"}).content.decode()
    assert "Hoàng Minh Châu" not in page and "Không tìm thấy ai khớp" in page
    chosen = client.get(url("discipline_new"), {"person": member.code}).content.decode()
    assert f'value="{member.code}"' in chosen


def test_the_name_search_answers_htmx_with_the_results_only(client_for, province):
    response = client_for("inspection").get(
        url("discipline_new"), {"find": "an"}, headers={"HX-Request": "true"}
    )
    page = response.content.decode()
    assert "Nguyễn Văn An" in page and "<html" not in page and "Hình thức kỷ luật" not in page


# Editing and deleting --------------------------------------------------------------


def test_inspection_edits_a_record(client_for, province):
    saved = record(person=province.people.member)
    client = client_for("inspection")
    page = client.get(url("discipline_edit", saved.pk)).content.decode()
    assert "Nguyễn Văn An" in page and 'value="02/03/2026"' in page and "UBKT Tỉnh ủy" in page
    response = client.post(
        url("discipline_edit", saved.pk),
        form(kind="warning", decided_on="2026-04-05", self_detected_fixed="on"),
    )
    assert response.status_code == 302
    saved.refresh_from_db()
    assert (saved.kind, saved.decided_on, saved.self_detected_fixed) == (
        "warning",
        date(2026, 4, 5),
        True,
    )
    assert saved.person == province.people.member
    assert AuditEntry.objects.filter(action="discipline.update", object_id=str(saved.pk)).exists()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"kind": "nope"}, "Hình thức kỷ luật không hợp lệ."),
        ({"decided_on": "2026-13-01"}, "Ngày không hợp lệ"),
        ({"authority": ""}, "Hãy ghi cấp quyết định kỷ luật."),
        ({"authority": "A" * 201}, "tối đa 200 ký tự"),
    ],
)
def test_a_bad_edit_changes_nothing(client_for, province, fields, message):
    saved = record(person=province.people.member)
    before = state(saved.pk)
    response = client_for("inspection").post(url("discipline_edit", saved.pk), form() | fields)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert state(saved.pk) == before


def test_an_edit_dated_in_the_future_changes_nothing(client_for, province):
    saved = record(person=province.people.member)
    before = state(saved.pk)
    later = (timezone.localdate() + timedelta(days=3)).isoformat()
    response = client_for("inspection").post(
        url("discipline_edit", saved.pk), form(decided_on=later)
    )
    assert response.status_code == 400
    assert "Ngày không được sau hôm nay." in response.content.decode()
    assert state(saved.pk) == before


def test_deleting_asks_first_then_deletes(client_for, province):
    saved = record(person=province.people.member)
    client = client_for("inspection")
    assert client.get(url("discipline_delete", saved.pk)).status_code == 405
    response = client.post(url("discipline_delete", saved.pk))
    assert response.status_code == 200
    assert "Xác nhận xóa" in response.content.decode()
    assert Discipline.objects.filter(pk=saved.pk).exists()
    response = client.post(url("discipline_delete", saved.pk), {"confirm": "1"})
    assert response.status_code == 302
    assert not Discipline.objects.filter(pk=saved.pk).exists()
    assert AuditEntry.objects.filter(action="discipline.delete", object_id=str(saved.pk)).exists()


def test_a_record_of_another_unit_does_not_exist_for_an_officer(client_for, province):
    saved = record(person=province.people.member)
    before = state(saved.pk)
    client = officer_of(province, province.binh_minh)
    assert client.get(url("discipline_edit", saved.pk)).status_code == 404
    assert client.post(url("discipline_edit", saved.pk), form()).status_code == 404
    response = client.post(url("discipline_delete", saved.pk), {"confirm": "1"})
    assert response.status_code == 404
    assert state(saved.pk) == before
    # A record in the officer's own commune is theirs to edit.
    own = record(person=province.people.neighbour)
    assert client.get(url("discipline_edit", own.pk)).status_code == 200


def test_readers_may_not_change_a_record(client_for, province):
    saved = record(person=province.people.member)
    before = state(saved.pk)
    for persona in ("secretary", "unit_head", "org_officer"):
        client = client_for(persona)
        assert client.get(url("discipline_edit", saved.pk)).status_code == 403
        assert client.post(url("discipline_edit", saved.pk), form()).status_code == 403
        response = client.post(url("discipline_delete", saved.pk), {"confirm": "1"})
        assert response.status_code == 403
    for persona in ("outsider", "member"):
        assert client_for(persona).get(url("discipline_edit", saved.pk)).status_code == 404
    assert state(saved.pk) == before


# The list --------------------------------------------------------------------------


def test_the_list_shows_each_records_facts(client_for, province):
    record(
        person=province.people.member,
        decision_number="15-QĐ/UBKT",
        self_detected_fixed=True,
        reason="Chậm báo cáo",
    )
    record(unit=province.dong, kind="warning", decided_on=date(2025, 6, 1))
    page = client_for("inspection").get(url("discipline")).content.decode()
    for text in ("Nguyễn Văn An", "Khiển trách", "02/03/2026", "UBKT Tỉnh ủy", "15-QĐ/UBKT"):
        assert text in page
    assert "Có (không tính khi xếp loại)" in page and "Chậm báo cáo" in page
    assert "Chi bộ Thôn Đông" in page and "Cảnh cáo" in page and "01/06/2025" in page
    assert "Ghi kỷ luật" in page and "Xem, sửa" in page


def test_readers_see_the_records_of_their_scope_only_and_read_only(client_for, province):
    record(person=province.people.member, authority="UBKT xã Hòa An")
    record(person=province.people.neighbour, authority="UBKT phường Bình Minh")
    secretary = client_for("secretary").get(url("discipline"))
    page = secretary.content.decode()
    assert secretary.status_code == 200
    assert "UBKT xã Hòa An" in page and "UBKT phường Bình Minh" not in page
    assert "Xem, sửa" not in page and "Ghi kỷ luật" not in page
    page = client_for("outsider").get(url("discipline")).content.decode()
    assert "UBKT phường Bình Minh" in page and "UBKT xã Hòa An" not in page
    for persona in ("member", "propaganda"):
        assert client_for(persona).get(url("discipline")).status_code == 403


def test_an_officer_sees_and_edits_only_records_of_their_scope(client_for, province):
    record(person=province.people.member, authority="UBKT xã Hòa An")
    record(person=province.people.neighbour, authority="UBKT phường Bình Minh")
    page = officer_of(province, province.binh_minh).get(url("discipline")).content.decode()
    assert "UBKT phường Bình Minh" in page and "UBKT xã Hòa An" not in page


def test_the_list_filters_by_kind_year_and_name(client_for, province):
    record(person=province.people.member, authority="Một")
    record(person=province.people.villager, kind="warning", authority="Hai")
    record(unit=province.dong, decided_on=date(2025, 5, 5), authority="Ba")
    client = client_for("inspection")

    def shown(**query):
        page = client.get(url("discipline"), query).content.decode()
        return {a for a in ("Một", "Hai", "Ba") if f">{a}<" in page}

    assert shown() == {"Một", "Hai", "Ba"}
    assert shown(kind="warning") == {"Hai"}
    assert shown(year="2025") == {"Ba"}
    assert shown(q="nguyen van") == {"Một"}
    assert shown(q=province.people.villager.code) == {"Hai"}
    assert shown(q="thon dong") == {"Ba"}
    assert shown(kind="qd37") == set()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"year": "năm ngoái"}, "Năm không hợp lệ (ví dụ 2026)."),
        ({"year": "99999"}, "Năm không hợp lệ (ví dụ 2026)."),
        ({"kind": "nope"}, "Hình thức kỷ luật, nội dung kết luận không hợp lệ."),
    ],
)
def test_a_bad_filter_is_explained(client_for, province, query, message):
    record(person=province.people.member)
    response = client_for("inspection").get(url("discipline"), query)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_the_list_pages(client_for, province, settings):
    settings.PAGE_SIZE = 2
    for day in range(1, 6):
        record(person=province.people.member, decided_on=date(2026, 1, day), authority=f"C{day}")
    client = client_for("inspection")
    first = client.get(url("discipline")).content.decode()
    assert ">C5<" in first and ">C4<" in first and ">C3<" not in first and "Trang 1/3" in first
    last = client.get(url("discipline"), {"page": 3}).content.decode()
    assert ">C1<" in last and ">C2<" not in last


def test_the_list_answers_htmx_with_the_results_only(client_for, province):
    record(person=province.people.member)
    response = client_for("inspection").get(
        url("discipline"), {"kind": "reprimand"}, headers={"HX-Request": "true"}
    )
    page = response.content.decode()
    assert "Nguyễn Văn An" in page and "<html" not in page


def test_the_list_costs_the_same_queries_for_one_row_or_many(client_for, province):
    client = client_for("secretary")
    record(person=province.people.member)
    client.get(url("discipline"))
    with CaptureQueriesContext(connection) as one:
        client.get(url("discipline"))
    for _ in range(10):
        record(person=province.people.secretary)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url("discipline"))
    assert response.content.decode().count("Trần Thị Bình") == 10
    assert len(many) == len(one) <= 12


def test_a_units_record_opens_for_editing(client_for, province):
    saved = record(unit=province.dong)
    page = client_for("inspection").get(url("discipline_edit", saved.pk)).content.decode()
    assert "Chi bộ Thôn Đông (HOA-AN-DONG)" in page and 'name="person"' not in page
