from django.urls import reverse

from neuguong.core.access import Role
from neuguong.core.models import AuditEntry
from neuguong.organisations.factories import give_role, make_user
from neuguong.organisations.models import Person, RoleAssignment, Unit


def url(name, *args):
    return reverse(f"organisations:{name}", args=args)


def role_rows():
    return list(
        RoleAssignment.objects.order_by("pk").values_list("pk", "user_id", "role", "unit_id")
    )


def test_roles_list_shows_the_assignments(client_for, province, django_assert_max_num_queries):
    for i in range(20):
        give_role(make_user(f"u{i}"), Role.SUPERVISOR, province.root, sectors=[province.health])
    client = client_for("admin")
    with django_assert_max_num_queries(16):
        body = client.get(url("roles")).content.decode()
    assert "28 lượt phân quyền." in body
    assert "Bí thư chi bộ, cấp ủy" in body and "Y tế" in body


def test_assign_role_is_saved_audited_and_takes_effect(client_for, province):
    villager = make_user("villager")
    Person.objects.filter(pk=province.people.villager.pk).update(user=villager)
    response = client_for("admin").post(
        url("role_create"),
        {
            "user_account": villager.pk,
            "role": Role.SECRETARY,
            "unit": province.dong.pk,
        },
    )
    assert response.status_code == 302
    assignment = RoleAssignment.objects.get(user=villager)
    assert assignment.unit == province.dong
    entry = AuditEntry.objects.get(action="role.assign")
    assert entry.after["user"] == "villager" and entry.unit == province.dong
    assert list(Unit.objects.visible_to(villager).values_list("code", flat=True)) == [
        "HOA-AN",
        "HOA-AN-DONG",
    ]


def test_supervisor_needs_a_sector_or_an_area(client_for, province):
    before = role_rows()
    response = client_for("admin").post(
        url("role_create"),
        {
            "user_account": province.users["inspection"].pk,
            "role": Role.SUPERVISOR,
            "unit": province.root.pk,
        },
    )
    assert response.status_code == 400
    assert "Ủy viên phụ trách cần ít nhất một lĩnh vực hoặc địa bàn." in response.content.decode()
    assert role_rows() == before


def test_supervisor_with_an_area_is_saved(client_for, province):
    response = client_for("admin").post(
        url("role_create"),
        {
            "user_account": province.users["inspection"].pk,
            "role": Role.SUPERVISOR,
            "unit": province.root.pk,
            "areas": [province.hoa_an_area.pk],
        },
    )
    assert response.status_code == 302
    assignment = RoleAssignment.objects.get(user=province.users["inspection"], role="supervisor")
    assert list(assignment.areas.all()) == [province.hoa_an_area]


def test_assigning_the_same_role_twice_is_refused(client_for, province):
    before = role_rows()
    response = client_for("admin").post(
        url("role_create"),
        {
            "user_account": province.users["secretary"].pk,
            "role": Role.SECRETARY,
            "unit": province.maths.pk,
        },
    )
    assert response.status_code == 400
    assert "Tài khoản này đã có vai trò đó tại đơn vị này." in response.content.decode()
    assert role_rows() == before


def test_bad_user_or_unit_ids_are_form_errors(client_for, province):
    before = role_rows()
    response = client_for("admin").post(
        url("role_create"),
        {
            "user_account": "99999999999999999999",
            "role": "emperor",
            "unit": "x",
        },
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "Hãy chọn trong danh sách kết quả tìm kiếm." in body
    assert role_rows() == before


def test_revoke_role_is_audited_and_needs_post(client_for, province):
    assignment = RoleAssignment.objects.get(user=province.users["secretary"])
    client = client_for("admin")
    assert client.get(url("role_revoke", assignment.pk)).status_code == 405
    response = client.post(url("role_revoke", assignment.pk))
    assert response.status_code == 302
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()
    assert AuditEntry.objects.get(action="role.revoke").before["user"] == "secretary"


def test_a_scoped_administrator_sees_and_changes_only_their_subtree(client_for, province):
    local = make_user("local_admin")
    give_role(local, Role.ADMIN, province.binh_minh)
    client = client_for(None)
    client.force_login(local)
    body = client.get(url("roles")).content.decode()
    assert "outsider" in body and "secretary" not in body
    before = role_rows()
    secretary_role = RoleAssignment.objects.get(user=province.users["secretary"])
    assert client.post(url("role_revoke", secretary_role.pk)).status_code == 404
    assert client.post(url("role_revoke", 99999999999999999999)).status_code == 404
    response = client.post(
        url("role_create"),
        {
            "user_account": province.users["outsider"].pk,
            "role": Role.UNIT_HEAD,
            "unit": province.hoa_an.pk,
        },
    )
    assert response.status_code == 400
    assert role_rows() == before
    found = client.get(url("user_search"), {"q": "e"}).content.decode()
    assert "outsider" in found and "secretary" not in found
