"""Every figure reconciles with the list behind it: on random subtrees of the demo
province, for every counter, with and without random filters, and after writes."""

import random
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from neuguong.commitments import services as commitments
from neuguong.commitments.models import CommitmentPlan, PlanStatus
from neuguong.organisations.factories import make_user
from neuguong.organisations.models import Area, PersonCategory, Sector, Unit, UnitKind
from neuguong.regulations.models import Period
from neuguong.reviews.models import Review, ReviewStatus

from .. import lists, tally
from ..models import COUNTERS, PERSON_COUNTERS

pytestmark = pytest.mark.django_db

SAMPLE = 15


@pytest.fixture
def seeded(db):
    call_command("seed_demo", scale="small", seed=5, verbosity=0)
    return Period.objects.get(name="Năm 2026")


def _sample(rng) -> list[Unit]:
    units = list(Unit.objects.exclude(path=None).order_by("pk"))
    root = next(u for u in units if u.parent_id is None)
    return [root, *rng.sample(units, SAMPLE - 1)]


def _mismatches(unit, period, **filters) -> list:
    figures = tally.figures(unit, period, **filters)
    wrong = []
    for counter in COUNTERS:
        listed = lists.count(counter, unit, period, **filters)
        if listed != figures[counter]:
            wrong.append((unit.name, counter, filters, figures[counter], listed))
    return wrong


def _random_filters(rng) -> dict:
    choice = rng.choice(["sector", "area", "kind", "category", "mixed"])
    sectors, areas = list(Sector.objects.order_by("pk")), list(Area.objects.order_by("pk"))
    pick = {
        "sector": lambda: {"sector": rng.choice(sectors)},
        "area": lambda: {"area": rng.choice(areas)},
        "kind": lambda: {"kind": rng.choice(UnitKind.values)},
        "category": lambda: {"category": rng.choice(PersonCategory.values)},
    }
    if choice != "mixed":
        return pick[choice]()
    return pick["kind"]() | pick["category"]() | pick[rng.choice(["sector", "area"])]()


def test_every_list_counts_its_figure_on_random_subtrees_with_and_without_filters(seeded):
    # One test, so the demo is seeded once for all the reading checks.
    rng = random.Random(6)
    wrong, seen, matched = [], dict.fromkeys(COUNTERS, 0), 0
    for unit in _sample(rng):
        wrong += _mismatches(unit, seeded)
        for counter, n in tally.figures(unit, seeded).items():
            seen[counter] += n
        filters = _random_filters(rng)
        wrong += _mismatches(unit, seeded, **filters)
        matched += sum(tally.figures(unit, seeded, **filters).values())
    assert wrong == []
    # The demo gives every family something to count, so an empty list cannot pass.
    for counter in ("units", "code_built", "people", "plan_approved", "plan_late"):
        assert seen[counter] > 0, counter
    for counter in ("review_done", "review_party_2", "creview_done", "quota_ok"):
        assert seen[counter] > 0, counter
    assert matched > 0

    # A person category narrows the person lists only.
    root = Unit.objects.get(parent=None)
    everyone = tally.figures(root, seeded)
    by_category = {c: tally.figures(root, seeded, category=c) for c in PersonCategory.values}
    for counter in ("people", "plan_registered", "review_done"):
        parts = [lists.count(counter, root, seeded, category=c) for c in PersonCategory.values]
        assert parts == [by_category[c][counter] for c in PersonCategory.values]
        assert 0 < sum(parts) <= everyone[counter]
    assert lists.count("units", root, seeded, category="can_bo") == everyone["units"]
    assert "units" not in PERSON_COUNTERS


def _page_figure(client, unit, counter: str) -> int:
    html = client.get(reverse("dashboards:unit", args=[unit.pk])).content.decode()
    return int(re.search(rf'data-counter="{counter}">(\d+)<', html).group(1))


def _each_link_lists_as_many(client, unit) -> None:
    """Every figure of the unit's page, and of its first child's row, links to a list
    whose total is that figure."""
    html = client.get(reverse("dashboards:unit", args=[unit.pk])).content.decode()
    links = set(re.findall(r'<a href="([^"]+)" data-counter="[^"]+">(\d+)</a>', html))
    assert {href.split("/rows/")[1].split("/")[0] for href, _n in links} == set(COUNTERS)
    first_child = html[html.index("<tbody>", html.index("children-caption")) :].split("</tr>")[0]
    links |= set(re.findall(r'<td><a href="([^"]+)">(\d+)</a>', first_child))
    for href, shown in links:
        total = re.search(
            r'data-testid="rows-total">(\d+)<',
            client.get(href.replace("&amp;", "&")).content.decode(),
        )
        assert int(total.group(1)) == int(shown), href


def test_the_page_and_its_lists_follow_writes_at_once(seeded, client):
    admin = make_user("dashboards-admin", is_superuser=True, is_staff=True)
    client.force_login(admin)
    root = Unit.objects.get(parent=None)

    # A plan approved through the service.
    plan = (
        CommitmentPlan.objects.filter(period=seeded, status=PlanStatus.SUBMITTED)
        .exclude(person=None)
        .select_related("person__party_cell", "person__workplace")
        .first()
    )
    home = plan.person.party_cell or plan.person.workplace
    _each_link_lists_as_many(client, home.parent or home)
    shown = {u: _page_figure(client, u, "plan_approved") for u in (root, home)}
    commitments.approve_plan(plan, by=admin, version=None)
    for unit, before in shown.items():
        assert _page_figure(client, unit, "plan_approved") == before + 1
        assert lists.count("plan_approved", unit, seeded) == before + 1
    assert lists.rows("plan_approved", home, seeded).filter(pk=plan.person_id).exists()

    # A review's level changed by a bulk update, outside any service.
    review = (
        Review.objects.filter(period=seeded, status=ReviewStatus.DECIDED, decided_level=2)
        .exclude(person=None)
        .select_related("unit")
        .first()
    )
    counter = f"review_{review.track}_1"
    before = _page_figure(client, review.unit, counter)
    Review.objects.filter(pk=review.pk).update(decided_level=1)
    assert _page_figure(client, review.unit, counter) == before + 1
    assert lists.rows(counter, review.unit, seeded).filter(pk=review.pk).exists()
    for unit in (root, review.unit, home):
        assert _mismatches(unit, seeded) == []


def test_an_unknown_counter_has_no_list(province, period):
    with pytest.raises(KeyError):
        lists.rows("nope", province.root, period)
