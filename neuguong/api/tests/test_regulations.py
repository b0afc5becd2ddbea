"""The regulations library and the programme periods through the API."""

from datetime import date

import pytest

from neuguong.core.models import AuditEntry
from neuguong.regulations.models import Period, Regulation, RegulationItem
from neuguong.regulations.tests.helpers import cite, make_item, make_regulation

HUGE = 2**63


def state():
    return (
        list(Regulation.objects.order_by("pk").values()),
        list(RegulationItem.objects.order_by("pk").values()),
        list(Period.objects.order_by("pk").values()),
        list(Period.regulations.through.objects.order_by("pk").values()),
        AuditEntry.objects.count(),
    )


@pytest.fixture
def lib(db):
    qd144 = make_regulation("144-QĐ/TW", title="Chuẩn mực đạo đức cách mạng")
    qd37 = make_regulation("37-QĐ/TW", title="Những điều đảng viên không được làm")
    qd366 = make_regulation("366-QĐ/TW", title="Kiểm điểm, xếp loại chất lượng")
    qd124 = make_regulation("124-QĐ/TW", title="Kiểm điểm (cũ)")
    qd124.status, qd124.replaced_by = "replaced", qd366
    qd124.save()
    return type(
        "Lib",
        (),
        {
            "qd144": qd144, "qd37": qd37, "qd366": qd366, "qd124": qd124,
            "loyal": make_item(qd144, "Chuẩn mực 1", "Trung thành với Đảng", order=1),
            "art2": make_item(qd37, "Điều 2", "Nói, viết trái quan điểm của Đảng"),
        },
    )  # fmt: skip


@pytest.fixture
def officer(api_as):
    return api_as("propaganda")


@pytest.fixture
def member(api_as):
    return api_as("member")


NEW = {"symbol": "04-QĐ/TU", "kind": "quy_dinh", "issuing_body": "Tỉnh ủy", "title": "Đạo đức"}
PERIOD = {
    "name": "Năm 2027",
    "starts_on": "2027-01-01",
    "ends_on": "2027-12-31",
    "year_theme": "Chuyên đề\nnăm 2027",
    "codes_published_by": "2027-03-31",
}


# Reading --------------------------------------------------------------------------


def test_list_searches_filters_and_pages(province, lib, member):
    body = member.get("/regulations").json()
    assert body["count"] == 4 and body["limit"] == 50
    found = member.get("/regulations", q="nhung dieu").json()
    assert [r["symbol"] for r in found["items"]] == ["37-QĐ/TW"]
    replaced = member.get("/regulations", status="replaced").json()["items"]
    assert replaced[0]["symbol"] == "124-QĐ/TW"
    assert replaced[0]["replaced_by"]["symbol"] == "366-QĐ/TW"
    assert member.get("/regulations", kind="chi_thi").json()["count"] == 0
    assert len(member.get("/regulations", limit=2, offset=3).json()["items"]) == 1


@pytest.mark.parametrize(
    "params",
    [{"q": "x" * 10_000}, {"q": "a\x00b"}, {"kind": "luat"}, {"status": "old"}, {"limit": 0},
     {"offset": 10**30}],
)  # fmt: skip
def test_list_rejects_bad_parameters(province, lib, member, params):
    assert member.get("/regulations", **params).status_code == 422


def test_list_queries_do_not_grow(province, lib, member, django_assert_max_num_queries):
    for i in range(40):
        make_regulation(f"{i}-KH/TU", kind="ke_hoach")
    with django_assert_max_num_queries(5):
        assert len(member.get("/regulations").json()["items"]) == 44


def test_detail_has_items_periods_and_replacements(province, lib, member, period):
    period.regulations.add(lib.qd366)
    body = member.get(f"/regulations/{lib.qd366.pk}").json()
    assert body["replaces"] == [
        {"id": lib.qd124.pk, "symbol": "124-QĐ/TW", "title": "Kiểm điểm (cũ)"}
    ]
    assert body["periods"] == [{"id": period.pk, "name": "Năm 2026"}]
    items = member.get(f"/regulations/{lib.qd144.pk}").json()["items"]
    assert items[0]["number"] == "Chuẩn mực 1" and items[0]["title"] == "Trung thành với Đảng"


