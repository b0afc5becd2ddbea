"""A person's own reviews: the list of places with a start button, starting a review,
the review laid out as its form, and the person's file of the last three years."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from neuguong.commitments.factories import make_plan
from neuguong.commitments.models import Evidence, PlanStatus
from neuguong.organisations.models import Post
from neuguong.regulations.models import Period
from neuguong.reviews import services
from neuguong.reviews.factories import make_review
from neuguong.reviews.models import PendingMatter, Review, ReviewMeeting, ReviewStatus, Track

pytestmark = pytest.mark.django_db


def html_of(response) -> str:
    return response.content.decode()


@pytest.fixture
def plan(province, period):
    plan = make_plan(
        province.people.member, period, status=PlanStatus.APPROVED, tasks=["Dạy tốt", "Học tốt"]
    )
    first = plan.tasks.get(title="Dạy tốt")
    first.progress_status, first.progress_percent = "exceeded", 120
    first.save()
    return plan


@pytest.fixture
def review(province, period, plan):
    return services.start_review(
        by=province.users["member"],
        period=period,
        person=province.people.member,
        unit=province.maths,
    )


# My reviews --------------------------------------------------------------------------------


def test_my_reviews_lists_each_place_with_a_start_button(client_for, province, period):
    Post.objects.create(person=province.people.member, unit=province.dong, title="Phó bí thư")
    response = client_for("member").get(reverse("reviews:mine"))
    html = html_of(response)
    assert response.status_code == 200
    assert "Bản kiểm điểm của tôi" in html
    assert "Chi bộ Tổ Toán" in html and "Nơi sinh hoạt đảng" in html
    assert "Đảng bộ Trường THPT Hòa An" in html and "Nơi công tác" in html
    assert "Chi bộ Thôn Đông" in html and "Chức vụ: Phó bí thư" in html
    assert html.count("Bắt đầu kiểm điểm</button>") == 3
    assert f'name="unit" value="{province.maths.pk}"' in html
    assert f'action="{reverse("reviews:start")}"' in html


def test_a_started_review_shows_its_status_form_and_link(client_for, review):
    html = html_of(client_for("member").get(reverse("reviews:mine")))
    assert "Đang tự kiểm điểm" in html and "2A" in html
    assert reverse("reviews:edit", args=[review.pk]) in html
    assert html.count("Bắt đầu kiểm điểm</button>") == 1  # the workplace only


def test_a_decided_review_shows_its_level(client_for, province, period):
    make_review(province.people.member, period, decided=2)
    html = html_of(client_for("member").get(reverse("reviews:mine")))
    assert "Hoàn thành tốt nhiệm vụ (HTT)" in html


def test_a_user_without_a_person_record_gets_a_plain_explanation(client_for, period):
    response = client_for("supervisor").get(reverse("reviews:mine"))
    html = html_of(response)
    assert response.status_code == 200
    assert "chưa gắn với hồ sơ cán bộ, đảng viên nào" in html
    assert "Bắt đầu kiểm điểm" not in html
    # A reader of reviews is sent to the units' pages.
    assert reverse("reviews:units") in html


def test_officers_see_links_to_their_pages(client_for, period):
    html = html_of(client_for("inspection").get(reverse("reviews:mine")))
    assert reverse("reviews:discipline") in html and reverse("reviews:pending") in html
    html = html_of(client_for("org_officer").get(reverse("reviews:mine")))
    assert reverse("reviews:pending") in html and reverse("reviews:discipline") not in html
    html = html_of(client_for("member").get(reverse("reviews:mine")))
    assert reverse("reviews:units") not in html and reverse("reviews:pending") not in html


@pytest.mark.parametrize("value", ["999999", "abc", "-1", "9" * 30])
def test_an_unknown_period_gives_a_message_not_an_error(client_for, period, value):
    response = client_for("member").get(reverse("reviews:mine") + f"?period={value}")
    html = html_of(response)
    assert response.status_code == 200
    assert "Không có kỳ kiểm điểm đã chọn. Trang đang hiện kỳ hiện tại." in html
    assert "Năm 2026" in html


def test_another_period_can_be_chosen(client_for, province, period):
    older = Period.objects.create(
        name="Năm 2025", starts_on=date(2025, 1, 1), ends_on=date(2025, 12, 31), is_open=False
    )
    make_review(province.people.member, older, decided=1)
    html = html_of(client_for("member").get(reverse("reviews:mine") + f"?period={older.pk}"))
    assert "Kỳ Năm 2025." in html and "Kỳ này đã khóa." in html
    assert "Hoàn thành xuất sắc nhiệm vụ (HTXS)" in html
    assert "Bắt đầu kiểm điểm</button>" not in html  # a locked period starts nothing


def test_no_period_at_all_says_so(client_for, province):
    html = html_of(client_for("member").get(reverse("reviews:mine")))
    assert "Chưa có kỳ kiểm điểm nào." in html


# Starting ----------------------------------------------------------------------------------


def test_start_creates_the_review_and_opens_the_editor(client_for, province, period, plan):
    response = client_for("member").post(
        reverse("reviews:start"),
        {"period": period.pk, "unit": province.school.pk, "track": Track.STATE},
    )
    review = Review.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("reviews:edit", args=[review.pk])
    assert (review.unit, review.track, review.rule_set.code) == (
        province.school,
        Track.STATE,
        "nd335",
    )
    assert review.tasks.count() == 2


def test_starting_twice_opens_the_same_review(client_for, province, period, review):
    response = client_for("member").post(
        reverse("reviews:start"), {"period": period.pk, "unit": province.maths.pk}
    )
    assert response["Location"] == reverse("reviews:edit", args=[review.pk])
    assert Review.objects.count() == 1


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("period", "999999", "Không có kỳ kiểm điểm đã chọn; chưa tạo bản kiểm điểm nào."),
        ("period", "abc", "Không có kỳ kiểm điểm đã chọn; chưa tạo bản kiểm điểm nào."),
        ("unit", "999999", "Nơi kiểm điểm đã chọn không phải nơi đồng chí sinh hoạt"),
        ("unit", "khu3", "Nơi kiểm điểm đã chọn không phải nơi đồng chí sinh hoạt"),
        ("unit", "x", "Nơi kiểm điểm đã chọn không phải nơi đồng chí sinh hoạt"),
        ("track", "xyz", "Nơi kiểm điểm đã chọn không phải nơi đồng chí sinh hoạt"),
        ("track", Track.STATE, "Nơi kiểm điểm đã chọn không phải nơi đồng chí sinh hoạt"),
    ],
)
def test_start_with_a_bad_id_says_so_and_creates_nothing(
    client_for, province, period, field, value, message
):
    data = {"period": period.pk, "unit": province.maths.pk, "track": Track.PARTY}
    data[field] = province.khu3.pk if value == "khu3" else value
    response = client_for("member").post(reverse("reviews:start"), data)
    html = html_of(response)
    assert response.status_code == 400
    assert message in html
    assert "Chi bộ Khu 3" not in html  # a foreign unit's name is not told
    assert not Review.objects.exists()


def test_start_in_a_locked_period_is_refused(client_for, province, period):
    Period.objects.filter(pk=period.pk).update(is_open=False)
    response = client_for("member").post(
        reverse("reviews:start"), {"period": period.pk, "unit": province.maths.pk}
    )
    assert response.status_code == 400
    assert "Kỳ “Năm 2026” đã khóa." in html_of(response)
    assert not Review.objects.exists()


def test_start_without_a_person_record_goes_back_with_a_message(client_for, province, period):
    client = client_for("supervisor")
    response = client.post(
        reverse("reviews:start"), {"period": period.pk, "unit": province.maths.pk}
    )
    assert response.status_code == 302 and response["Location"] == reverse("reviews:mine")
    assert "chưa gắn với hồ sơ" in html_of(client.get(response["Location"]))
    assert not Review.objects.exists()


def test_start_is_a_post(client_for, period):
    assert client_for("member").get(reverse("reviews:start")).status_code == 405


# The review page ---------------------------------------------------------------------------


def test_the_review_page_lays_out_the_form_with_the_tasks_from_the_plan(
    client_for, province, review, plan
):
    task = plan.tasks.get(title="Dạy tốt")
    evidence = Evidence.objects.create(
        task=task, file="evidence/x/none.pdf", name="giao-an.pdf", kind="pdf", size=10,
        sha256="1" * 64,
    )  # fmt: skip
    data = {
        "shortcomings": "Đôi khi chậm nộp báo cáo.",
        "points": {"politics": {"text": "Kiên định", "level": "tot"}},
        "tasks": {str(task.key): {"result": "Dạy đủ 120 tiết", "level": "xuat_sac"}},
        "self_level_party": "HTT",
        "self_score": "86",
    }
    services.save_self_review(review, by=province.users["member"], version=1, data=data)
    html = html_of(client_for("member").get(reverse("reviews:detail", args=[review.pk])))
    # The header.
    assert "Bản kiểm điểm (Mẫu 2A): Nguyễn Văn An" in html
    assert "Đảng bộ Trường THPT Hòa An" in html and "Chi bộ Tổ Toán" in html
    assert "17/05/1985" in html
    # Sections I to VII.
    assert "1. Về tư tưởng chính trị" in html and "Kiên định" in html
    assert "Đôi khi chậm nộp báo cáo." in html
    assert "II. Hạn chế, khuyết điểm và nguyên nhân" in html
    assert "VI. Phương hướng, biện pháp khắc phục" in html
    assert "Hoàn thành tốt nhiệm vụ" in html and "86" in html
    # The commitment point: each approved task, pulled from the plan.
    assert "Nhiệm vụ 1: Dạy tốt" in html and "Nhiệm vụ 2: Học tốt" in html
    assert "Báo cáo kết quả" in html and "31/12/2026" in html
    assert "Vượt kế hoạch, 120% hoàn thành" in html
    assert "Dạy đủ 120 tiết" in html and "Xuất sắc" in html
    assert reverse("commitments:evidence_file", args=[evidence.pk]) in html
    assert reverse("commitments:plan", args=[plan.pk]) in html
    # Actions of the writer and the rules.
    assert reverse("reviews:edit", args=[review.pk]) in html
    assert reverse("reviews:submit", args=[review.pk]) in html
    assert reverse("reviews:person_file", args=[province.people.member.pk]) in html
    assert reverse("exchange:review_docx", args=[review.pk]) in html
    assert "Các quy định áp dụng khi xếp loại" in html
    assert "Không bị kỷ luật từ khiển trách trở lên trong kỳ." in html


def test_the_review_page_shows_the_meeting_the_proposal_and_the_decision(
    client_for, province, period
):
    review = make_review(province.people.member, period, decided=2, score=None)
    meeting = ReviewMeeting.objects.create(
        period=period, unit=province.maths, held_on=date(2026, 12, 10), attendance_total=9,
        attendance_present=8, chaired_by="Trần Thị Bình",
    )  # fmt: skip
    Review.objects.filter(pk=review.pk).update(
        meeting=meeting,
        votes_htxs=1,
        votes_htt=6,
        votes_htnv=1,
        collective_comments="Tập thể ghi nhận tinh thần trách nhiệm.",
        assessment="Hoàn thành tốt các nhiệm vụ được giao.",
        proposed_by=province.users["secretary"],
        decided_by=province.users["unit_head"],
        decision_note="Theo đề xuất của chi bộ.",
    )
    html = html_of(client_for("member").get(reverse("reviews:detail", args=[review.pk])))
    assert "10/12/2026" in html and "8/9 người được triệu tập" in html
    assert "<td>6</td>" in html and "Tập thể ghi nhận tinh thần trách nhiệm." in html
    assert "Hoàn thành tốt các nhiệm vụ được giao." in html
    assert "Trần Thị Bình" in html and "Lê Đức Dũng" in html
    assert "<strong>Hoàn thành tốt nhiệm vụ (HTT)</strong>" in html
    assert "Theo đề xuất của chi bộ." in html
    assert "Đối chiếu với mức Hoàn thành tốt nhiệm vụ (HTT)" in html
    # The person does not write a decided review.
    assert reverse("reviews:edit", args=[review.pk]) not in html


def test_a_reopened_review_shows_the_reason(client_for, province, period):
    review = make_review(province.people.member, period, decided=2)
    services.reopen_review(review, by=province.users["unit_head"], reason="Có đơn thư mới.")
    html = html_of(client_for("member").get(reverse("reviews:detail", args=[review.pk])))
    assert "Lý do mở lại:" in html and "Có đơn thư mới." in html
    assert "đang chờ quyết định lại" in html


def test_assessors_and_deciders_get_their_links(client_for, province, period):
    submitted = make_review(province.people.member, period, status=ReviewStatus.SUBMITTED)
    html = html_of(client_for("secretary").get(reverse("reviews:detail", args=[submitted.pk])))
    assert reverse("reviews:comments", args=[submitted.pk]) in html
    assert reverse("reviews:return", args=[submitted.pk]) in html
    assert reverse("reviews:decide", args=[submitted.pk]) not in html
    assert reverse("reviews:edit", args=[submitted.pk]) not in html
    Review.objects.filter(pk=submitted.pk).update(status=ReviewStatus.PROPOSED)
    html = html_of(client_for("unit_head").get(reverse("reviews:detail", args=[submitted.pk])))
    assert reverse("reviews:decide", args=[submitted.pk]) in html
    sheet = reverse("reviews:sheet", args=[province.maths.pk]) + f"?period={period.pk}"
    assert sheet in html
    # The member reads their own review without the officers' links.
    html = html_of(client_for("member").get(reverse("reviews:detail", args=[submitted.pk])))
    assert reverse("reviews:decide", args=[submitted.pk]) not in html


def test_pending_matters_are_shown_to_officers_not_to_the_person(client_for, province, period):
    review = make_review(province.people.member, period)
    PendingMatter.objects.create(person=province.people.member, period=period, title="Đơn số 7")
    url = reverse("reviews:detail", args=[review.pk])
    assert "Đơn số 7" in html_of(client_for("unit_head").get(url))
    assert "Đơn số 7" not in html_of(client_for("member").get(url))


def test_a_review_outside_scope_or_a_bad_pk_is_not_found(client_for, province, period):
    review = make_review(province.people.member, period)
    client = client_for("outsider")
    assert client.get(reverse("reviews:detail", args=[review.pk])).status_code == 404
    member = client_for("member")
    assert member.get("/reviews/abc/").status_code == 404
    assert member.get(f"/reviews/{'9' * 30}/").status_code == 404
    assert member.get(reverse("reviews:detail", args=[review.pk + 1000])).status_code == 404
    # Another member's review in the same cell is not the member's to read.
    other = make_review(province.people.secretary, period)
    assert member.get(reverse("reviews:detail", args=[other.pk])).status_code == 404


# The person's file -------------------------------------------------------------------------


def _years(province):
    member = province.people.member
    this_year = timezone.localdate().year
    periods = {
        year: Period.objects.create(
            name=f"Năm {year} (hồ sơ)",
            starts_on=date(year, 1, 1),
            ends_on=date(year, 12, 31),
            is_open=False,
        )
        for year in range(this_year - 3, this_year)
    }
    for year, level in zip(periods, (3, 2, 1), strict=True):
        make_review(member, periods[year], decided=level)
    # Two places in the latest of them, shown together.
    make_review(member, periods[this_year - 1], unit=province.school, decided=2)
    return this_year, periods


def test_the_file_keeps_the_last_three_years_with_places_together(client_for, province):
    this_year, periods = _years(province)
    response = client_for("member").get(
        reverse("reviews:person_file", args=[province.people.member.pk])
    )
    html = html_of(response)
    assert response.status_code == 200
    assert f"Năm {this_year - 1} (hồ sơ)" in html and f"Năm {this_year - 2} (hồ sơ)" in html
    assert f"Năm {this_year - 3} (hồ sơ)" not in html
    latest = html.split(f"Bản kiểm điểm kỳ Năm {this_year - 1}")[1].split("</table>")[0]
    assert "Chi bộ Tổ Toán" in latest and "Đảng bộ Trường THPT Hòa An" in latest
    assert "Xếp loại đảng viên, tổ chức đảng" in latest
    assert "Xếp loại cán bộ, công chức, viên chức" in latest
    assert "(HTXS)" in latest and "(HTT)" in latest
    for review in Review.objects.filter(period=periods[this_year - 1]):
        assert reverse("reviews:detail", args=[review.pk]) in html


@pytest.mark.parametrize(
    "persona, status",
    [
        ("secretary", 200),  # reads Tổ Toán, the member's cell
        ("supervisor", 200),  # the education sector: the school
        ("unit_head", 200),
        ("org_officer", 200),
        ("outsider", 404),
        ("propaganda", 404),  # no reviews.view
    ],
)
def test_the_file_is_read_by_those_who_read_the_persons_reviews(
    client_for, province, persona, status
):
    _years(province)
    url = reverse("reviews:person_file", args=[province.people.member.pk])
    assert client_for(persona).get(url).status_code == status


def test_the_file_of_an_unknown_person_is_not_found(client_for, province):
    assert client_for("member").get("/reviews/people/999999/").status_code == 404
    other = reverse("reviews:person_file", args=[province.people.secretary.pk])
    assert client_for("member").get(other).status_code == 404


def test_an_empty_file_says_so(client_for, province):
    html = html_of(
        client_for("member").get(reverse("reviews:person_file", args=[province.people.member.pk]))
    )
    assert "Chưa có bản kiểm điểm nào trong 3 năm gần nhất." in html


# Menu and home -----------------------------------------------------------------------------


def test_the_menu_and_the_home_card_lead_to_my_reviews(client_for, province, review):
    html = html_of(client_for("member").get(reverse("home")))
    assert f'<a href="{reverse("reviews:mine")}">Kiểm điểm, xếp loại</a>' in html
    assert "Kiểm điểm, xếp loại Năm 2026" in html
    assert "Chi bộ Tổ Toán</strong>" in html and "Đang tự kiểm điểm" in html
    assert "Chưa bắt đầu" in html  # the workplace
    html = html_of(client_for("supervisor").get(reverse("home")))
    assert f'<a href="{reverse("reviews:mine")}">Kiểm điểm, xếp loại</a>' in html
    assert "Kiểm điểm, xếp loại Năm" not in html  # no person: no card


def _count(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_pages_cost_the_same_queries_however_many_tasks_and_years(client_for, province, period):
    from neuguong.commitments.models import KeyTask

    member = province.people.member
    plan = make_plan(member, period, status=PlanStatus.APPROVED)
    review = services.start_review(
        by=province.users["member"], period=period, person=member, unit=province.maths
    )
    client = client_for("member")
    pages = [
        reverse("reviews:detail", args=[review.pk]),
        reverse("reviews:edit", args=[review.pk]),
        reverse("reviews:mine"),
        reverse("reviews:person_file", args=[member.pk]),
    ]
    [_count(client, url) for url in pages]  # warm up: the session, the rule sets' cache
    before = [_count(client, url) for url in pages]
    for n in range(8):
        task = KeyTask.objects.create(plan=plan, order=n + 2, title=f"Nhiệm vụ thêm {n}")
        Evidence.objects.create(
            task=task, file=f"evidence/x/{n}.pdf", name=f"{n}.pdf", kind="pdf", size=1,
            sha256="1" * 64,
        )  # fmt: skip
    for year in (2024, 2025):
        older = Period.objects.create(
            name=f"Năm {year}", starts_on=date(year, 1, 1), ends_on=date(year, 12, 31)
        )
        make_review(member, older, decided=2)
        make_review(member, older, unit=province.school, decided=2)
    assert [_count(client, url) for url in pages] == before
