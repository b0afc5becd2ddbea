"""The commitment-plan API: each route's main path, through the personas.

The member (an official party member working at the school, in Chi bộ Tổ Toán) writes
a personal plan; it goes to the maths cell, where the secretary approves it. The head
of Hòa An sees the whole commune; the outsider (Bình Minh) sees none of it.
"""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from neuguong.api.plans import _download_name
from neuguong.commitments.factories import make_plan
from neuguong.commitments.models import (
    CommitmentPlan,
    Evidence,
    KeyTask,
    PlanStatus,
    TaskProgress,
)
from neuguong.core.models import AuditEntry
from neuguong.organisations.factories import make_person, make_user
from neuguong.regulations.models import Regulation, RegulationItem
from neuguong.standards.factories import make_code

from .helpers import API, client_for_user

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def ok(response, status=200):
    assert response.status_code == status, response.content
    return response.json()


def task(title="Dạy đủ, đúng chương trình môn Toán khối 11", **extra):
    return {
        "title": title,
        "target": "100% tiết dạy đúng kế hoạch",
        "deadline": "2026-12-15",
        "product": "Sổ báo giảng, kết quả thi học kỳ",
        "solutions": ["Soạn giáo án trước một tuần", "Dự giờ đồng nghiệp mỗi tháng"],
        **extra,
    }


def upload(api, path, name, content, content_type="application/pdf"):
    file = SimpleUploadedFile(name, content, content_type=content_type)
    return api.client.post(API + path, {"file": file}, headers=api.headers)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def member(province):
    # An official party member with a join date: the plan goes to the maths cell.
    person = province.people.member
    person.party_status, person.party_join_date = "official", date(2012, 5, 19)
    person.save()
    return person


@pytest.fixture
def written(member, period, api_as):
    """The member's plan, written and saved once (version 2)."""
    api = api_as("member")
    plan = ok(api.post("/plans", {}), 201)
    sections = {"political_stance": "Kiên định lập trường, chấp hành nghiêm đường lối."}
    return ok(
        api.call(
            "PUT",
            f"/plans/{plan['id']}",
            {"version": 1, "sections": sections, "tasks": [task()]},
        )
    )


def test_a_member_starts_their_own_plan_in_their_party_cell(member, period, api_as, province):
    plan = ok(api_as("member").post("/plans", {}), 201)
    assert plan["person"]["id"] == member.pk
    assert plan["unit"]["id"] == province.maths.pk
    assert plan["workplace"]["id"] == province.school.pk
    assert plan["period"]["id"] == period.pk
    assert (plan["status"], plan["version"], plan["number"]) == ("draft", 1, 1)
    assert plan["may_edit"] and not plan["may_approve"]
    assert set(plan["sections"]) >= {"political_stance", "theme_study", "leadership"}
    assert plan["copy_flags"] is None


def test_saving_the_whole_draft_writes_sections_ethics_and_tasks(member, period, api_as, province):
    regulation = Regulation.objects.create(
        symbol="144-QĐ/TW", kind="quy_dinh", issuing_body="Bộ Chính trị", title="Chuẩn mực"
    )
    standard = RegulationItem.objects.create(
        regulation=regulation, number="Chuẩn mực 1", title="Trung thành với Đảng", order=1
    )
    code = make_code(province.school, period)
    code_item = code.items.first()
    api = api_as("member")
    plan = ok(api.post("/plans", {"period": period.pk}), 201)
    body = {
        "version": 1,
        "sections": {
            "political_stance": "Tuyệt đối trung thành.",
            "theme_study": "Học và làm theo Bác qua việc dạy tốt.",
        },
        "ethics": [
            {"regulation_item": standard.pk},
            {"code_item": code_item.pk},
            {"text": "Không dùng điện thoại trong giờ dạy."},
        ],
        "tasks": [task(), task("Bồi dưỡng học sinh giỏi", deadline="2026-04-30")],
    }
    saved = ok(api.call("PUT", f"/plans/{plan['id']}", body))
    assert saved["version"] == 2
    assert saved["sections"]["theme_study"] == "Học và làm theo Bác qua việc dạy tốt."
    assert [e["text"] for e in saved["ethics"]] == [
        "Trung thành với Đảng",
        code_item.text,
        "Không dùng điện thoại trong giờ dạy.",
    ]
    first, _second = saved["tasks"]
    assert first["title"].startswith("Dạy đủ") and first["deadline"] == "2026-12-15"
    assert first["solutions"] == ["Soạn giáo án trước một tuần", "Dự giờ đồng nghiệp mỗi tháng"]
    assert first["progress_status"] == "not_started" and first["key"]
    # Autosave again, keeping the first task's key: the key survives.
    body = {"version": 2, "tasks": [{**task("Dạy đủ chương trình"), "key": first["key"]}]}
    again = ok(api.call("PUT", f"/plans/{plan['id']}", body))
    assert [t["key"] for t in again["tasks"]] == [first["key"]]
    assert again["sections"]["theme_study"].startswith("Học và làm theo Bác")
    assert len(again["ethics"]) == 3


