from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from neuguong.core.models import AuditEntry
from neuguong.organisations.factories import make_person
from neuguong.organisations.models import Person, Post

HTMX = {"HX-Request": "true"}


def url(name, *args):
    return reverse(f"organisations:{name}", args=args)


def person_rows():
    return list(Person.objects.order_by("pk").values())


def form_data(person, **overrides):
    data = {
        "code": person.code,
        "full_name": person.full_name,
        "gender": person.gender,
        "birth_date": person.birth_date.strftime("%d/%m/%Y") if person.birth_date else "",
        "category": person.category,
        "workplace": person.workplace_id or "",
        "party_cell": person.party_cell_id or "",
        "party_status": person.party_status,
        "party_join_date": (
            person.party_join_date.strftime("%d/%m/%Y") if person.party_join_date else ""
        ),
        "management_unit": person.management_unit_id or "",
        "version": person.version,
    }
    return data | overrides


@pytest.fixture
def new_person(province):
    return {
        "code": "NEW-1", "full_name": "Ngô Thị Lan", "gender": "female",
        "birth_date": "01/01/1990", "category": "vien_chuc",
        "workplace": province.school.pk, "party_cell": province.maths.pk,
        "party_status": "official", "party_join_date": "19/05/2012", "management_unit": "",
    }  # fmt: skip


# The list ----------------------------------------------------------------------


def test_people_list_shows_name_code_workplace_cell_and_category(client_for, province):
    body = client_for("org_officer").get(url("people")).content.decode()
    an = province.people.member
    assert f'<a href="{url("person", an.pk)}">Nguyễn Văn An</a>' in body
    assert an.code in body and "Chi bộ Tổ Toán" in body and "Công chức" in body
    assert "Tìm thấy 7 người." in body


def test_people_list_keeps_to_the_users_scope(client_for, province):
    body = client_for("outsider").get(url("people")).content.decode()
    assert "Hoàng Minh Châu" in body and "Vũ Thị Hạnh" in body
    assert "Nguyễn Văn An" not in body


def test_search_as_you_type_returns_the_results_only(client_for, province):
    response = client_for("org_officer").get(url("people") + "?q=nguyen+van+an", headers=HTMX)
    body = response.content.decode()
    assert response.status_code == 200 and "<html" not in body
    assert "Nguyễn Văn An" in body and "Trần Thị Bình" not in body


def test_people_page_searches_as_you_type_with_htmx(client_for, province):
    body = client_for("org_officer").get(url("people")).content.decode()
    assert (
        'hx-trigger="input changed delay:300ms from:#id_q, change, submit" hx-sync="this:replace"'
        in body
    )
    assert 'hx-target="#people-results"' in body


@pytest.mark.parametrize(
    "text",
    ["'; DROP TABLE organisations_person; --", "<script>alert(1)</script>", "%", "_", "\\", '"'],
)
def test_search_text_with_sql_or_html_metacharacters_is_harmless(client_for, province, text):
    before = person_rows()
    response = client_for("org_officer").get(url("people"), {"q": text})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Tìm thấy 0 người." in body
    assert "<script>alert(1)</script>" not in body
    assert person_rows() == before


def test_html_in_search_text_is_escaped_in_the_search_box(client_for, province):
    body = client_for("org_officer").get(url("people"), {"q": "<b>An</b>"}).content.decode()
    assert 'value="&lt;b&gt;An&lt;/b&gt;"' in body


def test_very_long_search_text_is_cut_to_100_characters(client_for, province):
    response = client_for("org_officer").get(url("people"), {"q": "a" * 10_000})
    assert response.status_code == 200
    assert f'value="{"a" * 100}"' in response.content.decode()


def test_bad_page_numbers_give_a_page_not_an_error(client_for, province):
    client = client_for("org_officer")
    for page in ("abc", "0", "-1", "99999999999999999999", "1e9"):
        assert client.get(url("people"), {"page": page}).status_code == 200


def test_bad_filters_are_form_errors(client_for, province):
    client = client_for("org_officer")
    response = client.get(url("people"), {"unit": "99999999999999999999"})
    assert response.status_code == 400
    assert "Hãy chọn trong danh sách kết quả tìm kiếm." in response.content.decode()
    response = client.get(url("people"), {"category": "tong_thong"})
    assert response.status_code == 400
    assert "Tìm thấy 0 người." in response.content.decode()


def test_unit_filter_outside_the_scope_is_a_form_error(client_for, province):
    response = client_for("outsider").get(url("people"), {"unit": province.hoa_an.pk})
    assert response.status_code == 400
    assert "Không tìm thấy mục đã chọn trong phạm vi của bạn." in response.content.decode()


