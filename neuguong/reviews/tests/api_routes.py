"""The review API routes' rows in the API access matrix.

Targets are the member's review at Chi bộ Tổ Toán (Nguyễn Văn An, a party member
working at the school), in the state each step needs. The member writes and submits
it; the cell's secretary, the head of Hòa An and the admin (a superuser) hold the
meeting and propose; the competent level is above the cell's school, so the head of
Hòa An, the organisation officer (root) and the admin decide, the secretary does not.
The supervisor (education) and inspection read it; the outsider (Bình Minh) and the
propaganda officer (no review permission) do not see it (404). Discipline and
findings are written by inspection, pending matters by the organisation officer and
inspection; those who read reviews read them too.

The file routes (api/review_files.py): a review's Word form is read as the review is;
a unit's Excel files need reviews.view on the unit. Uploading the filled sheet needs a
multipart body, which the matrix cannot send: those allowed to upload (reviews.assess
or reviews.decide over the unit) are answered 400 "bad_sheet" (no file), after the
access checks; tests/test_upload.py uploads real sheets.
"""

from datetime import date
from decimal import Decimal

from neuguong.reviews.factories import make_review
from neuguong.reviews.models import (
    Discipline,
    Finding,
    PendingMatter,
    Review,
    ReviewMeeting,
    ReviewStatus,
)

LIST = "401 200 200 200 200 200 200 200 200 200"
VIEW = "401 200 200 200 200 200 200 200 404 404"
# Only the member writes their own self-review.
WRITE = "401 200 403 403 403 403 403 403 404 404"
# The meeting, comments, proposal and return: reviews.assess over the cell.
ASSESS = "401 403 200 200 403 403 403 200 404 404"
# The decision: reviews.decide over the level above the cell.
DECIDE = "401 403 403 200 403 200 403 200 404 404"
# A unit's round: reviews.assess over the unit; the unit itself is seen more widely.
ROUND = "401 403 {ok} {ok} 403 403 403 {ok} 404 403"
# Everyone with a personal record starts their own review; accounts without one cannot.
START = "401 201 201 201 403 201 403 403 201 403"
# Readers of records: discipline.manage, reviews.pending or reviews.view anywhere.
RECORDS = "401 403 200 200 200 200 200 200 200 403"
RECORD = "401 404 200 200 200 200 200 200 404 404"
KEEP_DISCIPLINE = "401 404 403 403 403 403 {ok} {ok} 404 404"
ADD_DISCIPLINE = "401 403 403 403 403 403 201 201 404 403"
ADD_PENDING = "401 403 403 403 403 201 201 201 404 403"
SETTLE = "401 404 403 403 403 200 200 200 404 404"
UNIT_FILE = "401 403 200 200 200 200 200 200 404 403"
UPLOAD = "401 403 400:bad_sheet 400:bad_sheet 403 400:bad_sheet 403 400:bad_sheet 404 403"


def _review(p, status: str, **extra) -> int:
    """The member's review at the cell, in `status` (one per test, made on first use)."""
    if not hasattr(p, "member_review"):
        p.member_review = make_review(
            p.people.member,
            p.period,
            status=status,
            proposed=2 if status == ReviewStatus.PROPOSED else None,
            decided=2 if status == ReviewStatus.DECIDED else None,
            score=Decimal(85),
        )
        if extra:
            Review.objects.filter(pk=p.member_review.pk).update(**extra)
    return p.member_review.pk


def draft(p):
    # Complete: each point assessed (the factory's), the self-rating and score given.
    return _review(p, ReviewStatus.DRAFT, self_level_party=2)


def submitted(p):
    return _review(p, ReviewStatus.SUBMITTED)


def commented(p):
    return _review(p, ReviewStatus.COMMENTED)


def proposed(p):
    return _review(p, ReviewStatus.PROPOSED)


def decided(p):
    return _review(p, ReviewStatus.DECIDED)


def meeting(p):
    return ReviewMeeting.objects.create(
        period=p.period,
        unit=p.maths,
        held_on=date(2026, 11, 20),
        attendance_total=10,
        attendance_present=9,
    ).pk


def discipline(p):
    return Discipline.objects.create(
        person=p.people.member,
        kind="warning",
        decided_on=date(2026, 3, 2),
        authority="Ủy ban Kiểm tra Đảng ủy Trường",
    ).pk


def finding(p):
    return Finding.objects.create(
        person=p.people.member, kind="qd37", concluded_on=date(2026, 3, 2), authority="UBKT"
    ).pk


def matter(p):
    return PendingMatter.objects.create(
        person=p.people.member, period=p.period, title="Đơn phản ánh về kê khai tài sản"
    ).pk


def version(n: int = 1):
    return lambda p: {"version": n}


MATHS = {"unit_id": lambda p: p.maths.pk}
RECORD_BODY = {
    "kind": "warning",
    "decided_on": "2026-03-02",
    "authority": "Ủy ban Kiểm tra Đảng ủy Trường",
    "reason": "Chậm kê khai tài sản.",
}

