"""GET /status/codes, /status/codes/units and /me/inbox."""

import pytest

from neuguong.dashboards.queries import FLAGS
from neuguong.dashboards.tests.builders import EXPECTED, build_codes

pytestmark = pytest.mark.django_db


@pytest.fixture
def built(province, period):
    return build_codes(province, period)


def test_the_status_gives_the_figures_by_sector_and_area(api_as, province, period, built):
    response = api_as("propaganda").get("/status/codes", unit=province.root.pk, period=period.pk)
    assert response.status_code == 200
    body = response.json()
    assert body["totals"] == EXPECTED
    assert body["unit"]["id"] == province.root.pk and body["period"]["id"] == period.pk
    sectors = {row["code"]: row for row in body["by_sector"]}
    assert sectors["giao-duc"]["evaluated"] == 1
    assert sectors[None]["name"] == "Chưa gắn lĩnh vực"
    assert {row["code"] for row in body["by_area"]} == {"hoa-an", "binh-minh", None}
    assert body["published_without_people"] == 1


def test_each_figure_equals_the_count_of_its_list(api_as, province, period, built):
    api = api_as("org_officer")
    for flag in FLAGS:
        done = api.get("/status/codes/units", period=period.pk, flag=flag, state="done").json()
        missing = api.get("/status/codes/units", period=period.pk, flag=flag, state="missing")
        assert done["count"] == EXPECTED[flag] == len(done["items"])
        assert done["count"] + missing.json()["count"] == EXPECTED["units"]


def test_the_list_pages_with_limit_and_offset(api_as, province, period, built):
    api = api_as("org_officer")
    page = api.get("/status/codes/units", flag="built", state="done", limit=2, offset=4).json()
    assert (page["count"], len(page["items"])) == (5, 1)


def test_filters_take_sector_and_area_codes(api_as, province, period, built):
    api = api_as("org_officer")
    body = api.get("/status/codes", sector="giao-duc").json()
    assert body["totals"]["units"] == 1 and body["sector"]["code"] == "giao-duc"
    assert api.get("/status/codes", area="hoa-an").json()["totals"]["units"] == 1


@pytest.mark.parametrize(
    ("params", "status", "field"),
    [
        ({"sector": "khong-co"}, 400, "sector"),
        ({"area": "khong-co"}, 400, "area"),
        ({"period": 999999}, 400, "period"),
        ({"period": "abc"}, 422, None),
        ({"flag": "nope"}, 422, None),
        ({"unit": 0}, 422, None),
    ],
)
def test_bad_filters_are_refused_clearly(api_as, province, period, params, status, field):
    response = api_as("org_officer").get("/status/codes/units", **params)
    assert response.status_code == status
    if field:
        assert response.json()["field"] == field


def test_a_unit_outside_the_scope_is_not_found(api_as, province, period):
    response = api_as("unit_head").get("/status/codes", unit=province.khu3.pk)
    assert response.status_code == 404


def test_members_may_not_see_the_status(api_as, province, period):
    assert api_as("member").get("/status/codes").status_code == 403


def test_without_any_period_the_status_says_so(api_as, province):
    response = api_as("org_officer").get("/status/codes")
    assert response.status_code == 404
    assert response.json()["field"] == "period"


def test_the_inbox_lists_what_the_caller_must_do(api_as, province, period):
    items = api_as("secretary").get("/me/inbox").json()
    assert items == [
        {
            "kind": "code.build",
            "title": "Xây dựng, rà soát và trình chuẩn mực đạo đức (Năm 2026)",
            "url": f"/codes/unit/{province.maths.pk}/",
            "unit": "Chi bộ Tổ Toán",
            "due": "2026-03-31",
            "count": 1,
        }
    ]
    assert api_as("member").get("/me/inbox").json() == []