def test_submit_then_the_cell_secretary_approves(written, api_as, province):
    member, secretary = api_as("member"), api_as("secretary")
    plan = ok(member.post(f"/plans/{written['id']}/submit", {"version": 2}))
    assert plan["status"] == "submitted" and plan["is_late"] is False
    waiting = ok(secretary.get("/plans", status="submitted"))
    assert [p["id"] for p in waiting["items"]] == [written["id"]]
    detail = ok(secretary.get(f"/plans/{written['id']}"))
    assert detail["may_approve"] and not detail["may_edit"] and detail["copy_flags"] == []
    approved = ok(secretary.post(f"/plans/{written['id']}/approve", {"version": 3}))
    assert approved["status"] == "approved" and approved["decided_at"]
    mine = ok(member.get("/plans/mine"))
    assert [(p["id"], p["status"]) for p in mine] == [(written["id"], "approved")]
    actions = AuditEntry.objects.filter(object_id=str(written["id"])).values_list(
        "action", flat=True
    )
    assert {"plan.start", "plan.save", "plan.submit", "plan.approve"} <= set(actions)


def test_the_secretary_returns_with_a_reason_and_the_member_fixes_it(written, api_as):
    member, secretary = api_as("member"), api_as("secretary")
    ok(member.post(f"/plans/{written['id']}/submit", {"version": 2}))
    reason = "Nhiệm vụ 1 cần chỉ tiêu đo được."
    returned = ok(
        secretary.post(f"/plans/{written['id']}/return", {"version": 3, "reason": reason})
    )
    assert returned["status"] == "returned" and returned["return_reason"] == reason
    fixed = ok(
        member.call(
            "PUT", f"/plans/{written['id']}", {"version": 4, "tasks": [task(target="Đạt 95%")]}
        )
    )
    assert fixed["status"] == "draft"
    assert ok(member.post(f"/plans/{written['id']}/submit", {"version": 5}))["status"] == (
        "submitted"
    )


def test_the_unit_head_sees_the_commune_and_the_outsider_nothing(written, api_as, province, period):
    villager = make_plan(province.people.villager, period, status=PlanStatus.SUBMITTED)
    head = api_as("unit_head")
    listed = ok(head.get("/plans"))
    assert {p["id"] for p in listed["items"]} == {written["id"], villager.pk}
    school = ok(head.get("/plans", unit=province.school.pk))
    assert [p["id"] for p in school["items"]] == [written["id"]]
    assert ok(head.get(f"/plans/{written['id']}"))["may_approve"]
    outsider = api_as("outsider")
    assert ok(outsider.get("/plans"))["count"] == 0
    assert outsider.get(f"/plans/{written['id']}").status_code == 404
    assert ok(api_as("secretary").get("/plans"))["count"] == 1


def test_the_list_filters_by_period_person_status_and_lateness(member, api_as, province, period):
    late = make_plan(member, period, status=PlanStatus.SUBMITTED)
    late.is_late = True
    late.save()
    other = make_plan(province.people.secretary, period, status=PlanStatus.DRAFT)
    head = api_as("unit_head")
    assert [p["id"] for p in ok(head.get("/plans", late="true"))["items"]] == [late.pk]
    assert [p["id"] for p in ok(head.get("/plans", person=other.person_id))["items"]] == [other.pk]
    assert ok(head.get("/plans", period=period.pk))["count"] == 2
    assert ok(head.get("/plans", period=period.pk + 1))["count"] == 0
    assert ok(head.get("/plans", status="approved"))["count"] == 0
    page = ok(head.get("/plans", limit=1, offset=1))
    assert page["count"] == 2 and len(page["items"]) == 1


def test_the_plan_list_takes_a_fixed_number_of_queries(
    api_as, province, period, django_assert_max_num_queries
):
    for n in range(12):
        make_plan(
            make_person(f"Giáo viên {n}", workplace=province.school, party_cell=province.maths),
            period,
        )
    head = api_as("unit_head")
    head.get("/plans")  # the token's first use writes its last-used time
    with django_assert_max_num_queries(8):
        body = ok(head.get("/plans"))
    assert body["count"] == 12


