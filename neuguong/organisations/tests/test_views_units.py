from django.urls import reverse

from neuguong.core.models import AuditEntry
from neuguong.organisations.factories import make_person, make_unit
from neuguong.organisations.models import Post, Unit, UnitKind


def unit_rows():
    return list(Unit.objects.order_by("pk").values_list("pk", "code", "name", "path", "parent_id"))


def url(name, *args):
    return reverse(f"organisations:{name}", args=args)


# The tree ----------------------------------------------------------------------


def test_tree_starts_at_the_top_of_a_unit_heads_scope(client_for, province):
    body = client_for("unit_head").get(url("tree")).content.decode()
    assert "Đảng ủy xã Hòa An" in body
    assert "Tỉnh ủy Thử Nghiệm" not in body
    # Children are loaded on demand, never rendered up front.
    assert "Chi bộ Thôn Đông" not in body
    assert f'hx-get="{url("unit_children", province.hoa_an.pk)}"' in body


def test_tree_of_a_member_starts_at_their_workplace(client_for, province):
    body = client_for("member").get(url("tree")).content.decode()
    assert "Đảng bộ Trường THPT Hòa An" in body
    assert "Đảng ủy xã Hòa An<" not in body


def test_children_lists_direct_children_with_counts(client_for, province):
    response = client_for("org_officer").get(url("unit_children", province.hoa_an.pk))
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body
    assert "Đảng bộ Trường THPT Hòa An" in body and "Chi bộ Thôn Đông" in body
    assert "Chi bộ Tổ Toán" not in body  # a grandchild
    assert "1 đơn vị trực thuộc · 2 người" in body  # the school: Tổ Toán, An and Bình


def test_children_of_an_out_of_scope_unit_is_404(client_for, province):
    assert client_for("outsider").get(url("unit_children", province.hoa_an.pk)).status_code == 404


def test_children_query_count_does_not_grow_with_units(
    client_for, province, django_assert_max_num_queries
):
    client = client_for("org_officer")
    client.get(url("unit_children", province.root.pk))
    for i in range(60):
        unit = make_unit(f"Chi bộ số {i}", parent=province.root, code=f"CB-{i}")
        make_person(f"Người {i}", workplace=unit)
    with django_assert_max_num_queries(16):
        response = client.get(url("unit_children", province.root.pk))
    assert response.content.decode().count('class="tree-node"') == 50
    assert "Xem thêm" in response.content.decode()


# The unit page -----------------------------------------------------------------


def test_unit_page_shows_kind_code_ancestors_tags_head_and_counts(client_for, province):
    Post.objects.create(
        person=province.people.secretary, unit=province.school, title="Bí thư", is_head=True
    )
    body = client_for("org_officer").get(url("unit", province.school.pk)).content.decode()
    assert "Tổ chức cơ sở đảng" in body and "HOA-AN-THPT" in body
    assert 'aria-label="Vị trí trong cây tổ chức"' in body
    assert body.index("Tỉnh ủy Thử Nghiệm") < body.index("Đảng ủy xã Hòa An")
    assert "Giáo dục" in body
    assert "Trần Thị Bình</a> — Bí thư" in body
    assert '<tr><th scope="row">Người đang công tác</th><td>2</td><td>2</td></tr>' in body
    assert '<tr><th scope="row">Đảng viên sinh hoạt</th><td>0</td><td>2</td></tr>' in body
    assert "Nguyễn Văn An" in body


def test_unit_page_breadcrumb_stops_at_the_users_scope(client_for, province):
    body = client_for("supervisor").get(url("unit", province.maths.pk)).content.decode()
    assert "Đảng bộ Trường THPT Hòa An" in body
    assert "Tỉnh ủy Thử Nghiệm" not in body


def test_unit_page_of_an_unknown_or_absurd_id_is_404(client_for, province):
    client = client_for("org_officer")
    assert client.get("/units/99999999999999999999/").status_code == 404
    assert client.get("/units/0/").status_code == 404
    assert client.get("/units/123456/").status_code == 404


def test_unit_page_out_of_scope_is_404(client_for, province):
    assert client_for("outsider").get(url("unit", province.school.pk)).status_code == 404


