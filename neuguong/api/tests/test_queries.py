"""Lists cost the same number of queries whatever the page size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from neuguong.organisations.factories import make_person, make_unit
from neuguong.organisations.models import Post


@pytest.fixture
def crowd(province):
    for i in range(30):
        cell = make_unit(
            f"Chi bộ {i}",
            parent=province.hoa_an,
            sectors=[province.education],
            areas=[province.hoa_an_area],
        )
        person = make_person(
            f"Người Thứ {i}",
            workplace=province.school,
            party_cell=cell,
            management_unit=province.hoa_an,
        )
        Post.objects.create(person=person, unit=cell, title="Đảng viên")
    return province


@pytest.fixture
def api_as(api_as):
    """A client whose token was already used: the first use also records its time."""

    def _api(persona):
        api = api_as(persona)
        api.get("/me")
        return api

    return _api


def queries(api, path, **params):
    with CaptureQueriesContext(connection) as ctx:
        response = api.get(path, **params)
    assert response.status_code == 200, response.content
    return len(ctx.captured_queries)


@pytest.mark.parametrize(
    ("persona", "path"),
    [
        ("org_officer", "/units"),
        ("unit_head", "/units"),
        ("org_officer", "/people"),
        ("unit_head", "/people"),
        ("supervisor", "/people"),
    ],
)
def test_list_query_count_does_not_grow_with_the_page(crowd, api_as, persona, path):
    api = api_as(persona)
    small = queries(api, path, limit=2)
    large = queries(api, path, limit=200)
    assert small == large


def test_unit_children_and_people_query_counts(crowd, api_as):
    api = api_as("unit_head")
    hoa_an = crowd.hoa_an.pk
    assert queries(api, f"/units/{hoa_an}/children", limit=2) == queries(
        api, f"/units/{hoa_an}/children", limit=200
    )
    assert queries(api, f"/units/{hoa_an}/people", limit=2) == queries(
        api, f"/units/{hoa_an}/people", limit=200
    )


def test_lists_stay_under_a_fixed_query_budget(crowd, api_as, django_assert_max_num_queries):
    api = api_as("unit_head")
    # Token, scope (roles, person, roots), count, page, sectors, areas.
    with django_assert_max_num_queries(10):
        assert api.get("/units", limit=200).json()["count"] == 34
    with django_assert_max_num_queries(10):
        assert api.get("/people", limit=200).json()["count"] == 34
    with django_assert_max_num_queries(12):
        api.get(f"/units/{crowd.maths.pk}/ancestors")


def test_person_detail_fetches_posts_in_one_query(crowd, api_as, django_assert_max_num_queries):
    person = crowd.people.member
    for i in range(10):
        Post.objects.create(person=person, unit=crowd.maths, title=f"Việc {i}")
    api = api_as("org_officer")
    with django_assert_max_num_queries(8):
        body = api.get(f"/people/{person.pk}").json()
    assert len(body["posts"]) == 10