@pytest.mark.parametrize(
    ("method", "template"),
    [
        ("GET", "/regulations/{}"),
        ("PATCH", "/regulations/{}"),
        ("POST", "/regulations/{}/replace"),
        ("POST", "/regulations/{}/items"),
        ("PATCH", "/regulations/items/{}"),
        ("DELETE", "/regulations/items/{}"),
        ("GET", "/regulations/periods/{}"),
        ("PATCH", "/regulations/periods/{}"),
        ("POST", "/regulations/periods/{}/close"),
        ("POST", "/regulations/periods/{}/open"),
    ],
)
def test_unknown_and_out_of_range_ids(province, lib, period, officer, method, template):
    bodies = {
        "/regulations/{}": {"version": 1, "title": "X"},
        "/regulations/{}/replace": {"version": 1, "replaced_by": None},
        "/regulations/{}/items": {"number": "Điều 9", "title": "X"},
        "/regulations/items/{}": {"title": "X"},
        "/regulations/periods/{}": {"version": 1, "name": "X"},
    }
    body = bodies.get(template) if method in ("POST", "PATCH") else None
    before = state()
    for pk in (999_999, 2**63 - 1):
        response = officer.call(method, template.format(pk), body)
        assert response.status_code == 404, (pk, response.content)
    for pk in (0, -1, HUGE, 10**100, "abc"):
        response = officer.call(method, template.format(pk), body)
        assert response.status_code in (404, 422), (pk, response.content)
    assert state() == before


# Regulations ----------------------------------------------------------------------


def test_officer_creates_a_regulation(province, lib, officer):
    response = officer.post("/regulations", NEW | {"issued_on": "2021-06-01"})
    assert response.status_code == 201
    body = response.json()
    assert body["symbol"] == "04-QĐ/TU" and body["status"] == "in_force" and body["items"] == []
    assert body["kind_display"] == "Quy định" and body["version"] == 1


def test_create_refuses_a_symbol_already_in_the_library(province, lib, officer):
    before = state()
    response = officer.post("/regulations", NEW | {"symbol": "37-qd/tw"})
    assert response.status_code == 400
    assert response.json() == {
        "detail": "Số, ký hiệu “37-qd/tw” đã có trong thư viện.",
        "field": "symbol",
        "code": "invalid",
    }
    assert state() == before


@pytest.mark.parametrize(
    "change",
    [{"symbol": "x" * 10_000}, {"title": "t" * 10_000}, {"symbol": ""}, {"kind": "luat"},
     {"issued_on": "01/06/2021"}, {"title": "a\x07b"}, {"extra": 1}],
)  # fmt: skip
def test_create_rejects_malformed_fields(province, lib, officer, change):
    before = state()
    assert officer.post("/regulations", NEW | change).status_code == 422
    assert state() == before


def test_a_member_may_not_create_or_change_regulations(province, lib, member):
    before = state()
    assert member.post("/regulations", NEW).status_code == 403
    response = member.patch(f"/regulations/{lib.qd37.pk}", {"version": 1, "title": "X"})
    assert response.status_code == 403 and response.json()["code"] == "forbidden"
    assert (
        member.post(f"/regulations/{lib.qd37.pk}/items", {"number": "9", "title": "X"}).status_code
        == 403
    )
    assert member.delete(f"/regulations/items/{lib.art2.pk}").status_code == 403
    assert state() == before


def test_patch_changes_only_what_is_sent(province, lib, officer):
    response = officer.patch(f"/regulations/{lib.qd37.pk}", {"version": 1, "issued_on": None})
    body = response.json()
    assert response.status_code == 200, body
    assert body["issued_on"] is None and body["title"] == "Những điều đảng viên không được làm"
    assert body["version"] == 2


