"""Choosing the rule set, and each rule with a passing and a failing case per rule set."""

from datetime import date
from decimal import Decimal

import pytest

from neuguong.organisations.factories import make_person
from neuguong.regulations.models import Period
from neuguong.reviews.checks import Decision, evaluate, explain
from neuguong.reviews.factories import make_review
from neuguong.reviews.models import (
    Discipline,
    Finding,
    ReviewPoint,
    ReviewTask,
    RuleSet,
    Track,
)
from neuguong.reviews.rules.base import HTNV, HTT, HTXS, KHTNV

pytestmark = pytest.mark.django_db


def _period(year):
    return Period.objects.create(
        name=f"Năm {year} (thử)", starts_on=date(year, 1, 1), ends_on=date(year, 12, 31)
    )


@pytest.mark.parametrize(
    ("year", "track", "category", "code"),
    [
        (2023, Track.PARTY, "", "qd124"),
        (2024, Track.PARTY, "", "qd124"),
        (2025, Track.PARTY, "", "qd366"),
        (2026, Track.PARTY, "", "qd366"),
        (2025, Track.STATE, "cong_chuc", "nd90"),
        (2026, Track.STATE, "cong_chuc", "nd335"),
        (2026, Track.STATE, "vien_chuc", "nd90"),
        (2026, Track.STATE, "can_bo", "nd90"),
    ],
)
def test_rule_set_is_chosen_by_period_track_and_category(year, track, category, code):
    chosen = RuleSet.objects.for_review(period=_period(year), track=track, category=category)
    assert chosen.code == code


# (year, track, category, extra review fields) for one review per rule set.
RULE_SETS = {
    "qd124": (2024, Track.PARTY, "cong_chuc"),
    "qd366": (2025, Track.PARTY, "cong_chuc"),
    "nd90": (2026, Track.STATE, "vien_chuc"),
    "nd335": (2026, Track.STATE, "cong_chuc"),
}


def _review(province, code, **kw):
    year, track, category = RULE_SETS[code]
    period = _period(year)
    person = make_person(
        "Người Thử", workplace=province.school, party_cell=province.maths, category=category
    )
    unit = province.maths if track == Track.PARTY else province.school
    review = make_review(person, period, unit=unit, track=track, score=Decimal(95), **kw)
    assert review.rule_set.code == code
    if code == "nd335":
        review.general_score = Decimal(28)
        review.save()
    return review


def _refused(review, level):
    return evaluate([Decision(review, level)]).get(review.pk, [])


def _codes(review, level):
    return {c.code for c in _refused(review, level)}


@pytest.mark.parametrize("code", list(RULE_SETS))
def test_a_clean_review_may_be_rated_htxs_alone_outside_the_quota(province, code):
    review = _review(province, code)
    # Alone in its group: 1 HTXS on 0 HTT breaks the quota, and nothing else does.
    assert _codes(review, HTXS) == {"quota"}
    assert _refused(review, HTT) == []


@pytest.mark.parametrize("code", list(RULE_SETS))
def test_discipline_in_the_period_forces_khtnv_unless_self_fixed(province, code):
    review = _review(province, code)
    Discipline.objects.create(
        person=review.person,
        kind="reprimand",
        decided_on=review.period.starts_on.replace(month=6),
        authority="Ủy ban Kiểm tra",
        self_detected_fixed=True,
    )
    assert "disqualifier.discipline" not in _codes(review, HTT)
    Discipline.objects.create(
        person=review.person,
        kind="reprimand",
        decided_on=review.period.starts_on.replace(month=7),
        authority="Ủy ban Kiểm tra Đảng ủy xã",
    )
    refused = _refused(review, HTNV)
    assert [c.code for c in refused] == ["disqualifier.discipline"]
    assert "Bị kỷ luật khiển trách" in refused[0].message
    assert "Không hoàn thành nhiệm vụ" in refused[0].message
    assert _refused(review, KHTNV) == []


@pytest.mark.parametrize("code", list(RULE_SETS))
def test_discipline_outside_the_period_does_not_count(province, code):
    review = _review(province, code)
    Discipline.objects.create(
        person=review.person,
        kind="warning",
        decided_on=date(review.period.starts_on.year - 1, 6, 1),
        authority="Ủy ban Kiểm tra",
    )
    assert _refused(review, HTT) == []


@pytest.mark.parametrize("code", list(RULE_SETS))
@pytest.mark.parametrize("kind", ["degradation", "qd37", "exemplary"])
def test_a_finding_forces_khtnv(province, code, kind):
    review = _review(province, code)
    assert _refused(review, HTT) == []
    Finding.objects.create(
        person=review.person,
        kind=kind,
        concluded_on=review.period.starts_on.replace(month=9),
        authority="Ủy ban Kiểm tra Tỉnh ủy",
    )
    assert _codes(review, HTNV) == {"disqualifier.finding"}
    assert _refused(review, KHTNV) == []


@pytest.mark.parametrize("code", list(RULE_SETS))
def test_any_poor_point_means_khtnv(province, code):
    review = _review(province, code)
    ReviewPoint.objects.filter(review=review, code="duties").update(self_level="kem")
    refused = _refused(review, HTNV)
    assert [c.code for c in refused] == ["disqualifier.poor_point"]
    assert "mức Kém" in refused[0].message
    assert _refused(review, KHTNV) == []


