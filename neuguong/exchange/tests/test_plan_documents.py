"""The documents of commitment plans: the Word form of a plan, a unit's plans as Excel,
and the evidence download, with who may fetch each (pages and API)."""

import io
import re
import zipfile
from datetime import date, datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from docx import Document

from neuguong.api.tests.helpers import client_for_user
from neuguong.commitments.factories import make_plan
from neuguong.commitments.models import (
    CommitmentPlan,
    EthicsCommitment,
    Evidence,
    KeyTask,
    PlanStatus,
    Solution,
    TaskStatus,
)
from neuguong.exchange import plan_documents, plan_workbook
from neuguong.organisations.factories import make_person
from neuguong.organisations.models import Post
from neuguong.regulations.models import Regulation, RegulationItem
from neuguong.standards.models import Relationship

from .factories import make_code
from .xlsx import read_xlsx

TASKS = [
    "Đổi mới phương pháp dạy học môn Toán lớp 12",
    "Bồi dưỡng học sinh giỏi cấp tỉnh",
]
HEADINGS = [
    "I. Về tư tưởng chính trị",
    "II. Về đạo đức, lối sống",
    "III. Nhiệm vụ trọng tâm",
    "IV. Học tập và làm theo chuyên đề năm",
    "V. Về ý thức tổ chức kỷ luật, trách nhiệm nêu gương, gia đình",
]
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


# Data ---------------------------------------------------------------------------------


@pytest.fixture
def plan(province, period):
    """The member's approved plan: two tasks, ethics lines citing the code and QĐ 144."""
    plan = make_plan(
        province.people.member,
        period,
        status=PlanStatus.APPROVED,
        tasks=TASKS,
        deadline=date(2026, 6, 30),
    )
    plan.theme_study = "Đăng ký làm theo gương Bác về tác phong làm việc khoa học."
    plan.discipline_family = "Chấp hành nghiêm nội quy; xây dựng gia đình văn hóa."
    plan.decided_at = timezone.make_aware(datetime(2026, 2, 10, 9, 0))
    plan.decided_by = province.users["secretary"]
    plan.save()
    code = make_code(province.school, period)
    item = code.items.get(relationship=Relationship.DUTY, order=0)
    qd144 = Regulation.objects.create(
        symbol="144-QĐ/TW", kind="quy_dinh", issuing_body="Bộ Chính trị", title="Chuẩn mực"
    )
    standard = RegulationItem.objects.create(
        regulation=qd144, number="Chuẩn mực 3", title="Cần, kiệm, liêm, chính, chí công vô tư"
    )
    EthicsCommitment.objects.create(plan=plan, code_item=item, text=item.text, order=1)
    EthicsCommitment.objects.create(
        plan=plan, regulation_item=standard, text=standard.title, order=2
    )
    Solution.objects.create(task=plan.tasks.first(), text="Dự giờ đồng nghiệp mỗi tháng", order=2)
    return plan


def _docx(plan) -> str:
    return docx_text(plan_documents.plan_docx(CommitmentPlan.objects.get(pk=plan.pk)))


# The Word file --------------------------------------------------------------------------


def test_word_file_holds_the_name_tasks_solutions_deadlines_and_sections(plan):
    text = _docx(plan)

    assert "KẾ HOẠCH CÁ NHÂN CAM KẾT TU DƯỠNG, RÈN LUYỆN, PHẤN ĐẤU NĂM 2026" in text
    assert "Họ và tên: Nguyễn Văn An" in text
    assert "Đơn vị công tác: Đảng bộ Trường THPT Hòa An" in text
    assert "Chi bộ: Chi bộ Tổ Toán" in text
    for title in TASKS:
        assert title in text
    assert "- Lập lịch làm việc hằng tuần" in text
    assert "- Dự giờ đồng nghiệp mỗi tháng" in text
    assert "30/06/2026" in text
    for heading in ["STT", "Nhiệm vụ", "Chỉ tiêu", "Thời hạn", "Sản phẩm", "Giải pháp cụ thể"]:
        assert heading in text
    positions = [text.index(h) for h in HEADINGS]
    assert positions == sorted(positions)
    assert "Kiên định lập trường, chấp hành nghiêm đường lối của Đảng." in text
    assert "Chấp hành nghiêm nội quy; xây dựng gia đình văn hóa." in text


