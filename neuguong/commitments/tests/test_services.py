"""The rules of commitments.services; every bad input is checked for its message and
for nothing having changed."""

import io
import zipfile
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import Http404

from neuguong.commitments import services
from neuguong.commitments.access import get_plan_for_user
from neuguong.commitments.factories import make_plan
from neuguong.commitments.models import (
    CommitmentPlan,
    CopyFlag,
    Evidence,
    PlanStatus,
    TaskProgress,
)
from neuguong.core.errors import ConflictError, DomainError
from neuguong.core.models import AuditEntry
from neuguong.organisations.factories import make_person, make_user
from neuguong.regulations.models import Period

TASK = {
    "title": "Đổi mới phương pháp dạy học môn Toán lớp 10",
    "target": "80% học sinh đạt khá trở lên",
    "product": "Giáo án điện tử",
    "deadline": "2026-06-30",
    "solutions": ["Dự giờ đồng nghiệp mỗi tháng", "Tự học công nghệ thông tin"],
}


@pytest.fixture
def member(province):
    return province.people.member


@pytest.fixture
def draft(province, period, member):
    plan = services.start_plan(by=province.users["member"], period=period, person=member)
    return services.save_plan(plan, by=province.users["member"], version=plan.version, tasks=[TASK])


def state(plan):
    plan.refresh_from_db()
    tasks = list(plan.tasks.values_list("title", "deadline"))
    return plan.status, plan.version, plan.is_late, tasks


def submitted(province, draft):
    return services.submit_plan(draft, by=province.users["member"], version=draft.version)


# Starting and saving ---------------------------------------------------------------


def test_a_party_members_plan_is_approved_in_their_cell(draft, province):
    assert (draft.unit, draft.workplace) == (province.maths, province.school)
    assert AuditEntry.objects.filter(action="plan.start").exists()


def test_nobody_starts_someone_elses_personal_plan(province, period, member):
    with pytest.raises(DomainError, match="tự lập kế hoạch"):
        services.start_plan(by=province.users["secretary"], period=period, person=member)
    assert not CommitmentPlan.objects.exists()


def test_a_second_plan_for_the_period_is_refused(province, period, member, draft):
    with pytest.raises(DomainError, match="đang soạn hoặc chờ duyệt"):
        services.start_plan(by=province.users["member"], period=period, person=member)
    assert CommitmentPlan.objects.count() == 1


def test_task_keys_stay_across_saves(province, draft):
    key = str(draft.tasks.get().key)
    plan = services.save_plan(
        draft,
        by=province.users["member"],
        version=draft.version,
        tasks=[{**TASK, "key": key, "title": "Sửa tên nhiệm vụ"}, TASK],
    )
    assert str(plan.tasks.first().key) == key and plan.tasks.count() == 2


def test_two_tabs_saving_the_same_draft_the_second_is_a_conflict(province, draft):
    read_in_both = draft.version
    services.save_plan(
        draft, by=province.users["member"], version=read_in_both, sections={"theme_study": "A"}
    )
    before = state(draft)
    with pytest.raises(ConflictError, match="vừa được lưu ở nơi khác"):
        services.save_plan(
            draft, by=province.users["member"], version=read_in_both, sections={"theme_study": "B"}
        )
    assert state(draft) == before
    assert CommitmentPlan.objects.get().theme_study == "A"


def test_a_deadline_outside_the_period_is_refused(province, draft):
    before = state(draft)
    with pytest.raises(DomainError, match="nằm ngoài kỳ Năm 2026"):
        services.save_plan(
            draft,
            by=province.users["member"],
            version=draft.version,
            tasks=[{**TASK, "deadline": "2027-01-15"}],
        )
    assert state(draft) == before


def test_an_overlong_section_is_refused(province, draft):
    with pytest.raises(DomainError, match="tối đa 5000 ký tự"):
        services.save_plan(
            draft,
            by=province.users["member"],
            version=draft.version,
            sections={"political_stance": "x" * 5001},
        )


