from datetime import date, timedelta

from django.utils import timezone

from neuguong.core.models import AuditEntry
from neuguong.organisations.models import Person, Post

STALE = "Bản ghi này vừa được người khác sửa sau khi bạn mở."


def names(response):
    assert response.status_code == 200, response.content
    return [item["full_name"] for item in response.json()["items"]]


def snapshot_people():
    return list(Person.objects.order_by("pk").values())


def new_person(province, **extra):
    return {
        "code": "NEW-1",
        "full_name": "Ngô Thị Mai",
        "workplace": province.school.pk,
        "category": "vien_chuc",
        "birth_date": "1990-02-28",
        **extra,
    }


# Reading ---------------------------------------------------------------------------


def test_list_is_limited_to_the_callers_scope(province, api_as):
    assert names(api_as("member").get("/people")) == ["Nguyễn Văn An"]
    assert names(api_as("outsider").get("/people")) == ["Hoàng Minh Châu", "Vũ Thị Hạnh"]


def test_search_ignores_diacritics_and_finds_a_code(province, officer):
    assert names(officer.get("/people", q="NGUYEN van an")) == ["Nguyễn Văn An"]
    assert names(officer.get("/people", q="dao")) == ["Phạm Thị Đào"]
    code = province.people.villager.code
    assert names(officer.get("/people", q=code.lower())) == ["Phạm Thị Đào"]


def test_search_with_metacharacters_answers_an_empty_page(province, officer):
    for q in ["%", "_%_", "' OR '1'='1", "<img src=x onerror=alert(1)>", "--", "\\%"]:
        response = officer.get("/people", q=q)
        assert response.status_code == 200, q
        assert response.json()["count"] == 0, q


def test_filters_by_unit_category_party_status_and_state(province, officer):
    assert names(officer.get("/people", unit=province.maths.pk)) == [
        "Nguyễn Văn An",
        "Trần Thị Bình",
    ]
    Person.objects.filter(pk=province.people.villager.pk).update(category="nguoi_lao_dong")
    assert names(officer.get("/people", category="nguoi_lao_dong")) == ["Phạm Thị Đào"]
    assert names(officer.get("/people", party_status="none")) == ["Đỗ Quang Huy"]
    Person.objects.filter(pk=province.people.neighbour.pk).update(party_status="probationary")
    assert names(officer.get("/people", party_status="probationary")) == ["Vũ Thị Hạnh"]
    Person.objects.filter(pk=province.people.neighbour.pk).update(is_active=False)
    assert names(officer.get("/people", active="false")) == ["Vũ Thị Hạnh"]


def test_filter_by_a_hidden_unit_is_not_found(province, api_as):
    response = api_as("outsider").get("/people", unit=province.maths.pk)
    assert response.status_code == 404
    assert response.json()["field"] == "unit"


def test_detail_carries_posts(province, officer):
    Post.objects.create(
        person=province.people.member,
        unit=province.maths,
        title="Phó bí thư",
        is_deputy=True,
        start_date=date(2024, 1, 1),
    )
    body = officer.get(f"/people/{province.people.member.pk}").json()
    assert body["birth_date"] == "1985-05-17"
    assert body["party_cell"]["code"] == "HOA-AN-THPT-TOAN"
    [post] = body["posts"]
    assert (post["title"], post["is_deputy"], post["start_date"]) == (
        "Phó bí thư",
        True,
        "2024-01-01",
    )
    assert post["unit"]["id"] == province.maths.pk


def test_a_member_sees_themselves_but_not_a_colleague(province, api_as):
    member = api_as("member")
    assert member.get(f"/people/{province.people.member.pk}").status_code == 200
    assert member.get(f"/people/{province.people.secretary.pk}").status_code == 404


# Creating --------------------------------------------------------------------------