def test_filters_by_unit_subtree_category_and_party_status(client_for, province):
    client = client_for("org_officer")
    body = client.get(url("people"), {"unit": province.hoa_an.pk}).content.decode()
    assert "Tìm thấy 4 người." in body and "Hoàng Minh Châu" not in body
    body = client.get(url("people"), {"party_status": "none"}).content.decode()
    assert "Tìm thấy 1 người." in body and "Đỗ Quang Huy" in body
    Person.objects.filter(pk=province.people.villager.pk).update(category="nguoi_lao_dong")
    body = client.get(url("people"), {"category": "nguoi_lao_dong"}).content.decode()
    assert "Tìm thấy 1 người." in body and "Phạm Thị Đào" in body


def test_people_list_query_count_does_not_grow_with_rows(
    client_for, province, django_assert_max_num_queries
):
    for i in range(60):
        make_person(f"Nguyễn Văn Số {i}", workplace=province.school, party_cell=province.maths)
    client = client_for("secretary")
    with django_assert_max_num_queries(16):
        response = client.get(url("people"), {"q": "nguyen"}, headers=HTMX)
    assert response.content.decode().count('<th scope="row">') == 50


# The profile -------------------------------------------------------------------


def test_profile_shows_posts_units_party_details_and_flags(client_for, province):
    an = province.people.member
    Post.objects.create(person=an, unit=province.school, title="Hiệu trưởng", is_head=True)
    Post.objects.create(person=an, unit=province.maths, title="Phó bí thư", is_deputy=True)
    body = client_for("org_officer").get(url("person", an.pk)).content.decode()
    assert "17/05/1985" in body and "02/03/2010" in body
    assert "Đảng viên chính thức" in body
    assert "Hiệu trưởng" in body and "Phó bí thư" in body
    assert "<dt>Người đứng đầu</dt><dd>Có</dd>" in body
    assert "<dt>Cấp phó</dt><dd>Có</dd>" in body
    assert f'<a href="{url("unit", province.maths.pk)}">Chi bộ Tổ Toán</a>' in body


def test_profile_links_only_to_units_the_user_may_open(client_for, province):
    body = client_for("member").get(url("person", province.people.member.pk)).content.decode()
    assert f'<a href="{url("unit", province.school.pk)}">' in body
    assert "Sửa thông tin" not in body


def test_profile_outside_the_scope_or_unknown_is_404(client_for, province):
    assert client_for("outsider").get(url("person", province.people.member.pk)).status_code == 404
    assert client_for("admin").get("/people/99999999999999999999/").status_code == 404


# Creating ----------------------------------------------------------------------


def test_create_person_is_saved_and_audited(client_for, province, new_person):
    response = client_for("org_officer").post(url("person_create"), new_person)
    person = Person.objects.get(code="NEW-1")
    assert response.status_code == 302 and response["Location"] == url("person", person.pk)
    assert person.birth_date == date(1990, 1, 1) and person.party_cell == province.maths
    entry = AuditEntry.objects.get(action="person.create")
    assert entry.unit == province.school and entry.after["full_name"] == "Ngô Thị Lan"


def test_create_person_with_a_birth_date_in_the_future_is_refused(client_for, province, new_person):
    before = person_rows()
    tomorrow = (timezone.localdate() + timedelta(days=1)).strftime("%d/%m/%Y")
    response = client_for("org_officer").post(
        url("person_create"),
        new_person | {"birth_date": tomorrow, "party_status": "", "party_join_date": ""},
    )
    assert response.status_code == 400
    assert "Ngày sinh không được ở tương lai." in response.content.decode()
    assert person_rows() == before
    assert not AuditEntry.objects.exists()


