import pytest
from django.urls import reverse

from neuguong.organisations.factories import make_unit

UNITS = reverse("organisations:unit_search")
USERS = reverse("organisations:user_search")


def picked_ids(body):
    return body.count("data-pick-id=")


def test_unit_search_finds_without_diacritics_within_the_scope(client_for, province):
    body = client_for("unit_head").get(UNITS, {"q": "hoa an"}).content.decode()
    assert "Đảng ủy xã Hòa An" in body and "<html" not in body
    assert (
        client_for("outsider").get(UNITS, {"q": "hoa an"}).content.decode().count("data-pick-id")
        == 0
    )


def test_unit_search_reads_the_pickers_own_box(client_for, province):
    body = client_for("org_officer").get(UNITS, {"workplace_search": "dong"}).content.decode()
    assert "Chi bộ Thôn Đông" in body


def test_unit_search_gives_at_most_20_results_a_page(
    client_for, province, django_assert_max_num_queries
):
    for i in range(25):
        make_unit(f"Chi bộ Thôn Số {i}", parent=province.hoa_an, code=f"THON-{i}")
    client = client_for("org_officer")
    with django_assert_max_num_queries(14):
        body = client.get(UNITS, {"q": "thon"}).content.decode()
    assert picked_ids(body) == 20 and "26 đơn vị phù hợp" in body
    body = client.get(UNITS, {"q": "thon", "page": "2"}).content.decode()
    assert picked_ids(body) == 6


def test_unit_search_for_managing_keeps_to_the_managed_scope(client_for, province):
    assert client_for("unit_head").get(UNITS, {"q": "hoa", "perm": "manage"}).status_code == 403
    assert client_for("org_officer").get(UNITS, {"q": "hoa", "perm": "root"}).status_code == 404


def test_unit_search_leaves_out_retired_units(client_for, province):
    make_unit("Chi bộ Cũ", parent=province.hoa_an, code="CU").__class__.objects.filter(
        code="CU"
    ).update(is_active=False)
    assert picked_ids(client_for("org_officer").get(UNITS, {"q": "cu"}).content.decode()) == 0


@pytest.mark.parametrize(
    "text", ["%", "_", "' OR 1=1 --", "<img src=x onerror=alert(1)>", "\\", "a" * 10_000]
)
def test_unit_search_with_metacharacters_is_harmless(client_for, province, text):
    response = client_for("org_officer").get(UNITS, {"q": text})
    assert response.status_code == 200
    assert "<img" not in response.content.decode()
    assert picked_ids(response.content.decode()) == 0


def test_empty_search_lists_nothing(client_for, province):
    assert picked_ids(client_for("org_officer").get(UNITS, {"q": "  "}).content.decode()) == 0


def test_user_search_finds_by_username_or_person_name(client_for, province):
    client = client_for("admin")
    assert 'data-pick-label="member"' in client.get(USERS, {"q": "mem"}).content.decode()
    body = client.get(USERS, {"user_account_search": "nguyen van"}).content.decode()
    assert 'data-pick-label="member"' in body and "Nguyễn Văn An" in body


def test_user_search_needs_the_roles_right(client_for, province):
    assert client_for("org_officer").get(USERS, {"q": "a"}).status_code == 403
