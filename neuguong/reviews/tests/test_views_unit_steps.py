"""The collective step on the pages: recording the meeting, the comments and votes, the
assessment and proposed level (with every rule explained for the level)."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from neuguong.core.models import AuditEntry
from neuguong.organisations.factories import make_person
from neuguong.reviews import services
from neuguong.reviews.factories import make_review
from neuguong.reviews.models import Discipline, ReviewMeeting, ReviewStatus

pytestmark = pytest.mark.django_db


def _state(review):
    review.refresh_from_db()
    audit = AuditEntry.objects.filter(object_type="reviews.review", object_id=str(review.pk))
    return (
        review.status,
        review.proposed_level,
        review.decided_level,
        review.meeting_id,
        review.votes,
        review.version,
        audit.count(),
    )


def _meeting_url(province, period) -> str:
    return (
        reverse("reviews:meeting", kwargs={"unit_pk": province.maths.pk}) + f"?period={period.pk}"
    )


def _meeting(province, period, present=10, total=12):
    return services.record_meeting(
        by=province.users["secretary"],
        period=period,
        unit=province.maths,
        held_on=date(2026, 12, 10),
        attendance_total=total,
        attendance_present=present,
    )


MEETING = {
    "held_on": "10/12/2026",
    "attendance_total": "12",
    "attendance_present": "11",
    "chaired_by": "Trần Thị Bình",
    "minutes": "Hội nghị kiểm điểm cuối năm",
}


# The meeting ---------------------------------------------------------------------------


def test_the_meeting_is_recorded_with_a_dd_mm_yyyy_or_iso_date(province, period, client_for):
    client = client_for("secretary")
    response = client.post(_meeting_url(province, period), MEETING)
    assert response.status_code == 302
    response = client.post(_meeting_url(province, period), MEETING | {"held_on": "2026-12-11"})
    assert response.status_code == 302
    held = list(ReviewMeeting.objects.order_by("held_on").values_list("held_on", flat=True))
    assert held == [date(2026, 12, 10), date(2026, 12, 11)]
    meeting = ReviewMeeting.objects.first()
    assert (meeting.attendance_present, meeting.chaired_by) == (11, "Trần Thị Bình")
    page = client.get(response["Location"]).content.decode()
    assert "Đã ghi hội nghị kiểm điểm ngày 11/12/2026." in page
    assert AuditEntry.objects.filter(action="review.meeting").count() == 2


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"attendance_present": "13"},
            "Số có mặt (13) không được lớn hơn tổng số được triệu tập (12).",
        ),
        ({"held_on": "10/12/2025"}, "Ngày họp phải nằm trong kỳ kiểm điểm."),
        ({"held_on": "31/02/2026"}, "Hãy nhập ngày họp theo dạng ngày/tháng/năm"),
        ({"attendance_total": "mười hai"}, "Hãy nhập một số nguyên từ 0 đến 100000."),
        ({"attendance_present": "-1"}, "Hãy nhập một số nguyên từ 0 đến 100000."),
        ({"attendance_total": "0", "attendance_present": "0"}, "Tổng số được triệu tập phải từ 1"),
    ],
)
def test_a_bad_meeting_is_refused_and_nothing_is_saved(
    province, period, client_for, change, message
):
    response = client_for("secretary").post(_meeting_url(province, period), MEETING | change)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ReviewMeeting.objects.exists()
    assert not AuditEntry.objects.filter(action="review.meeting").exists()


def test_only_those_who_assess_the_unit_record_its_meeting(province, period, client_for):
    url = _meeting_url(province, period)
    assert client_for("secretary").get(url).status_code == 200
    assert client_for("supervisor").post(url, MEETING).status_code == 403
    assert client_for("org_officer").get(url).status_code == 403
    assert client_for("outsider").post(url, MEETING).status_code == 404
    assert not ReviewMeeting.objects.exists()


# Comments and votes --------------------------------------------------------------------


def _submitted(province, period, person=None):
    return make_review(
        person or province.people.member, period, status=ReviewStatus.SUBMITTED, proposed=None
    )


def _comments(review) -> str:
    return reverse("reviews:comments", kwargs={"pk": review.pk})


def test_comments_and_votes_are_recorded_then_the_proposal_follows(province, period, client_for):
    review = _submitted(province, period)
    meeting = _meeting(province, period)
    client = client_for("secretary")
    page = client.get(_comments(review)).content.decode()
    assert "Ngày 10/12/2026 — có mặt 10/12" in page
    data = {
        "version": review.version,
        "meeting": meeting.pk,
        "comments": "Gương mẫu, nhiệt tình",
        "votes_htxs": "2",
        "votes_htt": "8",
    }
    response = client.post(_comments(review), data)
    assert response.status_code == 302
    assert response["Location"] == reverse("reviews:propose", kwargs={"pk": review.pk})
    review.refresh_from_db()
    assert review.status == ReviewStatus.COMMENTED
    assert review.votes == {1: 2, 2: 8, 3: 0, 4: 0}
    assert review.collective_comments == "Gương mẫu, nhiệt tình"


def test_votes_over_those_present_are_refused(province, period, client_for):
    review = _submitted(province, period)
    meeting = _meeting(province, period, present=5, total=6)
    before = _state(review)
    data = {"version": review.version, "meeting": meeting.pk, "votes_htt": "4", "votes_htnv": "2"}
    response = client_for("secretary").post(_comments(review), data)
    assert response.status_code == 400
    assert "Tổng số phiếu (6) vượt số có mặt (5)." in response.content.decode()
    assert _state(review) == before


def test_a_meeting_of_another_unit_or_bad_numbers_are_refused(province, period, client_for):
    review = _submitted(province, period)
    _meeting(province, period)
    elsewhere = services.record_meeting(
        by=province.users["unit_head"],
        period=period,
        unit=province.dong,
        held_on=date(2026, 12, 1),
        attendance_total=5,
        attendance_present=5,
    )
    before = _state(review)
    client = client_for("unit_head")
    data = {"version": review.version, "meeting": elsewhere.pk, "votes_htt": "1"}
    response = client.post(_comments(review), data)
    assert response.status_code == 400
    assert "Hội nghị đã chọn không phải của đơn vị, kỳ kiểm điểm này." in response.content.decode()
    data = {"version": review.version, "meeting": review.pk, "votes_htt": "nhiều"}
    response = client.post(_comments(review), data)
    assert "Hãy nhập một số nguyên từ 0 đến 100000." in response.content.decode()
    assert _state(review) == before


def test_a_stale_form_is_a_conflict_and_keeps_the_typed_comments(province, period, client_for):
    review = _submitted(province, period)
    meeting = _meeting(province, period)
    data = {"version": review.version - 1 if review.version > 1 else 99, "meeting": meeting.pk}
    data |= {"comments": "Ý kiến đã gõ", "votes_htt": "3"}
    before = _state(review)
    response = client_for("secretary").post(_comments(review), data)
    assert response.status_code == 409
    page = response.content.decode()
    assert "vừa được người khác thay đổi" in page and "Ý kiến đã gõ" in page
    assert f'name="version" value="{review.version}"' in page
    assert _state(review) == before


def test_without_a_meeting_the_page_asks_for_one(province, period, client_for):
    review = _submitted(province, period)
    page = client_for("secretary").get(_comments(review)).content.decode()
    assert "Đơn vị chưa ghi hội nghị kiểm điểm nào trong kỳ." in page
    assert reverse("reviews:meeting", kwargs={"unit_pk": province.maths.pk}) in page


def test_nobody_comments_on_their_own_review(province, period, client_for):
    own = _submitted(province, period, person=province.people.secretary)
    assert client_for("secretary").get(_comments(own)).status_code == 403
    assert client_for("outsider").get(_comments(own)).status_code == 404
    assert client_for("supervisor").get(_comments(own)).status_code == 403


# The proposal --------------------------------------------------------------------------


def _commented(province, period, person=None, **kwargs):
    kwargs.setdefault("score", Decimal(85))
    return make_review(
        person or province.people.member,
        period,
        status=ReviewStatus.COMMENTED,
        proposed=None,
        **kwargs,
    )


def _propose(review) -> str:
    return reverse("reviews:propose", kwargs={"pk": review.pk})


def test_the_proposal_page_lists_every_rule_for_the_level(province, period, client_for):
    review = _commented(province, period)
    page = client_for("secretary").get(_propose(review) + "?level=1").content.decode()
    assert "Kiểm tra các quy tắc với mức “Hoàn thành xuất sắc nhiệm vụ”" in page
    assert "✓ Đạt — <em>Quy định 366-QĐ/TW</em>: Không bị kỷ luật từ khiển trách trở lên" in page
    assert "✗ Không đạt" in page and "mức cao nhất theo điểm là HTT" in page
    assert "Mức cao nhất các quy tắc cho phép: HTT." in page
    assert "(kiểm tra khi quyết định)" in page  # the quota, checked at the decision
    assert 'name="score"' in page  # QĐ 366 scores
    assert 'name="targets_met_percent"' not in page  # not a leader


def test_choosing_a_level_through_htmx_renders_only_the_explanations(province, period, client_for):
    review = _commented(province, period)
    response = client_for("secretary").get(_propose(review) + "?level=2", HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert response.status_code == 200 and "<html" not in page
    assert page.lstrip().startswith('<section id="decide-checks"')
    assert "Kiểm tra các quy tắc với mức “Hoàn thành tốt nhiệm vụ”" in page
    assert "✓ Mức này không trái quy tắc nào." in page


def test_the_check_button_explains_the_typed_level_and_score_without_saving(
    province, period, client_for
):
    review = _commented(province, period)
    before = _state(review)
    data = {"version": review.version, "level": "1", "score": "95", "check": "1"}
    response = client_for("secretary").post(_propose(review), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Kiểm tra các quy tắc với mức “Hoàn thành xuất sắc nhiệm vụ”" in page
    assert "Đạt 95/100 điểm: mức cao nhất theo điểm là HTXS" in page
    assert _state(review) == before


def test_proposing_a_level_moves_the_review_on(province, period, client_for):
    head = make_person("Bí thư Tổ Toán", workplace=province.school, party_cell=province.maths)
    review = _commented(province, period, person=head, is_head=True)
    client = client_for("secretary")
    assert 'name="targets_met_percent"' in client.get(_propose(review)).content.decode()
    data = {
        "version": review.version,
        "level": "2",
        "assessment": "Hoàn thành tốt",
        "score": "85",
        "targets_met_percent": "90",
        "propose": "1",
    }
    response = client.post(_propose(review), data)
    assert response.status_code == 302
    review.refresh_from_db()
    assert (review.status, review.proposed_level, review.targets_met_percent) == (
        ReviewStatus.PROPOSED,
        2,
        90,
    )
    assert review.proposed_score == Decimal(85) and review.assessment == "Hoàn thành tốt"


def test_a_proposal_above_a_disqualifier_is_refused_naming_the_rule(province, period, client_for):
    review = _commented(province, period)
    Discipline.objects.create(
        person=province.people.member, kind="reprimand", decided_on=date(2026, 5, 1),
        authority="UBKT Đảng ủy xã",
    )  # fmt: skip
    before = _state(review)
    data = {"version": review.version, "level": "2", "score": "85", "propose": "1"}
    response = client_for("secretary").post(_propose(review), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Bị kỷ luật khiển trách ngày 01/05/2026 (UBKT Đảng ủy xã)" in page
    assert "✗ Không đạt" in page  # the explanation for the refused level stays
    assert _state(review) == before


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"level": "7"}, "Mức xếp loại đã chọn không hợp lệ."),
        ({"level": ""}, "Hãy chọn mức xếp loại."),
        ({"score": "101"}, "Điểm phải là số từ 0 đến 100."),
        ({"score": "chín"}, "Điểm phải là số từ 0 đến 100."),
    ],
)
def test_bad_proposals_change_nothing(province, period, client_for, change, message):
    review = _commented(province, period)
    before = _state(review)
    data = {"version": review.version, "level": "2", "score": "85", "propose": "1"} | change
    response = client_for("secretary").post(_propose(review), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert _state(review) == before


def test_a_proposal_waits_for_the_meeting(province, period, client_for):
    review = _submitted(province, period)
    before = _state(review)
    client = client_for("secretary")
    assert (
        "Chỉ đề xuất mức sau khi tập thể đã họp góp ý"
        in client.get(_propose(review)).content.decode()
    )
    response = client.post(
        _propose(review), {"version": review.version, "level": "2", "score": "80"}
    )
    assert response.status_code == 400
    assert _state(review) == before


def test_a_meeting_for_an_unknown_period_is_refused(province, period, client_for):
    url = reverse("reviews:meeting", kwargs={"unit_pk": province.maths.pk}) + "?period=31337"
    client = client_for("secretary")
    response = client.get(url)
    assert response.status_code == 400
    assert "Không có kỳ kiểm điểm “31337”" in response.content.decode()
    response = client.post(url, MEETING | {"period": "31337"})
    assert response.status_code == 400
    assert not ReviewMeeting.objects.exists()


@pytest.mark.parametrize("score", ["NaN", "Infinity", "-5", "1e9", "abc"])
def test_checking_a_proposal_with_a_score_out_of_range_explains_without_it(
    province, period, client_for, score
):
    review = _commented(province, period)
    before = _state(review)
    data = {"version": review.version, "level": "2", "score": score, "check": "1"}
    response = client_for("secretary").post(_propose(review), data)
    assert response.status_code == 200
    # The review's own score (85) is explained instead.
    assert "/100 điểm: mức cao nhất theo điểm là HTT" in response.content.decode()
    assert _state(review) == before