def test_a_stale_patch_is_409_with_the_current_regulation(province, lib, officer):
    officer.patch(f"/regulations/{lib.qd37.pk}", {"version": 1, "title": "Mới"})
    before = state()
    response = officer.patch(f"/regulations/{lib.qd37.pk}", {"version": 1, "title": "Của tôi"})
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "conflict" and "vừa được người khác sửa" in body["detail"]
    assert body["current"]["title"] == "Mới" and body["current"]["version"] == 2
    assert state() == before


def test_replace_and_restore(province, lib, officer):
    path = f"/regulations/{lib.qd37.pk}/replace"
    body = officer.post(path, {"version": 1, "replaced_by": lib.qd144.pk}).json()
    assert body["status"] == "replaced" and body["replaced_by"]["id"] == lib.qd144.pk
    body = officer.post(path, {"version": 2, "replaced_by": None}).json()
    assert body["status"] == "in_force" and body["replaced_by"] is None


def test_replace_refuses_itself_an_unknown_document_and_a_stale_version(province, lib, officer):
    path = f"/regulations/{lib.qd37.pk}/replace"
    before = state()
    response = officer.post(path, {"version": 1, "replaced_by": lib.qd37.pk})
    assert response.status_code == 400
    assert response.json()["detail"] == "Một văn bản không thể được thay thế bởi chính nó."
    response = officer.post(path, {"version": 1, "replaced_by": 999_999})
    assert response.status_code == 404 and response.json()["field"] == "replaced_by"
    response = officer.post(path, {"version": 5, "replaced_by": lib.qd144.pk})
    assert response.status_code == 409 and response.json()["current"]["version"] == 1
    assert state() == before


# Items ----------------------------------------------------------------------------


def test_items_are_added_edited_and_deleted(province, lib, officer):
    response = officer.post(
        f"/regulations/{lib.qd37.pk}/items",
        {"number": "Điều 3", "title": "Tham nhũng", "text": "Dòng 1\nDòng 2"},
    )
    assert response.status_code == 201
    item = response.json()
    assert item["order"] == 1 and item["text"] == "Dòng 1\nDòng 2"
    response = officer.patch(f"/regulations/items/{item['id']}", {"title": "Tham nhũng, tiêu cực"})
    assert (
        response.json()["title"] == "Tham nhũng, tiêu cực" and response.json()["number"] == "Điều 3"
    )
    assert officer.delete(f"/regulations/items/{item['id']}").status_code == 204
    assert not RegulationItem.objects.filter(pk=item["id"]).exists()


def test_item_bad_input(province, lib, officer):
    path = f"/regulations/{lib.qd37.pk}/items"
    before = state()
    response = officer.post(path, {"number": "điều 2", "title": "Trùng"})
    assert response.status_code == 400 and response.json()["field"] == "number"
    for body in (
        {"number": "Điều 9", "title": "x" * 10_000},
        {"number": "Điều 9", "title": "X", "text": "y" * 20_001},
        {"number": "Điều 9", "title": "X", "order": -1},
        {"number": "Điều 9", "title": "X", "order": "1"},
        {"number": "Điều 9", "title": "X", "text": "a\x00b"},
    ):
        assert officer.post(path, body).status_code == 422, body
    assert state() == before


def test_deleting_a_cited_item_is_refused(province, lib, officer, period):
    cite(lib.loyal, period, province.school, times=3)
    before = state()
    response = officer.delete(f"/regulations/items/{lib.loyal.pk}")
    assert response.status_code == 400
    assert response.json()["code"] == "cited"
    assert "3 nội dung chuẩn mực đạo đức đang trích dẫn" in response.json()["detail"]
    assert state() == before


# Periods --------------------------------------------------------------------------


