"""Reviews written for the review benchmarks, in bulk, with the demo's composer and writer
(neuguong.reviews.demo_compose, demo_write): complete self-reviews, meetings, proposed
levels, and decided levels built within every rule.

Everything goes into a period of its own, "Năm 2027 (đo hiệu năng)", created inside the
benchmark's transaction (which is rolled back), so the demo's 2026 round is untouched.
The decisions are taken by a user of its own (the organisation board's role on the
root, no person record, so no review is its own).
"""

from datetime import date
from random import Random

PERIOD = "Năm 2027 (đo hiệu năng)"


def bench_period():
    from neuguong.regulations.models import Period

    period, _ = Period.objects.get_or_create(
        name=PERIOD,
        defaults={"starts_on": date(2027, 1, 1), "ends_on": date(2027, 12, 31), "is_open": True},
    )
    return period


def bench_decider():
    from django.contrib.auth import get_user_model

    from neuguong.core.access import Role
    from neuguong.organisations.factories import give_role
    from neuguong.organisations.models import Unit

    user, created = get_user_model().objects.get_or_create(username="bench-decider")
    if created:
        give_role(user, Role.ORG_OFFICER, Unit.objects.get(parent=None))
    return user


def reviews_of(period, people: set[int] | None, *, rng: Random, places: str, decided: float):
    """Compose reviews of `people` (None: everyone). `places`: "both" (party cell and
    workplace) or "one" (the party cell of a member, else the workplace). Collectives of
    the units concerned are decided; `decided` is the share of personal reviews decided
    (heads always), the others proposed. Returns (world, items), levels settled."""
    from neuguong.reviews.demo_compose import (
        PERSONAL_MERIT,
        World,
        pick,
    )
    from neuguong.reviews.models import ReviewStatus, Subject
    from neuguong.reviews.rules.base import HTT, KHTNV

    world = World(period, people=people)
    items, units = [], set()
    for person in world.people:
        places_of = world.places(person)
        for unit, track in places_of[:1] if places == "one" else places_of:
            item = world.item(person, unit, track, Subject.PERSON)
            if item is None:
                continue
            item.merit = pick(rng, PERSONAL_MERIT)
            item.poor_point = item.merit == KHTNV
            item.status = (
                ReviewStatus.DECIDED
                if item.is_head or rng.random() < decided
                else ReviewStatus.PROPOSED
            )
            items.append(item)
            units.add(unit.pk)
    for unit, track, subject in world.collectives():
        if unit.pk in units and subject == Subject.ORGANISATION:
            item = world.item(None, unit, track, subject)
            item.status, item.merit = ReviewStatus.DECIDED, HTT
            items.append(item)
    return world, items


def write(period, world, items, *, rng: Random, decider, chunk: int = 25_000) -> dict:
    """Settle the levels (within every rule) and write the rows, a few units at a time."""
    from collections import Counter

    from neuguong.reviews.demo_compose import settle_levels
    from neuguong.reviews.demo_write import Writer

    settle_levels(items, disciplined_units=set(), codes_not_met=world.codes_not_met)
    heads = world.head_names()
    ordered = sorted(items, key=lambda i: (i.unit.path, i.person is not None))
    counts, start = Counter(), 0
    while start < len(ordered):
        end = min(start + chunk, len(ordered))
        while end < len(ordered) and ordered[end].unit.pk == ordered[end - 1].unit.pk:
            end += 1  # a unit's reviews and meeting in one writer
        writer = Writer(period, rng, assessors={}, decider=decider.pk)
        writer.add(ordered[start:end], heads=heads)
        counts.update(writer.write())
        start = end
    return dict(counts)
