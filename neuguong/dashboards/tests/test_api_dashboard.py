"""GET /api/v1/status/dashboard and /status/rows: the same figures, lists and answers
to bad input as the pages."""

from datetime import date

import pytest

from neuguong.api.tests.helpers import ApiClient, client_for_user
from neuguong.regulations.models import Period

from .. import lists, tally
from ..models import COUNTERS
from .builders import build_codes

pytestmark = pytest.mark.django_db


@pytest.fixture
def api_as(province):
    def _api(persona):
        return ApiClient() if persona is None else client_for_user(province.users[persona])

    return _api


@pytest.fixture
def built(province, period):
    return build_codes(province, period)


def test_the_dashboard_gives_the_figures_the_previous_period_and_the_children(
    api_as, province, period, built
):
    before = built["older"]  # Năm 2025, with a code published at Bình Minh
    Period.objects.create(name="Năm 2024", starts_on=date(2024, 1, 1), ends_on=date(2024, 12, 31))
    body = api_as("org_officer").get("/status/dashboard", period=period.pk).json()
    assert body["unit"]["id"] == province.root.pk
    assert body["period"]["id"] == period.pk and body["period"]["kind"] == "year"
    assert body["previous_period"]["id"] == before.pk
    assert body["figures"] == tally.figures(province.root, period)
    assert set(body["figures"]) == set(COUNTERS)
    assert body["figures"]["code_built"] == 5
    assert body["previous_figures"] == tally.figures(province.root, before)
    assert body["previous_figures"]["code_built"] == 1
    children = {c["id"]: c for c in body["children"]}
    assert set(children) == {province.hoa_an.pk, province.binh_minh.pk, province.board.pk}
    assert children[province.hoa_an.pk]["figures"]["code_published"] == 2


def test_the_dashboard_filters_by_codes_and_choices(api_as, province, period, built):
    api = api_as("org_officer")
    body = api.get("/status/dashboard", unit=province.root.pk, sector="giao-duc").json()
    assert body["figures"]["units"] == 1  # the school
    assert [c["id"] for c in body["children"]] == [province.hoa_an.pk]
    body = api.get("/status/dashboard", kind="party_cell", category="cong_chuc").json()
    assert body["figures"] == tally.figures(
        province.root, period, kind="party_cell", category="cong_chuc"
    )
    assert body["previous_period"]["id"] == built["older"].pk


def test_each_list_totals_its_figure(api_as, province, period, built):
    api = api_as("propaganda")
    figures = api.get("/status/dashboard", unit=province.hoa_an.pk).json()["figures"]
    for counter in COUNTERS:
        page = api.get("/status/rows", unit=province.hoa_an.pk, counter=counter).json()
        assert page["total"] == figures[counter], counter
        assert len(page["items"]) == min(page["total"], page["limit"])
    page = api.get("/status/rows", unit=province.hoa_an.pk, counter="code_published").json()
    assert {i["name"] for i in page["items"]} == {"Chi bộ Tổ Toán", "Đảng bộ Trường THPT Hòa An"}
    assert page["items"][0]["kind"] == "unit" and page["label"]


def test_the_rows_are_paged(api_as, province, period):
    api = api_as("org_officer")
    everyone = api.get("/status/rows", counter="people", limit=200).json()
    assert everyone["total"] == 7 == len(everyone["items"])
    page = api.get("/status/rows", counter="people", limit=2, offset=4).json()
    assert page["total"] == 7
    assert [i["id"] for i in page["items"]] == [i["id"] for i in everyone["items"][4:6]]
    assert all(i["kind"] == "person" and i["category"] == "cong_chuc" for i in page["items"])
    assert lists.count("people", province.root, period) == 7


@pytest.mark.parametrize(
    ("params", "status", "field"),
    [
        ({"sector": "khong-co"}, 400, "sector"),
        ({"area": "khong-co"}, 400, "area"),
        ({"kind": "nope"}, 400, "kind"),
        ({"category": "nope"}, 400, "category"),
        ({"period": 999999}, 404, "period"),
        ({"period": "abc"}, 422, None),
        ({"unit": 0}, 422, None),
        ({"unit": 999999}, 404, None),
        ({"kind": "x" * 41}, 422, None),
        ({"category": "a\x00b"}, 422, None),
    ],
)
def test_bad_parameters_are_refused_as_on_the_pages(
    api_as, province, period, params, status, field
):
    for route in ("/status/dashboard", "/status/rows"):
        response = api_as("org_officer").get(route, **params)
        assert response.status_code == status, (route, response.content)
        if field:
            body = response.json()
            assert body["field"] == field
            assert str(next(iter(params.values()))) in body["detail"]


def test_bad_row_parameters_are_refused(api_as, province, period):
    api = api_as("org_officer")
    response = api.get("/status/rows", counter="nope")
    assert response.status_code == 404
    assert response.json()["field"] == "counter" and "nope" in response.json()["detail"]
    assert api.get("/status/rows", limit=0).status_code == 422
    assert api.get("/status/rows", limit=201).status_code == 422
    assert api.get("/status/rows", offset=-1).status_code == 422


def test_scope_and_permission_as_on_the_pages(api_as, province, period):
    assert api_as("member").get("/status/dashboard").status_code == 403
    assert api_as("member").get("/status/rows").status_code == 403
    assert api_as(None).get("/status/dashboard").status_code == 401
    for route in ("/status/dashboard", "/status/rows"):
        assert api_as("unit_head").get(route, unit=province.khu3.pk).status_code == 404
        assert api_as("secretary").get(route, unit=province.school.pk).status_code == 404
        assert api_as("supervisor").get(route, unit=province.school.pk).status_code == 200
    body = api_as("secretary").get("/status/dashboard").json()
    assert body["unit"]["id"] == province.maths.pk


def test_a_period_without_an_earlier_one_has_no_comparison(api_as, province, period):
    body = api_as("org_officer").get("/status/dashboard").json()
    assert body["period"]["id"] == period.pk
    assert body["previous_period"] is None and body["previous_figures"] is None


def test_without_any_period_the_dashboard_says_so(api_as, province):
    response = api_as("org_officer").get("/status/dashboard")
    assert response.status_code == 404
    assert response.json()["field"] == "period"
