"""Progress and evidence on an approved plan's key tasks, through the plan page. Files
are checked by content: a large file, a program renamed .pdf and a Word file with macros
are refused with a message and nothing is stored."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from neuguong.commitments.factories import make_plan
from neuguong.commitments.models import Evidence, KeyTask, PlanStatus, TaskProgress

from .plan_pages import url

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def member(client_for):
    return client_for("member")


@pytest.fixture
def task(province, period) -> KeyTask:
    plan = make_plan(province.people.member, period, status=PlanStatus.APPROVED)
    return plan.tasks.get()


def progress(task):
    task.refresh_from_db()
    return task.progress_status, task.progress_percent, TaskProgress.objects.count()


def upload(member, task, name, content):
    data = {"file": SimpleUploadedFile(name, content)}
    return member.post(url("task_evidence", task.pk), data)


def docm() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<Types><Override PartName="/word/document.xml" ContentType="application/'
            'vnd.ms-word.document.macroEnabled.main+xml"/></Types>',
        )
        archive.writestr("word/document.xml", "<w:document/>")
        archive.writestr("word/vbaProject.bin", b"\x00" * 64)
    return buffer.getvalue()


# Progress --------------------------------------------------------------------------


def test_the_writer_reports_progress_on_an_approved_plan(member, task):
    data = {"status": "in_progress", "percent": "40", "note": "Đã dạy xong học kỳ I"}
    response = member.post(url("task_progress", task.pk), data)
    assert response.status_code == 302
    assert response["Location"] == url("plan", task.plan_id) + f"#task-{task.pk}"
    assert progress(task) == ("in_progress", 40, 1)
    page = member.get(url("plan", task.plan_id)).content.decode()
    assert "40% hoàn thành" in page and "Đã dạy xong học kỳ I" in page


@pytest.mark.parametrize("percent", ["150", "-1", "nhiều", ""])
def test_a_percent_outside_0_to_100_is_refused(member, task, percent):
    before = progress(task)
    data = {"status": "in_progress", "percent": percent}
    response = member.post(url("task_progress", task.pk), data)
    assert response.status_code == 400
    assert "Tỷ lệ hoàn thành là một số từ 0 đến 100." in response.content.decode()
    assert progress(task) == before


def test_an_unknown_status_is_refused(member, task):
    before = progress(task)
    response = member.post(url("task_progress", task.pk), {"status": "xong", "percent": "5"})
    assert response.status_code == 400
    assert "Tiến độ không hợp lệ." in response.content.decode()
    assert progress(task) == before


def test_progress_on_a_plan_not_yet_approved_is_refused(member, province, period):
    task = make_plan(province.people.member, period).tasks.get()
    before = progress(task)
    response = member.post(url("task_progress", task.pk), {"status": "done", "percent": "100"})
    assert response.status_code == 400
    assert "Chỉ cập nhật tiến độ trên kế hoạch đã được phê duyệt." in response.content.decode()
    assert progress(task) == before


@pytest.mark.parametrize(("persona", "status"), [("secretary", 403), ("outsider", 404)])
def test_only_the_writer_reports_progress(client_for, task, persona, status):
    before = progress(task)
    response = client_for(persona).post(
        url("task_progress", task.pk), {"status": "done", "percent": "100"}
    )
    assert response.status_code == status
    assert progress(task) == before


def test_the_approved_plan_page_is_bounded_in_queries(
    member, province, period, django_assert_max_num_queries
):
    plan = make_plan(
        province.people.member,
        period,
        status=PlanStatus.APPROVED,
        tasks=[f"Nhiệm vụ {n}" for n in range(10)],
    )
    for task in plan.tasks.all():
        TaskProgress.objects.create(task=task, status="in_progress", percent=10)
    with django_assert_max_num_queries(24):
        response = member.get(url("plan", plan.pk))
    assert response.status_code == 200
    assert response.content.decode().count("Lưu tiến độ") == 10


# Evidence --------------------------------------------------------------------------


def test_a_pdf_is_accepted_and_listed_with_a_link(member, task):
    response = upload(member, task, "bao-cao.pdf", PDF)
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert (evidence.name, evidence.kind, evidence.size) == ("bao-cao.pdf", "pdf", len(PDF))
    page = member.get(url("plan", task.plan_id)).content.decode()
    assert url("evidence_file", evidence.pk) in page
    assert "Xóa minh chứng bao-cao.pdf" in page


def test_a_file_over_the_limit_is_refused(member, task, settings):
    settings.EVIDENCE_MAX_BYTES = 1024
    response = upload(member, task, "lon.pdf", PDF + b"0" * 2048)
    assert response.status_code == 400
    assert "tối đa 0,0 MB" in response.content.decode()
    assert not Evidence.objects.exists()


def test_a_50_megabyte_file_is_refused(member, task):
    response = upload(member, task, "video.pdf", PDF + b"\0" * (50 * 1024 * 1024))
    assert response.status_code == 400
    assert "nặng 50,0 MB; tối đa 10,0 MB" in response.content.decode()
    assert not Evidence.objects.exists()


def test_a_program_renamed_pdf_is_refused(member, task):
    response = upload(member, task, "hoa-don.pdf", b"MZ\x90\x00" + b"\0" * 200)
    assert response.status_code == 400
    assert "là một chương trình chạy được" in response.content.decode()
    assert not Evidence.objects.exists()


@pytest.mark.parametrize("name", ["bien-ban.docm", "bien-ban.docx"])
def test_a_word_file_with_macros_is_refused(member, task, name):
    response = upload(member, task, name, docm())
    assert response.status_code == 400
    assert "chứa macro" in response.content.decode()
    assert not Evidence.objects.exists()


def test_no_file_is_refused(member, task):
    response = member.post(url("task_evidence", task.pk), {})
    assert response.status_code == 400
    assert "Hãy chọn một tệp." in response.content.decode()


def test_only_the_writer_uploads(client_for, task):
    response = client_for("secretary").post(
        url("task_evidence", task.pk), {"file": SimpleUploadedFile("a.pdf", PDF)}
    )
    assert response.status_code == 403
    assert not Evidence.objects.exists()


def test_the_writer_deletes_evidence(member, task, client_for):
    upload(member, task, "bao-cao.pdf", PDF)
    evidence = Evidence.objects.get()
    assert client_for("secretary").post(url("evidence_delete", evidence.pk)).status_code == 403
    assert client_for("outsider").post(url("evidence_delete", evidence.pk)).status_code == 404
    response = member.post(url("evidence_delete", evidence.pk))
    assert response.status_code == 302
    assert not Evidence.objects.exists()
