from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from neuguong.core.access import Role
from neuguong.core.models import AuditEntry
from neuguong.core.tokens import create_token
from neuguong.organisations import services
from neuguong.organisations.factories import give_role, make_user

URL = reverse("organisations:audit")


def test_audit_log_shows_changes_readably(client_for, province):
    officer = province.users["org_officer"]
    an = province.people.member
    services.update_person(
        an,
        by=officer,
        version=1,
        code=an.code,
        full_name="Nguyễn Văn Ân",
        birth_date=an.birth_date.replace(year=1986),
    )
    services.move_unit(province.dong, by=officer, new_parent=province.binh_minh)
    body = client_for("org_officer").get(URL).content.decode()
    assert "Sửa thông tin cán bộ, đảng viên" in body and "Chuyển đơn vị" in body
    assert "Họ và tên:" in body and "Nguyễn Văn An" in body and "Nguyễn Văn Ân" in body
    assert "17/05/1985" in body and "17/05/1986" in body
    assert "Đơn vị cấp trên:" in body and "Đảng ủy phường Bình Minh" in body
    assert "0000001" not in body  # paths are not shown
    assert 'scope="col">Thời điểm' in body


def test_audit_log_filters_by_action_and_date(client_for, province):
    officer = province.users["org_officer"]
    services.move_unit(province.dong, by=officer, new_parent=province.binh_minh)
    services.retire_person(province.people.villager, by=officer)
    old = AuditEntry.objects.get(action="unit.move")
    AuditEntry.objects.filter(pk=old.pk).update(at=timezone.now() - timedelta(days=40))
    client = client_for("org_officer")
    body = client.get(URL, {"action": "person.retire"}).content.decode()
    assert "1 mục." in body and "Ghi nhận nghỉ, chuyển đi" in body
    today = timezone.localdate().strftime("%d/%m/%Y")
    body = client.get(URL, {"date_from": today, "date_to": today}).content.decode()
    assert "1 mục." in body and "Phạm Thị Đào" in body


def test_audit_log_refuses_bad_filters_with_a_message(client_for, province):
    client = client_for("org_officer")
    response = client.get(URL, {"date_from": "32/13/2025"})
    assert response.status_code == 400
    assert "Hãy nhập ngày theo dạng ngày/tháng/năm." in response.content.decode()
    response = client.get(URL, {"action": "<script>x</script>"})
    assert response.status_code == 400
    assert "<script>x</script>" not in response.content.decode()
    assert client.get(URL, {"page": "abc"}).status_code == 200


def test_audit_log_keeps_to_the_units_of_the_officers_scope(client_for, province):
    officer = province.users["org_officer"]
    local = make_user("local_officer")
    give_role(local, Role.ORG_OFFICER, province.binh_minh)
    services.retire_person(province.people.villager, by=officer)  # in Hòa An
    services.retire_person(province.people.neighbour, by=officer)  # in Bình Minh
    create_token(by=officer, name="đồng bộ")  # no unit
    client = client_for(None)
    client.force_login(local)
    body = client.get(URL).content.decode()
    assert "1 mục." in body and "Vũ Thị Hạnh" in body and "Phạm Thị Đào" not in body
    # Entries without a unit are for superusers only.
    assert "2 mục." in client_for("org_officer").get(URL).content.decode()
    assert "3 mục." in client_for("admin").get(URL).content.decode()


def test_audit_log_without_the_right_is_403(client_for, province):
    assert client_for("unit_head").get(URL).status_code == 403


def test_audit_log_query_count_does_not_grow_with_entries(
    client_for, province, django_assert_max_num_queries
):
    officer = province.users["org_officer"]
    for i in range(30):
        services.update_unit(
            province.dong,
            by=officer,
            version=None,
            code="HOA-AN-DONG",
            name=f"Chi bộ Thôn Đông {i}",
            kind="party_cell",
        )
        services.move_unit(
            province.dong,
            by=officer,
            new_parent=province.binh_minh if i % 2 == 0 else province.hoa_an,
        )
    client = client_for("org_officer")
    with django_assert_max_num_queries(18):
        response = client.get(URL)
    assert response.content.decode().count('<th scope="row"><time') == 50
