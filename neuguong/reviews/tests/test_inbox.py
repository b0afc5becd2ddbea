"""What the reviews put in each user's inbox: write and submit one's review in each
place once the period sets its deadline, fix a returned one; the reviews waiting for
the meeting or a proposal in the units one assesses; the proposed reviews one may
decide, counted per unit, with a bounded number of queries."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from neuguong.core.inbox import items_for
from neuguong.organisations.factories import make_person, make_unit
from neuguong.regulations.models import Period
from neuguong.reviews import services
from neuguong.reviews.factories import make_review
from neuguong.reviews.inbox import MOST_UNIT_LINES
from neuguong.reviews.models import Review, ReviewStatus

pytestmark = pytest.mark.django_db


def review_items(user, kind=""):
    fresh = type(user).objects.get(pk=user.pk)  # nothing cached on the user object
    return [i for i in items_for(fresh) if i.kind.startswith("review." + kind)]


@pytest.fixture
def due_soon(period):
    """Reviews are due in 5 days."""
    Period.objects.filter(pk=period.pk).update(
        reviews_done_by=timezone.localdate() + timedelta(days=5)
    )
    period.refresh_from_db()
    return period


def people(province, n, *, cell=None, prefix="Đảng viên"):
    cell = cell or province.maths
    return [
        make_person(f"{prefix} {i}", workplace=province.school, party_cell=cell) for i in range(n)
    ]


def sheet(unit, period) -> str:
    return reverse("reviews:sheet", args=[unit.pk]) + f"?period={period.pk}"


# The person's own reviews ------------------------------------------------------------------


def test_nobody_is_asked_to_write_before_the_period_sets_a_deadline(province, period):
    assert period.reviews_done_by is None
    assert review_items(province.users["member"]) == []


def test_a_member_is_asked_to_write_in_each_place_with_the_days_left(province, due_soon):
    items = review_items(province.users["member"])
    title = "Viết và nộp bản kiểm điểm Năm 2026 (còn 5 ngày)"
    assert [(i.kind, i.title, i.unit, i.url) for i in items] == [
        ("review.write", title, "Chi bộ Tổ Toán", reverse("reviews:mine")),
        ("review.write", title, "Đảng bộ Trường THPT Hòa An", reverse("reviews:mine")),
    ]
    assert {i.due for i in items} == {due_soon.reviews_done_by}


def test_a_draft_links_to_its_editor_and_a_submitted_review_is_done(province, due_soon):
    member = province.users["member"]
    review = services.start_review(
        by=member, period=due_soon, person=province.people.member, unit=province.maths
    )
    items = review_items(member)
    assert items[0].url == reverse("reviews:edit", args=[review.pk])
    Review.objects.filter(pk=review.pk).update(status=ReviewStatus.SUBMITTED)
    assert [i.unit for i in review_items(member)] == ["Đảng bộ Trường THPT Hòa An"]


def test_a_returned_review_asks_to_fix_it_whatever_the_deadline(province, period):
    review = make_review(province.people.member, period, status=ReviewStatus.SUBMITTED)
    services.return_review(
        review, by=province.users["secretary"], version=review.version, reason="Thiếu kết quả."
    )
    (item,) = review_items(province.users["member"])
    assert item.kind == "review.fix"
    assert item.title == "Sửa bản kiểm điểm bị trả lại và nộp lại"
    assert item.url == reverse("reviews:edit", args=[review.pk])
    assert item.unit == "Chi bộ Tổ Toán"


def test_a_returned_review_is_one_line_near_the_deadline(province, due_soon):
    review = make_review(province.people.member, due_soon, status=ReviewStatus.SUBMITTED)
    services.return_review(
        review, by=province.users["secretary"], version=review.version, reason="Thiếu."
    )
    kinds = sorted((i.kind, i.unit) for i in review_items(province.users["member"]))
    assert kinds == [
        ("review.fix", "Chi bộ Tổ Toán"),
        ("review.write", "Đảng bộ Trường THPT Hòa An"),
    ]


def test_a_locked_period_asks_nobody_to_write(province, due_soon):
    Period.objects.filter(pk=due_soon.pk).update(is_open=False)
    assert review_items(province.users["member"], "write") == []


# Assessors ---------------------------------------------------------------------------------


def test_the_secretary_counts_the_reviews_waiting_for_the_meeting_and_a_proposal(
    province, due_soon
):
    a, b, c = people(province, 3)
    for person in (a, b):
        make_review(person, due_soon, status=ReviewStatus.SUBMITTED, proposed=None)
    make_review(c, due_soon, status=ReviewStatus.COMMENTED, proposed=None)
    # The secretary's own review is not theirs to assess.
    make_review(province.people.secretary, due_soon, status=ReviewStatus.SUBMITTED)
    items = review_items(province.users["secretary"])
    found = [(i.kind, i.title, i.unit, i.url, i.count) for i in items if i.kind != "review.write"]
    assert found == [
        (
            "review.comment",
            "2 bản kiểm điểm chờ họp góp ý (còn 5 ngày)",
            "Chi bộ Tổ Toán",
            sheet(province.maths, due_soon),
            2,
        ),
        (
            "review.propose",
            "1 bản kiểm điểm chờ đề xuất mức xếp loại (còn 5 ngày)",
            "Chi bộ Tổ Toán",
            sheet(province.maths, due_soon),
            1,
        ),
    ]


def test_assessors_are_asked_only_about_the_units_they_hold_the_role_on(province, period):
    for person in people(province, 2):
        make_review(person, period, status=ReviewStatus.SUBMITTED, proposed=None)
    assert review_items(province.users["unit_head"], "comment") == []
    assert review_items(province.users["outsider"], "comment") == []


# Deciders ----------------------------------------------------------------------------------


def test_the_decider_counts_the_proposed_reviews_per_unit(province, period):
    for person in people(province, 2):
        make_review(person, period)  # proposed HTT
    make_review(province.people.villager, period)  # Thôn Đông, decided at Hòa An too
    make_review(province.people.unit_head, period)  # their own: left out
    make_review(people(province, 1, prefix="Chưa đề xuất")[0], period, status="commented")
    items = review_items(province.users["unit_head"], "decide")
    assert [(i.title, i.unit, i.url, i.count) for i in items] == [
        (
            "1 bản kiểm điểm chờ quyết định xếp loại",
            "Chi bộ Thôn Đông",
            sheet(province.dong, period),
            1,
        ),
        (
            "2 bản kiểm điểm chờ quyết định xếp loại",
            "Chi bộ Tổ Toán",
            sheet(province.maths, period),
            2,
        ),
    ]
    # The secretary of Tổ Toán is not the level above it; the outsider sees nothing.
    assert review_items(province.users["secretary"], "decide") == []
    assert review_items(province.users["outsider"], "decide") == []
    # The organisation board decides anything.
    found = {i.unit: i.count for i in review_items(province.users["org_officer"], "decide")}
    assert found == {"Chi bộ Tổ Toán": 2, "Chi bộ Thôn Đông": 2}


def test_the_managing_committee_decides_whatever_the_place(province, period):
    # A person of Khu 3 in Bình Minh managed by Hòa An: Hòa An decides, not Bình Minh.
    person = make_person(
        "Người diện Hòa An quản lý",
        workplace=province.binh_minh,
        party_cell=province.khu3,
        management_unit=province.hoa_an,
    )
    make_review(person, period)
    (item,) = review_items(province.users["unit_head"], "decide")
    assert item.unit == "Chi bộ Khu 3" and item.count == 1


def test_a_collective_is_decided_by_the_level_above(province, period):
    make_review(None, period, unit=province.hoa_an)
    assert review_items(province.users["unit_head"], "decide") == []  # the province decides
    (item,) = review_items(province.users["org_officer"], "decide")
    assert item.unit == "Đảng ủy xã Hòa An"
    make_review(None, period, unit=province.school)
    (item,) = review_items(province.users["unit_head"], "decide")
    assert item.unit == "Đảng bộ Trường THPT Hòa An"


def test_many_units_are_listed_up_to_a_limit_and_the_rest_in_one_line(province, period):
    for i in range(MOST_UNIT_LINES + 2):
        cell = make_unit(f"Chi bộ {i:02d}", parent=province.hoa_an, code=f"HA-{i}")
        for person in people(province, 1 + (i % 2), cell=cell, prefix=f"Người {i}"):
            make_review(person, period)
    items = review_items(province.users["org_officer"], "decide")
    assert len(items) == MOST_UNIT_LINES + 1
    rest = items[-1] if items[-1].unit == "" else next(i for i in items if i.unit == "")
    assert rest.title == "3 bản kiểm điểm khác chờ quyết định xếp loại ở 2 đơn vị"
    assert rest.url == reverse("reviews:units") + f"?period={period.pk}"
    assert sum(i.count for i in items) == 18


def test_superusers_are_not_assigned_decisions(province, period):
    for person in people(province, 2):
        make_review(person, period)
    assert review_items(province.users["admin"]) == []


def test_the_sources_cost_the_same_queries_however_much_there_is(province, due_soon):
    users = [province.users[p] for p in ("member", "secretary", "unit_head", "org_officer")]

    def count(user):
        fresh = type(user).objects.get(pk=user.pk)
        with CaptureQueriesContext(connection) as queries:
            items_for(fresh)
        return len(queries)

    make_review(people(province, 1)[0], due_soon)
    before = [count(u) for u in users]
    for i in range(15):
        cell = make_unit(f"Chi bộ {i}", parent=province.hoa_an, code=f"HA-{i}")
        for person in people(province, 2, cell=cell, prefix=f"Người {i}"):
            make_review(person, due_soon)
            make_review(person, due_soon, unit=province.school, status=ReviewStatus.SUBMITTED)
    assert [count(u) for u in users] == before


def test_the_inbox_page_lists_the_review_items(client_for, province, due_soon):
    html = client_for("member").get(reverse("inbox")).content.decode()
    assert "Viết và nộp bản kiểm điểm Năm 2026" in html and "Chi bộ Tổ Toán" in html
    assert reverse("reviews:mine") in html
