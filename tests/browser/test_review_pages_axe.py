"""Every review page, with reviews in every state, discipline records, findings and
pending matters, under axe-core for the personas who open them (the crawl of
test_accessibility.py stops at 40 pages and may not reach them)."""

from datetime import date
from decimal import Decimal

import pytest

from neuguong.commitments.factories import make_plan
from neuguong.commitments.models import PlanStatus
from neuguong.organisations.factories import make_person
from neuguong.reviews.factories import make_review
from neuguong.reviews.models import (
    Discipline,
    Finding,
    PendingMatter,
    ReviewMeeting,
    ReviewStatus,
    ReviewTask,
)

from .conftest import axe_violations, format_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _data(province, period):
    member = province.people.member
    plan = make_plan(member, period, status=PlanStatus.APPROVED, tasks=["Dạy tốt", "Học tốt"])
    own = make_review(member, period, status=ReviewStatus.DRAFT, proposed=None)
    for task in plan.tasks.all():
        ReviewTask.objects.create(review=own, task_key=task.key, key_task=task, result="Xong")
    make_review(None, period, unit=province.maths, decided=2, score=Decimal(85))
    others = []
    for i, status in enumerate(
        [ReviewStatus.SUBMITTED, ReviewStatus.COMMENTED, ReviewStatus.PROPOSED]
    ):
        p = make_person(f"Đảng viên {i}", workplace=province.school, party_cell=province.maths)
        others.append(make_review(p, period, status=status, proposed=2, score=Decimal(80)))
    decided = make_review(
        make_person("Lò Thị Mai", workplace=province.school, party_cell=province.maths),
        period,
        decided=2,
        score=Decimal(85),
    )
    ReviewMeeting.objects.create(
        period=period,
        unit=province.maths,
        held_on=date(2026, 12, 10),
        attendance_total=9,
        attendance_present=8,
    )
    Discipline.objects.create(
        person=others[0].person, kind="reprimand", decided_on=date(2026, 5, 4), authority="UBKT"
    )
    Finding.objects.create(
        person=others[1].person, kind="qd37", concluded_on=date(2026, 6, 1), authority="UBKT"
    )
    PendingMatter.objects.create(person=others[2].person, period=period, title="Đơn phản ánh")
    return own, others, decided


def _check(page, base, paths):
    findings = {}
    for path in paths:
        response = page.goto(base + path)
        assert response is not None and response.status < 400, (path, response.status)
        found = axe_violations(page)
        if found:
            findings[path] = format_violations(found)
    assert findings == {}


def test_review_pages_pass_axe_for_each_role(page, live_server, province, period):
    own, others, decided = _data(province, period)
    submitted, commented, proposed = others
    maths, q = province.maths.pk, f"?period={period.pk}"
    sign_in(page, live_server, "member")
    _check(
        page,
        live_server.url,
        [
            f"/reviews/{q}",
            f"/reviews/{own.pk}/",
            f"/reviews/{own.pk}/edit/",
            f"/reviews/people/{province.people.member.pk}/",
        ],
    )
    page.context.clear_cookies()
    sign_in(page, live_server, "secretary")
    _check(
        page,
        live_server.url,
        [
            f"/reviews/units/{q}",
            f"/reviews/units/{maths}/{q}",
            f"/reviews/units/{maths}/meeting/{q}",
            f"/reviews/{submitted.pk}/comments/",
            f"/reviews/{submitted.pk}/return/",
            f"/reviews/{commented.pk}/propose/",
            f"/reviews/units/{maths}/upload/{q}",
        ],
    )
    page.context.clear_cookies()
    sign_in(page, live_server, "unit_head")
    _check(
        page,
        live_server.url,
        [
            f"/reviews/units/{maths}/{q}",
            f"/reviews/{proposed.pk}/decide/",
            f"/reviews/{decided.pk}/reopen/",
            f"/reviews/{decided.pk}/",
        ],
    )
    page.context.clear_cookies()
    sign_in(page, live_server, "inspection")
    _check(
        page,
        live_server.url,
        ["/reviews/discipline/", "/reviews/discipline/new/", "/reviews/findings/new/"],
    )
    page.context.clear_cookies()
    sign_in(page, live_server, "org_officer")
    _check(page, live_server.url, [f"/reviews/pending/{q}", "/reviews/pending/new/"])
