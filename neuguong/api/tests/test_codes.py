"""The ethics-code API: each route's main path, through the personas.

Hòa An's head writes Hòa An's code and the propaganda officer (on the root) approves
it; the maths cell's secretary writes the cell's code and Hòa An's head approves it;
the member (school, maths cell) acknowledges.
"""

import pytest

from neuguong.core.access import Role
from neuguong.core.models import AuditEntry
from neuguong.organisations.factories import give_role, make_person, make_unit, make_user
from neuguong.regulations.models import Regulation, RegulationItem
from neuguong.standards.factories import make_code
from neuguong.standards.models import (
    Acknowledgement,
    CodeEvaluation,
    CodeStatus,
    EthicsCode,
    ExemplaryCode,
)

from .helpers import client_for_user

FIVE = [
    {"relationship": 1, "text": "Chấp hành nghiêm Cương lĩnh, Điều lệ Đảng."},
    {"relationship": 2, "text": "Đến cơ quan đúng giờ, không làm việc riêng trong giờ."},
    {"relationship": 3, "text": "Góp ý thẳng thắn trong cuộc họp, không nói sau lưng."},
    {"relationship": 4, "text": "Hoàn thành việc được giao đúng hạn, không đùn đẩy."},
    {"relationship": 5, "text": "Không uống rượu, bia trong ngày làm việc."},
]


def ok(response, status=200):
    assert response.status_code == status, response.content
    return response.json()


def actions(code_id) -> list[str]:
    return list(
        AuditEntry.objects.filter(object_type="standards.ethicscode", object_id=str(code_id))
        .order_by("pk")
        .values_list("action", flat=True)
    )


@pytest.fixture
def qd144(db):
    regulation = Regulation.objects.create(
        symbol="144-QĐ/TW",
        kind="quy_dinh",
        issuing_body="Bộ Chính trị",
        title="Chuẩn mực đạo đức cách mạng của cán bộ, đảng viên",
    )
    return [
        RegulationItem.objects.create(
            regulation=regulation, number=f"Chuẩn mực {n}", title=title, order=n
        )
        for n, title in [(1, "Trung thành"), (2, "Gương mẫu")]
    ]


# Reading --------------------------------------------------------------------------


def test_list_holds_only_codes_of_units_the_caller_sees(province, period, api_as):
    school = make_code(province.school, period)
    maths = make_code(province.maths, period, status=CodeStatus.DRAFT)
    khu3 = make_code(province.khu3, period)
    member = ok(api_as("member").get("/codes"))
    assert {c["id"] for c in member["items"]} == {school.pk, maths.pk}
    assert member["count"] == 2
    outsider = ok(api_as("outsider").get("/codes"))
    assert [c["id"] for c in outsider["items"]] == [khu3.pk]
    propaganda = api_as("propaganda")
    assert ok(propaganda.get("/codes"))["count"] == 3
    only = ok(propaganda.get("/codes", unit=province.maths.pk, status="draft"))
    assert [c["id"] for c in only["items"]] == [maths.pk]
    assert ok(propaganda.get("/codes", status="published", limit=1, offset=1))["count"] == 2
    assert ok(propaganda.get("/codes", period=period.pk + 1))["count"] == 0


def test_list_filtered_by_a_unit_outside_scope_is_not_found(province, period, api_as):
    make_code(province.khu3, period)
    body = ok(api_as("member").get("/codes", unit=province.khu3.pk), 404)
    assert body["field"] == "unit" and body["code"] == "not_found"


def test_detail_shows_items_groups_citations_and_hints_to_authors(province, period, api_as, qd144):
    code = make_code(province.hoa_an, period, status=CodeStatus.DRAFT, items={1: "Trung thành"})
    code.items.get().citations.set(qd144)
    body = ok(api_as("unit_head").get(f"/codes/{code.pk}"))
    assert body["status"] == "draft" and body["unit"]["name"] == "Đảng ủy xã Hòa An"
    (item,) = body["items"]
    assert item["relationship"] == 1
    assert [c["label"] for c in item["citations"]] == [
        "144-QĐ/TW, Chuẩn mực 1",
        "144-QĐ/TW, Chuẩn mực 2",
    ]
    assert [g["items"] for g in body["groups"]] == [1, 0, 0, 0, 0]
    assert any("quá ngắn" in h for h in body["hints"])
    assert any("Đối với bản thân" in h for h in body["hints"])
    assert body["acknowledged"] is False
    # The propaganda officer approves Hòa An's code: hints too. An org officer: none.
    assert ok(api_as("propaganda").get(f"/codes/{code.pk}"))["hints"]
    assert ok(api_as("org_officer").get(f"/codes/{code.pk}"))["hints"] is None


