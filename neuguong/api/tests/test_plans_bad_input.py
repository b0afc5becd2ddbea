"""Bad input to the commitment-plan API: each a 4xx with a clear message, nothing changed.

The issue's cases come first (a plan with no key task; a key task with no solution, no
deadline or a deadline outside the period; a late submission; approving outside one's
scope or one's own plan; editing an approved plan; two clients saving one draft; a file
too large, a program renamed .pdf, a .docm with macros), then ids, types and sizes no
client should send. None of them may be a 5xx.
"""

import io
import time
import zipfile
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from neuguong.commitments.factories import make_plan
from neuguong.commitments.models import (
    CommitmentPlan,
    CopyFlag,
    EthicsCommitment,
    Evidence,
    KeyTask,
    PlanStatus,
    Solution,
    TaskProgress,
)
from neuguong.core.models import AuditEntry

from .helpers import API

HUGE = 2**63
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def state():
    return (
        list(CommitmentPlan.objects.order_by("pk").values()),
        list(KeyTask.objects.order_by("pk").values()),
        list(Solution.objects.order_by("pk").values()),
        list(EthicsCommitment.objects.order_by("pk").values()),
        list(TaskProgress.objects.order_by("pk").values()),
        list(Evidence.objects.order_by("pk").values()),
        list(CopyFlag.objects.order_by("pk").values()),
        AuditEntry.objects.exclude(action__startswith="token.").count(),
    )


def refused(response, status, *, code=None, field=None):
    assert response.status_code == status, response.content
    body = response.json()
    if code is not None:
        assert body["code"] == code, body
    if field is not None:
        assert body["field"] == field, body
    return body


def task(**extra):
    return {
        "title": "Dạy đủ, đúng chương trình môn Toán khối 11",
        "target": "100% tiết dạy đúng kế hoạch",
        "deadline": "2026-12-15",
        "product": "Sổ báo giảng",
        "solutions": ["Soạn giáo án trước một tuần"],
        **extra,
    }


def upload(api, path, name, content, content_type="application/pdf"):
    file = SimpleUploadedFile(name, content, content_type=content_type)
    return api.client.post(API + path, {"file": file}, headers=api.headers)


def stored_files(root) -> list:
    return sorted(p for p in root.rglob("*") if p.is_file())


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def member(province):
    person = province.people.member
    person.party_status, person.party_join_date = "official", date(2012, 5, 19)
    person.save()
    return person


@pytest.fixture
def draft(member, period):
    """The member's draft, started and saved through the API (version 1, no tasks)."""
    return CommitmentPlan.objects.get(
        pk=member_api_start(member, period),
    )


def member_api_start(member, period) -> int:
    from neuguong.commitments import services

    return services.start_plan(by=member.user, period=period, person=member).pk


def save(api, plan, **body):
    plan.refresh_from_db()
    return api.call("PUT", f"/plans/{plan.pk}", {"version": plan.version, **body})


def submit(api, plan):
    plan.refresh_from_db()
    return api.post(f"/plans/{plan.pk}/submit", {"version": plan.version})


# The bad inputs ---------------------------------------------------------------


def test_a_plan_with_no_key_task_is_not_submitted(draft, api_as):
    before = state()
    body = refused(submit(api_as("member"), draft), 400, code="no_task", field="tasks")
    assert body["detail"] == "Kế hoạch cần ít nhất một nhiệm vụ trọng tâm."
    assert state() == before


@pytest.mark.parametrize(
    ("change", "code", "message"),
    [
        ({"solutions": []}, "no_solution", "chưa có giải pháp cụ thể nào"),
        ({"solutions": ["   "]}, "no_solution", "chưa có giải pháp cụ thể nào"),
        ({"deadline": None}, "no_deadline", "chưa có thời hạn"),
    ],
)
def test_a_key_task_missing_a_solution_or_a_deadline_is_not_submitted(
    draft, api_as, change, code, message
):
    api = api_as("member")
    assert save(api, draft, tasks=[task(**change)]).status_code == 200
    before = state()
    body = refused(submit(api, draft), 400, code=code, field="tasks")
    assert message in body["detail"] and "Nhiệm vụ 1" in body["detail"]
    assert state() == before