def test_create_a_person_and_audit_it(province, officer):
    response = officer.post("/people", new_person(province, full_name="  Ngô   Thị  Mai "))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["full_name"] == "Ngô Thị Mai"
    assert body["workplace"]["id"] == province.school.pk
    assert body["posts"] == []
    person = Person.objects.get(code="NEW-1")
    entry = AuditEntry.objects.get(action="person.create")
    assert entry.object_id == str(person.pk)
    assert entry.after["full_name"] == "Ngô Thị Mai"


def test_create_refuses_a_birth_date_in_the_future(province, officer):
    before = snapshot_people()
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = officer.post("/people", new_person(province, birth_date=tomorrow))
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Ngày sinh không được ở tương lai.",
        "field": "birth_date",
        "code": "invalid",
    }
    assert snapshot_people() == before
    assert not AuditEntry.objects.filter(action__startswith="person.").exists()


def test_create_refuses_joining_the_party_before_the_18th_birthday(province, officer):
    before = snapshot_people()
    response = officer.post(
        "/people",
        new_person(
            province,
            birth_date="2000-02-29",
            party_cell=province.maths.pk,
            party_status="probationary",
            party_join_date="2018-02-27",
        ),
    )
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Ngày vào Đảng (27/02/2018) phải từ ngày đủ 18 tuổi (28/02/2018) trở đi.",
        "field": "party_join_date",
        "code": "invalid",
    }
    assert snapshot_people() == before


def test_create_refuses_a_duplicate_code_whatever_its_case(province, officer):
    before = snapshot_people()
    code = province.people.member.code.lower()
    response = officer.post("/people", new_person(province, code=code))
    assert response.status_code == 400
    assert response.json()["field"] == "code"
    assert response.json()["detail"] == f"Mã cán bộ “{code}” đã được dùng cho người khác."
    assert snapshot_people() == before


def test_create_needs_a_workplace_or_a_party_cell(province, officer):
    response = officer.post("/people", new_person(province, workplace=None))
    assert response.status_code == 400
    assert response.json()["detail"] == "Cần chọn đơn vị công tác hoặc chi bộ sinh hoạt."


def test_a_party_cell_must_be_a_party_organisation(province, officer):
    response = officer.post(
        "/people",
        new_person(
            province,
            party_cell=province.board.pk,
            party_status="official",
            party_join_date="2015-01-01",
        ),
    )
    assert response.status_code == 400
    assert response.json()["field"] == "party_cell"
    assert not Person.objects.filter(code="NEW-1").exists()


# Editing ---------------------------------------------------------------------------


def test_patch_changes_only_the_fields_sent(province, officer):
    person = province.people.villager
    response = officer.patch(
        f"/people/{person.pk}", {"version": 1, "gender": "female", "birth_date": None}
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["gender"], body["birth_date"], body["version"]) == ("female", None, 2)
    assert (body["full_name"], body["code"]) == (person.full_name, person.code)
    entry = AuditEntry.objects.get(action="person.update")
    assert entry.before == {"gender": "", "birth_date": "1985-05-17"}
    assert entry.after == {"gender": "female", "birth_date": None}


def test_a_stale_patch_is_a_conflict_and_the_first_edit_stays(province, officer, api_as):
    path = f"/people/{province.people.villager.pk}"
    assert officer.patch(path, {"version": 1, "full_name": "Phạm Thị Đào Một"}).status_code == 200
    second = api_as("admin").patch(path, {"version": 1, "full_name": "Phạm Thị Đào Hai"})
    assert second.status_code == 409
    body = second.json()
    assert body["detail"].startswith(STALE)
    assert body["current"]["full_name"] == "Phạm Thị Đào Một"
    assert body["current"]["version"] == 2
    province.people.villager.refresh_from_db()
    assert province.people.villager.full_name == "Phạm Thị Đào Một"
    assert AuditEntry.objects.filter(action="person.update").count() == 1


def test_patch_checks_the_party_dates_against_the_stored_birth_date(province, officer):
    before = snapshot_people()
    response = officer.patch(
        f"/people/{province.people.member.pk}", {"version": 1, "party_join_date": "2000-01-01"}
    )
    assert response.status_code == 400
    assert response.json()["field"] == "party_join_date"
    assert snapshot_people() == before


