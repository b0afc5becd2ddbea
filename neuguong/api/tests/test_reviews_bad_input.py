"""Bad input to the review API: each a 4xx with a clear message, nothing changed.

The issue's cases come first (a level over the quota or a ceiling, a disciplined
person above KHTNV, an open pending matter, a missing key-task result, deciding
outside scope or on one's own review, a stale version), then the steps' other
refusals and malformed ids (test_reviews_fuzz.py sends odd values in every field).
"""

from datetime import date
from decimal import Decimal

import pytest

from neuguong.commitments.factories import make_plan
from neuguong.commitments.models import PlanStatus
from neuguong.core.models import AuditEntry
from neuguong.organisations.factories import make_person
from neuguong.reviews.factories import make_review
from neuguong.reviews.models import (
    Discipline,
    Finding,
    PendingMatter,
    Review,
    ReviewMeeting,
    ReviewPoint,
    ReviewStatus,
    ReviewTask,
)

HUGE = 2**63
STAFF = "Chi bộ Tổ Toán, cán bộ không giữ chức vụ lãnh đạo"


def state():
    return (
        list(Review.objects.order_by("pk").values()),
        list(ReviewPoint.objects.order_by("pk").values()),
        list(ReviewTask.objects.order_by("pk").values()),
        list(ReviewMeeting.objects.order_by("pk").values()),
        list(Discipline.objects.order_by("pk").values()),
        list(Finding.objects.order_by("pk").values()),
        list(PendingMatter.objects.order_by("pk").values()),
        AuditEntry.objects.exclude(action__startswith="token.").count(),
    )


def refused(response, status, *, code=None, field=None):
    assert response.status_code == status, response.content
    body = response.json()
    if code is not None:
        assert body["code"] == code, body
    if field is not None:
        assert body["field"] == field, body
    return body


def ok(response, status=200):
    assert response.status_code == status, response.content
    return response.json()


def teachers(province, period, *, htt: int, htxs: int = 0):
    """Party members of Tổ Toán already decided HTT or HTXS."""
    for i in range(htt + htxs):
        person = make_person(f"Giáo viên {i}", workplace=province.school, party_cell=province.maths)
        make_review(person, period, decided=2 if i < htt else 1, score=Decimal(95))


# The bad inputs ---------------------------------------------------------------


def test_a_level_over_the_quota_is_refused_with_the_figures(province, period, api_as):
    teachers(province, period, htt=10, htxs=2)
    review = make_review(province.people.member, period, proposed=1, score=Decimal(95))
    head = api_as("unit_head")
    before = state()
    body = refused(
        head.post(f"/reviews/{review.pk}/decide", {"level": "HTXS"}),
        400,
        code="rule",
        field="level",
    )
    assert body["detail"] == (
        f"{STAFF}: đã có 2 HTXS trên 10 HTT; tối đa 2 HTXS (không quá 20% số HTT)."
    )
    assert state() == before
    # The checks say so before deciding, and HTT is within it.
    checks = ok(head.get(f"/reviews/{review.pk}/checks", level="HTXS"))
    assert not checks["allowed"] and checks["best_allowed"] == "HTT"
    quota = next(c for c in checks["checks"] if c["code"] == "quota")
    assert not quota["ok"] and "tối đa 2 HTXS" in quota["message"]
    assert ok(head.post(f"/reviews/{review.pk}/decide", {"level": "HTT"}))["decided_level"] == "HTT"


def test_a_bulk_pass_over_the_quota_is_refused_whole_naming_each_row(province, period, api_as):
    teachers(province, period, htt=10, htxs=1)
    a, b, c = (
        make_review(
            make_person(f"Đảng viên {i}", workplace=province.school, party_cell=province.maths),
            period,
            proposed=1,
            score=Decimal(95),
        )
        for i in range(3)
    )
    before = state()
    rows = [{"review_id": a.pk, "level": 1}, {"review_id": b.pk, "level": 1}]
    rows.append({"review_id": c.pk, "level": "HTT"})
    body = refused(
        api_as("unit_head").post("/reviews/decide", {"decisions": rows}), 400, code="batch"
    )
    assert body["detail"] == "2 dòng không hợp lệ; chưa áp dụng dòng nào."
    assert [e["review_id"] for e in body["errors"]] == [a.pk, b.pk]
    message = f"{STAFF}: đã có 1 HTXS trên 11 HTT; tối đa 2 HTXS (không quá 20% số HTT)."
    assert body["errors"][0]["messages"] == [message]
    assert state() == before