@pytest.mark.parametrize("deadline", ["2027-01-01", "2025-12-31", "1900-01-01"])
def test_a_deadline_outside_the_period_is_refused(draft, api_as, deadline):
    before = state()
    body = refused(save(api_as("member"), draft, tasks=[task(deadline=deadline)]), 400)
    assert body["field"] == "tasks"
    assert "nằm ngoài kỳ Năm 2026 (01/01/2026 – 31/12/2026)" in body["detail"]
    assert state() == before


def test_a_late_plan_is_accepted_and_marked_late(draft, api_as, period):
    period.plans_registered_by = date(2026, 1, 31)
    period.save()
    api = api_as("member")
    save(api, draft, tasks=[task()])
    plan = refused(submit(api, draft), 200)
    assert plan["status"] == "submitted" and plan["is_late"] is True
    assert api_as("secretary").get("/plans", late="true").json()["count"] == 1


def test_a_late_plan_is_refused_when_the_period_says_so(draft, api_as, period):
    period.plans_registered_by = date(2026, 1, 31)
    period.refuse_late_plans = True
    period.save()
    api = api_as("member")
    save(api, draft, tasks=[task()])
    before = state()
    body = refused(submit(api, draft), 400, code="late")
    assert body["detail"] == (
        "Đã quá hạn đăng ký kế hoạch (31/01/2026); kỳ này không nhận kế hoạch nộp muộn."
    )
    assert state() == before


@pytest.mark.parametrize("route", ["approve", "return"])
def test_approving_outside_ones_scope_is_not_found(member, api_as, period, route):
    plan = make_plan(member, period, status=PlanStatus.SUBMITTED)
    sent = {"version": 1, "reason": "Chưa rõ."} if route == "return" else {"version": 1}
    before = state()
    for persona in ("outsider", "propaganda"):
        body = refused(
            api_as(persona).post(f"/plans/{plan.pk}/{route}", sent),
            404,
            code="not_found",
        )
        assert body["detail"] == "Không tìm thấy."
    assert state() == before


@pytest.mark.parametrize("route", ["approve", "return"])
def test_approving_ones_own_plan_is_forbidden(province, api_as, period, route):
    # The secretary approves the maths cell's plans, but not their own.
    plan = make_plan(province.people.secretary, period, status=PlanStatus.SUBMITTED)
    # An empty reason too: whose plan it is is answered first.
    sent = {"version": 1, "reason": " "} if route == "return" else {"version": 1}
    before = state()
    body = refused(
        api_as("secretary").post(f"/plans/{plan.pk}/{route}", sent),
        403,
        code="forbidden",
    )
    assert body["detail"] == "Bạn không thể tự phê duyệt kế hoạch của chính mình."
    assert state() == before


def test_a_reader_in_scope_may_not_approve(member, api_as, period):
    plan = make_plan(member, period, status=PlanStatus.SUBMITTED)
    before = state()
    for persona in ("supervisor", "org_officer", "inspection"):
        refused(api_as(persona).post(f"/plans/{plan.pk}/approve", {"version": 1}), 403)
    assert state() == before


def test_editing_an_approved_plan_says_how_to_amend(member, api_as, period):
    plan = make_plan(member, period, status=PlanStatus.APPROVED)
    before = state()
    body = refused(
        api_as("member").call(
            "PUT", f"/plans/{plan.pk}", {"version": 1, "sections": {"theme_study": "Mới."}}
        ),
        400,
        code="locked",
    )
    assert "đã được phê duyệt" in body["detail"]
    assert "“Điều chỉnh kế hoạch”" in body["detail"]
    refused(api_as("member").post(f"/plans/{plan.pk}/submit", {"version": 1}), 400, code="locked")
    assert state() == before