def test_create_person_who_joined_the_party_before_18_is_refused(client_for, province, new_person):
    before = person_rows()
    response = client_for("org_officer").post(
        url("person_create"), new_person | {"party_join_date": "31/12/2007"}
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "Ngày vào Đảng (31/12/2007) phải từ ngày đủ 18 tuổi (01/01/2008) trở đi." in body
    assert 'value="Ngô Thị Lan"' in body
    assert person_rows() == before


def test_create_person_with_a_code_already_used_is_refused(client_for, province, new_person):
    before = person_rows()
    code = province.people.member.code.lower()
    response = client_for("org_officer").post(url("person_create"), new_person | {"code": code})
    assert response.status_code == 400
    assert f"Mã cán bộ “{code}” đã được dùng cho người khác." in response.content.decode()
    assert person_rows() == before


def test_create_person_with_a_badly_written_date_is_a_form_error(client_for, province, new_person):
    before = person_rows()
    response = client_for("org_officer").post(
        url("person_create"), new_person | {"birth_date": "31/02/1990"}
    )
    assert response.status_code == 400
    assert "Hãy nhập ngày theo dạng ngày/tháng/năm." in response.content.decode()
    assert person_rows() == before


def test_typing_a_unit_name_without_picking_it_is_a_form_error(client_for, province, new_person):
    before = person_rows()
    response = client_for("org_officer").post(
        url("person_create"), new_person | {"workplace": "", "workplace_search": "Trường"}
    )
    assert response.status_code == 400
    assert "Hãy chọn trong danh sách kết quả tìm kiếm." in response.content.decode()
    assert 'value="Trường"' in response.content.decode()
    assert person_rows() == before


def test_person_form_has_no_select_of_units(client_for, province):
    body = client_for("org_officer").get(url("person_create")).content.decode()
    assert 'name="workplace"' in body and 'name="workplace_search"' in body
    assert "Chi bộ Tổ Toán" not in body


# Editing -----------------------------------------------------------------------


def test_edit_person_is_saved_and_audited_with_before_and_after(client_for, province):
    an = province.people.member
    response = client_for("org_officer").post(
        url("person_edit", an.pk), form_data(an, full_name="Nguyễn Văn Ân")
    )
    assert response.status_code == 302
    an.refresh_from_db()
    assert an.full_name == "Nguyễn Văn Ân" and an.version == 2
    entry = AuditEntry.objects.get(action="person.update")
    assert entry.before == {"full_name": "Nguyễn Văn An"}
    assert entry.after == {"full_name": "Nguyễn Văn Ân"}


def test_a_stale_person_edit_gets_409_keeps_the_input_and_the_first_edit(client_for, province):
    an = province.people.member
    first, second = client_for("org_officer"), client_for("admin")
    opened = form_data(an)  # both officers opened the form at version 1
    assert first.get(url("person_edit", an.pk)).status_code == 200
    assert second.get(url("person_edit", an.pk)).status_code == 200
    response = first.post(url("person_edit", an.pk), opened | {"full_name": "Nguyễn Văn Anh"})
    assert response.status_code == 302
    response = second.post(
        url("person_edit", an.pk), opened | {"full_name": "Nguyễn Văn Ánh", "code": "AN-2"}
    )
    body = response.content.decode()
    assert response.status_code == 409
    assert "Bản ghi này vừa được người khác sửa sau khi bạn mở." in body
    assert 'value="Nguyễn Văn Ánh"' in body and 'value="AN-2"' in body
    assert "<dd>Nguyễn Văn Anh</dd>" in body  # the current value
    assert 'name="version" value="2"' in body
    an.refresh_from_db()
    assert an.full_name == "Nguyễn Văn Anh" and an.code != "AN-2"
    assert AuditEntry.objects.filter(action="person.update").count() == 1


def test_edit_without_the_version_is_refused(client_for, province):
    an = province.people.member
    data = form_data(an, full_name="Khác")
    del data["version"]
    response = client_for("org_officer").post(url("person_edit", an.pk), data)
    assert response.status_code == 400
    an.refresh_from_db()
    assert an.full_name == "Nguyễn Văn An"


def test_edit_setting_a_join_date_before_18_is_refused(client_for, province):
    an = province.people.member
    before = person_rows()
    response = client_for("org_officer").post(
        url("person_edit", an.pk), form_data(an, party_join_date="01/01/2000")
    )
    assert response.status_code == 400
    assert "phải từ ngày đủ 18 tuổi (17/05/2003)" in response.content.decode()
    assert person_rows() == before


# Retiring ----------------------------------------------------------------------


def test_retire_person_ends_their_posts_and_is_audited(client_for, province):
    an = province.people.member
    post = Post.objects.create(person=an, unit=province.school, title="Tổ trưởng")
    client = client_for("org_officer")
    assert "Xác nhận" in client.get(url("person_retire", an.pk)).content.decode()
    response = client.post(url("person_retire", an.pk), {"on": "30/06/2026"})
    assert response.status_code == 302
    an.refresh_from_db()
    post.refresh_from_db()
    assert not an.is_active and an.left_on == date(2026, 6, 30)
    assert post.end_date == date(2026, 6, 30)
    assert AuditEntry.objects.get(action="person.retire").unit == province.school


def test_retiring_twice_is_refused(client_for, province):
    an = province.people.member
    client = client_for("org_officer")
    client.post(url("person_retire", an.pk), {"on": ""})
    response = client.post(url("person_retire", an.pk), {"on": ""})
    assert response.status_code == 400
    assert "Người này đã nghỉ hoặc chuyển đi." in response.content.decode()
    assert AuditEntry.objects.filter(action="person.retire").count() == 1
