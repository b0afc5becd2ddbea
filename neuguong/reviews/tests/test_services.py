"""The review's steps through the services, and the checks across reviews."""

from datetime import date
from decimal import Decimal

import pytest
from django.http import Http404

from neuguong.commitments.factories import make_plan
from neuguong.commitments.models import PlanStatus
from neuguong.core.errors import DomainError
from neuguong.core.models import AuditEntry
from neuguong.organisations.factories import make_person
from neuguong.organisations.models import Post
from neuguong.reviews import services
from neuguong.reviews.access import get_review_for_user
from neuguong.reviews.checks import Decision
from neuguong.reviews.factories import make_review
from neuguong.reviews.models import (
    Discipline,
    PendingMatter,
    Review,
    ReviewStatus,
    Subject,
    Track,
)

pytestmark = pytest.mark.django_db


def _snapshot(review):
    review.refresh_from_db()
    return (review.status, review.decided_level, review.version)


def test_places_party_cell_workplace_and_each_post(province, period):
    member = province.people.member
    Post.objects.create(person=member, unit=province.dong, title="Phó bí thư", is_deputy=True)
    places = services.review_places(member)
    assert [(u.code, t) for u, t in places] == [
        ("HOA-AN-THPT-TOAN", Track.PARTY),
        ("HOA-AN-THPT", Track.STATE),
        ("HOA-AN-DONG", Track.PARTY),
    ]


def test_the_whole_flow_from_self_review_to_a_locked_decision(province, period):
    member = province.people.member
    plan = make_plan(member, period, status=PlanStatus.APPROVED, tasks=["Dạy tốt", "Học tốt"])
    users = province.users
    review = services.start_review(
        by=users["member"], period=period, person=member, unit=province.maths
    )
    assert review.rule_set.code == "qd366" and review.form == "2A"
    assert review.plan_id == plan.pk
    keys = [str(t.task_key) for t in review.tasks.all()]
    assert len(keys) == 2
    # A review missing the result of an approved key task cannot be submitted.
    data = {
        "shortcomings": "Đôi khi chậm nộp báo cáo.",
        "points": {
            c: {"text": "Tốt", "level": "tot"} for c in ("politics", "duties", "commitment")
        },
        "tasks": {keys[0]: {"result": "Đạt 100%", "level": "tot"}, keys[1]: {"level": "tot"}},
        "self_level_party": "HTT",
        "self_score": "85",
    }
    review = services.save_self_review(
        review, by=users["member"], version=review.version, data=data
    )
    before = _snapshot(review)
    with pytest.raises(DomainError) as e:
        services.submit_review(review, by=users["member"], version=review.version)
    assert "Chưa ghi kết quả thực hiện nhiệm vụ “Học tốt”" in e.value.message
    assert _snapshot(review) == before
    data["tasks"][keys[1]]["result"] = "Hoàn thành"
    review = services.save_self_review(
        review, by=users["member"], version=review.version, data=data
    )
    review = services.submit_review(review, by=users["member"], version=review.version)
    assert review.status == ReviewStatus.SUBMITTED
    meeting = services.record_meeting(
        by=users["secretary"],
        period=period,
        unit=province.maths,
        held_on=date(2026, 12, 10),
        attendance_total=12,
        attendance_present=11,
        minutes="Họp kiểm điểm cuối năm",
    )
    review = services.record_comments(
        review,
        by=users["secretary"],
        version=review.version,
        meeting=meeting,
        comments="Nhiệt tình",
        votes={2: 10, 3: 1},
    )
    assert review.status == ReviewStatus.COMMENTED and review.votes_htt == 10
    review = services.propose_level(
        review,
        by=users["secretary"],
        version=review.version,
        level="HTT",
        score="85",
        assessment="Tốt",
    )
    assert review.status == ReviewStatus.PROPOSED
    review = services.decide_level(review, by=users["unit_head"], level=2)
    assert review.status == ReviewStatus.DECIDED and review.decided_level == 2
    actions = list(
        AuditEntry.objects.filter(object_id=str(review.pk)).values_list("action", flat=True)
    )
    for action in (
        "review.start",
        "review.save",
        "review.submit",
        "review.comments",
        "review.propose",
        "review.decide",
    ):
        assert action in actions
    # Locked: the writer can no longer edit; only the decider reopens, with a reason.
    with pytest.raises(DomainError):
        services.save_self_review(review, by=users["member"], version=review.version, data={})
    with pytest.raises(DomainError):
        services.reopen_review(review, by=users["secretary"], reason="Xem lại")
    with pytest.raises(DomainError) as e:
        services.reopen_review(review, by=users["unit_head"], reason="  ")
    assert "lý do" in e.value.message
    review = services.reopen_review(review, by=users["unit_head"], reason="Có đơn mới")
    assert review.status == ReviewStatus.PROPOSED and review.decided_level == 2
    entry = AuditEntry.objects.get(action="review.reopen", object_id=str(review.pk))
    assert entry.before["level"] == "HTT" and entry.after["reason"] == "Có đơn mới"