def test_a_leader_above_their_unit_is_refused(province, period, api_as):
    make_review(None, period, unit=province.maths, decided=3, score=Decimal(60))
    head_of_cell = make_person(
        "Bí thư Tổ Toán", workplace=province.school, party_cell=province.maths
    )
    leader = make_review(head_of_cell, period, is_head=True, proposed=2, score=Decimal(85))
    before = state()
    body = refused(
        api_as("unit_head").post(f"/reviews/{leader.pk}/decide", {"level": "HTT"}), 400, code="rule"
    )
    assert body["detail"] == (
        "Chi bộ Tổ Toán được xếp loại HTNV; mức của người đứng đầu, cấp phó không được cao hơn "
        "mức của tập thể."
    )
    assert state() == before


def test_a_disciplined_person_above_khtnv_is_refused(province, period, api_as):
    teachers(province, period, htt=5)
    review = make_review(province.people.member, period, proposed=4, score=Decimal(75))
    ok(
        api_as("inspection").post(
            "/reviews/discipline",
            {
                "person_id": province.people.member.pk,
                "kind": "warning",
                "decided_on": "2026-05-04",
                "authority": "Ủy ban Kiểm tra Đảng ủy xã",
            },
        ),
        201,
    )
    head = api_as("unit_head")
    before = state()
    body = refused(head.post(f"/reviews/{review.pk}/decide", {"level": "HTNV"}), 400, code="rule")
    assert body["detail"] == (
        "Bị kỷ luật cảnh cáo ngày 04/05/2026 (Ủy ban Kiểm tra Đảng ủy xã) trong kỳ: "
        "xếp loại Không hoàn thành nhiệm vụ."
    )
    assert state() == before
    assert ok(head.post(f"/reviews/{review.pk}/decide", {"level": 4}))["decided_level"] == "KHTNV"


def test_a_proposal_above_a_disqualifier_is_refused(province, period, api_as):
    review = make_review(
        province.people.member, period, status=ReviewStatus.COMMENTED, proposed=None
    )
    Discipline.objects.create(
        person=province.people.member,
        kind="reprimand",
        decided_on=date(2026, 3, 2),
        authority="UBKT Đảng ủy Trường",
    )
    before = state()
    body = refused(
        api_as("secretary").post(
            f"/reviews/{review.pk}/propose", {"version": 1, "level": "HTT", "score": 85}
        ),
        400,
        code="rule",
        field="level",
    )
    assert "Bị kỷ luật khiển trách ngày 02/03/2026" in body["detail"]
    assert state() == before


def test_a_decision_waits_for_an_open_pending_matter(province, period, api_as):
    teachers(province, period, htt=5)
    review = make_review(province.people.member, period, proposed=2, score=Decimal(80))
    officer, head = api_as("org_officer"), api_as("unit_head")
    matter = ok(
        officer.post(
            "/reviews/pending",
            {
                "person_id": province.people.member.pk,
                "title": "Đơn phản ánh về kê khai tài sản",
                "detail": "Đang xác minh.",
            },
        ),
        201,
    )
    assert matter["is_open"] and matter["period"]["id"] == period.pk
    before = state()
    body = refused(head.post(f"/reviews/{review.pk}/decide", {"level": "HTT"}), 400, code="rule")
    assert body["detail"] == (
        "Còn 1 vấn đề đang xử lý (Đơn phản ánh về kê khai tài sản): phải giải quyết xong "
        "trước khi xếp loại."
    )
    assert state() == before
    settled = ok(
        officer.post(f"/reviews/pending/{matter['id']}/settle", {"settlement": "Không có vi phạm."})
    )
    assert not settled["is_open"] and settled["settlement"] == "Không có vi phạm."
    assert ok(head.post(f"/reviews/{review.pk}/decide", {"level": "HTT"}))["status"] == "decided"


def test_submitting_without_a_key_task_result_is_refused(province, period, api_as):
    make_plan(
        province.people.member,
        period,
        status=PlanStatus.APPROVED,
        tasks=["Dạy tốt môn Toán khối 11", "Bồi dưỡng học sinh giỏi"],
    )
    member = api_as("member")
    review = ok(member.post("/reviews", {"unit_id": province.maths.pk}), 201)
    first, second = (t["task_key"] for t in review["tasks"])
    body = {
        "version": 1,
        "points": {c: {"level": "tot"} for c in ("politics", "duties", "commitment")},
        "tasks": [
            {"task_key": first, "result": "Đạt 100%", "level": "tot"},
            {"task_key": second, "level": "tot"},
        ],
        "self_level_party": 2,
        "self_score": 85,
    }
    saved = ok(member.call("PUT", f"/reviews/{review['id']}", body))
    assert saved["missing"] == [
        "Chưa ghi kết quả thực hiện nhiệm vụ “Bồi dưỡng học sinh giỏi” của kế hoạch đã phê duyệt."
    ]
    before = state()
    response = member.post(f"/reviews/{review['id']}/submit", {"version": 2})
    body = refused(response, 400, code="incomplete", field="tasks")
    assert body["detail"] == saved["missing"][0]
    assert state() == before


