"""The lists behind the figures: what each kind of list shows, its total, its pages,
and links only to the pages the viewer may open."""

import re
from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from neuguong.commitments.factories import make_plan
from neuguong.commitments.models import CommitmentPlan, PlanStatus
from neuguong.organisations.factories import make_person, make_unit
from neuguong.reviews.factories import make_review
from neuguong.reviews.models import Discipline, DisciplineKind, Subject

from .. import lists, tally

pytestmark = pytest.mark.django_db


def rows(unit, counter: str, query: str = "") -> str:
    return reverse("dashboards:rows", args=[unit.pk, counter]) + query


def total(html: str) -> int:
    return int(re.search(r'data-testid="rows-total">(\d+)<', html).group(1))


@pytest.fixture
def records(province, period):
    p = province.people
    make_plan(p.member, period, status=PlanStatus.APPROVED)
    make_plan(p.secretary, period, status=PlanStatus.SUBMITTED)
    reviews = {
        "member": make_review(p.member, period, decided=1),
        "secretary": make_review(p.secretary, period, decided=2),
        "villager": make_review(p.villager, period, decided=2),
        "maths": make_review(None, period, unit=province.maths, decided=2),
    }
    Discipline.objects.create(
        person=p.neighbour,
        kind=DisciplineKind.REPRIMAND,
        decided_on=date(2026, 5, 4),
        authority="Ủy ban Kiểm tra Đảng ủy phường Bình Minh",
    )
    Discipline.objects.create(
        unit=province.khu3,
        kind=DisciplineKind.WARNING,
        decided_on=date(2026, 6, 1),
        authority="Ủy ban Kiểm tra Tỉnh ủy",
    )
    Discipline.objects.create(  # decided before the period: not counted
        person=p.outsider,
        kind=DisciplineKind.REPRIMAND,
        decided_on=date(2025, 12, 30),
        authority="Ủy ban Kiểm tra Đảng ủy phường Bình Minh",
    )
    return reviews


def test_each_list_totals_its_figure_and_shows_its_rows(client_for, province, period, records):
    client = client_for("org_officer")
    figures = tally.figures(province.root, period)
    expected = {
        "plan_registered": ("Trần Thị Bình", "Chờ phê duyệt"),
        "plan_approved": ("Nguyễn Văn An", "Đã phê duyệt"),
        "review_party_1": ("Nguyễn Văn An", "HTXS"),
        "review_party_2": ("Phạm Thị Đào", "HTT"),
        "creview_party_2": ("Tập thể đơn vị, tổ chức đảng", "Chi bộ Tổ Toán"),
        "discipline_people": ("Vũ Thị Hạnh", "Khiển trách"),
        "discipline_units": ("Chi bộ Khu 3", "Cảnh cáo"),
        "quota_groups": ("Chi bộ Tổ Toán", "Đúng"),
        "units": ("Ban Tổ chức Tỉnh ủy", "Cơ quan tham mưu, giúp việc cấp ủy"),
    }
    for counter, shown in expected.items():
        html = client.get(rows(province.root, counter, f"?period={period.pk}")).content.decode()
        assert total(html) == figures[counter] > 0, counter
        for text in shown:
            assert text in html, (counter, text)
    assert figures["discipline_people"] == 1 and figures["discipline_units"] == 1
    assert figures["plan_registered"] == 2


def test_a_list_pages_through_its_rows_with_the_total_on_each_page(
    client_for, province, period, settings
):
    settings.PAGE_SIZE = 3
    for i in range(5):
        make_person(f"Người {i}", workplace=province.board, code=f"BTC-{i}")
    client = client_for("org_officer")
    url = rows(province.board, "people", f"?period={period.pk}")
    first = client.get(url).content.decode()
    assert total(first) == 6 and "Trang 1/2" in first
    last = client.get(url + "&page=2").content.decode()
    assert total(last) == 6 and "Trang 2/2" in last
    names = re.findall(r'<th scope="row">(?:<a [^>]+>)?([^<]+)<', first + last)
    assert len(names) == len(set(names)) == 6


