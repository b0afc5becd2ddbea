"""Input no client should send: every one is a 4xx and changes nothing."""

import pytest

from neuguong.core.models import AuditEntry
from neuguong.organisations.models import Person, Post, Unit

HUGE = 2**63
ROUTES_WITH_IDS = [
    ("GET", "/units/{}"),
    ("GET", "/units/{}/children"),
    ("GET", "/units/{}/ancestors"),
    ("GET", "/units/{}/people"),
    ("PATCH", "/units/{}"),
    ("POST", "/units/{}/move"),
    ("POST", "/units/{}/retire"),
    ("GET", "/people/{}"),
    ("PATCH", "/people/{}"),
    ("POST", "/people/{}/retire"),
    ("POST", "/people/{}/posts"),
    ("PATCH", "/posts/{}"),
    ("DELETE", "/posts/{}"),
]
BODIES = {
    "/units/{}": {"version": 1, "name": "Tên mới"},
    "/units/{}/move": {"parent": 1},
    "/people/{}": {"version": 1, "full_name": "Tên Mới"},
    "/people/{}/posts": {"unit": 1, "title": "Chức vụ"},
    "/posts/{}": {"title": "Chức vụ"},
}


def state():
    return (
        list(Unit.objects.order_by("pk").values()),
        list(Person.objects.order_by("pk").values()),
    )


@pytest.mark.parametrize(("method", "template"), ROUTES_WITH_IDS)
def test_unknown_and_out_of_range_ids(province, officer, method, template):
    before = state()
    body = BODIES.get(template, {}) if method in ("POST", "PATCH") else None
    for pk in (999_999, 2**63 - 1):
        response = officer.call(method, template.format(pk), body)
        assert response.status_code == 404, (pk, response.content)
        assert response.json() == {"detail": "Không tìm thấy.", "field": None, "code": "not_found"}
    for pk in (0, -1, HUGE, 10**100, "abc", "1.5", "1e3"):
        response = officer.call(method, template.format(pk), body)
        assert response.status_code in (404, 422), (pk, response.content)
    assert state() == before


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"limit": 0}, "limit"),
        ({"limit": 201}, "limit"),
        ({"limit": -5}, "limit"),
        ({"offset": -1}, "offset"),
        ({"offset": 10**7 + 1}, "offset"),
        ({"offset": 10**30}, "offset"),
        ({"parent": HUGE}, "parent"),
        ({"parent": 0}, "parent"),
        ({"q": "x" * 101}, "q"),
        ({"q": "a\x00b"}, "q"),
        ({"q": "a\x1fb"}, "q"),
        ({"kind": "club"}, "kind"),
        ({"sector": "x" * 41}, "sector"),
        ({"active": "maybe"}, "active"),
    ],
)
def test_unit_list_rejects_out_of_range_parameters(province, officer, params, field):
    response = officer.get("/units", **params)
    assert response.status_code == 422, response.content
    assert response.json()["detail"][0]["loc"] == ["query", field]


@pytest.mark.parametrize(
    "params",
    [
        {"unit": HUGE},
        {"category": "boss"},
        {"party_status": "maybe"},
        {"q": "\x00"},
        {"limit": 1000},
    ],
)
def test_people_list_rejects_out_of_range_parameters(province, officer, params):
    assert officer.get("/people", **params).status_code == 422


def test_the_largest_page_and_offset_are_fine(province, officer):
    response = officer.get("/units", limit=200, offset=10**7)
    assert response.status_code == 200
    assert response.json()["items"] == []


def unit_body(province, **extra):
    return {
        "code": "X1",
        "name": "Chi bộ X",
        "kind": "party_cell",
        "parent": province.root.pk,
        **extra,
    }


