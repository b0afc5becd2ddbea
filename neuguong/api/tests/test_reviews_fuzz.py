"""No value in any field of any write route of the review API causes a 5xx.

Each route is first called with a valid body (which must go through), then with each
field replaced in turn by values no client should send: null, booleans, negative and
huge numbers, empty and 100,000-character strings, NUL bytes, lone surrogates, empty
and odd lists and objects; also inside list items and maps. Each call is rolled back,
so that every mutation meets the same state.
"""

from datetime import date
from decimal import Decimal

from django.db import transaction

from neuguong.commitments.factories import make_plan
from neuguong.commitments.models import PlanStatus
from neuguong.organisations.factories import make_person
from neuguong.reviews.factories import make_review
from neuguong.reviews.models import (
    Discipline,
    Finding,
    PendingMatter,
    Review,
    ReviewMeeting,
    ReviewStatus,
    ReviewTask,
)

HUGE = 2**63

ODD = [None, True, -1, 0, HUGE, 10**100, 1.5, "", "x" * 100_000, "a\x00b", "\ud800", [], {}, [HUGE]]


def _fixtures(p, period):
    """A review in each state, a meeting, and one record of each kind."""
    plan = make_plan(p.people.member, period, status=PlanStatus.APPROVED)
    # A complete self-review, ready to submit.
    draft = make_review(
        p.people.member, period, status=ReviewStatus.DRAFT, proposed=None, score=Decimal(85)
    )
    Review.objects.filter(pk=draft.pk).update(self_level_party=2, plan=plan)
    task = plan.tasks.get()
    ReviewTask.objects.create(
        review=draft, task_key=task.key, key_task=task, result="Đạt", self_level="tot"
    )
    key = str(task.key)
    people = [make_person(f"Người {i}", workplace=p.school, party_cell=p.maths) for i in range(4)]
    submitted = make_review(people[0], period, status=ReviewStatus.SUBMITTED, proposed=None)
    commented = make_review(people[1], period, status=ReviewStatus.COMMENTED, proposed=None)
    proposed = make_review(people[2], period, proposed=2, score=Decimal(85))
    decided = make_review(people[3], period, decided=2, score=Decimal(85))
    meeting = ReviewMeeting.objects.create(
        period=period,
        unit=p.maths,
        held_on=date(2026, 12, 1),
        attendance_total=9,
        attendance_present=9,
    )
    discipline = Discipline.objects.create(
        person=p.people.villager, kind="warning", decided_on=date(2026, 2, 1), authority="A"
    )
    finding = Finding.objects.create(
        person=p.people.villager, kind="qd37", concluded_on=date(2026, 2, 1), authority="A"
    )
    matter = PendingMatter.objects.create(person=p.people.villager, period=period, title="A")
    return locals()


