"""Roll-up figures and the periodic report in a browser: the commune committee's
secretary opens the dashboard, drills into a cell, opens the commune's yearly report,
downloads it as Word, and the figures in the file are those on the pages."""

import io

import docx
import pytest

from neuguong.commitments.factories import make_plan
from neuguong.commitments.models import PlanStatus
from neuguong.dashboards import tally
from neuguong.dashboards.sources import LABELS
from neuguong.reviews.factories import make_review

from .conftest import axe_violations, format_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COUNTERS = ("people", "plan_registered", "plan_approved", "review_done")


def _accessible(page):
    found = axe_violations(page)
    assert found == [], format_violations(found)


def _number(text: str) -> int:
    return int(text.strip().replace(".", "").replace(",", "") or 0)


def _docx_figures(data: bytes) -> dict[str, int]:
    """{counter: the unit's own figure} from the Word file's figures table: the cell
    after the one holding the counter's label."""
    document = docx.Document(io.BytesIO(data))
    wanted = {str(LABELS[c]): c for c in COUNTERS}
    found = {}
    for table in document.tables:
        for row in table.rows:
            cells = [cell.text.strip() for cell in row.cells]
            for i, text in enumerate(cells[:-1]):
                if text in wanted:
                    found.setdefault(wanted[text], _number(cells[i + 1]))
    return found


def test_commune_secretary_dashboard_drill_down_and_word_report(
    page, live_server, province, period
):
    people = province.people
    make_plan(people.member, period, status=PlanStatus.APPROVED, tasks=["Dạy tốt môn Toán"])
    make_plan(people.villager, period, status=PlanStatus.APPROVED, tasks=["Giữ gìn vệ sinh thôn"])
    make_plan(people.unit_head, period, status=PlanStatus.SUBMITTED, tasks=["Chỉ đạo thôn"])
    make_review(people.villager, period, decided=2)
    hoa_an = province.hoa_an

    sign_in(page, live_server, "unit_head")
    page.goto(f"{live_server.url}/status/")
    page.get_by_role("heading", name="Số liệu tổng hợp", level=1).wait_for()
    assert "Đảng ủy xã Hòa An" in page.locator("p.lead").first.inner_text()
    _accessible(page)
    shown = {
        c: _number(page.locator(f'a[data-counter="{c}"]').first.inner_text()) for c in COUNTERS
    }
    expected = tally.figures(hoa_an, period)
    assert shown == {c: expected[c] for c in COUNTERS}
    assert shown["plan_approved"] == 2 and shown["review_done"] == 1

    # A figure leads to the people behind it.
    page.locator('a[data-counter="plan_approved"]').first.click()
    page.wait_for_url(f"**/status/units/{hoa_an.pk}/rows/plan_approved/**")
    body = page.locator("main").inner_text()
    assert "Nguyễn Văn An" in body and "Phạm Thị Đào" in body
    assert "Lê Đức Dũng" not in body
    _accessible(page)

    # Drill down into the village cell from the per-child table.
    page.go_back()
    page.locator("table.dashboard-children").get_by_role("link", name="Chi bộ Thôn Đông").click()
    page.wait_for_url(f"**/status/units/{province.dong.pk}/**")
    assert "Chi bộ Thôn Đông" in page.locator("p.lead").first.inner_text()
    cell = tally.figures(province.dong, period)
    assert _number(page.locator('a[data-counter="people"]').first.inner_text()) == cell["people"]
    assert _number(page.locator('a[data-counter="plan_approved"]').first.inner_text()) == 1
    _accessible(page)

    # The commune's yearly report: its figures are those of the dashboard.
    page.goto(f"{live_server.url}/reports/units/{hoa_an.pk}/yearly/2026/1/")
    page.get_by_role("heading", level=1).wait_for()
    _accessible(page)
    on_report = {
        c: _number(page.locator(f'td[data-counter="{c}"]').first.inner_text()) for c in COUNTERS
    }
    assert on_report == shown
    with page.expect_download() as info:
        page.get_by_role("link", name="Tải về bản Word (.docx)").click()
    download = info.value
    assert download.suggested_filename.endswith(".docx")
    with open(download.path(), "rb") as f:
        data = f.read()
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)
    assert "BÁO CÁO" in text
    in_file = _docx_figures(data)
    assert in_file == shown