def test_two_clients_saving_one_draft_the_second_sees_a_conflict(draft, api_as, province):
    first, second = api_as("member"), api_as("member")
    mine = {"political_stance": "Bản của thẻ thứ nhất."}
    saved = refused(
        first.call(
            "PUT", f"/plans/{draft.pk}", {"version": 1, "sections": mine, "tasks": [task()]}
        ),
        200,
    )
    before = state()
    body = refused(
        second.call(
            "PUT",
            f"/plans/{draft.pk}",
            {"version": 1, "sections": {"political_stance": "Bản của thẻ thứ hai."}},
        ),
        409,
        code="conflict",
    )
    assert "Nội dung bạn nhập vẫn được giữ" in body["detail"]
    current = body["current"]
    assert current["id"] == draft.pk and current["version"] == saved["version"] == 2
    assert current["sections"]["political_stance"] == "Bản của thẻ thứ nhất."
    assert [t["title"] for t in current["tasks"]] == [task()["title"]]
    assert state() == before
    draft.refresh_from_db()
    assert draft.political_stance == "Bản của thẻ thứ nhất."


def test_a_stale_decision_is_a_conflict_with_the_current_plan(member, api_as, period):
    plan = make_plan(member, period, status=PlanStatus.SUBMITTED)
    before = state()
    body = refused(
        api_as("secretary").post(f"/plans/{plan.pk}/approve", {"version": 7}), 409, code="conflict"
    )
    assert body["current"]["status"] == "submitted"
    assert state() == before


# Evidence files -------------------------------------------------------------------------


@pytest.fixture
def approved_task(member, period):
    return make_plan(member, period, status=PlanStatus.APPROVED).tasks.first()


def docm() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<Types><Override ContentType="application/vnd.ms-word.document.macroEnabled.main+xml"'
            ' PartName="/word/document.xml"/></Types>',
        )
        archive.writestr("word/document.xml", "<w:document/>")
        archive.writestr("word/vbaProject.bin", b"\xd0\xcf\x11\xe0macro")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "bao-cao.pdf",
            b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200,
            "là một chương trình chạy được, không phải tài liệu",
        ),
        ("bao-cao.pdf", b"\x7fELF\x02\x01\x01" + b"\x00" * 200, "chương trình chạy được"),
        ("ke-hoach.docm", docm(), "chứa macro"),
        ("ke-hoach.docx", docm(), "chứa macro"),
        ("anh.png", b"<html><script>alert(1)</script></html>", "không thuộc các loại được nhận"),
        ("rong.pdf", b"", "rỗng"),
    ],
)
def test_files_are_refused_for_what_they_are(
    approved_task, api_as, tmp_path, name, content, message
):
    before = state()
    body = refused(
        upload(api_as("member"), f"/plans/tasks/{approved_task.pk}/evidence", name, content),
        400,
        code="bad_file",
        field="file",
    )
    assert message in body["detail"]
    assert state() == before
    assert stored_files(tmp_path) == []


def test_a_file_over_the_limit_is_refused(approved_task, api_as, settings, tmp_path):
    settings.EVIDENCE_MAX_BYTES = 1024
    before = state()
    body = refused(
        upload(
            api_as("member"),
            f"/plans/tasks/{approved_task.pk}/evidence",
            "lon.pdf",
            PDF + b"0" * 2048,
        ),
        400,
        code="bad_file",
    )
    assert body["detail"] == "Tệp “lon.pdf” nặng 0,0 MB; tối đa 0,0 MB."
    assert state() == before
    assert stored_files(tmp_path) == []


def test_a_50_mb_file_is_refused(approved_task, api_as, tmp_path):
    started = time.monotonic()
    before = state()
    body = refused(
        upload(
            api_as("member"),
            f"/plans/tasks/{approved_task.pk}/evidence",
            "video.pdf",
            PDF + b"0" * (50 * 1024 * 1024),
        ),
        400,
        code="bad_file",
    )
    assert body["detail"] == "Tệp “video.pdf” nặng 50,0 MB; tối đa 10,0 MB."
    assert state() == before
    assert stored_files(tmp_path) == []
    assert time.monotonic() - started < 30