def test_deciding_outside_ones_scope_is_not_found(province, period, api_as):
    review = make_review(province.people.member, period, proposed=2, score=Decimal(85))
    outsider = api_as("outsider")
    before = state()
    for path, body in [
        (f"/reviews/{review.pk}/decide", {"level": "HTT"}),
        (f"/reviews/{review.pk}/reopen", {"reason": "Xem lại."}),
        (f"/reviews/{review.pk}/propose", {"version": 1, "level": "HTT"}),
    ]:
        answer = refused(outsider.post(path, body), 404, code="not_found")
        assert answer["detail"] == "Không tìm thấy."
    # A batch of it alone is answered the same; in a batch with the caller's own rows,
    # it is listed as not found, and nothing of it shows.
    batch = {"decisions": [{"review_id": review.pk, "level": 2}]}
    answer = refused(outsider.post("/reviews/decide", batch), 404, code="not_found")
    assert answer["detail"] == "Không tìm thấy."
    neighbour = make_review(province.people.neighbour, period, proposed=2, score=Decimal(85))
    batch = {
        "decisions": [
            {"review_id": review.pk, "level": 2},
            {"review_id": neighbour.pk, "level": 2},
        ]
    }
    before = state()
    answer = refused(api_as("unit_head").post("/reviews/decide", batch), 400, code="batch")
    assert answer["detail"] == "1 dòng không hợp lệ; chưa áp dụng dòng nào."
    assert answer["errors"] == [{"review_id": neighbour.pk, "messages": ["Không tìm thấy."]}]
    assert "Vũ Thị Hạnh" not in str(answer)
    assert state() == before


def test_deciding_ones_own_review_is_forbidden(province, period, api_as):
    own = make_review(province.people.unit_head, period, unit=province.dong, proposed=2)
    head = api_as("unit_head")
    before = state()
    body = refused(head.post(f"/reviews/{own.pk}/decide", {"level": "HTT"}), 403, code="forbidden")
    assert body["detail"] == "Bạn không tự quyết định xếp loại của mình."
    body = refused(
        head.post("/reviews/decide", {"decisions": [{"review_id": own.pk, "level": 2}]}), 403
    )
    assert body["detail"] == "Bạn không có thẩm quyền quyết định xếp loại các bản kiểm điểm này."
    # With a row the caller may decide, one's own is listed among the refused rows.
    villager = make_review(province.people.villager, period, proposed=2, score=Decimal(85))
    rows = [{"review_id": villager.pk, "level": 2}, {"review_id": own.pk, "level": 2}]
    body = refused(head.post("/reviews/decide", {"decisions": rows}), 400, code="batch")
    assert body["errors"] == [
        {
            "review_id": own.pk,
            "messages": ["Bạn không có thẩm quyền quyết định xếp loại bản kiểm điểm này."],
        }
    ]
    # In scope but not the competent level: the cell's secretary.
    member_review = make_review(province.people.member, period, proposed=2)
    before = state()
    body = refused(
        api_as("secretary").post(f"/reviews/{member_review.pk}/decide", {"level": 2}), 403
    )
    assert body["detail"] == "Bạn không có thẩm quyền quyết định xếp loại bản kiểm điểm này."
    body = refused(
        api_as("member").post(
            f"/reviews/{member_review.pk}/propose", {"version": 1, "level": "HTT"}
        ),
        403,
    )
    assert body["detail"] == "Bạn không tự góp ý, đánh giá bản kiểm điểm của mình."
    assert state() == before


def test_a_stale_version_is_a_conflict_with_the_current_review(province, period, api_as):
    member = api_as("member")
    review = ok(member.post("/reviews", {"unit_id": province.maths.pk}), 201)
    ok(member.call("PUT", f"/reviews/{review['id']}", {"version": 1, "shortcomings": "Mới."}))
    before = state()
    body = refused(
        member.call("PUT", f"/reviews/{review['id']}", {"version": 1, "shortcomings": "Cũ."}),
        409,
        code="conflict",
    )
    assert body["detail"] == (
        "Bản kiểm điểm vừa được người khác thay đổi. Hãy xem bản mới nhất rồi làm lại."
    )
    current = body["current"]
    assert (current["id"], current["version"]) == (review["id"], 2)
    assert current["sections"]["shortcomings"] == "Mới."
    assert [p["code"] for p in current["points"]] == ["politics", "duties", "commitment"]
    refused(member.post(f"/reviews/{review['id']}/submit", {"version": 1}), 409)
    assert state() == before


