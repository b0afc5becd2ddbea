"""The demo seed leaves the tallies built and exact, with no marks pending; the
rebuild_tallies command counts them again and clears the marks it made redundant."""

import random
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from neuguong.organisations.demo.load import without_tally_triggers
from neuguong.organisations.models import Person, Unit
from neuguong.regulations.models import Period
from neuguong.reviews.models import Review, ReviewStatus

from .. import tally, triggers
from ..models import COUNTERS, OwnTally, TallyMark, TallyState, TreeTally

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(db):
    call_command("seed_demo", scale="small", seed=5, verbosity=0)
    return Period.objects.get(name="Năm 2026")


def stored(unit, period) -> dict[str, int]:
    """The unit's tree rows as stored, summed over the buckets (no drain, no build)."""
    out = dict.fromkeys(COUNTERS, 0)
    for row in TreeTally.objects.filter(period=period, unit=unit).values(*COUNTERS):
        for c in COUNTERS:
            out[c] += row[c]
    return out


def test_seed_builds_every_period_and_leaves_no_marks(seeded):
    assert not TallyMark.objects.exists()
    assert triggers.installed(connection) == triggers.expected(connection.vendor)
    periods = list(Period.objects.all())
    assert len(periods) >= 2
    assert set(TallyState.objects.values_list("period_id", flat=True)) == {p.pk for p in periods}
    root = Unit.objects.get(parent=None)
    for period in periods:
        # Read as stored first: figures() would build or drain what the seed left out.
        assert stored(root, period) == tally.full_recount(root, period), period
        assert tally.figures(root, period) == tally.full_recount(root, period), period
    figures = tally.figures(root, seeded)
    assert figures["people"] > 1000 and figures["review_done"] > 0
    assert figures["plan_approved"] > 0 and figures["code_built"] > 0
    # Every child's row is exact too, and some random subtrees.
    for child, got in tally.child_figures(root, seeded):
        assert got == tally.full_recount(child, seeded), child
    units = list(Unit.objects.exclude(path=None).order_by("pk"))
    for unit in random.Random(6).sample(units, 10):
        assert stored(unit, seeded) == tally.full_recount(unit, seeded), unit
    assert not TallyMark.objects.exists()


def test_rebuild_tallies_counts_again_and_clears_the_marks(seeded):
    root = Unit.objects.get(parent=None)
    TreeTally.objects.filter(unit=root, period=seeded).update(people=0, review_done=0)
    unit = Review.objects.filter(period=seeded).values_list("unit_id", flat=True).first()
    Review.objects.filter(period=seeded, unit_id=unit).update(
        status=ReviewStatus.DECIDED, decided_level=2, not_rated=False
    )
    Person.objects.filter(pk=Person.objects.filter(is_active=True).first().pk).update(
        is_active=False
    )
    marks = TallyMark.objects.count()
    assert marks > 0
    out = StringIO()
    call_command("rebuild_tallies", stdout=out)
    assert not TallyMark.objects.exists()
    text = out.getvalue()
    assert "Đã tính lại số liệu tổng hợp của" in text
    assert f"đã xoá {marks} đánh dấu thay đổi" in text
    for period in Period.objects.all():
        assert stored(root, period) == tally.full_recount(root, period), period


def test_rebuild_tallies_of_one_period_keeps_the_others_exact(seeded):
    root = Unit.objects.get(parent=None)
    other = Period.objects.exclude(pk=seeded.pk).order_by("pk").first()
    TreeTally.objects.filter(unit=root, period=seeded).update(people=0)
    before_other = stored(root, other)
    # A person's change marks their units in every period: it is applied, not dropped.
    Person.objects.filter(pk=Person.objects.filter(is_active=True).first().pk).update(
        is_active=False
    )
    out = StringIO()
    call_command("rebuild_tallies", period=seeded.pk, stdout=out)
    assert "Năm 2026" in out.getvalue()
    assert not TallyMark.objects.exists()
    assert stored(root, seeded) == tally.full_recount(root, seeded)
    assert stored(root, other) == tally.full_recount(root, other)
    assert stored(root, other)["people"] == before_other["people"] - 1


def test_rebuild_tallies_refuses_a_period_that_does_not_exist(seeded):
    Person.objects.filter(pk=Person.objects.filter(is_active=True).first().pk).update(
        is_active=False
    )
    marks = list(TallyMark.objects.values_list("pk", flat=True))
    rows = list(OwnTally.objects.order_by("pk").values_list("pk", "people"))
    missing = Period.objects.order_by("-pk").first().pk + 100
    with pytest.raises(CommandError, match=f"Không có kỳ nào có mã {missing}"):
        call_command("rebuild_tallies", period=missing, stdout=StringIO())
    assert list(TallyMark.objects.values_list("pk", flat=True)) == marks
    assert list(OwnTally.objects.order_by("pk").values_list("pk", "people")) == rows


def test_a_failed_load_leaves_the_triggers_installed(db):
    with pytest.raises(ZeroDivisionError), transaction.atomic(), without_tally_triggers():
        assert not triggers.installed(connection)
        _ = 1 / 0
    assert triggers.installed(connection) == triggers.expected(connection.vendor)


@pytest.mark.django_db(transaction=True)
def test_triggers_are_only_dropped_inside_a_transaction():
    with pytest.raises(RuntimeError), without_tally_triggers():
        pass
    assert triggers.installed(connection) == triggers.expected(connection.vendor)
