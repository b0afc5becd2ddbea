"""The rating sheet in a browser: deciding rows through htmx swaps the row and the quota
panel in place, a refusal shows in the row, and choosing a level on the decision page
re-renders the rules."""

from decimal import Decimal

import pytest

from neuguong.organisations.factories import make_person
from neuguong.reviews.factories import make_review
from neuguong.reviews.models import Review

from .conftest import axe_violations, format_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _rule_sets(transactional_db):
    """The rule sets are data of a migration, gone once a transactional test before this
    one has flushed the tables: put them back (the migration's own, idempotent step)."""
    from importlib import import_module

    from django.apps import apps

    import_module("neuguong.reviews.migrations.0002_rule_sets").add(apps, None)


def _cell(province, period):
    """Five members of Tổ Toán decided HTT (so at most one HTXS), two proposed HTXS."""
    for i in range(5):
        person = make_person(f"Đảng viên {i}", workplace=province.school, party_cell=province.maths)
        make_review(person, period, decided=2, score=Decimal(90))
    first = make_review(province.people.member, period, proposed=1, score=Decimal(95))
    second = make_review(
        make_person("Lò Văn Hùng", workplace=province.school, party_cell=province.maths),
        period,
        proposed=1,
        score=Decimal(95),
    )
    return first, second


def _quota_cell(tab, label: str) -> str:
    return tab.locator(f'#sheet-quota td[data-label="{label}"]').first.inner_text()


def test_deciding_rows_on_the_sheet_updates_them_and_the_quota_in_place(
    page, live_server, province, period
):
    first, second = _cell(province, period)
    sign_in(page, live_server, "unit_head")
    url = f"{live_server.url}/reviews/units/{province.maths.pk}/?period={period.pk}"
    page.goto(url)
    assert axe_violations(page) == [], format_violations(axe_violations(page))
    assert _quota_cell(page, "Còn lại").startswith("1")

    row = page.locator(f"#row-{first.pk}")
    row.get_by_role("button", name="Quyết định").click()
    # The success line sits in the row itself (without htmx it would be a page message).
    page.locator(f"#row-{first.pk}").get_by_text("Đã quyết định xếp loại Nguyễn Văn An").wait_for()
    assert _quota_cell(page, "HTXS") == "1" and _quota_cell(page, "Còn lại").startswith("0")

    # The second HTXS breaks the quota: the refusal shows in its row, nothing changes.
    row = page.locator(f"#row-{second.pk}")
    row.get_by_role("button", name="Quyết định").click()
    alert = page.locator(f"#row-{second.pk} [role=alert]")
    alert.wait_for()
    assert "đã có 1 HTXS trên 5 HTT; tối đa 1 HTXS" in alert.inner_text()
    assert page.url == url  # swapped in place: no page was posted
    assert Review.objects.get(pk=second.pk).decided_level is None
    # Within the quota it is decided.
    page.locator(f"#level-{second.pk}").select_option("2")
    page.locator(f"#row-{second.pk}").get_by_role("button", name="Quyết định").click()
    page.locator(f"#row-{second.pk}").get_by_text(
        "Đã quyết định xếp loại Lò Văn Hùng: HTT."
    ).wait_for()
    assert _quota_cell(page, "HTT") == "6"
    assert Review.objects.get(pk=second.pk).decided_level == 2


def test_choosing_a_level_on_the_decision_page_rerenders_the_rules(
    page, live_server, province, period
):
    first, _second = _cell(province, period)
    Review.objects.filter(pk=first.pk).update(proposed_level=2)
    sign_in(page, live_server, "unit_head")
    page.goto(f"{live_server.url}/reviews/{first.pk}/decide/")
    assert axe_violations(page) == [], format_violations(axe_violations(page))
    checks = page.locator("#decide-checks")
    assert "mức “Hoàn thành tốt nhiệm vụ”" in checks.inner_text()
    page.get_by_label("Mức xếp loại").select_option("1")
    page.locator("#decide-checks h2", has_text="Hoàn thành xuất sắc nhiệm vụ").wait_for()
    assert "✓ Mức này không trái quy tắc nào." in page.locator("#decide-checks").inner_text()
