import docx
import pytest

from neuguong.commitments.models import CommitmentPlan, PlanStatus

from .conftest import axe_violations, format_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TASK = "Đổi mới phương pháp dạy học môn Toán lớp 10"


def sign_out(page):
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url("**/login/**")


def test_a_member_writes_submits_fixes_and_downloads_an_approved_plan(
    page, live_server, province, period
):
    # The member writes the plan and submits it.
    sign_in(page, live_server, "member")
    page.goto(f"{live_server.url}/plans/mine/")
    page.get_by_role("button", name="Bắt đầu lập kế hoạch").click()
    page.locator("#task-0-title").wait_for()
    page.fill("#id_political_stance", "Kiên định lập trường, chấp hành nghiêm chủ trương.")
    page.fill("#task-0-title", TASK)
    page.fill("#task-0-target", "80% học sinh đạt khá")
    page.fill("#task-0-deadline", "2026-06-30")
    page.fill("#task-0-product", "Giáo án điện tử")
    page.fill("#task-0-solution-1", "Dự giờ đồng nghiệp mỗi tháng")
    assert axe_violations(page) == [], format_violations(axe_violations(page))
    page.get_by_role("button", name="Nộp kế hoạch để phê duyệt").click()
    page.get_by_text("Chờ phê duyệt").first.wait_for()
    plan = CommitmentPlan.objects.get(person=province.people.member)
    assert plan.status == PlanStatus.SUBMITTED
    sign_out(page)

    # The cell secretary returns it with a reason.
    sign_in(page, live_server, "secretary")
    page.goto(f"{live_server.url}/plans/people/")
    page.get_by_role("link", name="Nguyễn Văn An").first.click()
    page.goto(f"{live_server.url}/plans/{plan.pk}/decide/")
    assert axe_violations(page) == [], format_violations(axe_violations(page))
    page.get_by_label("Lý do trả lại").fill("Ghi rõ chỉ tiêu theo từng học kỳ.")
    page.get_by_role("button", name="Trả lại").click()
    page.get_by_text("Bị trả lại").first.wait_for()
    sign_out(page)

    # The member fixes it and submits again.
    sign_in(page, live_server, "member")
    page.goto(f"{live_server.url}/plans/mine/")
    page.get_by_text("Ghi rõ chỉ tiêu theo từng học kỳ.").first.wait_for()
    page.fill("#task-0-target", "Học kỳ I: 75%, học kỳ II: 80% học sinh đạt khá")
    page.get_by_role("button", name="Nộp kế hoạch để phê duyệt").click()
    page.get_by_text("Chờ phê duyệt").first.wait_for()
    sign_out(page)

    # The secretary approves.
    sign_in(page, live_server, "secretary")
    page.goto(f"{live_server.url}/plans/{plan.pk}/decide/")
    page.get_by_role("button", name="Phê duyệt").click()
    page.get_by_text("Đã phê duyệt").first.wait_for()
    plan.refresh_from_db()
    assert plan.status == PlanStatus.APPROVED
    sign_out(page)

    # The member downloads the Word file: it opens and holds the plan.
    sign_in(page, live_server, "member")
    page.goto(f"{live_server.url}/plans/{plan.pk}/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Tải bản Word").click()
    document = docx.Document(download.value.path())
    text = "\n".join(p.text for p in document.paragraphs) + "\n".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    )
    assert "Nguyễn Văn An" in text and TASK in text
    assert "Học kỳ I: 75%, học kỳ II: 80% học sinh đạt khá" in text
    assert "30/06/2026" in text
