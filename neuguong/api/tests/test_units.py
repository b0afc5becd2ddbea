from neuguong.core.access import Role
from neuguong.core.models import AuditEntry
from neuguong.organisations.factories import give_role, make_unit, make_user
from neuguong.organisations.models import Unit

from .helpers import client_for_user

STALE = "Bản ghi này vừa được người khác sửa sau khi bạn mở."


def codes(response):
    assert response.status_code == 200, response.content
    return [item["code"] for item in response.json()["items"]]


def snapshot_units():
    return list(
        Unit.objects.order_by("pk").values_list(
            "pk", "code", "name", "path", "version", "is_active"
        )
    )


# Reading ---------------------------------------------------------------------------


def test_list_is_limited_to_the_callers_scope(province, api_as):
    assert codes(api_as("secretary").get("/units")) == ["HOA-AN-THPT", "HOA-AN-THPT-TOAN"]
    assert codes(api_as("outsider").get("/units")) == ["BINH-MINH", "BINH-MINH-K3"]


def test_search_ignores_diacritics_and_case(province, officer):
    assert codes(officer.get("/units", q="HOA AN")) == ["HOA-AN", "HOA-AN-THPT"]
    assert codes(officer.get("/units", q="thon dong")) == ["HOA-AN-DONG"]
    assert codes(officer.get("/units", q="btc")) == ["BTC"]


def test_search_with_sql_and_html_metacharacters_finds_nothing_and_fails_nothing(province, officer):
    for q in [
        "%",
        "_",
        "' OR 1=1 --",
        '"; DROP TABLE organisations_unit; --',
        "<script>",
        "\\",
        "a%b_c",
        "*",
        "[]",
    ]:
        response = officer.get("/units", q=q)
        assert response.status_code == 200, q
        assert response.json()["count"] == 0, q
    assert Unit.objects.count() == 8


def test_filters_by_parent_kind_sector_area_and_state(province, officer):
    assert codes(officer.get("/units", parent=province.hoa_an.pk)) == [
        "HOA-AN-THPT",
        "HOA-AN-DONG",
    ]
    assert codes(officer.get("/units", kind="commune_committee")) == ["HOA-AN", "BINH-MINH"]
    assert codes(officer.get("/units", sector="giao-duc")) == ["HOA-AN-THPT"]
    assert codes(officer.get("/units", area="binh-minh")) == ["BINH-MINH"]
    Unit.objects.filter(pk=province.dong.pk).update(is_active=False)
    assert codes(officer.get("/units", active="false")) == ["HOA-AN-DONG"]


def test_list_is_paginated(province, officer):
    response = officer.get("/units", limit=3, offset=2)
    body = response.json()
    assert (body["count"], body["limit"], body["offset"]) == (8, 3, 2)
    assert [u["code"] for u in body["items"]] == ["HOA-AN-THPT", "HOA-AN-THPT-TOAN", "HOA-AN-DONG"]


def test_detail_shows_parent_tags_and_version(province, officer):
    body = officer.get(f"/units/{province.school.pk}").json()
    assert body["parent"] == {
        "id": province.hoa_an.pk,
        "code": "HOA-AN",
        "name": "Đảng ủy xã Hòa An",
    }
    assert body["sectors"] == ["giao-duc"]
    assert body["depth"] == 3
    assert body["version"] == 1


def test_children_are_filtered_by_scope(province, api_as):
    assert codes(api_as("unit_head").get(f"/units/{province.hoa_an.pk}/children")) == [
        "HOA-AN-THPT",
        "HOA-AN-DONG",
    ]
    # The supervisor sees Hòa An's school (education) but not Hòa An itself.
    assert api_as("supervisor").get(f"/units/{province.hoa_an.pk}/children").status_code == 404


def test_ancestors_run_from_the_root_and_skip_units_outside_scope(province, api_as):
    response = api_as("org_officer").get(f"/units/{province.maths.pk}/ancestors")
    assert [u["code"] for u in response.json()] == ["TU", "HOA-AN", "HOA-AN-THPT"]
    response = api_as("member").get(f"/units/{province.maths.pk}/ancestors")
    assert [u["code"] for u in response.json()] == ["HOA-AN-THPT"]


def test_unit_people_cover_the_subtree_or_only_the_unit(province, officer):
    path = f"/units/{province.hoa_an.pk}/people"
    subtree = [p["full_name"] for p in officer.get(path).json()["items"]]
    assert subtree == ["Lê Đức Dũng", "Nguyễn Văn An", "Phạm Thị Đào", "Trần Thị Bình"]
    direct = [p["full_name"] for p in officer.get(path, direct="true").json()["items"]]
    assert direct == ["Lê Đức Dũng", "Phạm Thị Đào"]
    assert officer.get(path, q="dao").json()["count"] == 1