def test_unit_people_is_paginated_in_sql(
    client_for, province, settings, django_assert_max_num_queries
):
    settings.PAGE_SIZE = 5
    for i in range(12):
        make_person(f"Cán bộ {i:02d}", workplace=province.dong)
    client = client_for("org_officer")
    with django_assert_max_num_queries(16):
        response = client.get(
            url("unit_people", province.dong.pk) + "?page=2", headers={"HX-Request": "true"}
        )
    body = response.content.decode()
    assert "<html" not in body
    assert body.count('<th scope="row">') == 5
    assert "Trang 2/3" in body
    assert client.get(url("unit_people", province.dong.pk) + "?page=abc").status_code == 200
    assert client.get(url("unit_people", province.dong.pk) + "?page=-3").status_code == 200


def test_unit_page_query_count_does_not_grow_with_rows(
    client_for, province, django_assert_max_num_queries
):
    for i in range(30):
        unit = make_unit(f"Chi bộ {i}", parent=province.hoa_an, code=f"X-{i}")
        make_person(f"Người {i}", workplace=province.hoa_an, party_cell=unit)
    client = client_for("org_officer")
    with django_assert_max_num_queries(30):
        response = client.get(url("unit", province.hoa_an.pk))
    assert response.status_code == 200


# Creating, editing, moving, retiring ------------------------------------------


def test_create_unit_under_a_parent_is_saved_and_audited(client_for, province):
    client = client_for("org_officer")
    form = client.get(url("unit_create") + f"?parent={province.hoa_an.pk}").content.decode()
    assert 'value="Đảng ủy xã Hòa An (HOA-AN)"' in form
    response = client.post(
        url("unit_create") + f"?parent={province.hoa_an.pk}",
        {
            "parent": province.hoa_an.pk,
            "code": "HOA-AN-TAY",
            "name": "Chi bộ Thôn Tây",
            "kind": UnitKind.PARTY_CELL,
            "areas": [province.hoa_an_area.pk],
        },
    )
    unit = Unit.objects.get(code="HOA-AN-TAY")
    assert response.status_code == 302 and response["Location"] == url("unit", unit.pk)
    assert unit.parent == province.hoa_an and unit.path.startswith(province.hoa_an.path)
    entry = AuditEntry.objects.get(action="unit.create")
    assert entry.actor == province.users["org_officer"] and entry.unit == unit


def test_create_unit_with_a_code_already_used_is_refused(client_for, province):
    before = unit_rows()
    response = client_for("org_officer").post(
        url("unit_create"),
        {
            "parent": province.hoa_an.pk,
            "code": "hoa-an-dong",
            "name": "Trùng mã",
            "kind": UnitKind.PARTY_CELL,
        },
    )
    assert response.status_code == 400
    assert "Mã đơn vị “hoa-an-dong” đã được dùng cho đơn vị khác." in response.content.decode()
    assert 'value="Trùng mã"' in response.content.decode()
    assert unit_rows() == before
    assert not AuditEntry.objects.exists()


def test_create_unit_with_a_forged_parent_id_is_a_form_error(client_for, province):
    before = unit_rows()
    response = client_for("org_officer").post(
        url("unit_create"),
        {
            "parent": "99999999999999999999",
            "code": "NEW",
            "name": "Mới",
            "kind": "party_cell",
        },
    )
    assert response.status_code == 400
    assert "Hãy chọn trong danh sách kết quả tìm kiếm." in response.content.decode()
    assert unit_rows() == before


def test_create_unit_with_a_bad_parent_in_the_address_is_404(client_for, province):
    client = client_for("org_officer")
    assert client.get(url("unit_create") + "?parent=abc").status_code == 404
    assert client.get(url("unit_create") + "?parent=99999999999999999999").status_code == 404


def edit_data(unit, **overrides):
    return {
        "code": unit.code,
        "name": unit.name,
        "kind": unit.kind,
        "version": unit.version,
    } | overrides