# The steps' other refusals ------------------------------------------------------------


def test_editing_a_submitted_review_is_refused(province, period, api_as):
    review = make_review(province.people.member, period, status=ReviewStatus.SUBMITTED)
    before = state()
    body = refused(
        api_as("member").call("PUT", f"/reviews/{review.pk}", {"version": 1, "remedies": "X"}),
        400,
        code="locked",
    )
    assert body["detail"] == "Bản kiểm điểm đã nộp (Chờ họp góp ý); không sửa được nữa."
    assert state() == before


def test_votes_over_those_present_and_a_bad_meeting_are_refused(province, period, api_as):
    review = make_review(province.people.member, period, status=ReviewStatus.SUBMITTED)
    secretary = api_as("secretary")
    meeting = {
        "unit_id": province.maths.pk,
        "held_on": "2026-12-10",
        "attendance_total": 5,
        "attendance_present": 6,
    }
    before = state()
    body = refused(secretary.post("/reviews/meetings", meeting), 400, field="attendance_present")
    assert body["detail"] == ("Số có mặt (6) không được lớn hơn tổng số được triệu tập (5).")
    body = refused(
        secretary.post(
            "/reviews/meetings", {**meeting, "attendance_present": 4, "held_on": "2025-01-01"}
        ),
        400,
        field="held_on",
    )
    assert body["detail"] == "Ngày họp phải nằm trong kỳ kiểm điểm."
    assert state() == before
    held = ok(secretary.post("/reviews/meetings", {**meeting, "attendance_present": 4}), 201)
    before = state()
    body = refused(
        secretary.post(
            f"/reviews/{review.pk}/comments",
            {"version": 1, "meeting_id": held["id"], "votes": {"HTT": 4, "HTNV": 1}},
        ),
        400,
        field="votes",
    )
    assert body["detail"] == "Tổng số phiếu (5) vượt số có mặt (4)."
    # Another unit's meeting, and one outside the caller's scope.
    dong = ok(
        api_as("unit_head").post(
            "/reviews/meetings", {**meeting, "unit_id": province.dong.pk, "attendance_present": 4}
        ),
        201,
    )
    before = state()
    body = refused(
        api_as("unit_head").post(
            f"/reviews/{review.pk}/comments", {"version": 1, "meeting_id": dong["id"]}
        ),
        400,
        field="meeting",
    )
    assert body["detail"] == "Hội nghị này không phải của đơn vị, kỳ kiểm điểm này."
    body = refused(
        secretary.post(f"/reviews/{review.pk}/comments", {"version": 1, "meeting_id": dong["id"]}),
        404,
        field="meeting_id",
    )
    assert body["detail"] == f"Không tìm thấy hội nghị #{dong['id']}."
    assert state() == before


def test_decision_bodies_that_contradict_themselves_are_refused(province, period, api_as):
    review = make_review(province.people.member, period, proposed=2, score=Decimal(85))
    head = api_as("unit_head")
    before = state()
    body = refused(
        head.post(f"/reviews/{review.pk}/decide", {"level": 2, "not_rated": True}),
        400,
        field="not_rated",
    )
    assert body["detail"] == "Chọn một mức xếp loại hoặc “không xếp loại”, không cả hai."
    body = refused(head.post(f"/reviews/{review.pk}/decide", {}), 400, field="level")
    assert body["detail"] == "Hãy chọn mức xếp loại."
    body = refused(head.post(f"/reviews/{review.pk}/decide", {"level": "HTTT"}), 400)
    assert body["detail"] == ("Mức xếp loại “HTTT” không hợp lệ; chọn HTXS, HTT, HTNV hoặc KHTNV.")
    body = refused(
        head.post(
            "/reviews/decide",
            {
                "decisions": [
                    {"review_id": review.pk, "level": 2},
                    {"review_id": review.pk, "level": 3},
                ]
            },
        ),
        400,
    )
    assert body["errors"] == [
        {"review_id": review.pk, "messages": ["Bản kiểm điểm này có hơn một dòng."]}
    ]
    body = refused(
        head.post(f"/reviews/{review.pk}/reopen", {"reason": "Xem lại."}), 400, code="state"
    )
    assert body["detail"] == "Bản kiểm điểm chưa được xếp loại."
    assert state() == before