# (method, path template, {path arg: province -> value}, body: province -> dict, statuses)
ROUTES = [
    ("GET", "/reviews", {}, None, LIST),
    ("POST", "/reviews", {}, lambda p: {"period_id": p.period.pk}, START),
    ("GET", "/reviews/mine", {}, None, LIST),
    ("GET", "/reviews/meetings", {}, None, LIST),
    (
        "POST",
        "/reviews/meetings",
        {},
        lambda p: {
            "unit_id": p.maths.pk,
            "held_on": "2026-11-20",
            "attendance_total": 10,
            "attendance_present": 9,
            "minutes": "Hội nghị kiểm điểm cuối năm.",
        },
        "401 403 201 201 403 403 403 201 404 403",
    ),
    (
        "POST",
        "/reviews/decide",
        {},
        lambda p: {"decisions": [{"review_id": proposed(p), "level": "HTT"}]},
        "401 403 403 200 403 200 403 200 404 403",
    ),
    ("POST", "/reviews/units/{unit_id}/open", MATHS, None, ROUND.format(ok=200)),
    ("POST", "/reviews/units/{unit_id}/collective", MATHS, None, ROUND.format(ok=201)),
    (
        "GET",
        "/reviews/units/{unit_id}/sheet",
        MATHS,
        None,
        "401 403 200 200 200 200 200 200 404 403",
    ),
    (
        "GET",
        "/reviews/people/{person_id}/file",
        {"person_id": lambda p: p.people.member.pk},
        None,
        "401 200 200 200 200 200 200 200 404 403",
    ),
    ("GET", "/reviews/{review_id}", {"review_id": proposed}, None, VIEW),
    ("GET", "/reviews/{review_id}/checks", {"review_id": proposed}, None, VIEW),
    (
        "PUT",
        "/reviews/{review_id}",
        {"review_id": draft},
        lambda p: {"version": 1, "shortcomings": "Đôi khi chậm nộp báo cáo."},
        WRITE,
    ),
    ("POST", "/reviews/{review_id}/submit", {"review_id": draft}, version(), WRITE),
    (
        "POST",
        "/reviews/{review_id}/return",
        {"review_id": submitted},
        lambda p: {"version": 1, "reason": "Chưa ghi kết quả nhiệm vụ."},
        ASSESS,
    ),
    (
        "POST",
        "/reviews/{review_id}/comments",
        {"review_id": submitted},
        lambda p: {
            "version": 1,
            "meeting_id": meeting(p),
            "comments": "Nhiệt tình, trách nhiệm.",
            "votes": {"HTT": 8, "HTNV": 1},
        },
        ASSESS,
    ),
    (
        "POST",
        "/reviews/{review_id}/propose",
        {"review_id": commented},
        lambda p: {"version": 1, "level": "HTT", "score": 85, "assessment": "Hoàn thành tốt."},
        ASSESS,
    ),
    (
        "POST",
        "/reviews/{review_id}/decide",
        {"review_id": proposed},
        lambda p: {"level": "HTT"},
        DECIDE,
    ),
    (
        "POST",
        "/reviews/{review_id}/reopen",
        {"review_id": decided},
        lambda p: {"reason": "Có đơn phản ánh mới."},
        DECIDE,
    ),
    ("GET", "/reviews/discipline", {}, None, RECORDS),
    (
        "POST",
        "/reviews/discipline",
        {},
        lambda p: {"person_id": p.people.member.pk, **RECORD_BODY},
        ADD_DISCIPLINE,
    ),
    ("GET", "/reviews/discipline/{record_id}", {"record_id": discipline}, None, RECORD),
    (
        "PUT",
        "/reviews/discipline/{record_id}",
        {"record_id": discipline},
        lambda p: {**RECORD_BODY, "self_detected_fixed": True},
        KEEP_DISCIPLINE.format(ok=200),
    ),
    (
        "DELETE",
        "/reviews/discipline/{record_id}",
        {"record_id": discipline},
        None,
        KEEP_DISCIPLINE.format(ok=204),
    ),
    ("GET", "/reviews/findings", {}, None, RECORDS),
    (
        "POST",
        "/reviews/findings",
        {},
        lambda p: {
            "person_id": p.people.member.pk,
            "kind": "qd37",
            "concluded_on": "2026-03-02",
            "authority": "Ủy ban Kiểm tra Tỉnh ủy",
        },
        ADD_DISCIPLINE,
    ),
    (
        "DELETE",
        "/reviews/findings/{finding_id}",
        {"finding_id": finding},
        None,
        KEEP_DISCIPLINE.format(ok=204),
    ),
    ("GET", "/reviews/pending", {}, None, RECORDS),
    (
        "POST",
        "/reviews/pending",
        {},
        lambda p: {"person_id": p.people.member.pk, "title": "Đơn phản ánh về kê khai tài sản"},
        ADD_PENDING,
    ),
    (
        "POST",
        "/reviews/pending/{matter_id}/settle",
        {"matter_id": matter},
        lambda p: {"settlement": "Không có vi phạm."},
        SETTLE,
    ),
    # Files (api/review_files.py).
    ("GET", "/review-files/{review_id}.docx", {"review_id": proposed}, None, VIEW),
    ("GET", "/review-files/units/{unit_id}/ratings.xlsx", MATHS, None, UNIT_FILE),
    ("GET", "/review-files/units/{unit_id}/sheet.xlsx", MATHS, None, UNIT_FILE),
    ("POST", "/review-files/units/{unit_id}/sheet", MATHS, None, UPLOAD),
]