def test_an_empty_multipart_or_a_json_body_is_refused(approved_task, api_as, tmp_path):
    api = api_as("member")
    path = f"{API}/plans/tasks/{approved_task.pk}/evidence"
    before = state()
    responses = [
        api.client.post(path, {}, headers=api.headers),
        api.client.post(path, {"note": "không có tệp"}, headers=api.headers),
        api.client.post(
            path,
            b"--x--\r\n",
            content_type="multipart/form-data; boundary=x",
            headers=api.headers,
        ),
        api.client.post(path, b"", content_type="multipart/form-data", headers=api.headers),
        api.post(f"/plans/tasks/{approved_task.pk}/evidence", {"file": "a.pdf"}),
    ]
    for response in responses:
        assert 400 <= response.status_code < 500, response.content
    body = refused(responses[0], 400, code="bad_file", field="file")
    assert body["detail"].startswith("Hãy chọn một tệp minh chứng")
    assert state() == before
    assert stored_files(tmp_path) == []


def test_evidence_and_tasks_outside_scope_are_not_found(approved_task, api_as, province, period):
    api = api_as("member")
    added = upload(api, f"/plans/tasks/{approved_task.pk}/evidence", "a.pdf", PDF).json()
    before = state()
    outsider = api_as("outsider")
    for response in (
        outsider.get(f"/plans/evidence/{added['id']}"),
        outsider.delete(f"/plans/evidence/{added['id']}"),
        outsider.post(
            f"/plans/tasks/{approved_task.pk}/progress", {"status": "done", "percent": 100}
        ),
        upload(outsider, f"/plans/tasks/{approved_task.pk}/evidence", "b.pdf", PDF),
    ):
        refused(response, 404, code="not_found")
    # In scope but not the writer: forbidden.
    secretary = api_as("secretary")
    refused(secretary.delete(f"/plans/evidence/{added['id']}"), 403)
    refused(upload(secretary, f"/plans/tasks/{approved_task.pk}/evidence", "b.pdf", PDF), 403)
    refused(
        secretary.post(
            f"/plans/tasks/{approved_task.pk}/progress", {"status": "done", "percent": 100}
        ),
        403,
    )
    assert state() == before


def test_progress_and_evidence_need_an_approved_plan(draft, api_as):
    api = api_as("member")
    save(api, draft, tasks=[task()])
    task_id = draft.tasks.first().pk
    before = state()
    body = refused(
        api.post(f"/plans/tasks/{task_id}/progress", {"status": "done", "percent": 100}),
        400,
        code="not_approved",
    )
    assert body["detail"] == "Chỉ cập nhật tiến độ trên kế hoạch đã được phê duyệt."
    refused(upload(api, f"/plans/tasks/{task_id}/evidence", "a.pdf", PDF), 400, code="not_approved")
    assert state() == before


# Sizes: the services' limits answer, never the database -----------------------------------

LONG = "x" * 10_000


@pytest.mark.parametrize(
    ("body", "field", "limit"),
    [
        ({"sections": {"political_stance": LONG}}, "political_stance", "5000"),
        ({"sections": {"leadership": LONG}}, "leadership", "5000"),
        ({"tasks": [task(title=LONG)]}, "tasks", "1000"),
        ({"tasks": [task(target=LONG)]}, "tasks", "1000"),
        ({"tasks": [task(product=LONG)]}, "tasks", "1000"),
        ({"tasks": [task(solutions=[LONG])]}, "tasks", "1000"),
        ({"ethics": [{"text": LONG}]}, "ethics", "1000"),
        ({"tasks": [task()] * 31}, "tasks", "30"),
        ({"tasks": [task(solutions=["Một giải pháp"] * 11)]}, "tasks", "10"),
        ({"ethics": [{"text": "Đúng giờ."}] * 41}, "ethics", None),
    ],
)
def test_long_texts_and_long_lists_get_the_services_message(draft, api_as, body, field, limit):
    before = state()
    answer = refused(save(api_as("member"), draft, **body), 400, field=field)
    if limit:
        assert f"{limit}" in answer["detail"]
    assert answer["detail"] and "IntegrityError" not in answer["detail"]
    assert state() == before