def test_votes_may_not_exceed_those_present(province, period):
    review = make_review(
        province.people.member, period, status=ReviewStatus.SUBMITTED, proposed=None
    )
    meeting = services.record_meeting(
        by=province.users["secretary"],
        period=period,
        unit=province.maths,
        held_on=date(2026, 12, 10),
        attendance_total=5,
        attendance_present=4,
    )
    before = _snapshot(review)
    with pytest.raises(DomainError) as e:
        services.record_comments(
            review,
            by=province.users["secretary"],
            version=None,
            meeting=meeting,
            comments="",
            votes={2: 5},
        )
    assert "vượt số có mặt" in e.value.message
    assert _snapshot(review) == before
    with pytest.raises(DomainError) as e:
        services.record_meeting(
            by=province.users["secretary"],
            period=period,
            unit=province.maths,
            held_on=date(2026, 12, 10),
            attendance_total=3,
            attendance_present=4,
        )
    assert "không được lớn hơn" in e.value.message


def _group(province, period, htt: int, htxs: int = 0, **kw):
    """People of Tổ Toán decided HTT/HTXS, each a member of the cell."""
    out = []
    for i in range(htt + htxs):
        p = make_person(f"Đảng viên {i}", workplace=province.school, party_cell=province.maths)
        out.append(make_review(p, period, decided=2 if i < htt else 1, score=Decimal(95), **kw))
    return out


def test_quota_refuses_an_htxs_over_20_percent_of_htt_naming_the_figures(province, period):
    _group(province, period, htt=10, htxs=2)
    review = make_review(province.people.member, period, proposed=1, score=Decimal(95))
    before = _snapshot(review)
    with pytest.raises(DomainError) as e:
        services.decide_level(review, by=province.users["unit_head"], level=1)
    message = e.value.message
    assert "đã có 2 HTXS trên 10 HTT; tối đa 2 HTXS" in message
    assert _snapshot(review) == before
    assert not AuditEntry.objects.filter(action="review.decide", object_id=str(review.pk)).exists()
    # Within it: HTT is fine, and then an 11th... still max 2 HTXS.
    services.decide_level(review, by=province.users["unit_head"], level=2)


def test_quota_counts_removing_an_htt_too(province, period):
    reviews = _group(province, period, htt=10, htxs=2)
    target = reviews[0]
    services.reopen_review(target, by=province.users["unit_head"], reason="Xem lại")
    target.refresh_from_db()
    with pytest.raises(DomainError) as e:
        services.decide_level(target, by=province.users["unit_head"], level=3)
    assert "sẽ chỉ còn 9 HTT" in e.value.message and "tối đa 1 HTXS" in e.value.message
    services.decide_level(target, by=province.users["unit_head"], level=2)


def test_quota_group_is_the_unit_and_position_class_by_default(province, period):
    _group(province, period, htt=5)  # allows 1 HTXS among staff
    head = make_person("Bí thư", workplace=province.school, party_cell=province.maths)
    make_review(None, period, unit=province.maths, decided=1, score=Decimal(95))
    leader = make_review(head, period, is_head=True, proposed=1, score=Decimal(95))
    assert leader.quota_key.endswith(":lead")
    with pytest.raises(DomainError) as e:  # 1 HTXS on 0 HTT among leaders
        services.decide_level(leader, by=province.users["unit_head"], level=1)
    assert "cán bộ lãnh đạo, quản lý" in e.value.message