@pytest.mark.parametrize(
    "extra",
    [
        {"name": "Chi bộ\x00X"},
        {"code": "X\x001"},
        {"name": "Chi bộ\ud800"},
        {"name": "Chi bộ\nX"},
        {"name": "x" * 256},
        {"code": "x" * 41},
        {"code": ""},
        {"kind": None},
        {"parent": HUGE},
        {"parent": -1},
        {"parent": "abc"},
        {"parent": 1.5},
        {"sectors": "giao-duc"},
        {"sectors": ["x" * 41]},
        {"sectors": ["a"] * 51},
        {"name": 12},
        {"name": ["Chi bộ"]},
        {"parent": "1"},
        {"parent": True},
        {"parent_id": 1},
        {"unknown": "field"},
    ],
)
def test_create_unit_rejects_malformed_fields(province, officer, extra):
    before = state()
    response = officer.post("/units", unit_body(province, **extra))
    assert response.status_code == 422, response.content
    assert response.json()["detail"][0]["loc"][:2] == ["body", "payload"]
    assert state() == before


@pytest.mark.parametrize(
    "raw",
    [
        '{"code": ',
        "[]",
        '"text"',
        "null",
        "1e999",
        "NaN",
        '{"code": "X1", "name": "Y", "kind": "party_cell", "parent": 1e999}',
        b"\xff\xfe",
        "[" * 5000,
    ],
)
def test_malformed_json_is_a_client_error(province, officer, raw):
    before = state()
    response = officer.call("POST", "/units", raw)
    assert response.status_code in (400, 422), response.content
    assert "detail" in response.json()
    assert state() == before


@pytest.mark.parametrize(
    "value",
    [
        "2025-02-30",
        "2025-2-3",
        "03/02/2025",
        "2025-02-03T00:00:00",
        "20250203",
        1700000000,
        "1899-12-31",
        "2101-01-01",
        "",
        "  2025-02-03",
        "２０２５-０２-０３",
        True,
    ],
)
def test_dates_are_parsed_strictly(province, officer, value):
    before = state()
    body = {
        "code": "NEW-1",
        "full_name": "Ngô Thị Mai",
        "workplace": province.school.pk,
        "birth_date": value,
    }
    response = officer.post("/people", body)
    assert response.status_code == 422, (value, response.content)
    assert response.json()["detail"][0]["loc"] == ["body", "payload", "birth_date"]
    assert state() == before


@pytest.mark.parametrize(
    "extra",
    [
        {"full_name": "x" * 151},
        {"full_name": "Ngô\x00Mai"},
        {"gender": "other"},
        {"category": "boss"},
        {"party_status": "member"},
        {"workplace": 0},
        {"management_unit": HUGE},
    ],
)
def test_create_person_rejects_malformed_fields(province, officer, extra):
    before = state()
    body = {"code": "NEW-1", "full_name": "Ngô Thị Mai", "workplace": province.school.pk, **extra}
    assert officer.post("/people", body).status_code == 422
    assert state() == before


@pytest.mark.parametrize("version", [0, -1, HUGE, "x", None])
def test_patch_rejects_a_malformed_version(province, officer, version):
    response = officer.patch(f"/units/{province.school.pk}", {"version": version, "name": "Y"})
    assert response.status_code == 422
    province.school.refresh_from_db()
    assert province.school.name == "Đảng bộ Trường THPT Hòa An"


def test_a_body_over_the_upload_limit_is_a_client_error(province, officer, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = officer.post("/units", {"code": "X1", "name": "x" * 2000, "kind": "party_cell"})
    assert response.status_code == 400
    assert response.json()["code"] == "bad_request"


def test_wrong_methods_are_405(province, officer):
    assert officer.call("PUT", f"/units/{province.school.pk}", {}).status_code == 405
    assert officer.call("DELETE", "/units").status_code == 405


@pytest.mark.parametrize("raw", ["[null, null]", "[]", '"title"', "5", "true"])
def test_a_body_that_is_not_an_object_is_rejected(province, officer, raw):
    post = Post.objects.create(person=province.people.member, unit=province.school, title="Tổ phó")
    response = officer.call("PATCH", f"/posts/{post.pk}", raw)
    assert response.status_code in (400, 422), response.content
    assert not AuditEntry.objects.filter(action__startswith="post.").exists()


@pytest.mark.parametrize("flag", [0, 1, "true", "yes", None])
def test_post_flags_are_json_booleans(province, officer, flag):
    body = {"unit": province.school.pk, "title": "Tổ phó", "is_deputy": flag}
    response = officer.post(f"/people/{province.people.member.pk}/posts", body)
    assert response.status_code == 422
    assert not Post.objects.exists()
