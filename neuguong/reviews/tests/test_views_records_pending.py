"""Pending matters: the list per period (open first), adding one by person code,
settling it, and who may do what. The organisation board's officer and inspection
(both on the root) manage them; `reviews.view` holders may not (403); the outsider
does not see Hòa An's (404)."""

from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from neuguong.core.access import Role
from neuguong.core.models import AuditEntry
from neuguong.organisations.factories import give_role, make_user
from neuguong.regulations.models import Period
from neuguong.reviews.factories import make_review
from neuguong.reviews.models import PendingMatter, ReviewStatus

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(f"reviews:{name}", args=args)


def matter(person, period, title="Đơn phản ánh về kê khai tài sản", **fields):
    return PendingMatter.objects.create(person=person, period=period, title=title, **fields)


def state(m):
    return PendingMatter.objects.filter(pk=m.pk).values().first()


def officer_of(unit, role=Role.ORG_OFFICER):
    user = make_user("officer2")
    give_role(user, role, unit)
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def last_year(db):
    return Period.objects.create(
        name="Năm 2025", starts_on=date(2025, 1, 1), ends_on=date(2025, 12, 31)
    )


# Adding ----------------------------------------------------------------------------


def test_an_officer_adds_a_pending_matter_by_person_code(client_for, province, period):
    member = province.people.member
    client = client_for("org_officer")
    page = client.get(url("pending_new")).content.decode()
    assert f'value="{period.pk}" selected' in page
    response = client.post(
        url("pending_new"),
        {
            "person": member.code,
            "period": period.pk,
            "title": "Đơn phản ánh",
            "detail": "Đang xác minh.",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == url("pending") + f"?period={period.pk}"
    saved = PendingMatter.objects.get()
    assert (saved.person, saved.period, saved.title, saved.detail) == (
        member,
        period,
        "Đơn phản ánh",
        "Đang xác minh.",
    )
    assert saved.is_open and saved.created_by == province.users["org_officer"]
    assert AuditEntry.objects.filter(action="pending.add", object_id=str(saved.pk)).exists()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"title": ""}, "Hãy ghi nội dung vấn đề đang xử lý."),
        ({"title": "   "}, "Hãy ghi nội dung vấn đề đang xử lý."),
        ({"title": "t" * 301}, "“Nội dung” tối đa 300 ký tự; đã nhập 301 ký tự."),
        ({"detail": "d" * 5001}, "“Chi tiết” tối đa 5000 ký tự; đã nhập 5001 ký tự."),
        ({"person": "KHONG-CO"}, "Không tìm thấy cán bộ, đảng viên có mã “KHONG-CO”"),
        ({"person": ""}, "Hãy nhập mã cán bộ, đảng viên."),
        ({"period": "999999"}, "Kỳ đã chọn không có trong danh sách."),
        ({"period": ""}, "Hãy chọn kỳ."),
    ],
)
def test_bad_input_adds_nothing(client_for, province, period, fields, message):
    data = {"person": province.people.member.code, "period": period.pk, "title": "Đơn"} | fields
    response = client_for("org_officer").post(url("pending_new"), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not PendingMatter.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="pending.").exists()


def test_a_person_outside_the_officers_scope_is_not_found(province, period):
    member = province.people.member
    response = officer_of(province.binh_minh).post(
        url("pending_new"), {"person": member.code, "period": period.pk, "title": "Đơn"}
    )
    assert response.status_code == 400
    assert f"Không tìm thấy cán bộ, đảng viên có mã “{member.code}”" in response.content.decode()
    assert not PendingMatter.objects.exists()


def test_the_name_search_finds_people_of_the_officers_scope(province, period):
    client = officer_of(province.hoa_an)
    page = client.get(url("pending_new"), {"find": "pham thi"}).content.decode()
    assert "Phạm Thị Đào" in page
    page = client.get(url("pending_new"), {"find": "vu thi hanh"}).content.decode()
    assert "Vũ Thị Hạnh" not in page


def test_without_the_permission_adding_is_forbidden(client_for, province, period):
    data = {"person": province.people.member.code, "period": period.pk, "title": "Đơn"}
    for persona in ("secretary", "unit_head", "supervisor", "member"):
        assert client_for(persona).post(url("pending_new"), data).status_code == 403
        assert client_for(persona).get(url("pending")).status_code == 403
    assert not PendingMatter.objects.exists()


# Settling --------------------------------------------------------------------------


def test_an_officer_settles_a_matter(client_for, province, period):
    m = matter(province.people.member, period)
    client = client_for("inspection")
    page = client.get(url("pending_settle", m.pk)).content.decode()
    assert "Đơn phản ánh về kê khai tài sản" in page and "chặn quyết định xếp loại" in page
    response = client.post(url("pending_settle", m.pk), {"settlement": "Không có vi phạm."})
    assert response.status_code == 302
    m.refresh_from_db()
    assert not m.is_open and m.settlement == "Không có vi phạm."
    assert m.settled_by == province.users["inspection"]
    assert AuditEntry.objects.filter(action="pending.settle", object_id=str(m.pk)).exists()