def test_plan_detail_takes_a_fixed_number_of_queries(
    member, api_as, period, django_assert_max_num_queries
):
    plan = make_plan(
        member, period, status=PlanStatus.APPROVED, tasks=[f"Việc {n}" for n in range(8)]
    )
    for t in plan.tasks.all():
        TaskProgress.objects.create(task=t, status="in_progress", percent=10)
    secretary = api_as("secretary")
    secretary.get(f"/plans/{plan.pk}")
    with django_assert_max_num_queries(20):
        body = ok(secretary.get(f"/plans/{plan.pk}"))
    assert len(body["tasks"]) == 8 and body["tasks"][0]["progress"][0]["percent"] == 10


def test_progress_and_evidence_on_an_approved_plan(member, api_as, period, settings):
    plan = make_plan(member, period, status=PlanStatus.APPROVED)
    task_id = plan.tasks.first().pk
    api = api_as("member")
    reported = ok(
        api.post(
            f"/plans/tasks/{task_id}/progress",
            {"status": "in_progress", "percent": 40, "note": "Xong học kỳ I."},
        )
    )
    assert (reported["progress_status"], reported["progress_percent"]) == ("in_progress", 40)
    assert reported["progress"][0]["note"] == "Xong học kỳ I."

    added = ok(upload(api, f"/plans/tasks/{task_id}/evidence", "Báo cáo học kỳ I.pdf", PDF), 201)
    assert (added["kind"], added["size"], added["task"]) == ("pdf", len(PDF), task_id)
    evidence = Evidence.objects.get(pk=added["id"])
    assert evidence.file.storage.exists(evidence.file.name)

    # Whoever may view the plan downloads the file, as an attachment of its real kind.
    response = api_as("secretary").get(f"/plans/evidence/{added['id']}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    assert (
        "B%C3%A1o%20c%C3%A1o%20h%E1%BB%8Dc%20k%E1%BB%B3%20I.pdf" in response["Content-Disposition"]
    )
    assert response.content == PDF
    assert api_as("outsider").get(f"/plans/evidence/{added['id']}").status_code == 404
    assert api_as("secretary").delete(f"/plans/evidence/{added['id']}").status_code == 403

    detail = ok(api.get(f"/plans/{plan.pk}"))
    assert [e["name"] for e in detail["tasks"][0]["evidence"]] == ["Báo cáo học kỳ I.pdf"]
    assert api.delete(f"/plans/evidence/{added['id']}").status_code == 204
    assert not Evidence.objects.exists()
    assert not evidence.file.storage.exists(evidence.file.name)


def test_a_download_name_cannot_break_the_header():
    evidence = Evidence(name='a";b\\c:d\r\n.exe', kind="pdf")
    assert _download_name(evidence) == "a__b_c_d.pdf"
    assert _download_name(Evidence(name="...", kind="png")) == "minh-chung.png"


def test_an_office_document_is_accepted(member, api_as, period):
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    plan = make_plan(member, period, status=PlanStatus.APPROVED)
    added = ok(
        upload(
            api_as("member"),
            f"/plans/tasks/{plan.tasks.first().pk}/evidence",
            "ke-hoach.docx",
            buffer.getvalue(),
        ),
        201,
    )
    response = api_as("member").get(f"/plans/evidence/{added['id']}")
    assert response["Content-Type"].endswith("wordprocessingml.document")