@pytest.mark.parametrize("code", list(RULE_SETS))
def test_a_leader_whose_area_met_under_half_its_targets_is_khtnv(province, code):
    review = _review(province, code, is_head=True)
    review.targets_met_percent = 50
    review.save()
    assert "disqualifier.targets" not in _codes(review, HTT)
    review.targets_met_percent = 49
    review.save()
    assert "disqualifier.targets" in _codes(review, HTNV)


def _tasks(review, **flags):
    from neuguong.commitments.factories import make_plan

    plan = make_plan(
        review.person, review.period, tasks=["Nhiệm vụ một", "Nhiệm vụ hai", "Nhiệm vụ ba"]
    )
    for task in plan.tasks.all():
        ReviewTask.objects.create(
            review=review,
            task_key=task.key,
            key_task=task,
            result="Xong",
            self_level="tot",
            **flags,
        )


@pytest.mark.parametrize("code", list(RULE_SETS))
def test_htt_needs_every_task_on_time_and_at_quality(province, code):
    review = _review(province, code)
    _tasks(review, exceeded=True)
    assert _refused(review, HTT) == []
    ReviewTask.objects.filter(review=review).filter(
        pk=ReviewTask.objects.filter(review=review).first().pk
    ).update(on_time=False, late_products=1)
    assert "condition.all_on_time" in _codes(review, HTT)
    if code != "nd335":  # NĐ 335 also loses points for the late product
        assert _refused(review, HTNV) == []


@pytest.mark.parametrize(("code", "need"), [("qd366", 30), ("nd90", 50), ("nd335", 30)])
def test_htxs_needs_a_share_of_tasks_exceeded(province, code, need):
    review = _review(province, code)
    _tasks(review)
    assert "condition.exceeded" in _codes(review, HTXS)
    message = next(c.message for c in _refused(review, HTXS) if c.code == "condition.exceeded")
    assert f"ít nhất {need}%" in message
    ReviewTask.objects.filter(review=review).update(exceeded=True)
    assert "condition.exceeded" not in _codes(review, HTXS)


def test_qd124_does_not_ask_for_exceeded_tasks(province):
    review = _review(province, "qd124")
    _tasks(review)
    assert "condition.exceeded" not in _codes(review, HTXS)


@pytest.mark.parametrize(
    ("score", "best"),
    [
        (Decimal(90), HTXS),
        (Decimal("89.99"), HTT),
        (Decimal(70), HTT),
        (Decimal(69), HTNV),
        (Decimal(49), KHTNV),
    ],
)
def test_qd366_score_bands(province, score, best):
    review = _review(province, "qd366")
    review.proposed_score = review.self_score = score
    review.save()
    for level in (HTXS, HTT, HTNV, KHTNV):
        refused = "score.band" in _codes(review, level)
        assert refused == (level < best), (level, best)


def test_qd124_and_nd90_do_not_score(province):
    for code in ("qd124", "nd90"):
        review = _review(province, code)
        review.self_score = review.proposed_score = None
        review.save()
        assert "score.band" not in _codes(review, HTT)


def test_qd366_without_a_score_cannot_be_rated(province):
    review = _review(province, "qd366")
    review.self_score = review.proposed_score = None
    review.save()
    assert "score.missing" in _codes(review, KHTNV)


def test_nd335_scores_general_criteria_plus_task_results(province):
    review = _review(province, "nd335")
    _tasks(review, exceeded=True)
    rules = review.rule_set.rules()
    tasks = list(review.tasks.all())
    assert rules.task_points(tasks) == Decimal(70)
    # One product failing quality on one of three tasks: -25% of that task's quality third.
    tasks[0].quality_failures = 1
    lost = Decimal(70) / 3 / 3 * Decimal("0.25")
    assert abs(rules.task_points(tasks) - (Decimal(70) - lost)) <= Decimal("0.01")
    # Two late products on another: -50% of its timeliness third.
    tasks[1].late_products = 2
    assert abs(rules.task_points(tasks) - (Decimal(70) - 3 * lost)) <= Decimal("0.01")


def test_nd335_band_comes_from_the_computed_score(province):
    review = _review(province, "nd335")
    _tasks(review, exceeded=True)
    review.general_score = Decimal(20)  # 20 + 70 = 90: HTXS allowed by the score
    review.save()
    assert "score.band" not in _codes(review, HTXS)
    review.general_score = Decimal(19)  # 89: HTT at best
    review.save()
    assert "score.band" in _codes(review, HTXS)
    assert "score.band" not in _codes(review, HTT)
    review.general_score = None
    review.save()
    assert "score.missing" in _codes(review, KHTNV)


def test_explain_lists_every_rule_in_vietnamese(province):
    review = _review(province, "qd366")
    checks = explain(review, HTT)
    codes = [c.code for c in checks]
    assert "disqualifier.discipline" in codes and "disqualifier.finding" in codes
    assert "score.band" in codes and "quota" in codes and "pending" in codes
    assert all(c.message for c in checks)


def test_an_emptied_rule_set_table_is_restored_when_a_review_needs_one():
    RuleSet.objects.all().delete()
    chosen = RuleSet.objects.for_review(period=_period(2026), track=Track.PARTY)
    assert chosen.code == "qd366"
    assert RuleSet.objects.count() == 4
