"""decide_many as a province-wide pass runs it: each decision's audit entry, the reviews
read again with their related rows, and the staff share counted for several units in one
batch (the bulk paths of services.decide_many and checks._share_checks)."""

from decimal import Decimal

import pytest

from neuguong.core.models import AuditEntry
from neuguong.organisations.factories import make_person
from neuguong.reviews import services
from neuguong.reviews.checks import Decision
from neuguong.reviews.factories import make_review
from neuguong.reviews.models import Review, ReviewStatus, Track

pytestmark = pytest.mark.django_db


def _people(province, unit, cell, n, prefix):
    return [
        make_person(f"{prefix} {i}", workplace=unit, party_cell=cell, category="vien_chuc")
        for i in range(n)
    ]


def test_each_decision_has_its_audit_entry_at_the_decisions_moment(province, period):
    officer = province.users["unit_head"]
    first, second = (
        make_review(p, period, proposed=2, score=Decimal(80))
        for p in _people(province, province.school, province.maths, 2, "Giáo viên")
    )
    services.decide_many([Decision(first, 2), Decision(second, 3)], by=officer, note="Đợt 1")
    services.reopen_review(first, by=officer, reason="Xem lại")
    first.refresh_from_db()
    services.decide_many([Decision(first, 3)], by=officer, note="")
    entries = AuditEntry.objects.filter(action="review.decide").order_by("pk")
    assert [(e.object_id, e.before, e.after) for e in entries] == [
        (str(first.pk), None, {"level": "HTT", "note": "Đợt 1"}),
        (str(second.pk), None, {"level": "HTNV", "note": "Đợt 1"}),
        (str(first.pk), {"level": "HTT"}, {"level": "HTNV", "note": ""}),
    ]
    for entry in entries:
        review = Review.objects.select_related("person", "period", "unit").get(pk=entry.object_id)
        assert entry.actor == officer and entry.object_type == "reviews.review"
        assert entry.object_repr == str(review) and entry.unit_id == review.unit_id
    assert entries.last().at == Review.objects.get(pk=first.pk).decided_at


def test_a_batch_reads_each_review_with_the_rows_it_relates_to(province, period):
    review = make_review(province.people.member, period, proposed=2, score=Decimal(80))
    full = Review.objects.select_related(
        "period", "person", "person__management_unit", "unit", "rule_set"
    ).get(pk=review.pk)
    lean = services._read_for_deciding([review.pk], period)[review.pk]
    for name in services.DECIDING_FIELDS:
        if "__" not in name:
            assert getattr(lean, name) == getattr(full, name), name
    assert (lean.period.name, lean.unit.path, lean.rule_set.code) == (
        full.period.name,
        full.unit.path,
        full.rule_set.code,
    )
    assert lean.person.full_name == full.person.full_name
    assert lean.person.management_unit == full.person.management_unit
    assert str(lean) == str(full)


def test_the_staff_share_is_counted_unit_by_unit_in_one_batch(province, period):
    # The school's party members: 1 HTXS of 5; the commune's: none of 3. Each unit has
    # 5 staff rated HTT (room for 1 HTXS in the quota) and one proposed HTXS.
    school = _people(province, province.school, province.maths, 6, "Giáo viên")
    commune = _people(province, province.hoa_an, province.dong, 6, "Cán bộ xã")
    for i, person in enumerate(school[:5]):
        make_review(person, period, decided=1 if i == 0 else 2, score=Decimal(95))
    for person in commune[:3]:
        make_review(person, period, decided=2, score=Decimal(85))
    staff = []
    for people, unit in ((school, province.school), (commune, province.hoa_an)):
        for person in people[:-1]:
            make_review(person, period, unit=unit, track=Track.STATE, decided=2, points=False)
        staff.append(
            make_review(people[-1], period, unit=unit, track=Track.STATE, proposed=1, points=False)
        )
    assert {r.rule_set.code for r in staff} == {"nd90"}
    decisions = [Decision(r, 1) for r in staff]
    with pytest.raises(services.BatchError) as e:
        services.decide_many(decisions, by=province.users["org_officer"])
    assert set(e.value.errors) == {staff[1].pk}
    [message] = e.value.errors[staff[1].pk]
    assert "là 1/6" in message and "là 0/3" in message
    assert not Review.objects.filter(pk__in=[r.pk for r in staff], status="decided").exists()
    services.decide_many(
        [Decision(staff[0], 1), Decision(staff[1], 2)], by=province.users["org_officer"]
    )
    assert Review.objects.get(pk=staff[0].pk).status == ReviewStatus.DECIDED