def test_reopening_needs_a_reason(province, period, api_as):
    review = make_review(province.people.member, period, decided=2)
    before = state()
    body = refused(
        api_as("unit_head").post(f"/reviews/{review.pk}/reopen", {"reason": "   "}),
        400,
        field="reason",
    )
    assert body["detail"] == "Hãy ghi lý do mở lại."
    body = refused(
        api_as("secretary").post(f"/reviews/{review.pk}/reopen", {"reason": "Xem lại."}), 403
    )
    assert body["detail"] == "Bạn không có thẩm quyền quyết định xếp loại bản kiểm điểm này."
    assert state() == before


def test_starting_elsewhere_or_without_a_person_record_is_refused(province, period, api_as):
    before = state()
    body = refused(api_as("unit_head").post("/reviews", {"unit_id": province.school.pk}), 400)
    assert body["detail"] == (
        "Lê Đức Dũng không sinh hoạt, công tác hay giữ chức vụ ở Đảng bộ Trường THPT Hòa An."
    )
    # A unit the caller does not see is answered as an unknown one.
    body = refused(api_as("member").post("/reviews", {"unit_id": province.dong.pk}), 404)
    assert body["field"] == "unit_id"
    body = refused(api_as("admin").post("/reviews", {"unit_id": province.maths.pk}), 403)
    assert "chưa gắn với hồ sơ" in body["detail"]
    body = refused(
        api_as("member").post("/reviews", {"unit_id": province.maths.pk, "period_id": 999}), 404
    )
    assert (body["field"], body["detail"]) == ("period_id", "Không tìm thấy kỳ #999.")
    assert state() == before


def test_records_refuse_what_the_services_refuse(province, period, api_as):
    inspection = api_as("inspection")
    member = province.people.member
    before = state()
    body = refused(
        inspection.post(
            "/reviews/discipline",
            {"kind": "warning", "decided_on": "2026-05-04", "authority": "UBKT"},
        ),
        400,
        field="person",
    )
    assert body["detail"] == "Chọn một cá nhân hoặc một tổ chức."
    body = refused(
        inspection.post(
            "/reviews/discipline",
            {
                "person_id": member.pk,
                "kind": "warning",
                "decided_on": "2099-01-01",
                "authority": "A",
            },
        ),
        400,
        field="decided_on",
    )
    assert body["detail"] == "Ngày không được sau hôm nay."
    body = refused(
        inspection.post(
            "/reviews/findings",
            {
                "person_id": member.pk,
                "kind": "qd37",
                "concluded_on": "2026-05-04",
                "authority": " ",
            },
        ),
        400,
        field="authority",
    )
    assert body["detail"] == "Hãy ghi cơ quan kết luận."
    body = refused(
        api_as("secretary").post(
            "/reviews/discipline",
            {
                "person_id": member.pk,
                "kind": "warning",
                "decided_on": "2026-05-04",
                "authority": "A",
            },
        ),
        403,
    )
    body = refused(
        api_as("org_officer").post("/reviews/pending", {"person_id": member.pk, "title": "  "}),
        400,
        field="title",
    )
    assert body["detail"] == "Hãy ghi nội dung vấn đề đang xử lý."
    assert state() == before


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/reviews/0"),
        ("GET", f"/reviews/{HUGE}"),
        ("GET", "/reviews/abc"),
        ("POST", "/reviews/-1/submit"),
        ("GET", "/reviews/units/0/sheet"),
        ("GET", "/reviews/1/checks?level=HTXX"),
        ("GET", "/reviews?limit=0"),
        ("GET", "/reviews?status=closed"),
        ("GET", "/reviews/discipline?offset=-1"),
    ],
)
def test_malformed_ids_and_parameters_are_refused(province, api_as, method, path):
    response = api_as("org_officer").call(method, path, {} if method == "POST" else None)
    assert response.status_code == 422, response.content


def test_unknown_ids_are_not_found(province, period, api_as):
    officer = api_as("org_officer")
    for method, path, body in [
        ("GET", "/reviews/999", None),
        ("GET", "/reviews/999/checks?level=HTT", None),
        ("PUT", "/reviews/999", {"version": 1}),
        ("POST", "/reviews/999/decide", {"level": 2}),
        ("GET", "/reviews/units/999/sheet", None),
        ("GET", "/reviews/people/999/file", None),
        ("GET", "/reviews/discipline/999", None),
        ("DELETE", "/reviews/findings/999", None),
        ("POST", "/reviews/pending/999/settle", {"settlement": "x"}),
    ]:
        response = officer.call(method, path, body)
        assert response.status_code == 404, (path, response.content)
        assert response.json()["detail"] == "Không tìm thấy."
