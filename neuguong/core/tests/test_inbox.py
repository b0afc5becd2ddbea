"""The inbox: what the ethics codes ask of each user next, on its page and the home page."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from neuguong.core.access import Role
from neuguong.core.inbox import items_for
from neuguong.organisations.factories import give_role, make_unit
from neuguong.standards.factories import make_code
from neuguong.standards.models import (
    Acknowledgement,
    CodeEvaluation,
    CodeStatus,
    EvaluationStatus,
)

pytestmark = pytest.mark.django_db


def kinds(user) -> list[tuple[str, str]]:
    return [(i.kind, i.unit) for i in items_for(user)]


def test_a_member_is_asked_to_acknowledge_their_units_published_codes(province, period):
    maths = make_code(province.maths, period)
    make_code(province.school, period)
    member = province.users["member"]
    items = [i for i in items_for(member) if i.kind == "code.acknowledge"]
    assert {i.unit for i in items} == {"Chi bộ Tổ Toán", "Đảng bộ Trường THPT Hòa An"}
    assert "Đọc và xác nhận chuẩn mực đạo đức của Chi bộ Tổ Toán" in {i.title for i in items}
    assert reverse("standards:code", args=[maths.pk]) in {i.url for i in items}

    Acknowledgement.objects.create(code=maths, person=province.people.member)
    left = [i.unit for i in items_for(member) if i.kind == "code.acknowledge"]
    assert left == ["Đảng bộ Trường THPT Hòa An"]


def test_a_draft_or_another_units_code_asks_nothing_of_a_member(province, period):
    make_code(province.maths, period, status=CodeStatus.DRAFT)
    make_code(province.khu3, period)
    assert kinds(province.users["member"]) == []


def test_an_approver_sees_one_line_counting_what_they_may_approve(province, period):
    make_code(province.maths, period, status=CodeStatus.SUBMITTED)
    make_code(province.dong, period, status=CodeStatus.SUBMITTED)  # the unit head's own cell
    make_code(province.khu3, period, status=CodeStatus.SUBMITTED)

    (head,) = [i for i in items_for(province.users["unit_head"]) if i.kind == "code.approve"]
    assert head.count == 1
    assert head.url == reverse("standards:approvals")
    assert head.due == period.codes_published_by

    (officer,) = items_for(province.users["propaganda"])
    assert officer.count == 3


def test_an_approver_is_not_asked_to_approve_their_own_submission(province, period):
    officer = province.users["propaganda"]
    make_code(province.khu3, period, status=CodeStatus.SUBMITTED, submitted_by=officer)
    assert items_for(officer) == []


def test_superusers_and_members_get_no_approvals(province, period):
    make_code(province.maths, period, status=CodeStatus.SUBMITTED)
    assert items_for(province.users["admin"]) == []
    assert "code.approve" not in {k for k, _ in kinds(province.users["member"])}


def test_a_secretary_is_asked_to_build_the_periods_code(province, period):
    (item,) = items_for(province.users["secretary"])
    assert item.kind == "code.build"
    assert item.unit == "Chi bộ Tổ Toán"
    assert item.due == date(2026, 3, 31)
    assert item.url == reverse("standards:unit_codes", args=[province.maths.pk])


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (CodeStatus.DRAFT, "code.build"),
        (CodeStatus.RETURNED, "code.fix"),
        (CodeStatus.SUBMITTED, None),
        (CodeStatus.APPROVED, "code.publish"),
        (CodeStatus.PUBLISHED, "code.evaluate"),
    ],
)
def test_each_step_of_the_code_asks_its_editor_for_the_next(province, period, status, expected):
    make_code(province.maths, period, status=status)
    own = [k for k, unit in kinds(province.users["secretary"]) if k != "code.acknowledge"]
    assert own == ([expected] if expected else [])


def test_a_decided_evaluation_clears_the_last_item(province, period):
    period.reviews_done_by = date(2026, 12, 15)
    period.save()
    code = make_code(province.maths, period)
    (item,) = [i for i in items_for(province.users["secretary"]) if i.kind == "code.evaluate"]
    assert item.title == "Đánh giá việc thực hiện chuẩn mực"
    assert item.due == date(2026, 12, 15)
    CodeEvaluation.objects.create(
        unit=province.maths, period=period, code=code, status=EvaluationStatus.DECIDED
    )
    assert "code.evaluate" not in {k for k, _ in kinds(province.users["secretary"])}


def test_a_head_is_asked_only_about_the_unit_they_hold_the_role_on(province, period):
    units = {unit for kind, unit in kinds(province.users["unit_head"]) if kind == "code.build"}
    assert units == {"Đảng ủy xã Hòa An"}


def test_a_code_of_an_older_period_does_not_count_as_built(province, period):
    from neuguong.regulations.models import Period

    older = Period.objects.create(
        name="Năm 2025", starts_on=date(2025, 1, 1), ends_on=date(2025, 12, 31), is_open=False
    )
    make_code(province.maths, older)
    own = {k for k, _ in kinds(province.users["secretary"])}
    assert "code.build" in own


def test_the_inbox_costs_the_same_queries_however_much_there_is(province, period):
    officer, head = province.users["propaganda"], province.users["unit_head"]

    def count(user):
        fresh = type(user).objects.get(pk=user.pk)  # nothing cached on the user object
        with CaptureQueriesContext(connection) as queries:
            items_for(fresh)
        return len(queries)

    make_code(province.maths, period, status=CodeStatus.SUBMITTED)
    before = count(officer), count(head)
    for i in range(20):
        cell = make_unit(f"Chi bộ {i}", parent=province.hoa_an, code=f"HA-{i}")
        make_code(cell, period, status=CodeStatus.SUBMITTED)
    assert (count(officer), count(head)) == before
    assert max(before) <= 16  # the codes' sources and the plans' (commitments.inbox)


def test_the_inbox_page_lists_title_unit_due_date_and_link(client_for, province, period):
    response = client_for("secretary").get(reverse("inbox"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Xây dựng, rà soát và trình chuẩn mực đạo đức" in html
    assert "Chi bộ Tổ Toán" in html and "31/03/2026" in html
    assert reverse("standards:unit_codes", args=[province.maths.pk]) in html


def test_an_empty_inbox_says_so(client_for, province, period):
    response = client_for("admin").get(reverse("inbox"))
    assert "Hiện đồng chí không có việc nào cần làm." in response.content.decode()


def test_the_home_page_shows_the_first_items_and_links_to_the_inbox(client_for, province, period):
    secretary = province.users["secretary"]
    for i in range(6):
        give_role(secretary, Role.SECRETARY, make_unit(f"Chi bộ {i}", parent=province.khu3))
    html = client_for("secretary").get(reverse("home")).content.decode()
    assert "Việc cần làm" in html and f'href="{reverse("inbox")}"' in html
    assert html.count('class="inbox-item"') == 5
    assert "Còn 2 việc khác." in html


def test_the_home_page_of_an_approver_counts_the_submitted_codes(client_for, province, period):
    for unit in (province.maths, province.khu3):
        make_code(unit, period, status=CodeStatus.SUBMITTED)
    html = client_for("propaganda").get(reverse("home")).content.decode()
    assert "Phê duyệt chuẩn mực đạo đức các đơn vị đã trình (2 bản)" in html