def _bodies(p, f):
    period, unit = f["period"].pk, p.maths.pk
    record = {
        "kind": "warning",
        "decided_on": "2026-03-01",
        "authority": "A",
        "reason": "B",
        "decision_number": "C",
        "self_detected_fixed": False,
    }
    return [
        ("member", "POST", "/reviews", {"period_id": period, "unit_id": unit, "track": "party"}),
        (
            "member",
            "PUT",
            f"/reviews/{f['draft'].pk}",
            {
                "version": 1,
                "shortcomings": "A",
                "earlier_fixes": "A",
                "explanations": "A",
                "collective_share": "A",
                "remedies": "A",
                "self_level_staff": "HTT",
                "self_level_party": 2,
                "self_score": 85,
                "general_score": 25,
                "targets_met_percent": 90,
                "months_worked": 12,
                "maternity_leave": False,
                "points": [{"code": "politics", "text": "A", "level": "tot"}],
                "tasks": [
                    {
                        "task_key": f["key"],
                        "result": "A",
                        "level": "tot",
                        "on_time": True,
                        "quality_ok": True,
                        "exceeded": False,
                        "done_percent": 100,
                        "quality_failures": 0,
                        "late_products": 0,
                    }
                ],
            },
        ),
        ("member", "POST", f"/reviews/{f['draft'].pk}/submit", {"version": 1}),
        (
            "secretary",
            "POST",
            f"/reviews/{f['submitted'].pk}/return",
            {"version": 1, "reason": "A"},
        ),
        ("secretary", "POST", f"/reviews/units/{unit}/open", {"period_id": period}),
        (
            "secretary",
            "POST",
            f"/reviews/units/{unit}/collective",
            {"period_id": period, "subject": "leadership"},
        ),
        (
            "secretary",
            "POST",
            "/reviews/meetings",
            {
                "period_id": period,
                "unit_id": unit,
                "held_on": "2026-12-01",
                "attendance_total": 9,
                "attendance_present": 8,
                "chaired_by": "A",
                "minutes": "B",
            },
        ),
        (
            "secretary",
            "POST",
            f"/reviews/{f['submitted'].pk}/comments",
            {"version": 1, "meeting_id": f["meeting"].pk, "comments": "A", "votes": {"HTT": 5}},
        ),
        (
            "secretary",
            "POST",
            f"/reviews/{f['commented'].pk}/propose",
            {
                "version": 1,
                "level": "HTT",
                "score": 85,
                "assessment": "A",
                "targets_met_percent": 90,
            },
        ),
        (
            "unit_head",
            "POST",
            f"/reviews/{f['proposed'].pk}/decide",
            {"level": "HTT", "not_rated": False, "score": 85, "note": "A"},
        ),
        ("unit_head", "POST", f"/reviews/{f['decided'].pk}/reopen", {"reason": "A"}),
        (
            "unit_head",
            "POST",
            "/reviews/decide",
            {
                "decisions": [
                    {"review_id": f["proposed"].pk, "level": 2, "not_rated": False, "score": 85}
                ],
                "note": "A",
            },
        ),
        (
            "inspection",
            "POST",
            "/reviews/discipline",
            {**record, "person_id": p.people.villager.pk, "unit_id": None},
        ),
        ("inspection", "PUT", f"/reviews/discipline/{f['discipline'].pk}", record),
        (
            "inspection",
            "POST",
            "/reviews/findings",
            {
                "person_id": None,
                "unit_id": p.dong.pk,
                "kind": "qd37",
                "concluded_on": "2026-03-01",
                "authority": "A",
                "note": "B",
            },
        ),
        (
            "org_officer",
            "POST",
            "/reviews/pending",
            {"person_id": p.people.villager.pk, "period_id": period, "title": "A", "detail": "B"},
        ),
        ("org_officer", "POST", f"/reviews/pending/{f['matter'].pk}/settle", {"settlement": "A"}),
    ]


def _mutations(body):
    for key, inner in body.items():
        for value in ODD:
            yield {**body, key: value}
        if isinstance(inner, list) and inner and isinstance(inner[0], dict):
            for sub in inner[0]:
                for value in ODD:
                    yield {**body, key: [{**inner[0], sub: value}]}
        if isinstance(inner, dict):
            for sub in inner:
                for value in ODD:
                    yield {**body, key: {**inner, sub: value}}
    yield {}
    yield {**body, "unknown": 1}


def test_no_odd_value_in_any_field_causes_a_server_error(province, period, api_as):
    f = _fixtures(province, period)
    clients = {}
    for persona, method, path, body in _bodies(province, f):
        api = clients.setdefault(persona, api_as(persona))
        # The valid body itself goes through.
        with transaction.atomic():
            response = api.call(method, path, body)
            transaction.set_rollback(True)
        assert response.status_code < 300, (method, path, response.content)
        for mutated in _mutations(body):
            with transaction.atomic():  # each mutation starts from the same state
                response = api.call(method, path, mutated)
                transaction.set_rollback(True)
            assert response.status_code < 500, (method, path, mutated, response.content)