def test_patch_cannot_move_a_person_to_a_hidden_unit(province):
    from neuguong.core.access import Role
    from neuguong.organisations.factories import give_role, make_user

    from .helpers import client_for_user

    local = make_user("hoa_an_officer")
    give_role(local, Role.ORG_OFFICER, province.hoa_an)
    response = client_for_user(local).patch(
        f"/people/{province.people.villager.pk}", {"version": 1, "workplace": province.board.pk}
    )
    assert response.status_code == 404
    assert response.json()["field"] == "workplace"
    province.people.villager.refresh_from_db()
    assert province.people.villager.workplace == province.hoa_an


def test_retire_ends_current_posts(province, officer):
    person = province.people.villager
    post = Post.objects.create(person=person, unit=province.dong, title="Chi ủy viên")
    response = officer.post(f"/people/{person.pk}/retire", {"on": "2025-03-31"})
    assert response.status_code == 200, response.content
    assert (response.json()["is_active"], response.json()["left_on"]) == (False, "2025-03-31")
    post.refresh_from_db()
    assert post.end_date == date(2025, 3, 31)
    assert AuditEntry.objects.filter(action="person.retire").count() == 1
    again = officer.post(f"/people/{person.pk}/retire")
    assert again.status_code == 400
    assert again.json()["detail"] == "Người này đã nghỉ hoặc chuyển đi."


# Posts -----------------------------------------------------------------------------


def test_add_edit_and_delete_a_post(province, officer):
    person = province.people.villager
    response = officer.post(
        f"/people/{person.pk}/posts",
        {
            "unit": province.dong.pk,
            "title": "Bí thư chi bộ",
            "is_head": True,
            "start_date": "2025-01-01",
        },
    )
    assert response.status_code == 201, response.content
    post_id = response.json()["id"]
    assert response.json()["is_current"] is True

    response = officer.patch(f"/posts/{post_id}", {"end_date": "2025-12-31", "title": None})
    assert response.status_code == 200, response.content
    assert (response.json()["title"], response.json()["end_date"]) == (
        "Bí thư chi bộ",
        "2025-12-31",
    )

    response = officer.delete(f"/posts/{post_id}")
    assert response.status_code == 204
    assert response.content == b""
    assert not Post.objects.filter(pk=post_id).exists()
    actions = list(
        AuditEntry.objects.filter(action__startswith="post.")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["post.create", "post.update", "post.delete"]


def test_a_post_cannot_be_both_head_and_deputy(province, officer):
    person = province.people.villager
    response = officer.post(
        f"/people/{person.pk}/posts",
        {"unit": province.dong.pk, "title": "Bí thư", "is_head": True, "is_deputy": True},
    )
    assert response.status_code == 400
    assert response.json()["field"] == "is_deputy"
    assert not Post.objects.exists()


def test_a_post_cannot_end_before_it_starts(province, officer):
    post = Post.objects.create(
        person=province.people.villager,
        unit=province.dong,
        title="Chi ủy viên",
        start_date=date(2025, 1, 1),
    )
    response = officer.patch(f"/posts/{post.pk}", {"end_date": "2024-12-31"})
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Ngày kết thúc phải sau ngày bắt đầu.",
        "field": "end_date",
        "code": "invalid",
    }
    post.refresh_from_db()
    assert post.end_date is None


def test_a_post_of_someone_outside_scope_is_not_found(province, api_as):
    post = Post.objects.create(
        person=province.people.neighbour, unit=province.khu3, title="Chi ủy viên"
    )
    response = api_as("unit_head").patch(f"/posts/{post.pk}", {"title": "Bí thư"})
    assert response.status_code == 404
    assert api_as("unit_head").delete(f"/posts/{post.pk}").status_code == 404
    assert Post.objects.get(pk=post.pk).title == "Chi ủy viên"