def test_unit_people_are_filtered_by_the_callers_people_scope(province, api_as):
    body = api_as("member").get(f"/units/{province.school.pk}/people").json()
    assert [p["full_name"] for p in body["items"]] == ["Nguyễn Văn An"]


# Creating --------------------------------------------------------------------------


def test_create_unit_under_a_parent_and_audit_it(province, officer):
    response = officer.post(
        "/units",
        {
            "code": "HOA-AN-TAY",
            "name": " Chi bộ Thôn Tây ",
            "kind": "party_cell",
            "parent": province.hoa_an.pk,
            "areas": ["hoa-an"],
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["name"] == "Chi bộ Thôn Tây"
    assert body["areas"] == ["hoa-an"]
    unit = Unit.objects.get(code="HOA-AN-TAY")
    assert unit.is_in_subtree_of(province.hoa_an)
    entry = AuditEntry.objects.get(action="unit.create")
    assert entry.actor == province.users["org_officer"]
    assert entry.object_id == str(unit.pk)
    assert entry.after["parent"] == province.hoa_an.pk


def test_create_refuses_a_duplicate_code_whatever_its_case(province, officer):
    before = snapshot_units()
    response = officer.post(
        "/units",
        {"code": "hoa-an", "name": "Trùng mã", "kind": "party_cell", "parent": province.root.pk},
    )
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Mã đơn vị “hoa-an” đã được dùng cho đơn vị khác.",
        "field": "code",
        "code": "invalid",
    }
    assert snapshot_units() == before
    assert not AuditEntry.objects.filter(action__startswith="unit.").exists()


def test_create_under_an_unknown_or_hidden_parent_is_not_found(province, api_as):
    before = snapshot_units()
    body = {"code": "X1", "name": "Chi bộ X", "kind": "party_cell"}
    response = api_as("org_officer").post("/units", {**body, "parent": 10**12})
    assert response.status_code == 404
    assert response.json()["field"] == "parent"
    assert response.json()["detail"] == f"Không tìm thấy đơn vị #{10**12}."
    response = api_as("outsider").post("/units", {**body, "parent": province.school.pk})
    assert response.status_code == 404
    assert snapshot_units() == before


def test_create_refuses_unknown_sector_codes(province, officer):
    response = officer.post(
        "/units",
        {
            "code": "X1",
            "name": "Chi bộ X",
            "kind": "party_cell",
            "parent": province.root.pk,
            "sectors": ["khong-co"],
        },
    )
    assert response.status_code == 400
    assert response.json()["field"] == "sectors"
    assert response.json()["detail"] == "Không có mã khong-co."
    assert not Unit.objects.filter(code="X1").exists()


def test_create_refuses_an_unknown_kind_and_a_blank_name(province, officer):
    base = {"code": "X1", "name": "Chi bộ X", "parent": province.root.pk}
    assert officer.post("/units", {**base, "kind": "club"}).status_code == 422
    assert officer.post("/units", {**base, "kind": "party_cell", "name": ""}).status_code == 422
    response = officer.post("/units", {**base, "kind": "party_cell", "name": "   "})
    assert response.status_code == 400
    assert response.json()["detail"] == "Tên đơn vị là bắt buộc."
    assert not Unit.objects.filter(code="X1").exists()


# Editing ---------------------------------------------------------------------------


def test_patch_changes_only_the_fields_sent_and_bumps_the_version(province, officer):
    response = officer.patch(
        f"/units/{province.school.pk}",
        {"version": 1, "name": "Trường THPT Hòa An", "areas": ["hoa-an"]},
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["name"], body["code"], body["kind"]) == (
        "Trường THPT Hòa An",
        "HOA-AN-THPT",
        "grassroots",
    )
    assert body["sectors"] == ["giao-duc"]
    assert body["areas"] == ["hoa-an"]
    assert body["version"] == 2
    entry = AuditEntry.objects.get(action="unit.update")
    assert entry.before == {"name": "Đảng bộ Trường THPT Hòa An", "areas": []}
    assert entry.after == {"name": "Trường THPT Hòa An", "areas": ["hoa-an"]}


def test_a_stale_patch_is_a_conflict_and_the_first_edit_stays(province, officer, api_as):
    path = f"/units/{province.school.pk}"
    first = officer.patch(path, {"version": 1, "name": "Bản sửa thứ nhất"})
    assert first.status_code == 200
    second = api_as("admin").patch(path, {"version": 1, "name": "Bản sửa thứ hai"})
    assert second.status_code == 409
    body = second.json()
    assert body["code"] == "conflict"
    assert body["detail"].startswith(STALE)
    assert body["current"]["name"] == "Bản sửa thứ nhất"
    assert body["current"]["version"] == 2
    province.school.refresh_from_db()
    assert (province.school.name, province.school.version) == ("Bản sửa thứ nhất", 2)
    assert AuditEntry.objects.filter(action="unit.update").count() == 1


def test_patch_refuses_a_code_another_unit_uses(province, officer):
    response = officer.patch(f"/units/{province.school.pk}", {"version": 1, "code": "BTC"})
    assert response.status_code == 400
    assert response.json()["field"] == "code"
    province.school.refresh_from_db()
    assert (province.school.code, province.school.version) == ("HOA-AN-THPT", 1)


def test_patch_needs_a_version(province, officer):
    response = officer.patch(f"/units/{province.school.pk}", {"name": "Không có phiên bản"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "payload", "version"]


# Moving ----------------------------------------------------------------------------


def test_move_carries_the_subtree_and_is_audited(province, officer):
    response = officer.post(f"/units/{province.school.pk}/move", {"parent": province.binh_minh.pk})
    assert response.status_code == 200, response.content
    assert response.json()["parent"]["id"] == province.binh_minh.pk
    province.maths.refresh_from_db()
    assert province.maths.is_in_subtree_of(province.binh_minh)
    entry = AuditEntry.objects.get(action="unit.move")
    assert entry.before["parent"] == province.hoa_an.pk
    assert entry.after["parent"] == province.binh_minh.pk


def test_a_unit_cannot_move_under_itself_or_a_descendant(province, officer):
    before = snapshot_units()
    for target in (province.school, province.maths):
        response = officer.post(f"/units/{province.school.pk}/move", {"parent": target.pk})
        assert response.status_code == 400
        assert response.json() == {
            "detail": "Không thể chuyển đơn vị vào chính nó hoặc vào một đơn vị cấp dưới của nó.",
            "field": "parent",
            "code": "invalid",
        }
    assert snapshot_units() == before
    assert not AuditEntry.objects.filter(action__startswith="unit.").exists()


def test_move_under_a_hidden_or_unknown_parent_is_not_found(province):
    local = make_user("hoa_an_officer")
    give_role(local, Role.ORG_OFFICER, province.hoa_an)
    api = client_for_user(local)
    before = snapshot_units()
    for parent in (province.binh_minh.pk, 987654):
        response = api.post(f"/units/{province.school.pk}/move", {"parent": parent})
        assert response.status_code == 404
        assert response.json() == {
            "detail": f"Không tìm thấy đơn vị #{parent}.",
            "field": "parent",
            "code": "not_found",
        }
    assert snapshot_units() == before
    assert not AuditEntry.objects.filter(action__startswith="unit.").exists()


# Retiring --------------------------------------------------------------------------


def test_retire_refuses_a_unit_with_active_children_or_people(province, officer):
    before = snapshot_units()
    response = officer.post(f"/units/{province.school.pk}/retire")
    assert response.status_code == 400
    assert response.json()["detail"] == (
        "Đơn vị còn 1 đơn vị trực thuộc đang hoạt động; hãy chuyển hoặc giải thể trước."
    )
    response = officer.post(f"/units/{province.maths.pk}/retire")
    assert response.status_code == 400
    assert response.json()["detail"] == (
        "Đơn vị còn 2 người đang công tác hoặc sinh hoạt; hãy chuyển họ đi trước."
    )
    assert snapshot_units() == before


def test_retire_an_empty_unit_on_a_date(province, officer):
    unit = make_unit("Chi bộ trống", parent=province.hoa_an, code="EMPTY")
    response = officer.post(f"/units/{unit.pk}/retire", {"on": "2025-06-30"})
    assert response.status_code == 200, response.content
    assert response.json()["is_active"] is False
    assert response.json()["retired_on"] == "2025-06-30"
    assert AuditEntry.objects.get(action="unit.retire").after == {
        "is_active": False,
        "retired_on": "2025-06-30",
    }
    again = officer.post(f"/units/{unit.pk}/retire")
    assert again.status_code == 400
    assert again.json()["detail"] == "Đơn vị này đã giải thể."


def test_nobody_can_be_added_to_a_retired_unit(province, officer):
    unit = make_unit("Chi bộ trống", parent=province.hoa_an, code="EMPTY")
    officer.post(f"/units/{unit.pk}/retire")
    response = officer.post(
        "/people",
        {
            "code": "NEW",
            "full_name": "Người Mới",
            "party_cell": unit.pk,
            "party_status": "official",
            "party_join_date": "2020-01-01",
        },
    )
    assert response.status_code == 400
    assert response.json()["field"] == "party_cell"