def test_long_reasons_and_notes_get_the_services_message(member, api_as, period, province):
    submitted = make_plan(member, period, status=PlanStatus.SUBMITTED)
    approved = make_plan(province.people.secretary, period, status=PlanStatus.APPROVED)
    task_id = approved.tasks.first().pk
    before = state()
    body = refused(
        api_as("unit_head").post(f"/plans/{submitted.pk}/return", {"version": 1, "reason": LONG}),
        400,
        field="reason",
    )
    assert "tối đa 2000 ký tự; đã nhập 10000 ký tự" in body["detail"]
    secretary = api_as("secretary")
    refused(secretary.post(f"/plans/{approved.pk}/amend", {"reason": LONG}), 400, field="reason")
    refused(secretary.post(f"/plans/{approved.pk}/amend", {"reason": "  "}), 400, field="reason")
    refused(
        secretary.post(
            f"/plans/tasks/{task_id}/progress", {"status": "done", "percent": 100, "note": LONG}
        ),
        400,
        field="note",
    )
    body = refused(
        secretary.post(f"/plans/tasks/{task_id}/progress", {"status": "done", "percent": 101}),
        400,
        field="percent",
    )
    assert body["detail"] == "Tỷ lệ hoàn thành là một số từ 0 đến 100."
    refused(
        api_as("unit_head").post(f"/plans/{submitted.pk}/return", {"version": 1, "reason": " "}),
        400,
        field="reason",
    )
    assert state() == before


# Starting ------------------------------------------------------------------------------


def test_start_refusals(member, draft, api_as, province, period):
    before = state()
    api = api_as("member")
    body = refused(api.post("/plans", {}), 400, code="conflict")
    assert body["detail"] == "Đã có kế hoạch kỳ này đang soạn hoặc chờ duyệt."
    # The head sees the villager's record but writes only their own plan.
    body = refused(api_as("unit_head").post("/plans", {"person": province.people.villager.pk}), 403)
    assert body["detail"] == "Mỗi người tự lập kế hoạch cá nhân của mình."
    refused(api.post("/plans", {"person": province.people.secretary.pk}), 404, field="person")
    refused(api.post("/plans", {"period": 999_999}), 404, field="period")
    refused(api.post("/plans", {"unit": province.school.pk, "person": member.pk}), 400)
    body = refused(api_as("supervisor").post("/plans", {}), 403, field="person")
    assert "chưa gắn với hồ sơ" in body["detail"]
    period.is_open = False
    period.save()
    refused(api_as("secretary").post("/plans", {}), 400, field="period")
    assert state() == before


def test_ethics_lines_cite_only_what_exists_and_is_seen(draft, api_as, province, period):
    from neuguong.standards.factories import make_code

    elsewhere = make_code(province.khu3, period)
    before = state()
    for line in (
        {"code_item": elsewhere.items.first().pk},
        {"code_item": 999_999},
        {"regulation_item": 999_999},
    ):
        body = refused(save(api_as("member"), draft, ethics=[line]), 400, field="ethics")
        assert body["detail"] == "Có nội dung được chọn không tồn tại."
    assert state() == before


# Ids, types and sizes -------------------------------------------------------------------

ROUTES_WITH_IDS = [
    ("GET", "/plans/{}", None),
    ("PUT", "/plans/{}", {"version": 1}),
    ("POST", "/plans/{}/submit", {"version": 1}),
    ("POST", "/plans/{}/approve", {"version": 1}),
    ("POST", "/plans/{}/return", {"version": 1, "reason": "Chưa rõ."}),
    ("POST", "/plans/{}/amend", {"reason": "Thay đổi công tác."}),
    ("GET", "/plans/{}/compare", None),
    ("POST", "/plans/tasks/{}/progress", {"status": "done", "percent": 100}),
    ("POST", "/plans/tasks/{}/evidence", {}),
    ("GET", "/plans/evidence/{}", None),
    ("DELETE", "/plans/evidence/{}", None),
]


@pytest.mark.parametrize(("method", "template", "body"), ROUTES_WITH_IDS)
def test_unknown_and_out_of_range_ids(member, period, api_as, method, template, body):
    make_plan(member, period, status=PlanStatus.APPROVED)
    admin = api_as("admin")
    before = state()
    for pk in (999_999, 2**63 - 1):
        response = admin.call(method, template.format(pk), body)
        assert response.status_code == 404, (pk, response.content)
        assert response.json() == {"detail": "Không tìm thấy.", "field": None, "code": "not_found"}
    for pk in (0, -1, HUGE, 10**100, "abc", "1.5", "1e3", "%00"):
        response = admin.call(method, template.format(pk), body)
        assert response.status_code in (404, 422), (pk, response.content)
    assert state() == before


