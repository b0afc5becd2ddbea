from datetime import date

import pytest
from django.urls import reverse

from neuguong.core.models import AuditEntry
from neuguong.organisations.models import Post


def url(name, *args):
    return reverse(f"organisations:{name}", args=args)


def post_rows():
    return list(Post.objects.order_by("pk").values())


@pytest.fixture
def post(province):
    return Post.objects.create(
        person=province.people.member, unit=province.school, title="Tổ trưởng",
        start_date=date(2024, 9, 1),
    )  # fmt: skip


def test_add_post_is_saved_shown_and_audited(client_for, province):
    an = province.people.member
    client = client_for("org_officer")
    assert 'name="unit_search"' in client.get(url("post_create", an.pk)).content.decode()
    response = client.post(
        url("post_create", an.pk),
        {
            "unit": province.school.pk,
            "title": "Hiệu trưởng",
            "is_head": "on",
            "start_date": "01/09/2020",
            "end_date": "",
        },
    )
    assert response.status_code == 302 and response["Location"] == url("person", an.pk)
    post = Post.objects.get(person=an)
    assert post.is_head and post.start_date == date(2020, 9, 1)
    entry = AuditEntry.objects.get(action="post.create")
    assert entry.unit == province.school and entry.after["title"] == "Hiệu trưởng"
    assert "Hiệu trưởng" in client.get(url("person", an.pk)).content.decode()


def test_a_person_can_hold_several_posts(client_for, province):
    an, client = province.people.member, client_for("org_officer")
    for unit, title in ((province.school, "Giáo viên"), (province.maths, "Bí thư chi bộ")):
        client.post(url("post_create", an.pk), {"unit": unit.pk, "title": title})
    assert Post.objects.filter(person=an).count() == 2


def test_a_post_ending_before_it_starts_is_refused(client_for, province):
    before = post_rows()
    response = client_for("org_officer").post(
        url("post_create", province.people.member.pk),
        {
            "unit": province.school.pk,
            "title": "Tổ phó",
            "start_date": "01/09/2024",
            "end_date": "01/01/2024",
        },
    )
    assert response.status_code == 400
    assert "Ngày kết thúc phải sau ngày bắt đầu." in response.content.decode()
    assert post_rows() == before
    assert not AuditEntry.objects.exists()


def test_a_post_both_head_and_deputy_is_refused(client_for, province):
    before = post_rows()
    response = client_for("org_officer").post(
        url("post_create", province.people.member.pk),
        {
            "unit": province.school.pk,
            "title": "Lạ",
            "is_head": "on",
            "is_deputy": "on",
        },
    )
    assert response.status_code == 400
    assert "Một chức vụ không thể vừa là người đứng đầu vừa là cấp phó." in (
        response.content.decode()
    )
    assert post_rows() == before


def test_a_post_needs_a_unit_picked_from_the_scope(client_for, province):
    before = post_rows()
    response = client_for("org_officer").post(
        url("post_create", province.people.member.pk),
        {
            "unit": "12345678",
            "title": "Tổ phó",
        },
    )
    assert response.status_code == 400
    assert "Không tìm thấy mục đã chọn trong phạm vi của bạn." in response.content.decode()
    assert post_rows() == before


def test_edit_post_is_saved_and_audited(client_for, province, post):
    response = client_for("org_officer").post(
        url("post_edit", post.pk),
        {
            "title": "Tổ trưởng chuyên môn",
            "start_date": "01/09/2024",
            "end_date": "",
        },
    )
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.title == "Tổ trưởng chuyên môn" and post.unit == province.school
    entry = AuditEntry.objects.get(action="post.update")
    assert entry.before == {"title": "Tổ trưởng"}
    assert entry.after == {"title": "Tổ trưởng chuyên môn"}


def test_edit_post_with_bad_dates_is_refused(client_for, province, post):
    before = post_rows()
    response = client_for("org_officer").post(
        url("post_edit", post.pk),
        {
            "title": "Tổ trưởng",
            "start_date": "01/09/2024",
            "end_date": "31/08/2024",
        },
    )
    assert response.status_code == 400
    assert "Ngày kết thúc phải sau ngày bắt đầu." in response.content.decode()
    assert post_rows() == before


def test_delete_post_is_audited(client_for, province, post):
    response = client_for("org_officer").post(url("post_delete", post.pk))
    assert response.status_code == 302
    assert not Post.objects.exists()
    entry = AuditEntry.objects.get(action="post.delete")
    assert entry.before["title"] == "Tổ trưởng" and entry.unit == province.school


def test_delete_post_needs_post(client_for, province, post):
    assert client_for("org_officer").get(url("post_delete", post.pk)).status_code == 405
    assert Post.objects.filter(pk=post.pk).exists()


def test_posts_outside_the_scope_or_unknown_are_404(client_for, province, post):
    before = post_rows()
    assert client_for("outsider").post(url("post_delete", post.pk)).status_code == 404
    assert client_for("outsider").get(url("post_edit", post.pk)).status_code == 404
    assert client_for("org_officer").get("/posts/99999999999999999999/edit/").status_code == 404
    assert post_rows() == before


def test_in_scope_without_the_right_is_403(client_for, province, post):
    before = post_rows()
    assert client_for("unit_head").post(url("post_delete", post.pk)).status_code == 403
    assert post_rows() == before