def test_a_disciplined_person_cannot_be_rated_above_khtnv(province, period):
    _group(province, period, htt=10)
    review = make_review(province.people.member, period, proposed=4, score=Decimal(40))
    Discipline.objects.create(
        person=province.people.member,
        kind="warning",
        decided_on=date(2026, 5, 1),
        authority="Ủy ban Kiểm tra Đảng ủy xã",
    )
    before = _snapshot(review)
    with pytest.raises(DomainError) as e:
        services.decide_level(review, by=province.users["unit_head"], level=3)
    assert (
        "Bị kỷ luật cảnh cáo" in e.value.message and "Không hoàn thành nhiệm vụ" in e.value.message
    )
    assert _snapshot(review) == before
    services.decide_level(review, by=province.users["unit_head"], level=4)


def test_a_proposal_above_a_disqualifier_is_refused(province, period):
    review = make_review(
        province.people.member,
        period,
        status=ReviewStatus.COMMENTED,
        proposed=None,
        score=Decimal(95),
    )
    Discipline.objects.create(
        person=province.people.member,
        kind="reprimand",
        decided_on=date(2026, 5, 1),
        authority="UBKT",
    )
    before = _snapshot(review)
    with pytest.raises(DomainError) as e:
        services.propose_level(
            review, by=province.users["secretary"], version=None, level="HTT", score="95"
        )
    assert "khiển trách" in e.value.message
    assert _snapshot(review) == before


def test_a_decision_waits_for_open_pending_matters(province, period):
    _group(province, period, htt=5)
    review = make_review(province.people.member, period, proposed=2, score=Decimal(80))
    matter = services.add_pending_matter(
        by=province.users["org_officer"],
        person=province.people.member,
        period=period,
        title="Đơn phản ánh về kê khai tài sản",
    )
    before = _snapshot(review)
    with pytest.raises(DomainError) as e:
        services.decide_level(review, by=province.users["unit_head"], level=2)
    assert "Còn 1 vấn đề đang xử lý (Đơn phản ánh về kê khai tài sản)" in e.value.message
    assert _snapshot(review) == before
    services.settle_pending_matter(
        matter, by=province.users["org_officer"], settlement="Không có vi phạm"
    )
    services.decide_level(review, by=province.users["unit_head"], level=2)
    assert AuditEntry.objects.filter(action="pending.settle").exists()


def test_deciding_outside_scope_is_404_and_ones_own_is_403(province, period):
    from django.core.exceptions import PermissionDenied

    review = make_review(province.people.member, period, proposed=2)
    with pytest.raises(Http404):
        get_review_for_user(province.users["outsider"], review.pk, "decide")
    # The secretary sees it but the level above decides.
    with pytest.raises(PermissionDenied):
        get_review_for_user(province.users["secretary"], review.pk, "decide")
    own = make_review(province.people.unit_head, period, unit=province.dong, proposed=2)
    with pytest.raises(PermissionDenied):
        get_review_for_user(province.users["unit_head"], own.pk, "decide")
    before = _snapshot(own)
    with pytest.raises(DomainError) as e:
        services.decide_level(own, by=province.users["unit_head"], level=2)
    assert "không tự quyết định" in e.value.message
    assert _snapshot(own) == before


def test_the_managing_committee_decides_when_set(province, period):
    member = province.people.member
    member.management_unit = province.root
    member.save()
    review = make_review(member, period, proposed=2, score=Decimal(85))
    with pytest.raises(DomainError):
        services.decide_level(review, by=province.users["unit_head"], level=2)
    services.decide_level(review, by=province.users["org_officer"], level=2)


def test_leader_not_above_their_unit_and_collective_first(province, period):
    head = make_person("Bí thư Tổ Toán", workplace=province.school, party_cell=province.maths)
    leader = make_review(head, period, is_head=True, proposed=2, score=Decimal(85))
    with pytest.raises(DomainError) as e:
        services.decide_level(leader, by=province.users["unit_head"], level=2)
    assert "Chưa xếp loại tập thể Chi bộ Tổ Toán" in e.value.message
    make_review(None, period, unit=province.maths, decided=3, score=Decimal(60))
    with pytest.raises(DomainError) as e:
        services.decide_level(leader, by=province.users["unit_head"], level=2)
    assert "Chi bộ Tổ Toán được xếp loại HTNV" in e.value.message
    services.decide_level(leader, by=province.users["unit_head"], level=3)


