"""Discipline, findings and pending matters through the review API.

Inspection keeps discipline records and findings; the organisation officer (and
inspection) add and settle pending matters; whoever reads reviews reads them, within
their scope. Each bears on the rating, as the checks show.
"""

from datetime import date
from decimal import Decimal

from neuguong.core.models import AuditEntry
from neuguong.organisations.factories import make_person
from neuguong.reviews.factories import make_review
from neuguong.reviews.models import Discipline, Finding, PendingMatter


def ok(response, status=200):
    assert response.status_code == status, response.content
    return response.json()


RECORD = {
    "kind": "warning",
    "decided_on": "2026-05-04",
    "authority": "Ủy ban Kiểm tra Đảng ủy xã",
    "decision_number": "12-QĐ/UBKT",
    "reason": "Chậm kê khai tài sản.",
}


def test_inspection_keeps_discipline_and_the_checks_follow(province, period, api_as):
    member = province.people.member
    for i in range(5):
        person = make_person(f"Giáo viên {i}", workplace=province.school, party_cell=province.maths)
        make_review(person, period, decided=2, score=Decimal(85))
    review = make_review(member, period, proposed=2, score=Decimal(85))
    inspection, head = api_as("inspection"), api_as("unit_head")
    record = ok(inspection.post("/reviews/discipline", {"person_id": member.pk, **RECORD}), 201)
    assert record["person"]["id"] == member.pk and record["unit"] is None
    assert (record["kind"], record["kind_display"]) == ("warning", "Cảnh cáo")
    assert record["decision_number"] == "12-QĐ/UBKT" and not record["self_detected_fixed"]
    checks = ok(head.get(f"/reviews/{review.pk}/checks", level="HTT"))
    assert not checks["allowed"] and checks["best_allowed"] == "KHTNV"
    # Found and fixed by the person: no longer a reason for KHTNV.
    body = {**RECORD, "self_detected_fixed": True}
    updated = ok(inspection.call("PUT", f"/reviews/discipline/{record['id']}", body))
    assert updated["self_detected_fixed"]
    assert ok(head.get(f"/reviews/{review.pk}/checks", level="HTT"))["allowed"]
    assert ok(head.get(f"/reviews/discipline/{record['id']}"))["id"] == record["id"]
    assert inspection.delete(f"/reviews/discipline/{record['id']}").status_code == 204
    assert not Discipline.objects.exists()
    actions = list(
        AuditEntry.objects.filter(action__startswith="discipline.")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == ["discipline.record", "discipline.update", "discipline.delete"]


def test_discipline_lists_filter_within_the_readers_scope(province, period, api_as):
    member, neighbour = province.people.member, province.people.neighbour
    mine = Discipline.objects.create(
        person=member, kind="warning", decided_on=date(2026, 5, 4), authority="UBKT"
    )
    cell = Discipline.objects.create(
        unit=province.dong, kind="reprimand", decided_on=date(2025, 6, 1), authority="Tỉnh ủy"
    )
    theirs = Discipline.objects.create(
        person=neighbour, kind="reprimand", decided_on=date(2026, 2, 1), authority="UBKT"
    )
    ids = lambda page: [r["id"] for r in page["items"]]  # noqa: E731
    inspection = api_as("inspection")
    assert ids(ok(inspection.get("/reviews/discipline"))) == [mine.pk, theirs.pk, cell.pk]
    assert ids(ok(inspection.get("/reviews/discipline", period=period.pk))) == [
        mine.pk,
        theirs.pk,
    ]
    assert ids(ok(inspection.get("/reviews/discipline", unit=province.hoa_an.pk))) == [
        mine.pk,
        cell.pk,
    ]
    assert ids(ok(inspection.get("/reviews/discipline", person=neighbour.pk))) == [theirs.pk]
    assert ids(ok(api_as("unit_head").get("/reviews/discipline"))) == [mine.pk, cell.pk]
    assert ids(ok(api_as("secretary").get("/reviews/discipline"))) == [mine.pk]
    assert ids(ok(api_as("outsider").get("/reviews/discipline"))) == [theirs.pk]
    refused = api_as("member").get("/reviews/discipline")
    assert refused.status_code == 403
    assert refused.json()["detail"] == "Bạn không có quyền xem các hồ sơ này."


def test_findings_of_a_person_and_of_an_organisation(province, period, api_as):
    inspection = api_as("inspection")
    about_person = ok(
        inspection.post(
            "/reviews/findings",
            {
                "person_id": province.people.member.pk,
                "kind": "degradation",
                "concluded_on": "2026-04-01",
                "authority": "Ủy ban Kiểm tra Tỉnh ủy",
                "note": "Biểu hiện “tự diễn biến”.",
            },
        ),
        201,
    )
    about_cell = ok(
        inspection.post(
            "/reviews/findings",
            {
                "unit_id": province.dong.pk,
                "kind": "disunity",
                "concluded_on": "2026-04-02",
                "authority": "Đảng ủy xã Hòa An",
            },
        ),
        201,
    )
    assert about_person["kind_display"].startswith("Kết luận suy thoái")
    assert about_cell["unit"]["id"] == province.dong.pk and about_cell["person"] is None
    listed = ok(api_as("unit_head").get("/reviews/findings"))
    assert [f["id"] for f in listed["items"]] == [about_cell["id"], about_person["id"]]
    review = make_review(province.people.member, period, proposed=2, score=Decimal(85))
    checks = ok(api_as("unit_head").get(f"/reviews/{review.pk}/checks", level="HTNV"))
    finding = next(c for c in checks["checks"] if c["code"] == "disqualifier.finding")
    assert not finding["ok"] and finding["best"] == "KHTNV"
    assert inspection.delete(f"/reviews/findings/{about_person['id']}").status_code == 204
    assert list(Finding.objects.values_list("pk", flat=True)) == [about_cell["id"]]


def test_pending_matters_open_first_and_settled_once(province, period, api_as):
    officer = api_as("org_officer")
    member = province.people.member
    first = ok(officer.post("/reviews/pending", {"person_id": member.pk, "title": "Đơn 1"}), 201)
    second = ok(
        officer.post(
            "/reviews/pending",
            {"person_id": member.pk, "period_id": period.pk, "title": "Đơn 2", "detail": "Chi"},
        ),
        201,
    )
    assert second["source"] == "manual" and second["detail"] == "Chi"
    settled = ok(officer.post(f"/reviews/pending/{first['id']}/settle", {"settlement": "Xong."}))
    assert not settled["is_open"] and settled["settled_at"]
    listed = ok(api_as("secretary").get("/reviews/pending"))
    assert [m["id"] for m in listed["items"]] == [second["id"], first["id"]]
    open_only = ok(officer.get("/reviews/pending", open="true", person=member.pk))
    assert [m["id"] for m in open_only["items"]] == [second["id"]]
    again = officer.post(f"/reviews/pending/{first['id']}/settle", {"settlement": "Lại."})
    assert again.status_code == 400
    assert again.json()["detail"] == "Vấn đề này đã được giải quyết."
    assert PendingMatter.objects.get(pk=first["id"]).settlement == "Xong."
    assert ok(api_as("outsider").get("/reviews/pending"))["count"] == 0
