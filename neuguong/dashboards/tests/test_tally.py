"""The kept tallies equal a full recount: after a build, and after random changes to
plans, reviews, codes, discipline, people and units (moves, retirements, new units),
whoever writes them. Every unit of the demo province is compared, not a sample."""

import random
from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import connection

from neuguong.commitments.models import CommitmentPlan, PlanStatus
from neuguong.organisations import services as org_services
from neuguong.organisations.factories import make_unit
from neuguong.organisations.models import Person, PersonCategory, Unit, UnitKind
from neuguong.regulations.models import Period
from neuguong.reviews.models import Discipline, DisciplineKind, Review, ReviewStatus, ReviewTask
from neuguong.standards.models import Acknowledgement, CodeEvaluation, EthicsCode

from .. import tally, triggers
from ..models import COUNTERS, OwnTally, TallyMark, TallyState, TreeTally

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(db):
    call_command("seed_demo", scale="small", seed=5, verbosity=0)
    # The seed builds the tallies (test_seed_tallies.py); these tests build them.
    for model in (TallyState, OwnTally, TreeTally):
        model.objects.all().delete()
    return Period.objects.get(name="Năm 2026")


def kept(unit, period) -> dict[str, int]:
    rows = TreeTally.objects.filter(period=period, unit=unit).values(*COUNTERS)
    out = dict.fromkeys(COUNTERS, 0)
    for row in rows:
        for c in COUNTERS:
            out[c] += row[c]
    return out


def assert_exact(period):
    tally.drain()
    assert not TallyMark.objects.exists()
    for unit in Unit.objects.exclude(path=None).order_by("path"):
        expected = tally.full_recount(unit, period)
        got = kept(unit, period)
        diff = {c: (got[c], expected[c]) for c in COUNTERS if got[c] != expected[c]}
        assert not diff, f"{unit} ({unit.pk}): kept vs recount {diff}"


def test_triggers_are_installed():
    assert triggers.installed(connection) == triggers.expected(connection.vendor)


def test_build_equals_full_recount(seeded):
    assert tally.build(seeded)
    root = Unit.objects.get(parent=None)
    figures = tally.figures(root, seeded)
    assert (
        figures["people"]
        == Person.objects.filter(is_active=True).exclude(party_cell=None, workplace=None).count()
    )
    assert figures["review_done"] > 0 and figures["plan_approved"] > 0
    assert figures["code_built"] > 0 and figures["quota_groups"] > 0
    assert_exact(seeded)
    # Building again does nothing; the root's children add up to the root.
    assert not tally.build(seeded)
    children = tally.child_figures(root, seeded)
    own_root = tally.full_recount(root, seeded)
    for c in ("people", "review_done", "code_built"):
        assert sum(f[c] for _u, f in children) <= own_root[c]


def _change(rng, period, admin):
    """One random change, written the way the application or a bulk job writes it."""
    kind = rng.choice(
        [
            "plan_status",
            "plan_delete",
            "review_level",
            "review_reopen",
            "person_move",
            "person_retire",
            "person_category",
            "unit_move",
            "unit_retire",
            "unit_new",
            "discipline",
            "code_status",
            "evaluation",
            "acknowledge",
            "bulk_reviews",
        ]
    )
    if kind == "plan_status":
        plan = CommitmentPlan.objects.filter(period=period).order_by("?").first()
        status = rng.choice([PlanStatus.SUBMITTED, PlanStatus.RETURNED, PlanStatus.DRAFT])
        if (
            plan
            and not CommitmentPlan.objects.filter(
                period=period, person=plan.person, unit=plan.unit, status=status
            )
            .exclude(pk=plan.pk)
            .exists()
        ):
            CommitmentPlan.objects.filter(pk=plan.pk).update(
                status=status, is_late=rng.random() < 0.5
            )
    elif kind == "plan_delete":
        plan = (
            CommitmentPlan.objects.filter(period=period)
            .exclude(pk__in=ReviewTask.objects.values("key_task__plan_id"))
            .exclude(pk__in=CommitmentPlan.objects.exclude(amends=None).values("amends_id"))
            .order_by("?")
            .first()
        )
        if plan:
            plan.delete()
    elif kind == "review_level":
        ids = list(Review.objects.filter(period=period).values_list("pk", flat=True)[:400])
        if ids:
            not_rated = rng.random() < 0.1
            Review.objects.filter(pk=rng.choice(ids)).update(
                status=ReviewStatus.DECIDED,
                decided_level=None if not_rated else rng.randint(1, 4),
                not_rated=not_rated,
            )
    elif kind == "review_reopen":
        review = (
            Review.objects.filter(period=period, status=ReviewStatus.DECIDED).order_by("?").first()
        )
        if review:
            review.status = ReviewStatus.PROPOSED
            review.save(update_fields=["status"])
    elif kind == "person_move":
        person = Person.objects.order_by("?").first()
        unit = Unit.objects.filter(kind=UnitKind.PARTY_CELL).order_by("?").first()
        person.party_cell = unit
        person.save()
    elif kind == "person_retire":
        person = Person.objects.filter(is_active=True).order_by("?").first()
        Person.objects.filter(pk=person.pk).update(is_active=False)
    elif kind == "person_category":
        Person.objects.filter(pk=Person.objects.order_by("?").first().pk).update(
            category=rng.choice([*PersonCategory.values, ""])
        )
    elif kind == "unit_move":
        unit = (
            Unit.objects.exclude(parent=None)
            .filter(kind__in=[UnitKind.GRASSROOTS, UnitKind.PARTY_CELL])
            .order_by("?")
            .first()
        )
        target = (
            Unit.objects.exclude(pk=unit.parent_id)
            .exclude(unit.subtree_q())
            .filter(is_active=True, kind__in=[UnitKind.COMMUNE_COMMITTEE, UnitKind.GRASSROOTS])
            .order_by("?")
            .first()
        )
        if target:
            org_services.move_unit(unit, by=admin, new_parent=target)
    elif kind == "unit_retire":
        unit = Unit.objects.filter(kind=UnitKind.PARTY_CELL, is_active=True).order_by("?").first()
        Unit.objects.filter(pk=unit.pk).update(is_active=False)
    elif kind == "unit_new":
        parent = Unit.objects.filter(kind=UnitKind.GRASSROOTS).order_by("?").first()
        cell = make_unit("Chi bộ mới", kind=UnitKind.PARTY_CELL, parent=parent)
        Person.objects.filter(
            pk__in=list(Person.objects.order_by("?").values_list("pk", flat=True)[:3])
        ).update(party_cell=cell)
    elif kind == "discipline":
        on_person = rng.random() < 0.7
        Discipline.objects.create(
            person=Person.objects.order_by("?").first() if on_person else None,
            unit=None if on_person else Unit.objects.order_by("?").first(),
            kind=rng.choice(DisciplineKind.values),
            decided_on=period.starts_on + timedelta(days=rng.randint(-30, 300)),
            authority="UBKT",
        )
    elif kind == "code_status":
        code = EthicsCode.objects.filter(period=period).order_by("?").first()
        if code:
            EthicsCode.objects.filter(pk=code.pk).update(status=rng.choice(["draft", "submitted"]))
    elif kind == "evaluation":
        CodeEvaluation.objects.filter(
            pk__in=CodeEvaluation.objects.filter(period=period).order_by("?").values("pk")[:1]
        ).update(status="draft")
    elif kind == "acknowledge":
        ack = Acknowledgement.objects.order_by("?").first()
        if ack:
            ack.delete()
    elif kind == "bulk_reviews":
        unit = (
            Review.objects.filter(period=period)
            .order_by("?")
            .values_list("unit_id", flat=True)
            .first()
        )
        Review.objects.filter(period=period, unit_id=unit).update(
            status=ReviewStatus.DECIDED, decided_level=2, not_rated=False
        )
    return kind