def test_non_leaders_wait_for_a_started_collective_review(province, period):
    collective = make_review(None, period, unit=province.maths, proposed=2, score=Decimal(85))
    review = make_review(province.people.member, period, proposed=3, score=Decimal(60))
    with pytest.raises(DomainError) as e:
        services.decide_level(review, by=province.users["unit_head"], level=3)
    assert "tập thể được xếp loại trước cá nhân" in e.value.message
    services.decide_level(collective, by=province.users["unit_head"], level=2)
    services.decide_level(review, by=province.users["unit_head"], level=3)


def test_heads_before_deputies(province, period):
    make_review(None, period, unit=province.maths, decided=2, score=Decimal(85))
    head = make_review(
        make_person("Bí thư", workplace=province.school, party_cell=province.maths),
        period,
        is_head=True,
        proposed=2,
        score=Decimal(85),
    )
    deputy = make_review(
        make_person("Phó bí thư", workplace=province.school, party_cell=province.maths),
        period,
        is_deputy=True,
        proposed=3,
        score=Decimal(60),
    )
    with pytest.raises(DomainError) as e:
        services.decide_level(deputy, by=province.users["unit_head"], level=3)
    assert "người đứng đầu được xếp loại trước cấp phó" in e.value.message
    services.decide_level(head, by=province.users["unit_head"], level=2)
    services.decide_level(deputy, by=province.users["unit_head"], level=3)


def test_leadership_collective_not_above_its_organisation(province, period):
    make_review(None, period, unit=province.school, decided=3, score=Decimal(60))
    leadership = make_review(
        None,
        period,
        unit=province.school,
        subject=Subject.LEADERSHIP,
        proposed=2,
        score=Decimal(85),
    )
    with pytest.raises(DomainError) as e:
        services.decide_level(leadership, by=province.users["unit_head"], level=2)
    assert "tập thể lãnh đạo" in e.value.message
    services.decide_level(leadership, by=province.users["unit_head"], level=3)


def test_collective_fails_when_over_20_percent_of_units_below_were_disciplined(province, period):
    # Đảng ủy xã Hòa An has 2 units below (the school and Thôn Đông): 1 of 2 is 50%.
    collective = make_review(None, period, unit=province.hoa_an, proposed=2, score=Decimal(85))
    for u in (province.binh_minh, province.board):  # siblings for the quota group
        make_review(None, period, unit=u, decided=2, score=Decimal(85))
    Discipline.objects.create(
        unit=province.dong, kind="warning", decided_on=date(2026, 4, 1), authority="Tỉnh ủy"
    )
    with pytest.raises(DomainError) as e:
        services.decide_level(collective, by=province.users["org_officer"], level=2)
    assert "1 trên 2 đơn vị trực thuộc (50%) bị kỷ luật" in e.value.message
    services.decide_level(collective, by=province.users["org_officer"], level=4)


def test_staff_htxs_share_not_above_the_party_members(province, period):
    # Party side at the school's cell: 1 HTXS of 5 (20%).
    people = [
        make_person(f"Giáo viên {i}", workplace=province.school, party_cell=province.maths)
        for i in range(6)
    ]
    for i, p in enumerate(people[:5]):
        make_review(p, period, decided=1 if i == 0 else 2, score=Decimal(95))
    # State side at the school: 5 HTT decided, then a sixth is proposed HTXS: 1/6 ≤ 1/5.
    for p in people[:5]:
        make_review(p, period, unit=province.school, track=Track.STATE, decided=2, points=False)
    sixth = make_review(
        people[5],
        period,
        unit=province.school,
        track=Track.STATE,
        proposed=1,
        points=False,
        score=Decimal(95),
    )
    assert sixth.rule_set.code == "nd335"
    sixth.general_score = Decimal(30)
    sixth.save()
    services.decide_level(sixth, by=province.users["unit_head"], level=1)
    # A second staff HTXS: 2/7 > 1/5.
    seventh = make_review(
        province.people.member,
        period,
        unit=province.school,
        track=Track.STATE,
        proposed=1,
        points=False,
        score=Decimal(95),
    )
    seventh.general_score = Decimal(30)
    seventh.save()
    with pytest.raises(DomainError) as e:
        services.decide_level(seventh, by=province.users["unit_head"], level=1)
    assert "Tỷ lệ HTXS của cán bộ, công chức, viên chức là 2/7" in e.value.message
    assert "1/5" in e.value.message