def test_detail_costs_a_fixed_number_of_queries(
    province, period, api_as, qd144, django_assert_max_num_queries
):
    code = make_code(province.school, period)
    for item in code.items.all():
        item.citations.set(qd144)
    api = api_as("unit_head")
    with django_assert_max_num_queries(14):
        ok(api.get(f"/codes/{code.pk}"))


def test_list_costs_the_same_whatever_the_number_of_codes(
    province, period, api_as, django_assert_max_num_queries
):
    for i in range(20):
        make_code(make_unit(f"Chi bộ {i}", parent=province.hoa_an), period)
    api = api_as("unit_head")
    with django_assert_max_num_queries(10):
        assert ok(api.get("/codes", limit=200))["count"] == 20


# Hòa An's code: the unit head writes, the propaganda officer approves -----------------


def test_unit_head_builds_submits_and_publishes_and_propaganda_approves(
    province, period, api_as, qd144
):
    head, propaganda = api_as("unit_head"), api_as("propaganda")
    body = ok(head.post("/codes", {"unit": province.hoa_an.pk}), 201)
    code_id = body["id"]
    assert (body["number"], body["status"], body["source"]) == (1, "draft", "blank")
    assert body["period"]["id"] == period.pk

    items = [dict(i, citations=[qd144[0].pk]) for i in FIVE[:4]]
    body = ok(
        head.call(
            "PUT",
            f"/codes/{code_id}/items",
            {"version": 1, "items": items, "not_applicable": {"5": "Đã có ở nội quy."}},
        )
    )
    assert [i["relationship"] for i in body["items"]] == [1, 2, 3, 4]
    assert body["not_applicable"] == {"5": "Đã có ở nội quy."}
    assert body["items"][0]["citations"][0]["id"] == qd144[0].pk

    body = ok(head.post(f"/codes/{code_id}/items", {"version": 2, **FIVE[4]}), 201)
    assert len(body["items"]) == 5 and body["version"] == 3
    fifth = next(i for i in body["items"] if i["relationship"] == 5)
    body = ok(
        head.patch(
            f"/codes/{code_id}/items/{fifth['id']}",
            {"version": 3, "text": "Không uống rượu, bia trước và trong giờ làm việc."},
        )
    )
    assert "trước và trong giờ" in next(i for i in body["items"] if i["id"] == fifth["id"])["text"]
    extra = ok(head.post(f"/codes/{code_id}/items", {"version": 4, **FIVE[0]}), 201)
    extra_id = max(i["id"] for i in extra["items"])
    body = ok(head.call("DELETE", f"/codes/{code_id}/items/{extra_id}?version=5"))
    assert len(body["items"]) == 5

    body = ok(head.post(f"/codes/{code_id}/submit", {"version": 6}))
    assert body["status"] == "submitted"
    body = ok(propaganda.post(f"/codes/{code_id}/approve", {"version": 7}))
    assert body["status"] == "approved"
    body = ok(
        head.post(f"/codes/{code_id}/publish", {"version": 8, "effective_from": "2026-03-01"})
    )
    assert (body["status"], body["effective_from"]) == ("published", "2026-03-01")
    assert actions(code_id) == [
        "code.start",
        "code.replace",
        "code.item_add",
        "code.item_update",
        "code.item_add",
        "code.item_delete",
        "code.submit",
        "code.approve",
        "code.publish",
    ]


def test_the_approver_returns_a_version_with_a_reason(province, period, api_as):
    code = make_code(province.hoa_an, period, status=CodeStatus.SUBMITTED)
    body = ok(
        api_as("propaganda").post(
            f"/codes/{code.pk}/return", {"version": 1, "reason": "Nhóm 3 còn chung chung."}
        )
    )
    assert (body["status"], body["return_reason"]) == ("returned", "Nhóm 3 còn chung chung.")
    assert actions(code.pk) == ["code.return"]


# The school's and the maths cell's codes: Hòa An's head approves ---------------------