def test_periods_list_marks_the_current_one(province, member, period):
    Period.objects.create(name="Năm 2025", starts_on=date(2025, 1, 1), ends_on=date(2025, 12, 31))
    items = member.get("/regulations/periods").json()["items"]
    assert [(p["name"], p["is_current"]) for p in items] == [
        ("Năm 2026", True),
        ("Năm 2025", False),
    ]
    body = member.get(f"/regulations/periods/{period.pk}").json()
    assert body["codes_published_by"] == "2026-03-31" and body["code_item_max_length"] == 300


def test_officer_creates_a_period_with_regulations(province, lib, officer):
    response = officer.post("/regulations/periods", PERIOD | {"regulations": [lib.qd144.pk]})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["year_theme"] == "Chuyên đề\nnăm 2027" and body["kind"] == "year"
    assert [r["symbol"] for r in body["regulations"]] == ["144-QĐ/TW"]


@pytest.mark.parametrize(
    ("change", "status", "field"),
    [
        ({"ends_on": "2026-12-31", "codes_published_by": None}, 400, "ends_on"),
        ({"codes_published_by": "2028-01-01"}, 400, "codes_published_by"),
        ({"reviews_done_by": "2026-12-31"}, 400, "reviews_done_by"),
        ({"code_item_max_length": 19}, 400, "code_item_max_length"),
        ({"code_item_max_length": 10**30}, 400, "code_item_max_length"),
        ({"name": "năm 2026"}, 400, "name"),
        ({"regulations": [999_999]}, 404, "regulations"),
        ({"regulations": [HUGE]}, 422, None),
        ({"regulations": list(range(1, 202))}, 422, None),
        ({"name": "n" * 10_000}, 422, None),
        ({"kind": "month"}, 422, None),
        ({"code_item_max_length": "300"}, 422, None),
    ],
)
def test_period_bad_input(province, lib, officer, period, change, status, field):
    before = state()
    response = officer.post("/regulations/periods", PERIOD | change)
    assert response.status_code == status, response.content
    if field:
        assert response.json()["field"] == field
    assert state() == before


def test_a_replaced_regulation_is_not_linked_to_a_new_period(province, lib, officer):
    response = officer.post("/regulations/periods", PERIOD | {"regulations": [lib.qd124.pk]})
    assert response.status_code == 400
    assert "124-QĐ/TW" in response.json()["detail"]


def test_patch_period_changes_only_what_is_sent_and_a_null_clears_a_deadline(
    province, lib, officer, period
):
    path = f"/regulations/periods/{period.pk}"
    body = officer.patch(path, {"version": 1, "codes_published_by": None, "name": None}).json()
    assert body["codes_published_by"] is None and body["name"] == "Năm 2026"
    body = officer.patch(path, {"version": 2, "regulations": [lib.qd37.pk]}).json()
    assert [r["symbol"] for r in body["regulations"]] == ["37-QĐ/TW"] and body["version"] == 3


def test_a_stale_period_patch_is_409_with_the_current_period(province, officer, period):
    path = f"/regulations/periods/{period.pk}"
    officer.patch(path, {"version": 1, "term_theme": "Toàn khóa"})
    before = state()
    response = officer.patch(path, {"version": 1, "term_theme": "Của tôi"})
    assert response.status_code == 409
    assert response.json()["current"]["term_theme"] == "Toàn khóa"
    assert state() == before


def test_close_and_open_a_period(province, officer, member, period):
    path = f"/regulations/periods/{period.pk}"
    assert member.post(f"{path}/close").status_code == 403
    assert officer.post(f"{path}/close").json()["is_open"] is False
    response = officer.post(f"{path}/close")
    assert response.status_code == 400 and response.json()["detail"] == "Kỳ này đã đóng."
    assert officer.post(f"{path}/open").json()["is_open"] is True


def test_a_member_may_not_create_or_change_periods(province, lib, member, period):
    before = state()
    assert member.post("/regulations/periods", PERIOD).status_code == 403
    response = member.patch(f"/regulations/periods/{period.pk}", {"version": 1, "name": "X"})
    assert response.status_code == 403
    assert state() == before