def test_edit_unit_saves_and_audits_the_change(client_for, province):
    response = client_for("org_officer").post(
        url("unit_edit", province.dong.pk),
        edit_data(province.dong, name="Chi bộ Thôn Đông Mới"),
    )
    assert response.status_code == 302
    province.dong.refresh_from_db()
    assert province.dong.name == "Chi bộ Thôn Đông Mới" and province.dong.version == 2
    entry = AuditEntry.objects.get(action="unit.update")
    assert entry.before == {"name": "Chi bộ Thôn Đông"}
    assert entry.after == {"name": "Chi bộ Thôn Đông Mới"}


def test_a_stale_unit_edit_gets_409_and_keeps_the_input(client_for, province):
    first, second = client_for("org_officer"), client_for("admin")
    stale = edit_data(province.dong)
    assert (
        first.post(
            url("unit_edit", province.dong.pk), stale | {"name": "Tên của người thứ nhất"}
        ).status_code
        == 302
    )
    response = second.post(
        url("unit_edit", province.dong.pk), stale | {"name": "Tên của người thứ hai"}
    )
    body = response.content.decode()
    assert response.status_code == 409
    assert "vừa được người khác sửa" in body
    assert 'value="Tên của người thứ hai"' in body
    assert "Tên của người thứ nhất" in body  # the current value, shown beside the form
    assert 'name="version" value="2"' in body
    province.dong.refresh_from_db()
    assert province.dong.name == "Tên của người thứ nhất"
    assert AuditEntry.objects.filter(action="unit.update").count() == 1


def test_moving_a_unit_under_itself_is_refused(client_for, province):
    before = unit_rows()
    response = client_for("org_officer").post(
        url("unit_move", province.hoa_an.pk), {"parent": province.hoa_an.pk}
    )
    assert response.status_code == 400
    assert "Không thể chuyển đơn vị vào chính nó hoặc vào một đơn vị cấp dưới của nó." in (
        response.content.decode()
    )
    assert unit_rows() == before
    assert not AuditEntry.objects.exists()


def test_moving_a_unit_under_its_descendant_is_refused(client_for, province):
    before = unit_rows()
    response = client_for("org_officer").post(
        url("unit_move", province.hoa_an.pk), {"parent": province.maths.pk}
    )
    assert response.status_code == 400
    assert "vào một đơn vị cấp dưới của nó" in response.content.decode()
    assert unit_rows() == before


def test_moving_a_unit_carries_its_subtree_and_is_audited(client_for, province):
    response = client_for("org_officer").post(
        url("unit_move", province.school.pk), {"parent": province.binh_minh.pk}
    )
    assert response.status_code == 302
    maths = Unit.objects.get(pk=province.maths.pk)
    assert maths.path.startswith(province.binh_minh.path)
    entry = AuditEntry.objects.get(action="unit.move")
    assert entry.before["parent"] == province.hoa_an.pk
    assert entry.after["parent"] == province.binh_minh.pk


def test_move_form_has_a_search_picker_not_a_select_of_units(client_for, province):
    body = client_for("org_officer").get(url("unit_move", province.school.pk)).content.decode()
    assert "<select" not in body
    assert 'hx-get="/units/search/"' in body and 'type="hidden" name="parent"' in body


def test_retiring_a_unit_with_people_is_refused(client_for, province):
    before = unit_rows()
    response = client_for("org_officer").post(url("unit_retire", province.dong.pk), {"on": ""})
    assert response.status_code == 400
    assert "Đơn vị còn 2 người đang công tác hoặc sinh hoạt" in response.content.decode()
    assert unit_rows() == before
    assert Unit.objects.get(pk=province.dong.pk).is_active


def test_retiring_an_empty_unit_is_saved_and_audited(client_for, province):
    empty = make_unit("Chi bộ Trống", parent=province.hoa_an, code="TRONG")
    client = client_for("org_officer")
    assert "Xác nhận giải thể" in client.get(url("unit_retire", empty.pk)).content.decode()
    response = client.post(url("unit_retire", empty.pk), {"on": "01/07/2025"})
    assert response.status_code == 302
    empty.refresh_from_db()
    assert not empty.is_active and empty.retired_on.isoformat() == "2025-07-01"
    assert AuditEntry.objects.get(action="unit.retire").unit == empty