def test_under_six_months_is_reviewed_but_not_rated(province, period):
    review = make_review(province.people.member, period, proposed=2, score=Decimal(85))
    review.months_worked = 4
    review.save()
    with pytest.raises(DomainError) as e:
        services.decide_level(review, by=province.users["unit_head"], level=2)
    assert "không xếp loại" in e.value.message
    services.decide_level(review, by=province.users["unit_head"], level=None, not_rated=True)
    review.refresh_from_db()
    assert review.not_rated and review.decided_level is None


def test_batch_is_all_or_nothing_naming_each_bad_row(province, period):
    reviews = [
        make_review(
            make_person(f"Người {i}", workplace=province.school, party_cell=province.maths),
            period,
            proposed=2,
            score=Decimal(85),
        )
        for i in range(4)
    ]
    Discipline.objects.create(
        person=reviews[1].person, kind="warning", decided_on=date(2026, 5, 1), authority="UBKT"
    )
    decisions = [Decision(r, 2) for r in reviews]
    with pytest.raises(services.BatchError) as e:
        services.decide_many(decisions, by=province.users["unit_head"])
    assert set(e.value.errors) == {reviews[1].pk}
    assert not Review.objects.filter(decided_level__isnull=False).exists()
    decisions[1] = Decision(reviews[1], 4)
    services.decide_many(decisions, by=province.users["unit_head"])
    assert Review.objects.filter(status=ReviewStatus.DECIDED).count() == 4
    assert AuditEntry.objects.filter(action="review.decide").count() == 4


def test_open_round_starts_everyone_at_the_place(province, period):
    n = services.open_round(by=province.users["secretary"], period=period, unit=province.maths)
    # The cell itself, and its two party members (member, secretary).
    assert n == 3
    assert Review.objects.filter(unit=province.maths, person__isnull=True).count() == 1
    assert (
        services.open_round(by=province.users["secretary"], period=period, unit=province.maths) == 0
    )
    with pytest.raises(DomainError):
        services.open_round(by=province.users["member"], period=period, unit=province.maths)


def test_discipline_is_kept_by_inspection_and_audited(province, period):
    person = province.people.member
    with pytest.raises(DomainError):
        services.record_discipline(by=province.users["secretary"], person=person, data={})
    with pytest.raises(DomainError) as e:
        services.record_discipline(
            by=province.users["inspection"], person=person, data={"kind": "nope"}
        )
    assert "không hợp lệ" in e.value.message
    record = services.record_discipline(
        by=province.users["inspection"],
        person=person,
        data={"kind": "reprimand", "decided_on": date(2026, 3, 1), "authority": "UBKT Đảng ủy xã"},
    )
    services.update_discipline(
        record,
        by=province.users["inspection"],
        data={
            "kind": "warning",
            "decided_on": date(2026, 3, 1),
            "authority": "UBKT",
            "self_detected_fixed": True,
        },
    )
    assert AuditEntry.objects.filter(action__startswith="discipline.").count() == 2
    services.delete_discipline(record, by=province.users["inspection"])
    assert not Discipline.objects.exists()
    assert PendingMatter.objects.count() == 0


def test_a_collectives_code_evaluation_is_part_of_its_review(province, period):
    from neuguong.reviews.checks import explain
    from neuguong.standards.factories import make_code
    from neuguong.standards.models import CodeEvaluation, CodeStatus

    for u in (province.dong, province.school):
        make_review(None, period, unit=u, decided=2, score=Decimal(85))
    collective = make_review(None, period, unit=province.maths, proposed=2, score=Decimal(85))
    checks = {c.code: c for c in explain(collective, 2)}
    assert "chưa chốt đánh giá" in checks["collective.code"].message
    code = make_code(province.maths, period, status=CodeStatus.PUBLISHED)
    CodeEvaluation.objects.create(
        unit=province.maths, period=period, code=code, status="decided", overall="not_met"
    )
    with pytest.raises(DomainError) as e:
        services.decide_level(collective, by=province.users["unit_head"], level=2)
    assert "Không đạt" in e.value.message and "không được xếp loại cao hơn HTNV" in e.value.message
    services.decide_level(collective, by=province.users["unit_head"], level=3)
