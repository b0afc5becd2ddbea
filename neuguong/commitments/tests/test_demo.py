"""Demo commitment plans: seed_demo at the small scale gives plans in every state, the
demo logins' walkthrough, copy flags the detector agrees with, amendments and progress."""

from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from neuguong.commitments import services, similarity
from neuguong.commitments.access import covers_for_approval
from neuguong.commitments.demo import Choice, Texts
from neuguong.commitments.demo_bank import GENERAL, TASKS
from neuguong.commitments.models import (
    CommitmentPlan,
    CopyFlag,
    KeyTask,
    PlanStatus,
    TaskProgress,
    TaskSignature,
)
from neuguong.organisations.models import Person
from neuguong.regulations.models import Period

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(db):
    call_command("seed_demo", scale="small", seed=3, verbosity=0)
    return Period.objects.get(name="Năm 2026")


def user(username):
    return get_user_model().objects.get(username=username)


def test_texts_cache_gives_the_detectors_own_shingles():
    texts = Texts()
    for name, bank in TASKS.items():
        for i, task in enumerate(bank):
            choice = Choice(name, i, 0, len(task.products) - 1, (0,), (1, 2))
            title, target, product, sols = choice.texts()
            whole = similarity.shingles(similarity.task_text(title, target, product, sols))
            assert texts.grams(choice) == (similarity.shingles(title), whole)
            assert texts.similar(choice, choice) == 1.0
            expected = set(similarity.bands(similarity.signature(similarity.shingles(title))))
            expected |= set(similarity.bands(similarity.signature(whole)))
            assert texts.bands(choice) == sorted(expected)
    assert all(len(t.solutions) >= 2 for bank in TASKS.values() for t in bank + GENERAL)


def test_plans_come_in_every_state_with_complete_tasks(seeded):
    plans = CommitmentPlan.objects.filter(period=seeded)
    statuses = Counter(plans.values_list("status", flat=True))
    assert set(statuses) == set(PlanStatus.values)
    assert statuses[PlanStatus.APPROVED] > statuses[PlanStatus.SUBMITTED] > 0
    people = Person.objects.filter(is_active=True).count()
    registered = plans.filter(person__isnull=False, number=1).count()
    assert 0.75 * people < registered < 0.95 * people
    late = plans.filter(is_late=True)
    assert late.exists() and late.count() < 0.1 * registered
    assert not late.filter(submitted_at__date__lte=seeded.plans_registered_by).exists()
    assert not plans.filter(status=PlanStatus.RETURNED, return_reason="").exists()
    assert plans.filter(person__isnull=True).exists()  # collective plans
    tasks = Counter(
        KeyTask.objects.filter(plan__person__isnull=False).values_list("plan", flat=True)
    )
    assert set(tasks.values()) <= {2, 3, 4, 5}  # 2–4, an amendment may add one
    for task in KeyTask.objects.prefetch_related("solutions")[:300]:
        assert task.title and task.target and task.product
        assert seeded.starts_on <= task.deadline <= seeded.ends_on
        assert 1 <= len(task.solutions.all()) <= 3


def test_the_demo_logins_find_their_plans_in_the_walkthrough_state(seeded):
    member = Person.objects.get(user__username="dangvien")
    plan = CommitmentPlan.objects.get(person=member, period=seeded)
    # Approved: the member's year-end review (reviews.demo) lists its tasks.
    assert plan.status == PlanStatus.APPROVED and plan.tasks.exists()
    assert plan.decided_by == user("bithu")

    bithu = user("bithu")
    waiting = CommitmentPlan.objects.filter(
        period=seeded, unit=member.party_cell, status=PlanStatus.SUBMITTED
    )
    assert waiting.count() >= 3
    assert all(covers_for_approval(bithu, p) for p in waiting)
    assert CopyFlag.objects.filter(plan__in=waiting).exists()

    head = Person.objects.get(user__username="thutruong")
    commune = head.workplace if head.workplace.parent_id else head.party_cell
    subtree = CommitmentPlan.objects.filter(period=seeded, unit__path__startswith=commune.path)
    assert len(set(subtree.values_list("status", flat=True))) >= 4
    assert subtree.filter(person__isnull=True, unit=commune).exists()


def test_copy_flags_are_what_the_detector_finds_on_the_seeded_data(seeded):
    flags = list(CopyFlag.objects.select_related("plan", "task", "other_task__plan"))
    assert flags
    for flag in flags:
        other = flag.other_task.plan
        assert flag.similarity >= similarity.THRESHOLD
        assert other.person_id != flag.plan.person_id
        assert (other.workplace_id or other.unit_id) == (
            flag.plan.workplace_id or flag.plan.unit_id
        )
    signed = KeyTask.objects.filter(
        plan__period=seeded, plan__status__in=[PlanStatus.SUBMITTED, PlanStatus.APPROVED]
    )
    assert set(TaskSignature.objects.values_list("task", flat=True)) >= set(
        signed.values_list("pk", flat=True)
    )
    # The detector, run again on a flagged plan, writes the same signatures and flags
    # the copied task again (against the same task or an equally close one).
    flag = flags[0]
    rows = TaskSignature.objects.filter(task__plan=flag.plan)
    seeded_rows = sorted(rows.values_list("task", "period", "unit", "band"))
    tasks = list(flag.plan.tasks.prefetch_related("solutions"))
    found = {f.task_id: f for f in services.flag_copies(flag.plan, tasks)}
    assert sorted(rows.values_list("task", "period", "unit", "band")) == seeded_rows
    assert flag.task_id in found
    assert found[flag.task_id].similarity >= flag.similarity


def test_amendments_and_progress(seeded):
    amended = CommitmentPlan.objects.filter(period=seeded, amends__isnull=False)
    assert amended.exists()
    for plan in amended.select_related("amends"):
        assert (plan.number, plan.status) == (2, PlanStatus.APPROVED)
        assert plan.amends.status == PlanStatus.SUPERSEDED and plan.amendment_reason
        old_keys = set(plan.amends.tasks.values_list("key", flat=True))
        assert old_keys <= set(plan.tasks.values_list("key", flat=True))
    reports = TaskProgress.objects.select_related("task__plan")
    assert reports.exists()
    assert {r.task.plan.status for r in reports} <= {PlanStatus.APPROVED, PlanStatus.SUPERSEDED}
    latest = KeyTask.objects.filter(progress__isnull=False).distinct()
    assert not latest.filter(progress_status="not_started").exists()