# Submitting ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("tasks", "message"),
    [
        ([], "ít nhất một nhiệm vụ trọng tâm"),
        ([{**TASK, "solutions": []}], "chưa có giải pháp cụ thể"),
        ([{**TASK, "deadline": None}], "chưa có thời hạn"),
    ],
)
def test_an_incomplete_plan_is_not_submitted(province, draft, tasks, message):
    plan = services.save_plan(
        draft, by=province.users["member"], version=draft.version, tasks=tasks
    )
    before = state(plan)
    with pytest.raises(DomainError, match=message):
        services.submit_plan(plan, by=province.users["member"], version=plan.version)
    assert state(plan) == before


def test_a_late_plan_is_accepted_and_marked(province, draft, period):
    Period.objects.filter(pk=period.pk).update(plans_registered_by=date(2026, 3, 31))
    draft.refresh_from_db()
    plan = submitted(province, draft)
    assert plan.status == PlanStatus.SUBMITTED and plan.is_late


def test_a_late_plan_is_refused_when_the_period_says_so(province, draft, period):
    Period.objects.filter(pk=period.pk).update(
        plans_registered_by=date(2026, 3, 31), refuse_late_plans=True
    )
    draft.refresh_from_db()
    before = state(draft)
    with pytest.raises(DomainError, match="Đã quá hạn đăng ký kế hoạch \\(31/03/2026\\)"):
        submitted(province, draft)
    assert state(draft) == before


# Deciding ----------------------------------------------------------------------------


def test_the_cell_secretary_approves_and_the_plan_locks(province, draft):
    plan = submitted(province, draft)
    plan = services.approve_plan(plan, by=province.users["secretary"], version=plan.version)
    assert plan.status == PlanStatus.APPROVED
    before = state(plan)
    with pytest.raises(DomainError, match="Điều chỉnh kế hoạch"):
        services.save_plan(
            plan, by=province.users["member"], version=plan.version, sections={"theme_study": "x"}
        )
    assert state(plan) == before


def test_nobody_approves_their_own_plan(province, period):
    plan = make_plan(province.people.secretary, period, status=PlanStatus.SUBMITTED)
    with pytest.raises(DomainError, match="tự phê duyệt kế hoạch của chính mình") as error:
        services.approve_plan(plan, by=province.users["secretary"], version=None)
    assert error.value.code == "forbidden"
    plan.refresh_from_db()
    assert plan.status == PlanStatus.SUBMITTED


def test_approving_outside_ones_scope_is_not_found(province, draft):
    plan = submitted(province, draft)
    with pytest.raises(Http404):
        get_plan_for_user(province.users["outsider"], plan.pk, "approve")
    with pytest.raises(DomainError):
        services.approve_plan(plan, by=province.users["outsider"], version=plan.version)
    assert state(plan)[0] == PlanStatus.SUBMITTED


def test_the_second_of_two_decisions_is_refused(province, draft):
    plan = submitted(province, draft)
    services.approve_plan(plan, by=province.users["secretary"], version=plan.version)
    with pytest.raises(ConflictError, match="đã được xử lý"):
        services.return_plan(
            plan, by=province.users["unit_head"], version=plan.version, reason="Chưa rõ"
        )
    assert state(plan)[0] == PlanStatus.APPROVED
    assert AuditEntry.objects.filter(action__in=["plan.approve", "plan.return"]).count() == 1


def test_an_amendment_is_approved_again_and_keeps_the_old_version(province, draft):
    member, secretary = province.users["member"], province.users["secretary"]
    plan = services.approve_plan(submitted(province, draft), by=secretary, version=None)
    task = plan.tasks.get()
    services.report_progress(task, by=member, status="in_progress", percent=40, note="Đã làm")
    new = services.amend_plan(plan, by=member, reason="Thêm nhiệm vụ")
    assert (new.number, new.status, new.amends_id) == (2, PlanStatus.DRAFT, plan.pk)
    assert new.tasks.get().key == task.key
    new = services.submit_plan(new, by=member, version=new.version)
    assert not new.is_late
    new = services.approve_plan(new, by=secretary, version=new.version)
    plan.refresh_from_db()
    assert (plan.status, new.status) == (PlanStatus.SUPERSEDED, PlanStatus.APPROVED)
    assert TaskProgress.objects.get().task == new.tasks.get()


