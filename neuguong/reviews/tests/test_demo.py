"""Demo reviews: seed_demo at the small scale gives reviews in every status that respect
every rule, collectives, discipline, pending matters, three years for the member, and
the demo logins' walkthrough."""

from collections import Counter, defaultdict

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from neuguong.core.access import MANAGE_DISCIPLINE, MANAGE_PENDING
from neuguong.core.errors import DomainError
from neuguong.organisations.models import Person
from neuguong.organisations.scopes import scope_for
from neuguong.regulations.models import Period

from .. import access, services
from ..checks import Decision, evaluate
from ..models import (
    Discipline,
    Finding,
    PendingMatter,
    Review,
    ReviewMeeting,
    ReviewStatus,
    RuleSet,
    Subject,
    Track,
)

pytestmark = pytest.mark.django_db
RELATED = ("period", "person", "person__management_unit", "unit", "rule_set")


@pytest.fixture
def seeded(db):
    call_command("seed_demo", scale="small", seed=3, verbosity=0)
    return Period.objects.get(name="Năm 2026")


def user(username):
    return get_user_model().objects.get(username=username)


def person(username):
    return Person.objects.get(user__username=username)


def place(someone):
    return someone.workplace or someone.party_cell


def test_reviews_come_in_every_status_with_their_content(seeded):
    reviews = Review.objects.filter(period=seeded)
    people = Person.objects.filter(is_active=True)
    assert set(reviews.values_list("status", flat=True)) == set(ReviewStatus.values)
    party = reviews.filter(track=Track.PARTY, person__isnull=False)
    assert party.count() == people.exclude(party_status="").count()
    assert set(party.values_list("rule_set__code", flat=True)) == {"qd366"}
    state = reviews.filter(track=Track.STATE, person__isnull=False)
    assert state.count() == people.filter(workplace__isnull=False).count()
    codes = dict(state.values_list("person__category", "rule_set__code").distinct())
    assert codes["cong_chuc"] == "nd335" and codes["vien_chuc"] == "nd90"
    collectives = reviews.filter(person__isnull=True)
    assert collectives.filter(subject=Subject.ORGANISATION, unit__kind="party_cell").exists()
    assert collectives.filter(subject=Subject.ORGANISATION, unit__kind="grassroots").exists()
    assert collectives.filter(subject=Subject.LEADERSHIP, status=ReviewStatus.DECIDED).exists()
    # Past the self-review, nothing is missing; each approved key task has its row.
    for review in reviews.exclude(status=ReviewStatus.DRAFT).select_related(*RELATED)[:400]:
        assert services.missing_parts(review) == [], review.pk
    with_plan = reviews.filter(plan__isnull=False, person__isnull=False)
    assert with_plan.exists()
    for review in with_plan.prefetch_related("tasks")[:200]:
        assert {t.task_key for t in review.tasks.all()} == set(
            review.plan.tasks.values_list("key", flat=True)
        )
    # Meetings with attendance, votes within those present.
    commented = reviews.filter(meeting__isnull=False).select_related("meeting")
    assert ReviewMeeting.objects.filter(period=seeded).exists() and commented.exists()
    for review in commented:
        assert 0 < sum(review.votes.values()) <= review.meeting.attendance_present
        assert review.meeting.attendance_present <= review.meeting.attendance_total


def test_no_decided_group_breaks_the_quota(seeded):
    groups = defaultdict(Counter)
    decided = Review.objects.exclude(decided_level__isnull=True)
    for period, key, level in decided.values_list("period", "quota_key", "decided_level"):
        groups[(period, key)][level] += 1
    percent = {rs.pk: rs.rules().params["quota_percent"] for rs in RuleSet.objects.all()}
    keys = dict(decided.values_list("quota_key", "rule_set"))
    assert any(c[1] for c in groups.values())  # some groups have HTXS
    for (_period, key), counts in groups.items():
        assert counts[1] <= counts[2] * percent[keys[key]] // 100, (key, counts)


def test_every_decided_review_passes_every_rule(seeded):
    for period in Period.objects.all():
        decided = list(
            Review.objects.filter(period=period, status=ReviewStatus.DECIDED).select_related(
                *RELATED
            )
        )
        assert decided, period
        refused = evaluate([Decision(r, r.decided_level) for r in decided])
        assert refused == {}, {pk: [c.message for c in cs] for pk, cs in refused.items()}
    assert Review.objects.filter(not_rated=True, status=ReviewStatus.DECIDED).exists()