def test_ethics_lines_cite_the_code_group_and_qd_144(plan):
    text = _docx(plan)

    assert "(Chuẩn mực đạo đức của đơn vị, nhóm IV)" in text
    assert "- Cần, kiệm, liêm, chính, chí công vô tư (144-QĐ/TW, Chuẩn mực 3)" in text


def test_theme_section_names_the_year_theme(plan):
    text = _docx(plan)

    assert "Chuyên đề năm: “Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh”" in text
    assert "Đăng ký làm theo gương Bác về tác phong làm việc khoa học." in text


def test_party_member_is_headed_by_their_cell_and_its_parent(plan):
    text = _docx(plan)

    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text
    assert "ĐẢNG BỘ TRƯỜNG THPT HÒA AN" in text and "CHI BỘ TỔ TOÁN" in text
    assert "\n*" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" not in text
    assert re.search(r"Hòa An, ngày \d\d tháng \d\d năm 20\d\d", text)


def test_staff_outside_the_party_get_the_state_header(province, period):
    officer = province.people.officer
    text = _docx(make_plan(officer, period))

    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "BAN TỔ CHỨC TỈNH ỦY" in text
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" not in text
    assert "XÁC NHẬN CỦA THỦ TRƯỞNG ĐƠN VỊ" in text


def test_approved_plan_shows_the_approver_and_date_and_no_draft_line(plan):
    text = _docx(plan)

    assert "Bản nháp" not in text
    assert "XÁC NHẬN CỦA CHI ỦY" in text
    assert "Đã phê duyệt ngày 10/02/2026" in text
    assert "Trần Thị Bình" in text
    assert "NGƯỜI LẬP KẾ HOẠCH" in text


def test_draft_says_it_is_not_approved(province, period):
    text = _docx(make_plan(province.people.member, period))

    assert "Bản nháp — chưa được phê duyệt" in text
    assert "Đã phê duyệt" not in text


def test_leader_plan_has_the_leadership_section(province, period):
    plan = make_plan(province.people.unit_head, period)
    plan.is_leader, plan.leadership = True, "Chỉ đạo hoàn thành 100% chỉ tiêu của xã."
    plan.save()

    text = _docx(plan)

    assert "VI. Về lãnh đạo, chỉ đạo, quản lý" in text
    assert "Chỉ đạo hoàn thành 100% chỉ tiêu của xã." in text


def test_collective_plan_is_titled_for_the_collective(province, period):
    plan = CommitmentPlan.objects.create(
        period=period, unit=province.maths, workplace=province.maths, is_leader=True
    )
    KeyTask.objects.create(plan=plan, order=1, title="100% đảng viên hoàn thành nhiệm vụ")

    text = _docx(plan)

    assert "KẾ HOẠCH CAM KẾT CỦA TẬP THỂ CHI BỘ TỔ TOÁN NĂM 2026" in text
    assert "Tập thể: Chi bộ Tổ Toán" in text
    assert "100% đảng viên hoàn thành nhiệm vụ" in text


def test_control_characters_in_texts_do_not_break_the_file(province, period):
    plan = make_plan(province.people.member, period, tasks=["Nhiệm vụ\x01 có\x1b ký tự lạ"])

    assert "Nhiệm vụ có ký tự lạ" in _docx(plan)
    out = io.BytesIO()
    plan_workbook.write_plans_xlsx(out, province.maths, period)
    titles = [row[3] for row in read_xlsx(out.getvalue())["Nhiệm vụ"][1:]]
    assert titles == ["Nhiệm vụ_x0001_ có_x001B_ ký tự lạ"]  # Excel shows them escaped


def test_word_file_is_a4_in_times_new_roman(plan):
    doc = Document(io.BytesIO(plan_documents.plan_docx(plan)))

    section = doc.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    assert round(section.left_margin.mm) == 30
    assert doc.styles["Normal"].font.name == "Times New Roman"
    assert doc.styles["Normal"].font.size.pt == 14


