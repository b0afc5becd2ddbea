"""The year-end review in a browser, end to end: a member writes and submits their
review citing their plan's key tasks; the cell's secretary records the meeting, the
comments and votes, and proposes HTXS; the decider is refused over the quota (with the
rule and the figures), then decides within it; the Word file opens and holds the
commitments with their results."""

from decimal import Decimal

import docx
import pytest

from neuguong.commitments.factories import make_plan
from neuguong.commitments.models import PlanStatus
from neuguong.organisations.factories import make_person
from neuguong.reviews.factories import make_review
from neuguong.reviews.models import Review, ReviewStatus

from .conftest import axe_violations, format_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TASKS = ["Đổi mới phương pháp dạy học môn Toán lớp 10", "Bồi dưỡng học sinh giỏi cấp tỉnh"]
RESULTS = ["Dạy 4 chuyên đề theo phương pháp mới; 82% học sinh đạt khá", "3 giải cấp tỉnh"]


def sign_out(page):
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url("**/login/**")


def _accessible(page):
    found = axe_violations(page)
    assert found == [], format_violations(found)


def test_member_writes_cell_meets_secretary_proposes_decider_refused_then_decides(
    page, live_server, province, period
):
    member = province.people.member
    make_plan(member, period, status=PlanStatus.APPROVED, tasks=TASKS)
    # The cell is rated, and already has 5 HTT and 1 HTXS: at most 1 HTXS.
    make_review(None, period, unit=province.maths, decided=2, score=Decimal(85))
    for i in range(6):
        p = make_person(f"Đảng viên {i}", workplace=province.school, party_cell=province.maths)
        make_review(p, period, decided=1 if i == 0 else 2, score=Decimal(92))

    # The member starts the review at their cell and writes it.
    sign_in(page, live_server, "member")
    page.goto(f"{live_server.url}/reviews/?period={period.pk}")
    _accessible(page)
    page.get_by_role("button", name="Bắt đầu kiểm điểm").first.click()
    page.wait_for_url("**/edit/**")
    review = Review.objects.get(person=member, unit=province.maths)
    assert [t.key_task.title for t in review.tasks.order_by("order")] == TASKS
    _accessible(page)
    page.get_by_label("II. Hạn chế, khuyết điểm và nguyên nhân").fill(
        "Có lúc chậm nộp báo cáo chuyên môn."
    )
    for point in review.points.all():
        page.locator(f'textarea[name="point-{point.code}-text"]').fill("Thực hiện tốt.")
        page.locator(f'input[name="point-{point.code}-level"][value="tot"]').check()
    for row, result in zip(review.tasks.order_by("order"), RESULTS, strict=True):
        page.locator(f'textarea[name="task-{row.task_key}-result"]').fill(result)
        page.locator(f'input[name="task-{row.task_key}-level"][value="xuat_sac"]').check()
        page.locator(f'input[name="task-{row.task_key}-exceeded"]').check()
    page.locator('input[name="self_level_party"][value="1"]').check()
    page.get_by_label("Điểm tự chấm (thang 100 điểm)").fill("92")
    page.get_by_role("button", name="Nộp bản kiểm điểm").first.click()
    page.get_by_text("Chờ họp góp ý").first.wait_for()
    review.refresh_from_db()
    assert review.status == ReviewStatus.SUBMITTED
    sign_out(page)

    # The secretary records the meeting, the comments and votes, and proposes HTXS.
    sign_in(page, live_server, "secretary")
    page.goto(f"{live_server.url}/reviews/units/{province.maths.pk}/?period={period.pk}")
    _accessible(page)
    page.goto(f"{live_server.url}/reviews/units/{province.maths.pk}/meeting/?period={period.pk}")
    page.get_by_label("Ngày họp").fill("10/12/2026")
    page.get_by_label("Tổng số được triệu tập").fill("9")
    page.get_by_label("Số có mặt").fill("8")
    page.get_by_role("button", name="Ghi hội nghị").click()
    page.goto(f"{live_server.url}/reviews/{review.pk}/comments/")
    _accessible(page)
    page.get_by_label("Ý kiến góp ý của tập thể").fill("Gương mẫu, nhiệt tình.")
    page.get_by_label("Số phiếu HTXS").fill("6")
    page.get_by_label("Số phiếu HTT").fill("2")
    page.get_by_role("button", name="Lưu góp ý và biểu quyết").click()
    page.goto(f"{live_server.url}/reviews/{review.pk}/propose/")
    page.get_by_label("Mức đề xuất").select_option("1")
    page.get_by_label("Điểm đề xuất (thang 100)").fill("92")
    page.get_by_role("button", name="Đề xuất").click()
    page.wait_for_url(lambda url: "/propose/" not in url)
    review.refresh_from_db()
    assert review.status == ReviewStatus.PROPOSED and review.proposed_level == 1
    assert review.votes_htxs == 6 and review.meeting.attendance_present == 8
    sign_out(page)

    # The decider (the level above the cell) is refused HTXS over the quota.
    sign_in(page, live_server, "unit_head")
    page.goto(f"{live_server.url}/reviews/{review.pk}/decide/")
    _accessible(page)
    page.get_by_label("Mức xếp loại").select_option("1")
    page.get_by_role("button", name="Quyết định", exact=True).click()
    alert = page.get_by_role("alert").first
    alert.wait_for()
    assert "đã có 1 HTXS trên 5 HTT; tối đa 1 HTXS" in alert.inner_text()
    review.refresh_from_db()
    assert review.status == ReviewStatus.PROPOSED and review.decided_level is None
    # Within the quota it is decided and locked.
    page.get_by_label("Mức xếp loại").select_option("2")
    page.get_by_role("button", name="Quyết định", exact=True).click()
    page.get_by_text("Đã quyết định xếp loại Nguyễn Văn An: HTT.").first.wait_for()
    review.refresh_from_db()
    assert review.status == ReviewStatus.DECIDED and review.decided_level == 2

    # The Word file opens and holds the commitments with their results.
    page.goto(f"{live_server.url}/reviews/{review.pk}/")
    _accessible(page)
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải bản kiểm điểm (Word)").click()
    document = docx.Document(download.value.path())
    text = "\n".join(p.text for p in document.paragraphs) + "\n".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    )
    assert "Nguyễn Văn An" in text
    for task, result in zip(TASKS, RESULTS, strict=True):
        assert task in text and result in text
