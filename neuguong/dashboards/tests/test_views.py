"""The status page and the lists of units behind its figures."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from neuguong.dashboards.queries import FLAGS
from neuguong.organisations.factories import make_unit
from neuguong.standards.factories import make_code

from .builders import EXPECTED, build_codes

pytestmark = pytest.mark.django_db

STATUS = reverse("dashboards:codes")
UNITS = reverse("dashboards:code_units")


@pytest.fixture
def built(province, period):
    return build_codes(province, period)


def _units_listed(client, query: str) -> int:
    response = client.get(f"{UNITS}?{query}")
    assert response.status_code == 200
    return int(re.search(r"Có (\d+) đơn vị", response.content.decode()).group(1))


def test_the_page_shows_the_headline_with_links_to_the_lists(client_for, province, period, built):
    response = client_for("org_officer").get(STATUS)
    html = response.content.decode()
    assert response.status_code == 200
    assert "5 đơn vị đã xây dựng, rà soát chuẩn mực" in html
    assert "1 đơn vị đã đánh giá" in html
    query = f"unit={province.root.pk}&amp;period={period.pk}"
    assert f"{UNITS}?{query}&amp;flag=built&amp;state=done" in html
    assert "Chưa gắn lĩnh vực" in html and "Chưa gắn địa bàn" in html
    assert "<caption" in html and 'scope="row"' in html


def test_each_figure_reconciles_with_its_list_page(client_for, province, period, built):
    client = client_for("propaganda")
    base = f"unit={province.root.pk}&period={period.pk}"
    for flag in FLAGS:
        done = _units_listed(client, f"{base}&flag={flag}&state=done")
        missing = _units_listed(client, f"{base}&flag={flag}&state=missing")
        assert done == EXPECTED[flag]
        assert done + missing == EXPECTED["units"]


def test_a_sector_row_reconciles_with_its_filtered_list(client_for, province, period, built):
    query = (
        f"unit={province.root.pk}&period={period.pk}&sector={province.education.pk}"
        "&flag=evaluated&state=done"
    )
    response = client_for("org_officer").get(f"{UNITS}?{query}")
    assert _units_listed(client_for("org_officer"), query) == 1
    assert reverse("standards:unit_codes", args=[province.school.pk]) in response.content.decode()


def test_the_list_is_paginated(client_for, province, period, settings):
    settings.PAGE_SIZE = 3
    for i in range(7):
        make_unit(f"Chi bộ {i}", parent=province.board, code=f"BTC-{i}")
    client = client_for("org_officer")
    query = f"unit={province.board.pk}&period={period.pk}&flag=built&state=missing"
    first = client.get(f"{UNITS}?{query}").content.decode()
    assert "Trang 1/3" in first and "Có 8 đơn vị" in first
    last = client.get(f"{UNITS}?{query}&page=3").content.decode()
    assert "Trang 3/3" in last


def test_the_default_unit_is_the_users_highest(client_for, province, period):
    assert client_for("secretary").get(STATUS).context["unit"] == province.maths
    assert client_for("supervisor").get(STATUS).context["unit"] == province.school
    assert client_for("inspection").get(STATUS).context["unit"] == province.root


def test_children_link_to_their_own_status(client_for, province, period, built):
    html = client_for("unit_head").get(STATUS).content.decode()
    assert f"{STATUS}?unit={province.school.pk}&amp;period={period.pk}" in html


def test_members_may_not_see_the_status(client_for, province, period):
    assert client_for("member").get(STATUS).status_code == 403
    assert client_for("member").get(f"{UNITS}?flag=built&state=done").status_code == 403


def test_a_unit_outside_the_scope_is_not_found(client_for, province, period):
    client = client_for("unit_head")
    assert client.get(f"{STATUS}?unit={province.binh_minh.pk}").status_code == 404
    assert client.get(f"{STATUS}?unit=abc").status_code == 404
    assert client.get(f"{STATUS}?unit=999999999").status_code == 404
    query = f"unit={province.khu3.pk}&flag=built&state=done"
    assert client.get(f"{UNITS}?{query}").status_code == 404


@pytest.mark.parametrize(
    ("param", "message"),
    [
        ("period=999999", "Không tìm thấy kỳ thực hiện"),
        ("period=abc", "Không tìm thấy kỳ thực hiện"),
        ("sector=999999", "Không tìm thấy lĩnh vực"),
        ("area=x", "Không tìm thấy địa bàn"),
    ],
)
def test_an_unknown_period_sector_or_area_gets_a_message(client_for, period, param, message):
    client = client_for("org_officer")
    for url in (STATUS, UNITS):
        response = client.get(f"{url}?{param}&flag=built&state=done")
        assert response.status_code == 400
        assert message in response.content.decode()


@pytest.mark.parametrize("query", ["flag=nope&state=done", "flag=built&state=maybe", ""])
def test_a_bad_list_gets_a_message(client_for, period, query):
    response = client_for("org_officer").get(f"{UNITS}?{query}")
    assert response.status_code == 400
    assert "Danh sách không hợp lệ" in response.content.decode()


def test_without_any_period_the_page_says_so(client_for, province):
    response = client_for("org_officer").get(STATUS)
    assert response.status_code == 200
    assert "Chưa có kỳ thực hiện nào" in response.content.decode()


def _cells(parent, n, period, start=0):
    for i in range(start, start + n):
        make_code(make_unit(f"Chi bộ {i}", parent=parent, code=f"{parent.code}-{i}"), period)


def test_the_pages_queries_do_not_grow_with_the_units(client_for, province, period):
    client = client_for("org_officer")
    pages = [
        f"{STATUS}?unit={province.board.pk}",
        f"{UNITS}?unit={province.board.pk}&flag=published&state=done",
    ]

    def count(url):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    client.get(STATUS)  # the first request of a session also pushes its expiry
    _cells(province.board, 5, period)
    small = [count(url) for url in pages]
    _cells(province.board, 45, period, start=5)
    large = [count(url) for url in pages]
    assert small == large
    assert max(large) <= 24


def test_with_a_sector_filter_only_exact_rows_link_to_lists(client_for, province, period, built):
    query = f"unit={province.root.pk}&period={period.pk}&sector={province.education.pk}"
    html = client_for("org_officer").get(f"{STATUS}?{query}").content.decode()
    assert f"{UNITS}?{query.replace('&', '&amp;')}&amp;flag=evaluated&amp;state=done" in html
    province.school.sectors.add(province.health)  # now another sector's row shows up
    html = client_for("org_officer").get(f"{STATUS}?{query}").content.decode()
    assert f"sector={province.health.pk}&amp;flag" not in html