def test_member_downloads_their_own_plan(client_for, plan):
    response = client_for("member").get(reverse("commitments:plan_docx", args=[plan.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == DOCX
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="ke-hoach-')
    assert "filename*=UTF-8''K%E1%BA%BF%20ho%E1%BA%A1ch" in disposition
    assert "Nguyễn Văn An" in docx_text(response.content)


@pytest.mark.parametrize("persona", ["outsider", "propaganda"])
def test_plan_outside_the_scope_is_a_404(client_for, plan, persona):
    response = client_for(persona).get(reverse("commitments:plan_docx", args=[plan.pk]))

    assert response.status_code == 404


def test_word_download_takes_a_fixed_number_of_queries(
    client_for, plan, django_assert_max_num_queries
):
    client = client_for("secretary")
    # 14 in the view, whatever the number of tasks, and the test client's session save.
    with django_assert_max_num_queries(17):
        response = client.get(reverse("commitments:plan_docx", args=[plan.pk]))
    assert response.status_code == 200


# The workbook -------------------------------------------------------------------------


def _export(client, unit, period, period_id=None):
    query = {"unit": unit.pk, "period": period_id or period.pk}
    return client.get(reverse("commitments:plans_xlsx"), query)


def test_workbook_lists_everyone_of_the_unit_with_their_plan(client_for, province, plan, period):
    response = _export(client_for("unit_head"), province.hoa_an, period)

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert 'filename="ke-hoach-hoa-an-2026.xlsx"' in response["Content-Disposition"]
    book = read_xlsx(b"".join(response.streaming_content))
    assert list(book) == ["Kế hoạch", "Nhiệm vụ"]
    header, *rows = book["Kế hoạch"]
    assert header[:5] == ["Mã cán bộ", "Họ và tên", "Đơn vị công tác", "Chi bộ", "Trạng thái"]
    by_name = {row[1]: row for row in rows}
    # Everyone working or in a cell under Hòa An, and nobody from Bình Minh.
    assert set(by_name) == {"Nguyễn Văn An", "Trần Thị Bình", "Lê Đức Dũng", "Phạm Thị Đào"}
    member = by_name["Nguyễn Văn An"]
    assert member[2:6] == ["Đảng bộ Trường THPT Hòa An", "Chi bộ Tổ Toán", "Đã phê duyệt", 1.0]
    assert member[7] == "Không" and member[8] == "10/02/2026" and member[9] == 2.0
    assert by_name["Phạm Thị Đào"][4] == "Chưa đăng ký"


def test_task_sheet_has_a_row_per_task_with_its_solutions(client_for, province, plan, period):
    task = plan.tasks.get(order=1)
    task.progress_status, task.progress_percent = TaskStatus.IN_PROGRESS, 40
    task.save()

    response = _export(client_for("secretary"), province.maths, period)

    header, *rows = read_xlsx(b"".join(response.streaming_content))["Nhiệm vụ"]
    assert header[3] == "Nhiệm vụ trọng tâm" and header[7] == "Giải pháp cụ thể"
    assert [r[3] for r in rows] == TASKS
    first = rows[0]
    assert first[:3] == [plan.person.code, "Nguyễn Văn An", 1.0]
    assert first[5] == "30/06/2026"
    assert first[7] == "Lập lịch làm việc hằng tuần\nDự giờ đồng nghiệp mỗi tháng"
    assert first[8:] == ["Đang thực hiện", 40.0]


def test_workbook_texts_are_never_formulas(province, period):
    make_plan(province.people.member, period, tasks=['=HYPERLINK("http://x","a")'])
    out = io.BytesIO()

    plan_workbook.write_plans_xlsx(out, province.maths, period)

    sheet = zipfile.ZipFile(out).read("xl/worksheets/sheet2.xml").decode()
    assert "<f>" not in sheet and "HYPERLINK" in sheet


def test_workbook_queries_do_not_grow_with_people(
    client_for, province, period, django_assert_max_num_queries
):
    for n in range(30):
        person = make_person(f"Người Thứ {n}", workplace=province.school, party_cell=province.maths)
        if n % 2:
            make_plan(person, period, tasks=["Nhiệm vụ A", "Nhiệm vụ B"])
    client = client_for("unit_head")
    # 15 in the view (3 a chunk of 2,000 people) and the test client's session save.
    with django_assert_max_num_queries(18):
        response = _export(client, province.hoa_an, period)
    rows = read_xlsx(b"".join(response.streaming_content))
    assert len(rows["Kế hoạch"]) == 1 + 4 + 30
    assert len(rows["Nhiệm vụ"]) == 1 + 15 * 2


def test_member_cannot_export_the_unit(client_for, province, period):
    assert _export(client_for("member"), province.school, period).status_code == 403


def test_outsider_gets_404_for_the_unit(client_for, province, period):
    assert _export(client_for("outsider"), province.school, period).status_code == 404


@pytest.mark.parametrize("unit", ["abc", "0", str(2**70)])
def test_unreadable_unit_is_a_404(client_for, period, unit):
    response = client_for("admin").get(reverse("commitments:plans_xlsx"), {"unit": unit})

    assert response.status_code == 404


def test_unknown_period_is_refused_with_a_message(client_for, province, period):
    response = _export(client_for("unit_head"), province.hoa_an, period, period_id="99999")

    assert response.status_code == 400
    assert "Không tìm thấy kỳ thực hiện “99999”" in response.content.decode()


def test_without_a_unit_the_users_highest_unit_is_exported(client_for, province, period):
    response = client_for("secretary").get(reverse("commitments:plans_xlsx"))

    assert response.status_code == 200
    assert 'filename="ke-hoach-hoa-an-thpt-toan-2026.xlsx"' in response["Content-Disposition"]
    assert read_xlsx(b"".join(response.streaming_content))["Kế hoạch"][1][1] == "Nguyễn Văn An"


# Evidence -------------------------------------------------------------------------------

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def evidence(plan, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    item = Evidence(
        task=plan.tasks.first(),
        name="Biên bản dự giờ.pdf",
        kind="pdf",
        size=len(PDF),
        sha256="0" * 64,
    )
    item.file.save("x.pdf", ContentFile(PDF), save=False)
    item.save()
    return item


def test_member_downloads_their_evidence_as_an_attachment(client_for, evidence):
    response = client_for("member").get(reverse("commitments:evidence_file", args=[evidence.pk]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == (
        'attachment; filename="bien-ban-du-gio.pdf"; '
        "filename*=UTF-8''Bi%C3%AAn%20b%E1%BA%A3n%20d%E1%BB%B1%20gi%E1%BB%9D.pdf"
    )


def test_approver_downloads_the_evidence(client_for, evidence):
    url = reverse("commitments:evidence_file", args=[evidence.pk])

    response = client_for("secretary").get(url)

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF


@pytest.mark.parametrize("persona", ["outsider", "propaganda"])
def test_evidence_outside_the_scope_is_a_404(client_for, evidence, persona):
    url = reverse("commitments:evidence_file", args=[evidence.pk])

    assert client_for(persona).get(url).status_code == 404


def test_evidence_whose_file_is_gone_is_a_404(client_for, evidence):
    evidence.file.storage.delete(evidence.file.name)
    url = reverse("commitments:evidence_file", args=[evidence.pk])

    assert client_for("member").get(url).status_code == 404


def test_unknown_evidence_is_a_404(client_for, province):
    url = reverse("commitments:evidence_file", args=[987654])

    assert client_for("admin").get(url).status_code == 404


# The API ----------------------------------------------------------------------------------


@pytest.fixture
def api_as(province):
    return lambda persona: client_for_user(province.users[persona])


def test_api_word_file_of_a_plan(api_as, plan):
    response = api_as("member").get(f"/files/plans/{plan.pk}/plan.docx")

    assert response.status_code == 200
    assert response["Content-Type"] == DOCX
    assert "Nguyễn Văn An" in docx_text(response.content)


def test_api_word_file_outside_the_scope_is_a_404(api_as, plan):
    response = api_as("outsider").get(f"/files/plans/{plan.pk}/plan.docx")

    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_api_workbook_of_a_unit(api_as, province, plan, period):
    response = api_as("unit_head").get(
        "/files/plans.xlsx", unit=province.school.pk, period=period.pk
    )

    assert response.status_code == 200
    rows = read_xlsx(b"".join(response.streaming_content))["Kế hoạch"]
    assert "Nguyễn Văn An" in {r[1] for r in rows}


def test_api_workbook_refuses_a_member_and_an_unknown_period(api_as, province, period):
    member = api_as("member").get("/files/plans.xlsx", unit=province.school.pk)
    head = api_as("unit_head").get("/files/plans.xlsx", unit=province.school.pk, period=99999)

    assert member.status_code == 403
    assert head.status_code == 400
    assert head.json()["field"] == "period"


def test_plan_docx_lists_current_posts(province, period):
    Post.objects.create(person=province.people.member, unit=province.school, title="Tổ trưởng")

    assert "Chức vụ: Tổ trưởng, Đảng bộ Trường THPT Hòa An" in _docx(
        make_plan(province.people.member, period)
    )