def test_rows_link_to_the_pages_the_viewer_may_open(client_for, province, period, records):
    review = records["member"]
    detail = reverse("reviews:detail", args=[review.pk])
    person = reverse("organisations:person", args=[province.people.member.pk])
    url = rows(province.root, "review_party_1", f"?period={period.pk}")
    # The organisation officer reads reviews; the propaganda officer does not (404 there).
    assert f'href="{detail}"' in client_for("org_officer").get(url).content.decode()
    html = client_for("propaganda").get(url).content.decode()
    assert detail not in html and f'href="{person}"' in html
    assert client_for("propaganda").get(detail).status_code == 404

    # Discipline records open for inspection (who keeps them) only.
    record = Discipline.objects.get(person=province.people.neighbour)
    edit = reverse("reviews:discipline_edit", args=[record.pk])
    url = rows(province.root, "discipline_people", f"?period={period.pk}")
    assert f'href="{edit}"' in client_for("inspection").get(url).content.decode()
    assert edit not in client_for("org_officer").get(url).content.decode()
    assert client_for("org_officer").get(edit).status_code == 403

    # Plans open for those who read plans.
    plan = CommitmentPlan.objects.get(person=province.people.member)
    url = rows(province.school, "plan_approved", f"?period={period.pk}")
    link = reverse("commitments:plan", args=[plan.pk])
    assert f'href="{link}"' in client_for("unit_head").get(url).content.decode()
    assert link not in client_for("propaganda").get(url).content.decode()


def test_the_quota_lists_hold_the_groups_each_unit_owns(province, period, records):
    # Tổ Toán's people: one HTXS and one HTT, 0 HTXS allowed; Thôn Đông's: one HTT; the
    # school's collectives (Tổ Toán's review): one HTT, owned by the school.
    def keys(counter, unit):
        return [g.key for g in lists.rows(counter, unit, period)]

    maths, dong, school = province.maths.pk, province.dong.pk, province.school.pk
    assert keys("quota_groups", province.maths) == [f"party:u:{maths}:staff"]
    assert keys("quota_ok", province.maths) == []
    assert sorted(keys("quota_groups", province.school)) == sorted(
        [f"party:u:{maths}:staff", f"party:c:{school}:organisation"]
    )
    assert sorted(keys("quota_ok", province.root)) == sorted(
        [f"party:u:{dong}:staff", f"party:c:{school}:organisation"]
    )
    for unit in (province.root, province.hoa_an, province.school, province.maths):
        figures = tally.figures(unit, period)
        for counter in ("quota_groups", "quota_ok"):
            assert lists.count(counter, unit, period) == figures[counter]
    assert records["maths"].subject == Subject.ORGANISATION


def test_the_code_lists_link_to_each_units_codes(client_for, province, period):
    from .builders import build_codes

    build_codes(province, period)
    html = client_for("org_officer").get(rows(province.root, "code_evaluated")).content.decode()
    assert total(html) == 1
    assert reverse("standards:unit_codes", args=[province.school.pk]) in html


@pytest.mark.parametrize("counter", ["people", "review_party_2", "units", "discipline_people"])
def test_a_list_page_takes_as_many_queries_for_many_rows_as_for_few(
    client_for, province, period, records, counter
):
    client = client_for("org_officer")
    url = rows(province.root, counter, f"?period={period.pk}")
    client.get(url)

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    few = queries()
    for i in range(8):
        person = make_person(f"Người {i}", workplace=province.school, party_cell=province.dong)
        make_review(person, period, decided=2)
        Discipline.objects.create(
            person=person, kind=DisciplineKind.REPRIMAND, decided_on=date(2026, 7, i + 1),
            authority="Ủy ban Kiểm tra Đảng ủy xã Hòa An",
        )  # fmt: skip
        make_unit(f"Chi bộ {i}", parent=province.hoa_an, code=f"HA-{i}")
    tally.drain()
    assert queries() == few
