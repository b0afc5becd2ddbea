"""Who sees which dashboard, and how bad parameters are answered: 404 for a unit outside
the scope, a period or a counter that does not exist; 403 without the permission;
400 with a message naming a sector, area, unit kind or person category that does not
exist, and nothing else on the page."""

import pytest
from django.urls import reverse

from conftest import PERSONAS

pytestmark = pytest.mark.django_db

GONE, FORBIDDEN, OK = 404, 403, 200


def dashboard(pk) -> str:
    return reverse("dashboards:unit", args=[pk])


def rows(pk, counter="people") -> str:
    return reverse("dashboards:rows", args=[pk, counter])


# Each persona's dashboard scope: the unit they see, and one outside it.
SCOPES = {
    "secretary": ("maths", "school"),
    "unit_head": ("hoa_an", "binh_minh"),
    "supervisor": ("school", "hoa_an"),
    "org_officer": ("root", None),
    "inspection": ("root", None),
    "admin": ("root", None),
    "outsider": ("khu3", "maths"),
    "propaganda": ("board", None),
}


@pytest.mark.parametrize("persona", [p for p in PERSONAS if p != "member"])
def test_each_persona_sees_the_dashboards_of_their_scope_only(
    client_for, province, period, persona
):
    inside, outside = SCOPES[persona]
    client = client_for(persona)
    unit = getattr(province, inside)
    assert client.get(dashboard(unit.pk)).status_code == OK
    assert client.get(rows(unit.pk)).status_code == OK
    if outside:
        other = getattr(province, outside)
        assert client.get(dashboard(other.pk)).status_code == GONE
        assert client.get(rows(other.pk)).status_code == GONE


def test_a_member_without_the_permission_is_forbidden(client_for, province, period):
    client = client_for("member")
    for url in (reverse("dashboards:index"), dashboard(province.maths.pk), rows(province.maths.pk)):
        assert client.get(url).status_code == FORBIDDEN


def test_a_unit_that_does_not_exist_is_not_found(client_for, province, period):
    client = client_for("admin")
    assert client.get(dashboard(999999)).status_code == GONE
    assert client.get(rows(999999)).status_code == GONE


@pytest.mark.parametrize("value", ["999999", "abc", "0", "-1", "1" * 30])
def test_a_period_that_does_not_exist_is_not_found(client_for, province, period, value):
    client = client_for("org_officer")
    assert client.get(dashboard(province.root.pk), {"period": value}).status_code == GONE
    assert client.get(rows(province.root.pk), {"period": value}).status_code == GONE


def test_an_unknown_counter_is_not_found(client_for, province, period):
    client = client_for("org_officer")
    for counter in ("nope", "code_built_x", "units-1"):
        assert client.get(rows(province.root.pk, counter)).status_code == GONE
    # The counter is checked after the scope: outside it, nothing tells what exists.
    assert client_for("secretary").get(rows(province.school.pk, "nope")).status_code == GONE


@pytest.mark.parametrize(
    ("param", "value", "named"),
    [
        ("sector", "999999", "lĩnh vực “999999”"),
        ("sector", "giao-duc", "lĩnh vực “giao-duc”"),  # pages name sectors by id
        ("area", "abc", "địa bàn “abc”"),
        ("kind", "nope", "loại đơn vị “nope”"),
        ("kind", "PARTY_CELL", "loại đơn vị “PARTY_CELL”"),
        ("category", "<b>x</b>", "nhóm đối tượng “&lt;b&gt;x&lt;/b&gt;”"),
    ],
)
def test_a_filter_value_that_does_not_exist_is_refused_with_its_name(
    client_for, province, period, param, value, named
):
    client = client_for("org_officer")
    for url in (dashboard(province.root.pk), rows(province.root.pk)):
        response = client.get(url, {"period": period.pk, param: value})
        html = response.content.decode()
        assert response.status_code == 400
        assert named in html and 'role="alert"' in html
        assert f'href="{dashboard(province.root.pk)}"' in html  # the way back
        # Nothing else: no figures, no tables, no charts.
        assert "data-counter" not in html and "<table" not in html and "<svg" not in html


def test_the_index_refuses_a_bad_filter_too(client_for, province, period):
    response = client_for("secretary").get(reverse("dashboards:index"), {"kind": "nope"})
    assert response.status_code == 400
    assert "loại đơn vị “nope”" in response.content.decode()
    response = client_for("secretary").get(reverse("dashboards:index"), {"period": "999999"})
    assert response.status_code == GONE


def test_the_breadcrumb_shows_only_the_ancestors_in_scope(client_for, province, period):
    html = client_for("unit_head").get(dashboard(province.maths.pk)).content.decode()
    assert province.hoa_an.name in html and province.school.name in html
    assert province.root.name not in html