def test_discipline_findings_and_pending_matters(seeded):
    records = Discipline.objects.all()
    assert records.filter(self_detected_fixed=True).count() >= 2
    counting = records.in_period(seeded).counting().filter(person__isnull=False)
    assert counting.count() >= 3
    assert records.filter(unit__isnull=False).exists()
    assert Finding.objects.count() >= 2
    disqualified = list(counting.values_list("person", flat=True))
    disqualified += list(Finding.objects.values_list("person", flat=True))
    rated = Review.objects.filter(period=seeded, person__in=disqualified)
    assert rated.filter(status=ReviewStatus.PROPOSED).exists()
    assert set(rated.exclude(proposed_level=None).values_list("proposed_level", flat=True)) == {4}
    inspection = scope_for(user("kiemtra"), MANAGE_DISCIPLINE)
    for record in records.select_related("unit", "person__workplace", "person__party_cell"):
        assert inspection.covers_path(
            record.unit.path if record.unit else place(record.person).path
        )
    matters = PendingMatter.objects.filter(period=seeded)
    assert matters.filter(settled_at__isnull=True).count() == 2
    assert matters.filter(settled_at__isnull=False).count() == 1
    officer = user("bantochuc")
    for matter in matters.filter(settled_at__isnull=True):
        assert scope_for(officer, MANAGE_PENDING).covers_path(place(matter.person).path)
        blocked = Review.objects.select_related(*RELATED).filter(
            person=matter.person, period=seeded, status=ReviewStatus.PROPOSED
        )
        refused = evaluate([Decision(r, r.proposed_level) for r in blocked])
        codes = [[c.code for c in refused[r.pk]] for r in blocked]
        assert ["pending"] in codes and all("pending" in c for c in codes)
        assert not Review.objects.filter(
            person=matter.person, period=seeded, status=ReviewStatus.DECIDED
        ).exists()


def test_the_member_has_a_review_to_write_and_three_years_on_file(seeded):
    member = person("dangvien")
    mine = Review.objects.filter(person=member)
    years = {r.period.starts_on.year: r for r in mine.filter(track=Track.PARTY)}
    assert sorted(years) == [2024, 2025, 2026]
    assert years[2024].rule_set.code == "qd124" and years[2025].rule_set.code == "qd366"
    assert {r.status for r in mine.exclude(period=seeded)} == {ReviewStatus.DECIDED}
    draft = years[2026]
    assert draft.status == ReviewStatus.DRAFT and draft.unit == member.party_cell
    assert access.can_write(user("dangvien"), draft)
    assert draft.plan.status == "approved"
    keys = set(draft.plan.tasks.values_list("key", flat=True))
    assert keys and {t.task_key for t in draft.tasks.all()} == keys
    assert all(not t.result for t in draft.tasks.all())


def test_the_cell_and_its_decider_find_the_walkthrough(seeded):
    secretary, decider = user("bithu"), user("thutruong")
    cell = secretary.role_assignments.get().unit
    reviews = {
        r.pk: r for r in Review.objects.filter(period=seeded, unit=cell).select_related(*RELATED)
    }
    here = list(reviews.values())
    collective = next(r for r in here if r.person_id is None)
    assert collective.status == ReviewStatus.DECIDED
    head = next(r for r in here if r.person_id == person("bithu").pk)
    assert head.status == ReviewStatus.DECIDED and head.decided_by == decider
    submitted = [r for r in here if r.status == ReviewStatus.SUBMITTED]
    assert len(submitted) >= 2 and all(access.can_assess(secretary, r) for r in submitted)
    proposed = [r for r in here if r.status == ReviewStatus.PROPOSED]
    assert all(access.can_decide(decider, r) for r in proposed)
    assert not any(access.can_decide(secretary, r) for r in proposed)
    refused = evaluate([Decision(r, r.proposed_level) for r in proposed])
    best = [r for r in proposed if r.proposed_level == 1]
    assert len(best) == 1 and [c.code for c in refused[best[0].pk]] == ["quota"]
    decidable = [r for r in proposed if r.pk not in refused]
    assert len(decidable) >= 3
    # Even with every other proposal decided, the quota still refuses the HTXS.
    for review in decidable:
        services.decide_level(review, by=decider, level=review.proposed_level)
    with pytest.raises(DomainError, match="HTXS"):
        services.decide_level(best[0], by=decider, level=1)
    best[0].refresh_from_db()
    assert best[0].status == ReviewStatus.PROPOSED and best[0].decided_level is None