def test_bulk_approval_reports_each_refusal(province, period, draft):
    mine = make_plan(province.people.secretary, period, status=PlanStatus.SUBMITTED)
    results = services.approve_plans(
        [submitted(province, draft), mine], by=province.users["secretary"]
    )
    assert [r[1] is None for r in results] == [True, False]
    assert "chính mình" in results[1][1]


# Copy flags --------------------------------------------------------------------------


def test_a_near_copy_in_the_same_unit_is_flagged_but_not_blocked(province, period, draft):
    colleague = make_person(
        "Đinh Thị Mai",
        workplace=province.school,
        party_cell=province.maths,
        user=make_user("mai"),
    )
    other = services.start_plan(by=colleague.user, period=period, person=colleague)
    copied = {**TASK, "title": TASK["title"] + "."}
    other = services.save_plan(other, by=colleague.user, version=other.version, tasks=[copied])
    services.submit_plan(other, by=colleague.user, version=other.version)
    plan = submitted(province, draft)
    assert plan.status == PlanStatus.SUBMITTED
    flag = CopyFlag.objects.get(plan=plan)
    assert flag.source == "same_unit" and flag.other_task.plan == other and flag.similarity > 0.8


def test_a_copy_of_ones_own_previous_plan_is_flagged(province, period, member, draft):
    last_year = Period.objects.create(
        name="Năm 2025", starts_on=date(2025, 1, 1), ends_on=date(2025, 12, 31), is_open=False
    )
    make_plan(member, last_year, status=PlanStatus.APPROVED, tasks=[TASK["title"]])
    plan = submitted(province, draft)
    assert CopyFlag.objects.get(plan=plan).source == "previous"


# Evidence ----------------------------------------------------------------------------


def _docm() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr(
            "[Content_Types].xml",
            '<Types><Override ContentType="application/vnd.ms-word.document.'
            'macroEnabled.main+xml"/></Types>',
        )
        z.writestr("word/document.xml", "<w:document/>")
        z.writestr("word/vbaProject.bin", b"\x00" * 64)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bao-cao.pdf", b"MZ\x90\x00" + b"\x00" * 100, "chương trình chạy được"),
        ("bao-cao.docx", _docm(), "chứa macro"),
        ("ghi-chu.txt", b"hello", "không thuộc các loại được nhận"),
    ],
)
def test_bad_evidence_is_refused(province, draft, name, content, message):
    plan = services.approve_plan(
        submitted(province, draft), by=province.users["secretary"], version=None
    )
    with pytest.raises(DomainError, match=message):
        services.add_evidence(
            plan.tasks.get(), by=province.users["member"], upload=SimpleUploadedFile(name, content)
        )
    assert not Evidence.objects.exists()


def test_a_file_over_the_limit_is_refused(province, draft, settings):
    settings.EVIDENCE_MAX_BYTES = 1024 * 1024
    plan = services.approve_plan(
        submitted(province, draft), by=province.users["secretary"], version=None
    )
    upload = SimpleUploadedFile("scan.pdf", b"%PDF-1.7\n" + b"0" * (2 * 1024 * 1024))
    with pytest.raises(DomainError, match="nặng 2,0 MB; tối đa 1,0 MB"):
        services.add_evidence(plan.tasks.get(), by=province.users["member"], upload=upload)
    assert not Evidence.objects.exists()


def test_a_pdf_is_kept_with_its_checksum(province, draft, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    plan = services.approve_plan(
        submitted(province, draft), by=province.users["secretary"], version=None
    )
    upload = SimpleUploadedFile("Biên bản.pdf", b"%PDF-1.7\n%%EOF\n")
    evidence = services.add_evidence(plan.tasks.get(), by=province.users["member"], upload=upload)
    assert (evidence.kind, evidence.name, len(evidence.sha256)) == ("pdf", "Biên bản.pdf", 64)
    with evidence.file.open("rb") as stored:
        assert stored.read() == b"%PDF-1.7\n%%EOF\n"