def test_amend_an_approved_plan_then_compare_and_approve_again(member, api_as, period):
    plan = make_plan(member, period, status=PlanStatus.APPROVED, tasks=["Dạy tốt", "Học tốt"])
    old_keys = [str(t.key) for t in plan.tasks.all()]
    api, secretary = api_as("member"), api_as("secretary")
    new = ok(api.post(f"/plans/{plan.pk}/amend", {"reason": "Được giao chủ nhiệm lớp 11A."}), 201)
    assert (new["number"], new["amends"]["id"], new["status"]) == (2, plan.pk, "draft")
    assert [t["key"] for t in new["tasks"]] == old_keys
    tasks = [
        {**task("Dạy tốt, chủ nhiệm tốt lớp 11A"), "key": old_keys[0]},
        task("Tổ chức hoạt động ngoại khóa"),
    ]
    ok(api.call("PUT", f"/plans/{new['id']}", {"version": 1, "tasks": tasks}))
    compared = ok(api.get(f"/plans/{new['id']}/compare"))
    assert compared["old"]["id"] == plan.pk and compared["new"]["id"] == new["id"]
    changes = {row["key"]: row["change"] for row in compared["tasks"]}
    assert changes[old_keys[0]] == "changed" and changes[old_keys[1]] == "removed"
    assert sorted(changes.values()) == ["added", "changed", "removed"]
    assert {s["change"] for s in compared["sections"]} == {"same"}
    explicit = ok(api.get(f"/plans/{plan.pk}/compare", **{"with": new["id"]}))
    assert explicit["old"]["id"] == new["id"]

    ok(api.post(f"/plans/{new['id']}/submit", {"version": 2}))
    approved = ok(secretary.post(f"/plans/{new['id']}/approve", {"version": 3}))
    assert approved["status"] == "approved" and approved["is_late"] is False
    assert CommitmentPlan.objects.get(pk=plan.pk).status == PlanStatus.SUPERSEDED
    versions = ok(api.get("/plans/mine", period=period.pk))
    assert [(p["number"], p["status"]) for p in versions] == [(2, "approved"), (1, "superseded")]


def test_approve_many_reports_each_id(member, api_as, province, period):
    theirs = make_plan(member, period, status=PlanStatus.SUBMITTED)
    mine = make_plan(province.people.secretary, period, status=PlanStatus.SUBMITTED)
    draft = make_plan(
        make_person("Giáo viên Lý", workplace=province.school, party_cell=province.maths), period
    )
    elsewhere = make_plan(province.people.outsider, period, status=PlanStatus.SUBMITTED)
    body = {"ids": [theirs.pk, mine.pk, draft.pk, elsewhere.pk, 999_999, theirs.pk]}
    results = ok(api_as("secretary").post("/plans/approve", body))["results"]
    assert [(r["id"], r["approved"], r["status"]) for r in results] == [
        (theirs.pk, True, "approved"),
        (mine.pk, False, "submitted"),
        (draft.pk, False, "draft"),
        (elsewhere.pk, False, None),
        (999_999, False, None),
    ]
    assert results[1]["detail"] == "Bạn không thể tự phê duyệt kế hoạch của chính mình."
    assert "Đang soạn" in results[2]["detail"]
    # Out of scope and unknown read the same: nothing about the other plan leaks.
    assert results[3]["detail"] == results[4]["detail"] == "Không tìm thấy."
    assert CommitmentPlan.objects.get(pk=elsewhere.pk).status == PlanStatus.SUBMITTED
    assert api_as("member").post("/plans/approve", body).status_code == 403


def test_a_unit_head_starts_a_collective_plan(api_as, province, period):
    plan = ok(api_as("unit_head").post("/plans", {"unit": province.school.pk}), 201)
    assert plan["is_collective"] and plan["person"] is None
    assert plan["unit"]["id"] == province.school.pk
    refused = api_as("secretary").post("/plans", {"unit": province.school.pk})
    assert refused.status_code == 403
    assert api_as("outsider").post("/plans", {"unit": province.school.pk}).status_code == 404


def test_copy_flags_show_to_the_approver_not_to_the_writer(member, api_as, province, period):
    text = "Hoàn thành một trăm phần trăm chương trình giảng dạy môn Toán khối mười một đúng hạn"
    colleague_user = make_user("colleague")
    make_person(
        "Ngô Văn Khoa", workplace=province.school, party_cell=province.maths, user=colleague_user
    )
    for user in (client_for_user(colleague_user), api_as("member")):
        plan = ok(user.post("/plans", {}), 201)
        ok(user.call("PUT", f"/plans/{plan['id']}", {"version": 1, "tasks": [task(text)]}))
        ok(user.post(f"/plans/{plan['id']}/submit", {"version": 2}))
    seen = ok(api_as("secretary").get(f"/plans/{plan['id']}"))
    (flag,) = seen["copy_flags"]
    assert flag["source"] == "same_unit" and flag["similarity"] >= 0.6
    assert flag["task"]["title"] == flag["other"]["title"] == text
    assert flag["other_person"] == "Ngô Văn Khoa"
    assert ok(api_as("member").get(f"/plans/{plan['id']}"))["copy_flags"] is None
    assert ok(api_as("org_officer").get(f"/plans/{plan['id']}"))["copy_flags"] == seen["copy_flags"]
    assert KeyTask.objects.count() == 2
