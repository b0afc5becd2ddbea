"""The people of a unit with their plan status: scope, filters, exact summary counts,
checkboxes, and a number of queries that does not grow with the people."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from neuguong.commitments.factories import make_plan
from neuguong.commitments.models import CommitmentPlan, PlanStatus
from neuguong.organisations.factories import make_person


def people_url(**params):
    from urllib.parse import urlencode

    return reverse("commitments:people") + ("?" + urlencode(params) if params else "")


def names(page: str) -> set[str]:
    return {n.strip() for n in re.findall(r'<th scope="row">(?:<a [^>]*>)?([^<]+)', page)}


def count_of(page: str, label: str) -> int:
    found = re.search(r'plan-counts__n">(\d+)</span> ' + label, page)
    return int(found.group(1))


@pytest.fixture
def plans(province, period):
    """In Tổ Toán: the member waiting (late), a colleague returned, another approved, one
    drafting, one with nothing; in Thôn Đông the villager waiting; the secretary waiting."""
    people = province.people
    school, maths = province.school, province.maths

    def colleague(name):
        return make_person(name, workplace=school, party_cell=maths)

    return {
        "member": make_plan(people.member, period, status=PlanStatus.SUBMITTED),
        "secretary": make_plan(people.secretary, period, status=PlanStatus.SUBMITTED),
        "returned": make_plan(colleague("Ngô Thị Cúc"), period, status=PlanStatus.RETURNED),
        "approved": make_plan(colleague("Đinh Văn Bảo"), period, status=PlanStatus.APPROVED),
        "draft": make_plan(colleague("Lý Thị Duyên"), period),
        "none": colleague("Mai Văn Sơn"),
        "villager": make_plan(people.villager, period, status=PlanStatus.SUBMITTED),
    }


def test_secretary_sees_the_cell_by_default_with_checkboxes_on_what_they_approve(
    client_for, province, period, plans
):
    CommitmentPlan.objects.filter(pk=plans["member"].pk).update(is_late=True)
    page = client_for("secretary").get(people_url()).content.decode()
    assert names(page) == {
        "Nguyễn Văn An", "Trần Thị Bình", "Ngô Thị Cúc", "Đinh Văn Bảo", "Lý Thị Duyên",
        "Mai Văn Sơn",
    }  # fmt: skip
    assert f'name="plans" value="{plans["member"].pk}"' in page
    assert f'name="plans" value="{plans["secretary"].pk}"' not in page  # their own
    assert "Phê duyệt các kế hoạch đã chọn" in page and "Nộp sau hạn" in page


def test_unit_head_sees_the_whole_commune(client_for, province, period, plans):
    page = client_for("unit_head").get(people_url()).content.decode()
    assert {"Nguyễn Văn An", "Phạm Thị Đào", "Lê Đức Dũng"} <= names(page)
    assert "Hoàng Minh Châu" not in page
    assert f'name="plans" value="{plans["villager"].pk}"' in page


def test_supervisor_sees_the_school_but_approves_nothing(client_for, province, period, plans):
    page = client_for("supervisor").get(people_url()).content.decode()
    assert "Nguyễn Văn An" in names(page)
    assert 'name="plans"' not in page and "Phê duyệt các kế hoạch đã chọn" not in page


def test_members_and_propaganda_officers_may_not_open_the_list(client_for, period):
    assert client_for("member").get(people_url()).status_code == 403
    assert client_for("propaganda").get(people_url()).status_code == 403


def test_a_unit_outside_the_scope_is_refused_with_a_message(client_for, province, period):
    response = client_for("outsider").get(people_url(unit=province.maths.pk))
    assert response.status_code == 400
    assert "Không tìm thấy mục đã chọn trong phạm vi của bạn." in response.content.decode()
    response = client_for("secretary").get(people_url(unit=province.school.pk))
    assert response.status_code == 400
    assert "Đồng chí không theo dõi kế hoạch của đơn vị này." in response.content.decode()


def test_bad_filters_are_refused_with_a_message(client_for, province, period):
    client = client_for("secretary")
    response = client.get(people_url(state="nonsense"))
    assert response.status_code == 400
    assert "Tình trạng đã chọn không hợp lệ." in response.content.decode()
    response = client.get(people_url(period="999999"))
    assert response.status_code == 400
    assert "Kỳ đã chọn không tồn tại." in response.content.decode()


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        ("waiting", {"Nguyễn Văn An", "Trần Thị Bình"}),
        ("mine", {"Nguyễn Văn An"}),
        ("returned", {"Ngô Thị Cúc"}),
        ("approved", {"Đinh Văn Bảo"}),
        ("draft", {"Lý Thị Duyên"}),
        ("none", {"Mai Văn Sơn"}),
        ("not_registered", {"Lý Thị Duyên", "Mai Văn Sơn"}),
        ("registered", {"Nguyễn Văn An", "Trần Thị Bình", "Ngô Thị Cúc", "Đinh Văn Bảo"}),
        ("late", {"Ngô Thị Cúc"}),
    ],
)
def test_each_filter_lists_exactly_its_people(client_for, province, period, plans, state, expected):
    CommitmentPlan.objects.filter(pk=plans["returned"].pk).update(is_late=True)
    page = client_for("secretary").get(people_url(state=state)).content.decode()
    assert names(page) == expected


def test_search_by_name_within_the_unit(client_for, province, period, plans):
    page = client_for("unit_head").get(people_url(q="nguyen an")).content.decode()
    assert names(page) == {"Nguyễn Văn An"}


def test_summary_counts_are_exact_and_each_equals_its_list(client_for, province, period, plans):
    CommitmentPlan.objects.filter(pk=plans["approved"].pk).update(is_late=True)
    client = client_for("unit_head")
    page = client.get(people_url()).content.decode()
    expected = {
        "đã đăng ký": 5,  # member, secretary, villager waiting; one returned; one approved
        "chờ phê duyệt": 3,
        "bị trả lại": 1,
        "đã phê duyệt": 1,
        "nộp sau hạn": 1,
        "chưa đăng ký": 3,  # a draft, Mai Văn Sơn, the head of Hòa An
    }
    states = {
        "đã đăng ký": "registered",
        "chờ phê duyệt": "waiting",
        "bị trả lại": "returned",
        "đã phê duyệt": "approved",
        "nộp sau hạn": "late",
        "chưa đăng ký": "not_registered",
    }
    total = count_of(page, "người")
    assert total == len(names(page)) == 8
    for label, state in states.items():
        listed = names(client.get(people_url(state=state)).content.decode())
        assert count_of(page, label) == len(listed) == expected[label], label
    assert count_of(page, "đã đăng ký") + count_of(page, "chưa đăng ký") == total


def test_an_amendment_in_draft_still_counts_as_approved(client_for, province, period):
    member = province.people.member
    approved = make_plan(member, period, status=PlanStatus.APPROVED)
    make_plan(member, period, number=2)
    page = client_for("secretary").get(people_url(state="approved")).content.decode()
    assert "Nguyễn Văn An" in names(page)
    assert f'href="/plans/{approved.pk}/"' in page


def test_a_page_has_fifty_people_and_links_to_the_next(client_for, province, period):
    for n in range(55):
        make_person(f"Người Thứ {n:02d}", workplace=province.dong)
    page = client_for("unit_head").get(people_url(unit=province.dong.pk)).content.decode()
    assert len(names(page)) == 50 and "Trang 1/2" in page
    page = client_for("unit_head").get(people_url(unit=province.dong.pk, page=2)).content.decode()
    assert len(names(page)) == 7  # the 55, the villager and the head of Hòa An


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_number_of_queries_does_not_grow_with_the_people(client_for, province, period):
    client = client_for("unit_head")
    url = people_url(unit=province.dong.pk)

    def add(n, start):
        for i in range(start, start + n):
            person = make_person(
                f"Đảng Viên {i:03d}", workplace=province.dong, party_cell=province.dong
            )
            status = [PlanStatus.SUBMITTED, PlanStatus.APPROVED, PlanStatus.DRAFT, None][i % 4]
            if status:
                make_plan(person, period, status=status)

    add(5, 0)
    client.get(url)  # warm the session and content types
    few = _queries(client, url)
    add(45, 5)
    many = _queries(client, url)
    assert few == many
    assert many <= 25
    assert _queries(client, url + "&state=mine") <= 25