def test_unit_head_approves_the_schools_code(province, period, api_as):
    school_secretary = make_user("school_secretary")
    give_role(school_secretary, Role.SECRETARY, province.school)
    writer = client_for_user(school_secretary)
    code_id = ok(writer.post("/codes", {"unit": province.school.pk}), 201)["id"]
    ok(writer.call("PUT", f"/codes/{code_id}/items", {"version": 1, "items": FIVE}))
    ok(writer.post(f"/codes/{code_id}/submit", {"version": 2}))
    body = ok(api_as("unit_head").post(f"/codes/{code_id}/approve", {"version": 3}))
    assert body["status"] == "approved"
    assert EthicsCode.objects.get(pk=code_id).decided_by == province.users["unit_head"]


def test_secretary_writes_the_maths_cell_code_and_unit_head_approves(province, period, api_as):
    secretary = api_as("secretary")
    code_id = ok(secretary.post("/codes", {"unit": province.maths.pk}), 201)["id"]
    ok(secretary.call("PUT", f"/codes/{code_id}/items", {"version": 1, "items": FIVE}))
    body = ok(secretary.get(f"/codes/{code_id}"))
    assert body["hints"] is not None and body["version"] == 2
    ok(secretary.post(f"/codes/{code_id}/submit", {"version": 2}))
    # The secretary's scope starts at the cell: approving its own code is not theirs.
    refused = ok(secretary.post(f"/codes/{code_id}/approve", {"version": 3}), 403)
    assert "chính đơn vị, chi bộ mình" in refused["detail"]
    ok(api_as("unit_head").post(f"/codes/{code_id}/approve", {"version": 3}))
    body = ok(
        secretary.post(f"/codes/{code_id}/publish", {"version": 4, "effective_from": "2026-02-15"})
    )
    assert body["status"] == "published"


# Acknowledgement ---------------------------------------------------------------------


def test_member_acknowledges_and_the_head_sees_who_has_not(province, period, api_as):
    code = make_code(province.maths, period)
    member = api_as("member")
    body = ok(member.post(f"/codes/{code.pk}/acknowledge"))
    assert body["acknowledged"] is True and body["acknowledged_at"]
    ok(member.post(f"/codes/{code.pk}/acknowledge"))  # twice is once
    assert Acknowledgement.objects.filter(code=code).count() == 1
    assert ok(member.get(f"/codes/{code.pk}"))["acknowledged"] is True

    secretary = api_as("secretary")
    done = ok(secretary.get(f"/codes/{code.pk}/acknowledgements", state="done"))
    assert [r["person"]["full_name"] for r in done["items"]] == ["Nguyễn Văn An"]
    assert done["items"][0]["acknowledged_at"]
    missing = ok(secretary.get(f"/codes/{code.pk}/acknowledgements", state="missing"))
    assert [r["person"]["full_name"] for r in missing["items"]] == ["Trần Thị Bình"]
    everyone = ok(secretary.get(f"/codes/{code.pk}/acknowledgements"))
    assert everyone["count"] == 2
    assert ok(member.get(f"/codes/{code.pk}/acknowledgements"), 403)["code"] == "forbidden"


def test_acknowledgement_list_is_paginated_in_sql(
    province, period, api_as, django_assert_max_num_queries
):
    code = make_code(province.dong, period)
    for i in range(30):
        make_person(f"Người Thôn {i:02d}", workplace=province.hoa_an, party_cell=province.dong)
    api = api_as("unit_head")
    with django_assert_max_num_queries(12):
        body = ok(api.get(f"/codes/{code.pk}/acknowledgements", state="missing", limit=5))
    assert body["count"] == 32 and len(body["items"]) == 5


# Comparing, exemplary codes -----------------------------------------------------------