def test_random_changes_stay_exact(seeded):
    tally.build(seeded)
    admin = get_user_model().objects.filter(
        is_superuser=True
    ).first() or get_user_model().objects.create_superuser("tally-admin", password="x")
    rng = random.Random(2026)
    seen = set()
    for _round in range(6):
        for _i in range(12):
            seen.add(_change(rng, seeded, admin))
        assert_exact(seeded)
    assert len(seen) >= 10


def test_a_period_whose_dates_change_is_counted_again(seeded):
    tally.build(seeded)
    person = Person.objects.filter(is_active=True).exclude(party_cell=None).first()
    Discipline.objects.create(
        person=person,
        kind=DisciplineKind.values[0],
        decided_on=seeded.ends_on + timedelta(days=5),
        authority="x",
    )
    assert_exact(seeded)
    Period.objects.filter(pk=seeded.pk).update(ends_on=seeded.ends_on + timedelta(days=10))
    seeded.refresh_from_db()
    assert_exact(seeded)


def test_marks_committed_while_draining_are_kept(seeded):
    """A mark is deleted only by the drain that read it."""
    tally.build(seeded)
    tally.drain()
    person = Person.objects.filter(is_active=True).first()
    Person.objects.filter(pk=person.pk).update(is_active=False)
    marks = list(TallyMark.objects.values_list("pk", "unit_id", "period_id", "path"))
    assert marks
    Person.objects.filter(pk=person.pk).update(is_active=True)  # a later write
    tally._apply(marks)
    assert TallyMark.objects.exists()
    assert_exact(seeded)


def test_unbuilt_period_is_built_on_first_read(seeded):
    root = Unit.objects.get(parent=None)
    assert not OwnTally.objects.filter(period=seeded).exists()
    assert tally.figures(root, seeded) == tally.full_recount(root, seeded)
    other = Period.objects.create(
        name="Quý I/2027", kind="quarter", starts_on=date(2027, 1, 1), ends_on=date(2027, 3, 31)
    )
    assert tally.figures(root, other)["people"] == tally.full_recount(root, other)["people"]


def test_a_moved_collectives_quota_group_stays_with_its_owner(seeded):
    """A collective's quota group keeps the parent it started under; a change to its
    review after the unit moved still recounts that owner."""
    tally.build(seeded)
    admin = get_user_model().objects.create_superuser("tally-mover", password="x")
    review = (
        Review.objects.filter(period=seeded, status=ReviewStatus.DECIDED, not_rated=False)
        .filter(
            quota_key__contains=":c:", unit__kind__in=[UnitKind.GRASSROOTS, UnitKind.PARTY_CELL]
        )
        .select_related("unit")
        .first()
    )
    assert review is not None
    # Leave the collective alone in its group, then move its unit.
    Review.objects.filter(period=seeded, quota_key=review.quota_key).exclude(pk=review.pk).update(
        status=ReviewStatus.PROPOSED
    )
    assert_exact(seeded)
    unit = review.unit
    target = (
        Unit.objects.filter(
            is_active=True, kind__in=[UnitKind.COMMUNE_COMMITTEE, UnitKind.GRASSROOTS]
        )
        .exclude(pk=unit.parent_id)
        .exclude(unit.subtree_q())
        .first()
    )
    org_services.move_unit(unit, by=admin, new_parent=target)
    assert_exact(seeded)
    # Every decided review of the group leaves it.
    Review.objects.filter(period=seeded, quota_key=review.quota_key).update(
        status=ReviewStatus.PROPOSED
    )
    assert_exact(seeded)