@pytest.mark.parametrize(
    "change",
    [
        {"version": 0},
        {"version": HUGE},
        {"version": "2"},
        {"version": None},
        {"version": True},
        {"sections": {"unknown": "x"}},
        {"sections": ["political_stance"]},
        {"sections": {"political_stance": 5}},
        {"sections": {"political_stance": "a\x00b"}},
        {"sections": {"political_stance": "a\ud800b"}},
        {"tasks": "all"},
        {"tasks": [{"title": 5}]},
        {"tasks": [{"title": "Dạy tốt", "deadline": "9999-99-99"}]},
        {"tasks": [{"title": "Dạy tốt", "deadline": "2026-02-30"}]},
        {"tasks": [{"title": "Dạy tốt", "deadline": "15/12/2026"}]},
        {"tasks": [{"title": "Dạy tốt", "deadline": 20261215}]},
        {"tasks": [{"title": "Dạy tốt", "deadline": "2026-12-15T00:00:00"}]},
        {"tasks": [{"title": "Dạy tốt", "solutions": "Soạn bài"}]},
        {"tasks": [{"title": "Dạy tốt", "solutions": [1]}]},
        {"tasks": [{"title": "Dạy tốt", "key": "not-a-uuid"}]},
        {"tasks": [{"title": "Dạy tốt", "progress_percent": 100}]},
        {"tasks": [task()] * 1001},
        {"ethics": [{"code_item": "1"}]},
        {"ethics": [{"code_item": HUGE}]},
        {"ethics": [{"regulation_item": 0}]},
        {"ethics": {"text": "x"}},
        {"status": "approved"},
    ],
)
def test_save_rejects_malformed_fields(draft, api_as, change):
    before = state()
    response = api_as("member").call("PUT", f"/plans/{draft.pk}", {"version": 1, **change})
    assert response.status_code == 422, response.content
    assert state() == before


@pytest.mark.parametrize("payload", [[], "null", "{", "x" * 100, b"\xff\xfe", {"version": 1} | {}])
def test_save_rejects_malformed_bodies(draft, api_as, payload):
    before = state()
    response = api_as("member").call("PUT", f"/plans/{draft.pk}", payload)
    assert 200 <= response.status_code < 500, response.content
    if payload != {"version": 1}:
        assert response.status_code in (400, 422)
    # A bare version saves nothing new but the version (an autosave with no change).
    if response.status_code >= 400:
        assert state() == before


def test_two_tasks_with_one_key_are_refused(draft, api_as):
    api = api_as("member")
    saved = save(api, draft, tasks=[task()]).json()
    key = saved["tasks"][0]["key"]
    before = state()
    body = refused(
        save(api, draft, tasks=[task(key=key), task(key=key, title="Khác")]), 400, field="tasks"
    )
    assert body["detail"] == "Hai nhiệm vụ không được dùng chung một khóa."
    assert state() == before


@pytest.mark.parametrize(
    ("route", "body"),
    [
        ("submit", {}),
        ("submit", {"version": "1"}),
        ("approve", {"version": -1}),
        ("approve", {"version": 1, "extra": True}),
        ("return", {"version": 1}),
        ("return", {"version": 1, "reason": 5}),
        ("return", {"version": 1, "reason": "a\x00b"}),
        ("amend", {}),
        ("amend", {"reason": ["x"]}),
    ],
)
def test_decision_bodies_are_parsed_strictly(member, api_as, period, route, body):
    plan = make_plan(member, period, status=PlanStatus.SUBMITTED)
    before = state()
    response = api_as("secretary").post(f"/plans/{plan.pk}/{route}", body)
    assert response.status_code == 422, response.content
    assert state() == before


@pytest.mark.parametrize(
    "body",
    [
        {"status": "finished", "percent": 50},
        {"status": "done", "percent": "50"},
        {"status": "done", "percent": 50.5},
        {"status": "done", "percent": True},
        {"status": "done", "percent": HUGE},
        {"status": "done"},
        {"percent": 50},
        {"status": "done", "percent": 50, "note": "a\x00b"},
    ],
)
def test_progress_bodies_are_parsed_strictly(approved_task, api_as, body):
    before = state()
    response = api_as("member").post(f"/plans/tasks/{approved_task.pk}/progress", body)
    assert response.status_code == 422, response.content
    assert state() == before