def test_compare_pairs_items_across_versions(province, period, api_as):
    make_code(province.hoa_an, period)
    head = api_as("unit_head")
    body = ok(head.post("/codes", {"unit": province.hoa_an.pk, "source": "previous"}), 201)
    new_id = body["id"]
    items = [
        {"key": i["key"], "relationship": i["relationship"], "text": i["text"]}
        for i in body["items"]
    ]
    items[0]["text"] = "Chấp hành nghiêm chủ trương, không phát ngôn tùy tiện."
    del items[1]
    items.append({"relationship": 5, "text": "Đọc sách ít nhất một cuốn mỗi tháng."})
    ok(head.call("PUT", f"/codes/{new_id}/items", {"version": 1, "items": items}))
    body = ok(head.get(f"/codes/{new_id}/compare"))
    assert body["old"]["number"] == 1 and body["new"]["number"] == 2
    changes = sorted((r["relationship"], r["change"]) for r in body["rows"])
    assert changes == [
        (1, "changed"),
        (2, "removed"),
        (3, "same"),
        (4, "same"),
        (5, "added"),
        (5, "same"),
    ]
    first = ok(head.get(f"/codes/{new_id}/compare", **{"with": new_id}))
    assert all(r["change"] == "same" for r in first["rows"])


def test_exemplary_codes_are_marked_listed_by_sector_and_used_as_a_start(province, period, api_as):
    example = make_code(province.school, period)
    propaganda = api_as("propaganda")
    body = ok(
        propaganda.post(
            f"/codes/{example.pk}/exemplary", {"sector": province.education.pk, "note": "Gọn, rõ."}
        ),
        201,
    )
    assert body["sector"]["code"] == "giao-duc" and body["code"]["id"] == example.pk
    (group,) = ok(api_as("outsider").get("/codes/exemplary"))
    assert group["sector"]["name"] == "Giáo dục"
    assert group["codes"][0]["code"]["id"] == example.pk
    assert len(group["codes"][0]["items"]) == 5

    # The outsider cannot open the school's code, but may build from it (Khu 3 has no
    # sector, so any sector's exemplary code will do).
    outsider = api_as("outsider")
    assert outsider.get(f"/codes/{example.pk}").status_code == 404
    body = ok(
        outsider.post(
            "/codes",
            {"unit": province.khu3.pk, "source": "exemplary", "based_on": example.pk},
        ),
        201,
    )
    assert body["based_on"]["id"] == example.pk and len(body["items"]) == 5

    response = propaganda.delete(f"/codes/{example.pk}/exemplary/{province.education.pk}")
    assert response.status_code == 204
    assert not ExemplaryCode.objects.exists()
    assert ok(propaganda.get("/codes/exemplary")) == []


# Year-end evaluation ------------------------------------------------------------------


def test_unit_head_evaluates_the_published_code_and_decides(province, period, api_as):
    code = make_code(province.hoa_an, period)
    head = api_as("unit_head")
    body = ok(head.post(f"/codes/{code.pk}/evaluation"), 201)
    evaluation_id = body["id"]
    assert body["status"] == "draft" and len(body["items"]) == 5
    assert ok(head.post(f"/codes/{code.pk}/evaluation"))["id"] == evaluation_id

    rows = [{"id": r["id"], "result": "met", "evidence": "Sổ theo dõi"} for r in body["items"]]
    rows[2] = {"id": rows[2]["id"], "result": "partly", "comment": "Còn 2 lần đi muộn.\nĐã nhắc."}
    body = ok(
        head.patch(
            f"/codes/evaluations/{evaluation_id}",
            {"version": 1, "overall": "met", "comment": "Thực hiện tốt.", "results": rows},
        )
    )
    assert body["overall"] == "met" and body["version"] == 2
    assert [r["result"] for r in body["items"]] == ["met", "met", "partly", "met", "met"]
    # A second patch of one field keeps the rest.
    body = ok(
        head.patch(
            f"/codes/evaluations/{evaluation_id}",
            {"version": 2, "results": [{"id": rows[0]["id"], "comment": "Đầy đủ."}]},
        )
    )
    first = body["items"][0]
    assert (first["result"], first["evidence"], first["comment"]) == (
        "met",
        "Sổ theo dõi",
        "Đầy đủ.",
    )
    assert body["comment"] == "Thực hiện tốt."

    body = ok(head.post(f"/codes/evaluations/{evaluation_id}/decide", {"version": 3}))
    assert body["status"] == "decided"
    assert ok(api_as("member").get(f"/codes/evaluations/{evaluation_id}"), 404)
    assert ok(api_as("propaganda").get(f"/codes/evaluations/{evaluation_id}"))["overall"] == "met"
    locked = ok(
        head.patch(f"/codes/evaluations/{evaluation_id}", {"version": 4, "overall": "partly"}), 400
    )
    assert locked["code"] == "locked"
    assert CodeEvaluation.objects.get().overall == "met"
