"""Demo ethics codes: the bank, the state plan and seed_codes() on the test province."""

from collections import Counter
from datetime import date
from random import Random

import pytest

from neuguong.regulations.library import load_library
from neuguong.regulations.models import Period
from neuguong.standards import guidance
from neuguong.standards.demo import (
    BUILT,
    State,
    UnitRow,
    overall,
    plan_states,
    seed_codes,
    targets,
)
from neuguong.standards.demo_bank import GENERAL, SECTOR_ITEMS, VAGUE
from neuguong.standards.models import (
    BUILT_STATUSES,
    Acknowledgement,
    CodeEvaluation,
    CodeStatus,
    EthicsCode,
    EthicsCodeItem,
    EvaluationStatus,
    ExemplaryCode,
    ItemResult,
    Relationship,
)

BANK = GENERAL + [i for items in SECTOR_ITEMS.values() for i in items]


def rows(n: int) -> list[UnitRow]:
    return [
        UnitRow(i, None if i == 1 else 1, "party_cell", f"Chi bộ {i}", "") for i in range(1, n + 1)
    ]


def hints_for(items) -> list[str]:
    # Every group marked not applicable: only the hints about the items themselves.
    code = EthicsCode(not_applicable={str(r): "-" for r in Relationship.values})
    objs = [EthicsCodeItem(relationship=i.rel, text=i.text) for i in items]
    return guidance.hints(code, objs)


def test_every_bank_item_is_short_and_checkable():
    texts = [i.text for i in BANK] + [i.revised for i in BANK if i.revised]
    assert len(BANK) >= 40
    assert len(set(texts)) == len(texts)
    assert all(len(t) < guidance.LONG_ITEM for t in texts)
    for item in BANK:
        assert hints_for([item]) == [], item.text
    for sector, items in SECTOR_ITEMS.items():
        assert items, sector
    assert {i.rel for i in GENERAL} == set(Relationship.values)


def test_the_vague_items_a_returned_version_carries_draw_a_hint():
    for item in VAGUE:
        assert hints_for([item]), item.text


def test_a_province_of_1023_units_gets_exactly_the_articles_figures():
    assert targets(1023) == (945, 912)
    states = plan_states(
        rows(1023), Random(1), built=945, evaluated=912, fixed={1: State.EVALUATED}, history=True
    )
    tally = Counter(states.values())
    assert sum(tally[s] for s in BUILT) == 945
    assert tally[State.EVALUATED] == 912
    assert len(states) == 1023
    assert all(tally[s] for s in State)


def test_a_small_province_gets_the_shares_and_every_state_it_can_hold():
    built, evaluated = targets(66)
    assert (built, evaluated) == (round(66 * 0.945), round(66 * 0.912))
    states = plan_states(
        rows(66), Random(2), built=built, evaluated=evaluated, fixed={}, history=True
    )
    tally = Counter(states.values())
    assert sum(tally[s] for s in BUILT) == built
    for state in (State.EVALUATED, State.EVALUATING, State.APPROVED, State.SUBMITTED):
        assert tally[state], state
    assert tally[State.RETURNED] and tally[State.DRAFT]


def test_fixed_states_are_kept_and_too_many_are_refused():
    fixed = {5: State.RETURNED, 6: State.SUBMITTED}
    states = plan_states(rows(100), Random(3), built=90, evaluated=80, fixed=fixed, history=True)
    assert states[5] == State.RETURNED and states[6] == State.SUBMITTED
    too_many = dict.fromkeys(range(1, 40), State.RETURNED)
    with pytest.raises(ValueError, match="Too few units"):
        plan_states(rows(100), Random(3), built=90, evaluated=80, fixed=too_many, history=True)


def test_the_overall_result_follows_the_items():
    met, partly, not_met = ItemResult.MET, ItemResult.PARTLY, ItemResult.NOT_MET
    assert overall([met] * 9 + [partly]) == met
    assert overall([met] * 8 + [partly, partly]) == partly
    assert overall([met] * 8 + [not_met, not_met]) == not_met
    assert overall([met, partly, partly]) == not_met


@pytest.fixture
def periods(db):
    load_library()
    previous = Period.objects.create(
        name="Năm 2025", starts_on=date(2025, 1, 1), ends_on=date(2025, 12, 31), is_open=False
    )
    current = Period.objects.create(
        name="Năm 2026", starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31)
    )
    return previous, current


def test_seed_codes_gives_the_test_province_codes_evaluations_and_acknowledgements(
    province, periods
):
    previous, current = periods
    out = seed_codes(
        current,
        previous=previous,
        rng=Random(4),
        fixed={province.maths.pk: State.RETURNED},
        hold_back={province.people.member.pk},
        marker=province.users["propaganda"],
        built=7,
        evaluated=2,
    )
    built = (
        EthicsCode.objects.filter(period=current, status__in=BUILT_STATUSES)
        .values("unit")
        .distinct()
        .count()
    )
    decided = CodeEvaluation.objects.filter(period=current, status=EvaluationStatus.DECIDED)
    assert out["built"] == built
    assert out["built"] == 7
    assert out["evaluated"] == decided.count() == 2
    assert out["states"][province.root.pk] == State.EVALUATED
    returned = EthicsCode.objects.get(unit=province.maths, period=current)
    assert returned.status == CodeStatus.RETURNED and returned.return_reason
    # The school, the only unit tagged with a programme sector, is its exemplary code.
    mark = ExemplaryCode.objects.get()
    assert (mark.code.unit, mark.sector) == (province.school, province.education)
    assert mark.code.status == CodeStatus.PUBLISHED
    assert mark.marked_by == province.users["propaganda"]
    for evaluation in decided:
        assert evaluation.overall and evaluation.code.status == CodeStatus.PUBLISHED
        assert not evaluation.items.filter(result="").exists()
        assert evaluation.items.count() == evaluation.code.items.count()
    assert not Acknowledgement.objects.filter(person=province.people.member).exists()
    for ack in Acknowledgement.objects.select_related("code", "person"):
        assert ack.code.status == CodeStatus.PUBLISHED
        assert ack.code.unit_id in (ack.person.workplace_id, ack.person.party_cell_id)


def test_published_codes_cover_every_relationship_and_cite_the_library(province, periods):
    previous, current = periods
    seed_codes(current, previous=previous, rng=Random(5))
    published = EthicsCode.objects.filter(status__in=(CodeStatus.PUBLISHED, CodeStatus.SUPERSEDED))
    assert published.exists()
    for code in published.prefetch_related("items"):
        assert code.empty_groups() == []
        assert guidance.hints(code, list(code.items.all())) == []
    cited = EthicsCodeItem.citations.through.objects.values_list(
        "regulationitem__regulation__symbol", flat=True
    )
    assert set(cited) == {"37-QĐ/TW", "144-QĐ/TW"}


def test_a_version_2_keeps_the_keys_of_the_items_it_carries_over(province, periods):
    previous, current = periods
    seed_codes(current, previous=previous, rng=Random(6))
    seconds = EthicsCode.objects.filter(number=2).select_related("based_on")
    assert seconds.exists()
    for code in seconds:
        assert code.based_on.period == previous and code.based_on.number == 1
        old = set(code.based_on.items.values_list("key", flat=True))
        new = set(code.items.values_list("key", flat=True))
        assert old & new
        assert new - old  # an item was added
        if code.status == CodeStatus.PUBLISHED:
            assert code.based_on.status == CodeStatus.SUPERSEDED