@pytest.mark.parametrize(
    "body",
    [
        {"ids": []},
        {"ids": [HUGE]},
        {"ids": [0]},
        {"ids": ["1"]},
        {"ids": 1},
        {"ids": [1] * 501},
        {},
    ],
)
def test_bulk_approve_rejects_malformed_bodies(member, api_as, period, body):
    make_plan(member, period, status=PlanStatus.SUBMITTED)
    before = state()
    assert api_as("secretary").post("/plans/approve", body).status_code == 422
    assert state() == before


@pytest.mark.parametrize(
    "body",
    [
        {"period": HUGE},
        {"period": "1"},
        {"person": 0},
        {"unit": -1},
        {"unit": "x"},
        {"status": "approved"},
    ],
)
def test_start_rejects_malformed_bodies(member, api_as, period, body):
    before = state()
    assert api_as("member").post("/plans", body).status_code == 422
    assert state() == before


@pytest.mark.parametrize(
    "params",
    [
        {"period": HUGE},
        {"period": 0},
        {"unit": -1},
        {"person": "x"},
        {"status": "lost"},
        {"late": "perhaps"},
        {"limit": 0},
        {"limit": 201},
        {"offset": 10**30},
    ],
)
def test_plan_list_rejects_out_of_range_parameters(member, api_as, params):
    assert api_as("unit_head").get("/plans", **params).status_code == 422


def test_plan_list_for_a_unit_outside_scope_is_not_found(member, api_as, province):
    refused(api_as("secretary").get("/plans", unit=province.khu3.pk), 404, field="unit")
    assert api_as("member").get("/plans/mine", period=HUGE).status_code == 422
    assert api_as("unit_head").get("/plans/1/compare", **{"with": "x"}).status_code == 422


def test_compare_with_a_plan_outside_scope_is_not_found(member, api_as, province, period):
    mine = make_plan(member, period, status=PlanStatus.APPROVED)
    theirs = make_plan(province.people.outsider, period)
    for other in (theirs.pk, 999_999):
        body = refused(
            api_as("member").get(f"/plans/{mine.pk}/compare", **{"with": other}), 404, field="with"
        )
        assert body["detail"] == f"Không tìm thấy phiên bản #{other}."


ODD = [None, True, -1, 0, HUGE, 1.5, "", "x" * 10_000, "a\x00b", "\ud800", [], {}, [HUGE]]
BODIES = [
    ("POST", "/plans", lambda plan, task: {"period": plan.period_id}),
    ("PUT", "/plans/{plan}", lambda plan, task: {"version": 1, "sections": {}, "tasks": []}),
    ("POST", "/plans/{plan}/submit", lambda plan, task: {"version": 1}),
    ("POST", "/plans/{plan}/approve", lambda plan, task: {"version": 1}),
    ("POST", "/plans/{plan}/return", lambda plan, task: {"version": 1, "reason": "Chưa rõ."}),
    ("POST", "/plans/{plan}/amend", lambda plan, task: {"reason": "Đổi việc."}),
    ("POST", "/plans/approve", lambda plan, task: {"ids": [plan.pk]}),
    (
        "POST",
        "/plans/tasks/{task}/progress",
        lambda plan, task: {"status": "done", "percent": 100, "note": ""},
    ),
]


@pytest.mark.parametrize(("method", "template", "make"), BODIES)
def test_no_field_value_causes_a_server_error(member, api_as, period, method, template, make):
    plan = make_plan(member, period, status=PlanStatus.APPROVED)
    task_id = plan.tasks.first().pk
    path = template.format(plan=plan.pk, task=task_id)
    for persona in ("member", "secretary"):
        api = api_as(persona)
        for field in make(plan, task_id):
            for value in ODD:
                response = api.call(method, path, {**make(plan, task_id), field: value})
                assert response.status_code < 500, (persona, field, value, response.content)