@pytest.mark.parametrize(
    ("settlement", "message"),
    [
        ("", "Hãy ghi kết quả giải quyết."),
        ("  ", "Hãy ghi kết quả giải quyết."),
        ("s" * 5001, "“Kết quả giải quyết” tối đa 5000 ký tự; đã nhập 5001 ký tự."),
    ],
)
def test_settling_needs_a_settlement(client_for, province, period, settlement, message):
    m = matter(province.people.member, period)
    before = state(m)
    response = client_for("org_officer").post(
        url("pending_settle", m.pk), {"settlement": settlement}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert state(m) == before


def test_settling_twice_is_refused_and_keeps_the_first_settlement(client_for, province, period):
    m = matter(province.people.member, period)
    client = client_for("org_officer")
    client.post(url("pending_settle", m.pk), {"settlement": "Đã xác minh, không vi phạm."})
    before = state(m)
    assert before["settled_at"] is not None
    response = client.post(url("pending_settle", m.pk), {"settlement": "Lần hai"})
    assert response.status_code == 400
    assert "Vấn đề này đã được giải quyết." in response.content.decode()
    assert state(m) == before
    assert AuditEntry.objects.filter(action="pending.settle").count() == 1
    page = client.get(url("pending_settle", m.pk)).content.decode()
    assert "Đã xác minh, không vi phạm." in page and 'name="settlement"' not in page


def test_a_matter_outside_scope_is_not_found_and_readers_are_forbidden(
    client_for, province, period
):
    m = matter(province.people.member, period)
    before = state(m)
    data = {"settlement": "Xong"}
    assert officer_of(province.binh_minh).post(url("pending_settle", m.pk), data).status_code == 404
    assert client_for("outsider").post(url("pending_settle", m.pk), data).status_code == 404
    assert client_for("member").get(url("pending_settle", m.pk)).status_code == 404
    for persona in ("secretary", "unit_head", "supervisor"):
        assert client_for(persona).post(url("pending_settle", m.pk), data).status_code == 403
    assert state(m) == before


# The list --------------------------------------------------------------------------


def test_the_list_shows_open_matters_first_and_what_they_block(client_for, province, period):
    member, villager = province.people.member, province.people.villager
    matter(villager, period, title="Đã xong", settled_at="2026-05-01T00:00Z", settlement="OK")
    matter(member, period, title="Còn mở")
    make_review(member, period, status=ReviewStatus.PROPOSED)
    page = client_for("org_officer").get(url("pending")).content.decode()
    assert page.index("Còn mở") < page.index("Đã xong")
    assert "Chặn quyết định xếp loại của người này trong kỳ." in page
    assert "1 bản kiểm điểm đang chờ xếp loại." in page
    assert "Ghi kết quả giải quyết" in page and "Năm 2026" in page
    try:
        file_url = reverse("reviews:person_file", kwargs={"person_pk": member.pk})
    except NoReverseMatch:  # the person pages are not installed
        return
    assert f'href="{file_url}"' in page


def test_the_list_filters_by_state_and_period(client_for, province, period, last_year):
    member = province.people.member
    matter(member, period, title="Mở")
    matter(member, period, title="Xong", settled_at="2026-05-01T00:00Z", settlement="OK")
    matter(member, last_year, title="Năm trước")
    client = client_for("inspection")

    def shown(**query):
        page = client.get(url("pending"), query).content.decode()
        return {t for t in ("Mở", "Xong", "Năm trước") if f'<td data-label="Nội dung">{t}' in page}

    assert shown() == {"Mở", "Xong"}  # the current period by default
    assert shown(state="open") == {"Mở"}
    assert shown(state="settled") == {"Xong"}
    assert shown(period=last_year.pk) == {"Năm trước"}
    assert shown(q="nguyen van an") == {"Mở", "Xong"}
    assert shown(q="pham thi") == set()


@pytest.mark.parametrize(
    ("query", "message"),
    [({"state": "closed"}, "Tình trạng không hợp lệ."), ({"period": "abc"}, "Kỳ đã chọn")],
)
def test_a_bad_filter_is_explained(client_for, province, period, query, message):
    response = client_for("inspection").get(url("pending"), query)
    assert response.status_code == 400
    assert message in response.content.decode()


def test_an_officer_lists_only_the_matters_of_their_scope(province, period):
    matter(province.people.member, period, title="Ở Hòa An")
    matter(province.people.neighbour, period, title="Ở Bình Minh")
    page = officer_of(province.binh_minh).get(url("pending")).content.decode()
    assert "Ở Bình Minh" in page and "Ở Hòa An" not in page


def test_the_list_costs_the_same_queries_for_one_row_or_many(client_for, province, period):
    client = client_for("org_officer")
    matter(province.people.member, period)
    client.get(url("pending"))
    with CaptureQueriesContext(connection) as one:
        client.get(url("pending"))
    make_review(province.people.villager, period, unit=province.dong)
    for n in range(10):
        matter(province.people.villager, period, title=f"Việc {n}")
    with CaptureQueriesContext(connection) as many:
        response = client.get(url("pending"))
    assert response.content.decode().count("Phạm Thị Đào") >= 10
    assert len(many) == len(one) <= 14
