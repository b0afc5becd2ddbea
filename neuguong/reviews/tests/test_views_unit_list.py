"""The units a user follows, with the reviews' progress in the chosen period."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from neuguong.core.access import Role
from neuguong.organisations.factories import give_role, make_unit, make_user
from neuguong.regulations.models import Period
from neuguong.reviews.factories import make_review
from neuguong.reviews.models import ReviewStatus

pytestmark = pytest.mark.django_db
URL = reverse("reviews:units")


def _names(response) -> list[str]:
    return [row["unit"].name for row in response.context["rows"]]


def test_units_show_the_count_of_reviews_per_status(province, period, client_for):
    people = province.people
    make_review(people.member, period, status=ReviewStatus.DRAFT, proposed=None)
    make_review(people.secretary, period, proposed=2)
    make_review(None, period, unit=province.maths, decided=2, score=Decimal(85))
    make_review(people.villager, period, status=ReviewStatus.SUBMITTED, proposed=None)
    # Another period's reviews do not count.
    earlier = Period.objects.create(
        name="Năm 2025", starts_on=date(2025, 1, 1), ends_on=date(2025, 12, 31)
    )
    make_review(people.member, earlier, decided=2)
    response = client_for("unit_head").get(URL + f"?period={period.pk}")
    assert response.status_code == 200
    rows = {row["unit"].name: row["counts"] for row in response.context["rows"]}
    assert rows["Chi bộ Tổ Toán"] == {"total": 3, "draft": 1, "proposed": 1, "decided": 1}
    assert rows["Chi bộ Thôn Đông"] == {"total": 1, "submitted": 1}
    assert rows["Đảng bộ Trường THPT Hòa An"] == {"total": 0}
    page = response.content.decode()
    sheet = reverse("reviews:sheet", kwargs={"unit_pk": province.maths.pk})
    assert f'href="{sheet}?period={period.pk}"' in page


def test_each_user_sees_only_the_units_of_their_scope(province, period, client_for):
    assert _names(client_for("outsider").get(URL)) == ["Chi bộ Khu 3"]
    assert _names(client_for("secretary").get(URL)) == ["Chi bộ Tổ Toán"]
    assert _names(client_for("supervisor").get(URL)) == [
        "Đảng bộ Trường THPT Hòa An",
        "Chi bộ Tổ Toán",
    ]
    assert client_for("member").get(URL).status_code == 403
    assert client_for("propaganda").get(URL).status_code == 403


def test_search_ignores_diacritics_and_case(province, period, client_for):
    response = client_for("org_officer").get(URL + "?q=to TOAN")
    assert _names(response) == ["Chi bộ Tổ Toán"]
    assert _names(client_for("org_officer").get(URL + "?q=HOA-AN-DONG")) == ["Chi bộ Thôn Đông"]
    response = client_for("org_officer").get(URL + "?q=xyzxyz")
    assert (
        response.context["rows"] == []
        and "Không có đơn vị nào phù hợp." in response.content.decode()
    )


def test_the_units_the_user_assesses_come_first(province, period, client_for):
    user = make_user("mixed")
    give_role(user, Role.SUPERVISOR, province.root, sectors=[province.education])
    give_role(user, Role.SECRETARY, province.dong)
    client = client_for(None)
    client.force_login(user)
    response = client.get(URL)
    assert _names(response) == ["Chi bộ Thôn Đông", "Đảng bộ Trường THPT Hòa An", "Chi bộ Tổ Toán"]
    assert [row["assesses"] for row in response.context["rows"]] == [True, False, False]


def test_an_unknown_period_is_a_clear_message(province, period, client_for):
    for value in ("424242", "x"):
        response = client_for("secretary").get(URL + f"?period={value}")
        assert response.status_code == 400
        assert f"Không có kỳ kiểm điểm “{value}”. Hãy chọn một kỳ trong danh sách." in (
            response.content.decode()
        )


def test_the_default_period_is_the_current_one(province, period, client_for):
    Period.objects.create(name="Năm 2025", starts_on=date(2025, 1, 1), ends_on=date(2025, 12, 31))
    response = client_for("secretary").get(URL)
    assert response.context["period"] == Period.objects.current()


def _many_units(province, n: int, start: int = 0) -> None:
    for i in range(start, start + n):
        make_unit(f"Chi bộ Xóm {i:03d}", parent=province.dong, code=f"XOM-{i:03d}")


def test_units_are_paged_and_the_query_count_does_not_grow_with_them(
    province, period, client_for, django_assert_max_num_queries
):
    _many_units(province, 5)
    client = client_for("org_officer")
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    _many_units(province, 70, start=5)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(URL)
    assert len(response.context["rows"]) == 50
    assert response.context["page"].paginator.count == 83
    second = client.get(URL + "?page=2")
    assert len(second.context["rows"]) == 33
    assert "Trang 2/2" in second.content.decode()
