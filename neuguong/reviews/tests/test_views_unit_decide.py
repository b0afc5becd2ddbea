"""The decision on one review, reopening it and returning a self-review: each refusal
names its rule and figures and changes nothing (status, levels, version, audit log)."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from neuguong.core.models import AuditEntry
from neuguong.organisations.factories import make_person
from neuguong.reviews import services
from neuguong.reviews.factories import make_review
from neuguong.reviews.models import Discipline, ReviewStatus

pytestmark = pytest.mark.django_db


def _url(name, review) -> str:
    return reverse(f"reviews:{name}", kwargs={"pk": review.pk})


def _state(review):
    review.refresh_from_db()
    audit = AuditEntry.objects.filter(object_type="reviews.review", object_id=str(review.pk))
    return (review.status, review.decided_level, review.not_rated, review.version, audit.count())


def _decided(province, period, htt: int, htxs: int = 0):
    for i in range(htt + htxs):
        person = make_person(
            f"Đảng viên {i:02d}", workplace=province.school, party_cell=province.maths
        )
        make_review(person, period, decided=2 if i < htt else 1, score=Decimal(95))


def test_the_decision_page_shows_the_review_the_proposal_and_the_rules(
    province, period, client_for
):
    review = make_review(province.people.member, period, proposed=2, score=Decimal(85))
    response = client_for("unit_head").get(_url("decide", review))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Quyết định xếp loại: Nguyễn Văn An" in page
    assert "Mức đề xuất" in page and "Hoàn thành tốt nhiệm vụ" in page
    assert "Kiểm tra các quy tắc với mức “Hoàn thành tốt nhiệm vụ”" in page
    assert "Không có vấn đề nào đang xử lý." in page
    assert 'name="check"' in page and "Xem kiểm tra" in page  # without JavaScript
    assert 'hx-get="' + _url("decide", review) + '"' in page  # with htmx
    assert "Không xếp loại (công tác dưới 6 tháng trong kỳ)" in page


def test_choosing_a_level_rerenders_the_explanations(province, period, client_for):
    _decided(province, period, htt=10, htxs=2)
    review = make_review(province.people.member, period, proposed=2, score=Decimal(95))
    client = client_for("unit_head")
    response = client.get(_url("decide", review) + "?level=1", HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert "<html" not in page and "Kiểm tra các quy tắc với mức “Hoàn thành xuất sắc" in page
    assert "✗ Không đạt" in page and "đã có 2 HTXS trên 10 HTT; tối đa 2 HTXS" in page
    before = _state(review)
    response = client.post(_url("decide", review), {"level": "1", "check": "1"})
    assert response.status_code == 200
    assert "đã có 2 HTXS trên 10 HTT; tối đa 2 HTXS" in response.content.decode()
    assert _state(review) == before


def test_deciding_within_the_rules_locks_the_review(province, period, client_for):
    _decided(province, period, htt=5)
    review = make_review(province.people.member, period, proposed=1, score=Decimal(95))
    client = client_for("unit_head")
    response = client.post(_url("decide", review), {"level": "1", "note": "Tiêu biểu"})
    assert response.status_code == 302 and response["Location"] == _url("decide", review)
    page = client.get(response["Location"]).content.decode()
    assert "Đã quyết định xếp loại Nguyễn Văn An: HTXS." in page
    assert "Bản kiểm điểm đã được xếp loại và khóa." in page
    review.refresh_from_db()
    assert (review.status, review.decided_level, review.decision_note) == (
        "decided",
        1,
        "Tiêu biểu",
    )


def test_a_level_over_the_quota_is_refused_with_its_figures(province, period, client_for):
    _decided(province, period, htt=10, htxs=2)
    review = make_review(province.people.member, period, proposed=1, score=Decimal(95))
    before = _state(review)
    response = client_for("unit_head").post(_url("decide", review), {"level": "1"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Chưa quyết định được; không có gì thay đổi." in page
    assert "Chi bộ Tổ Toán, cán bộ không giữ chức vụ lãnh đạo: đã có 2 HTXS trên 10 HTT; " in page
    assert "tối đa 2 HTXS (không quá 20% số HTT)" in page
    assert _state(review) == before


def test_a_leader_above_the_units_level_is_refused(province, period, client_for):
    make_review(None, period, unit=province.maths, decided=3, score=Decimal(60))
    head = make_person("Bí thư Tổ Toán", workplace=province.school, party_cell=province.maths)
    review = make_review(head, period, is_head=True, proposed=2, score=Decimal(85))
    before = _state(review)
    client = client_for("unit_head")
    response = client.post(_url("decide", review), {"level": "2"})
    assert response.status_code == 400
    assert (
        "Chi bộ Tổ Toán được xếp loại HTNV; mức của người đứng đầu, cấp phó không được cao hơn "
        "mức của tập thể." in response.content.decode()
    )
    assert _state(review) == before
    assert client.post(_url("decide", review), {"level": "3"}).status_code == 302


def test_a_disciplined_person_is_not_rated_above_khtnv(province, period, client_for):
    review = make_review(province.people.member, period, proposed=4, score=Decimal(40))
    Discipline.objects.create(
        person=province.people.member, kind="warning", decided_on=date(2026, 5, 1),
        authority="Ủy ban Kiểm tra Đảng ủy xã",
    )  # fmt: skip
    before = _state(review)
    client = client_for("unit_head")
    for level in ("1", "2", "3"):
        response = client.post(_url("decide", review), {"level": level})
        assert response.status_code == 400
        assert "Bị kỷ luật cảnh cáo ngày 01/05/2026" in response.content.decode()
        assert _state(review) == before
    assert client.post(_url("decide", review), {"level": "4"}).status_code == 302
    assert _state(review)[1] == 4


def test_a_decision_waits_for_an_open_pending_matter(province, period, client_for):
    review = make_review(province.people.member, period, proposed=2, score=Decimal(85))
    matter = services.add_pending_matter(
        by=province.users["org_officer"],
        person=province.people.member,
        period=period,
        title="Đơn phản ánh về kê khai tài sản",
    )
    before = _state(review)
    client = client_for("unit_head")
    response = client.post(_url("decide", review), {"level": "2"})
    assert response.status_code == 400
    assert (
        "Còn 1 vấn đề đang xử lý (Đơn phản ánh về kê khai tài sản): phải giải quyết xong trước "
        "khi xếp loại." in response.content.decode()
    )
    assert _state(review) == before
    services.settle_pending_matter(matter, by=province.users["org_officer"], settlement="Đúng")
    assert client.post(_url("decide", review), {"level": "2"}).status_code == 302


def test_not_rated_for_under_six_months(province, period, client_for):
    review = make_review(province.people.member, period, proposed=2, score=Decimal(85))
    review.months_worked = 4
    review.save()
    client = client_for("unit_head")
    response = client.post(_url("decide", review), {"level": "2"})
    assert response.status_code == 400 and "không xếp loại" in response.content.decode()
    assert client.post(_url("decide", review), {"level": "none"}).status_code == 302
    review.refresh_from_db()
    assert review.not_rated and review.decided_level is None


def test_a_level_must_be_chosen(province, period, client_for):
    review = make_review(province.people.member, period, proposed=2, score=Decimal(85))
    before = _state(review)
    client = client_for("unit_head")
    for level in ("", "HTXSS", "0"):
        response = client.post(_url("decide", review), {"level": level})
        assert response.status_code == 400
        page = response.content.decode()
        assert "Hãy chọn mức xếp loại." in page or "Mức xếp loại đã chọn không hợp lệ." in page
    assert _state(review) == before


def test_deciding_outside_scope_is_404(province, period, client_for):
    review = make_review(province.people.member, period, proposed=2, score=Decimal(85))
    before = _state(review)
    for persona in ("outsider", "propaganda"):
        client = client_for(persona)
        assert client.get(_url("decide", review)).status_code == 404
        assert client.post(_url("decide", review), {"level": "2"}).status_code == 404
    assert _state(review) == before


def test_deciding_ones_own_review_is_403_saying_why(province, period, client_for):
    own = make_review(province.people.unit_head, period, unit=province.dong, proposed=2)
    before = _state(own)
    client = client_for("unit_head")
    for response in (
        client.get(_url("decide", own)),
        client.post(_url("decide", own), {"level": "2"}),
    ):
        assert response.status_code == 403
        assert "Đồng chí không tự quyết định xếp loại, mở lại bản kiểm điểm của mình." in (
            response.content.decode()
        )
    assert _state(own) == before


def test_the_level_above_decides_not_the_cells_secretary(province, period, client_for):
    review = make_review(province.people.member, period, proposed=2, score=Decimal(85))
    before = _state(review)
    for persona in ("secretary", "supervisor", "inspection"):
        response = client_for(persona).post(_url("decide", review), {"level": "2"})
        assert response.status_code == 403
    assert _state(review) == before


def test_a_review_not_yet_proposed_is_not_decided(province, period, client_for):
    review = make_review(
        province.people.member, period, status=ReviewStatus.COMMENTED, proposed=None
    )
    before = _state(review)
    client = client_for("unit_head")
    page = client.get(_url("decide", review)).content.decode()
    assert "Chưa có mức đề xuất của người đứng đầu, bí thư; chưa quyết định được." in page
    response = client.post(_url("decide", review), {"level": "2"})
    assert response.status_code == 400
    assert _state(review) == before


# Reopening and returning ------------------------------------------------------------------


def test_reopening_needs_a_reason_and_the_audit_log_keeps_both(province, period, client_for):
    review = make_review(province.people.member, period, decided=2, score=Decimal(85))
    before = _state(review)
    client = client_for("unit_head")
    response = client.post(_url("reopen", review), {"reason": "   "})
    assert response.status_code == 400
    assert "Hãy ghi lý do mở lại." in response.content.decode()
    assert _state(review) == before
    response = client.post(_url("reopen", review), {"reason": "Có đơn phản ánh mới"})
    assert response.status_code == 302
    review.refresh_from_db()
    assert (review.status, review.decided_level) == (ReviewStatus.PROPOSED, 2)
    entry = AuditEntry.objects.get(action="review.reopen", object_id=str(review.pk))
    assert entry.before["level"] == "HTT" and entry.after["reason"] == "Có đơn phản ánh mới"
    page = client.get(response["Location"]).content.decode()
    assert "mức HTT vẫn được tính cho đến khi quyết định lại" in page


def test_only_the_decider_reopens(province, period, client_for):
    review = make_review(province.people.member, period, decided=2, score=Decimal(85))
    own = make_review(province.people.unit_head, period, unit=province.dong, decided=2)
    before, own_before = _state(review), _state(own)
    assert client_for("secretary").post(_url("reopen", review), {"reason": "x"}).status_code == 403
    assert client_for("outsider").post(_url("reopen", review), {"reason": "x"}).status_code == 404
    response = client_for("unit_head").post(_url("reopen", own), {"reason": "Xem lại"})
    assert response.status_code == 403
    assert "không tự quyết định xếp loại, mở lại" in response.content.decode()
    assert _state(review) == before and _state(own) == own_before


def test_reopening_an_undecided_review_is_refused(province, period, client_for):
    review = make_review(province.people.member, period, proposed=2)
    before = _state(review)
    client = client_for("unit_head")
    page = client.get(_url("reopen", review)).content.decode()
    assert "Bản kiểm điểm chưa được xếp loại, không có gì để mở lại." in page
    response = client.post(_url("reopen", review), {"reason": "Xem lại"})
    assert response.status_code == 400
    assert "Bản kiểm điểm chưa được xếp loại." in response.content.decode()
    assert _state(review) == before


def test_returning_a_submitted_self_review_needs_a_reason(province, period, client_for):
    review = make_review(
        province.people.member, period, status=ReviewStatus.SUBMITTED, proposed=None
    )
    before = _state(review)
    client = client_for("secretary")
    response = client.post(_url("return", review), {"version": review.version, "reason": ""})
    assert response.status_code == 400
    assert "Hãy ghi lý do trả lại." in response.content.decode()
    assert _state(review) == before
    response = client.post(
        _url("return", review), {"version": review.version, "reason": "Thiếu kết quả nhiệm vụ"}
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.status == ReviewStatus.DRAFT and review.reopen_reason == "Thiếu kết quả nhiệm vụ"
    assert AuditEntry.objects.filter(action="review.return", object_id=str(review.pk)).exists()


def test_only_a_submitted_review_is_returned(province, period, client_for):
    review = make_review(province.people.member, period, proposed=2)
    before = _state(review)
    client = client_for("secretary")
    page = client.get(_url("return", review)).content.decode()
    assert "Chỉ trả lại được bản kiểm điểm đang chờ họp góp ý." in page
    response = client.post(_url("return", review), {"version": review.version, "reason": "Lý do"})
    assert response.status_code == 400
    assert _state(review) == before
    assert client_for("unit_head").get(_url("return", review)).status_code == 200
    assert client_for("org_officer").get(_url("return", review)).status_code == 403
