"""The review API: each route's main path, through the personas.

The member (a party member of Chi bộ Tổ Toán, working at the school) reviews
themself at the maths cell; the cell's secretary holds the meeting, records the
comments and proposes; the head of Hòa An (the level above the cell's school)
decides, and may reopen. The outsider (Bình Minh) sees none of it.
"""

from datetime import date
from decimal import Decimal

import pytest

from neuguong.commitments.factories import make_plan
from neuguong.commitments.models import PlanStatus
from neuguong.core.models import AuditEntry
from neuguong.organisations.factories import make_person
from neuguong.organisations.models import Post
from neuguong.regulations.models import Period
from neuguong.reviews.factories import make_review
from neuguong.reviews.models import Review, ReviewStatus, Track


def ok(response, status=200):
    assert response.status_code == status, response.content
    return response.json()


@pytest.fixture
def plan(province, period):
    return make_plan(
        province.people.member,
        period,
        status=PlanStatus.APPROVED,
        tasks=["Dạy tốt môn Toán khối 11", "Bồi dưỡng học sinh giỏi"],
    )


def self_review(keys, *, results=("Đạt 100% tiết dạy", "2 giải cấp tỉnh")):
    return {
        "shortcomings": "Đôi khi chậm nộp báo cáo.",
        "remedies": "Lập lịch nộp báo cáo hằng tuần.",
        "points": [
            {"code": code, "text": "Chấp hành tốt.", "level": "tot"}
            for code in ("politics", "duties", "commitment")
        ],
        "tasks": [
            {"task_key": key, "result": result, "level": "tot", "done_percent": 100}
            for key, result in zip(keys, results, strict=True)
        ],
        "self_level_party": "HTT",
        "self_score": 85,
    }


def test_the_whole_flow_through_the_api(province, period, plan, api_as):
    member, secretary, head = api_as("member"), api_as("secretary"), api_as("unit_head")
    # Start: the member's own review at their party cell, under QĐ 366 (form 2A).
    review = ok(member.post("/reviews", {"unit_id": province.maths.pk}), 201)
    assert (review["status"], review["version"], review["form"]) == ("draft", 1, "2A")
    assert review["rule_set"]["code"] == "qd366" and review["track"] == "party"
    assert review["person"]["id"] == province.people.member.pk
    assert review["plan"]["id"] == plan.pk and review["may_write"]
    assert [p["code"] for p in review["points"]] == ["politics", "duties", "commitment"]
    tasks = review["tasks"]
    assert [t["title"] for t in tasks] == ["Dạy tốt môn Toán khối 11", "Bồi dưỡng học sinh giỏi"]
    assert tasks[0]["target"] == "100%" and tasks[0]["deadline"] == "2026-12-31"
    assert tasks[0]["product"] == "Báo cáo kết quả"
    assert tasks[0]["plan_progress_status"] == "not_started"
    assert any("Chưa ghi kết quả thực hiện nhiệm vụ" in m for m in review["missing"])
    assert {c["code"].split(".")[0] for c in review["checks"]} >= {"quota"}
    rid = review["id"]

    # Save (the tasks as a list; later as a map keyed by task_key), then submit.
    keys = [t["task_key"] for t in tasks]
    saved = ok(member.call("PUT", f"/reviews/{rid}", {"version": 1, **self_review(keys)}))
    assert saved["version"] == 2 and saved["missing"] == []
    assert saved["sections"]["shortcomings"] == "Đôi khi chậm nộp báo cáo."
    assert saved["self_level_party"] == "HTT" and saved["self_score"] == 85.0
    assert [t["result"] for t in saved["tasks"]] == ["Đạt 100% tiết dạy", "2 giải cấp tỉnh"]
    body = {"version": 2, "tasks": {keys[1]: {"result": "3 giải cấp tỉnh"}}}
    saved = ok(member.call("PUT", f"/reviews/{rid}", body))
    assert saved["tasks"][1]["result"] == "3 giải cấp tỉnh" and saved["tasks"][1]["level"] == "tot"
    assert saved["sections"]["remedies"] == "Lập lịch nộp báo cáo hằng tuần."
    submitted = ok(member.post(f"/reviews/{rid}/submit", {"version": 3}))
    assert submitted["status"] == "submitted" and not submitted["may_write"]

    # The meeting, its comments and vote tally, the proposal.
    meeting = ok(
        secretary.post(
            "/reviews/meetings",
            {
                "unit_id": province.maths.pk,
                "held_on": "2026-12-10",
                "attendance_total": 12,
                "attendance_present": 11,
                "chaired_by": "Trần Thị Bình",
                "minutes": "Hội nghị kiểm điểm cuối năm.",
            },
        ),
        201,
    )
    assert meeting["attendance_present"] == 11 and meeting["unit"]["id"] == province.maths.pk
    listed = ok(secretary.get("/reviews/meetings", unit=province.maths.pk))
    assert [m["id"] for m in listed["items"]] == [meeting["id"]]
    commented = ok(
        secretary.post(
            f"/reviews/{rid}/comments",
            {
                "version": 4,
                "meeting_id": meeting["id"],
                "comments": "Nhiệt tình, trách nhiệm.",
                "votes": {"HTT": 10, "HTNV": 1},
            },
        )
    )
    assert commented["status"] == "commented"
    assert commented["votes"] == {"HTXS": 0, "HTT": 10, "HTNV": 1, "KHTNV": 0}
    assert commented["meeting"]["id"] == meeting["id"] and commented["may_assess"]
    proposed = ok(
        secretary.post(
            f"/reviews/{rid}/propose",
            {"version": 5, "level": "HTT", "score": 85, "assessment": "Hoàn thành tốt."},
        )
    )
    assert (proposed["status"], proposed["proposed_level"]) == ("proposed", "HTT")
    assert proposed["proposed_by"] == "secretary"

    # The decision by the level above, which locks it; then reopening, with a reason.
    checks = ok(head.get(f"/reviews/{rid}/checks", level="HTT"))
    assert checks["allowed"] and checks["level"] == "HTT"
    decided = ok(head.post(f"/reviews/{rid}/decide", {"level": 2, "note": "Đúng quy trình."}))
    assert (decided["status"], decided["decided_level"]) == ("decided", "HTT")
    assert decided["decided_score"] == 85.0 and decided["decision_note"] == "Đúng quy trình."
    assert decided["may_decide"] and not decided["may_assess"]
    reopened = ok(head.post(f"/reviews/{rid}/reopen", {"reason": "Có đơn phản ánh mới."}))
    assert reopened["status"] == "proposed" and reopened["reopen_reason"] == "Có đơn phản ánh mới."
    assert reopened["decided_level"] == "HTT"  # kept in the quota counts until decided again
    actions = set(AuditEntry.objects.filter(object_id=str(rid)).values_list("action", flat=True))
    assert actions >= {
        "review.start",
        "review.save",
        "review.submit",
        "review.comments",
        "review.propose",
        "review.decide",
        "review.reopen",
    }
    # Everyone in scope reads it; the member finds it among their places.
    assert ok(api_as("supervisor").get(f"/reviews/{rid}"))["id"] == rid
    mine = ok(member.get("/reviews/mine"))
    assert mine["period"]["id"] == period.pk
    assert [
        (p["unit"]["id"], p["track"], (p["review"] or {}).get("id")) for p in mine["places"]
    ] == [
        (province.maths.pk, "party", rid),
        (province.school.pk, "state", None),
    ]


def test_a_returned_review_goes_back_to_its_writer(province, period, plan, api_as):
    review = make_review(province.people.member, period, status=ReviewStatus.SUBMITTED)
    body = {"version": 1, "reason": "Chưa ghi kết quả nhiệm vụ bồi dưỡng."}
    returned = ok(api_as("secretary").post(f"/reviews/{review.pk}/return", body))
    assert returned["status"] == "draft" and returned["reopen_reason"] == body["reason"]
    assert ok(api_as("member").get(f"/reviews/{review.pk}"))["may_write"]


def test_the_list_filters_and_pages_within_scope(province, period, api_as):
    member = make_review(province.people.member, period, proposed=2)
    villager = make_review(province.people.villager, period, proposed=3)
    outsider = make_review(province.people.outsider, period, proposed=2)
    collective = make_review(None, period, unit=province.maths)
    head = api_as("unit_head")
    listed = ok(head.get("/reviews"))
    assert listed["count"] == 3
    assert outsider.pk not in [r["id"] for r in listed["items"]]
    in_maths = ok(head.get("/reviews", unit=province.maths.pk))
    assert [r["id"] for r in in_maths["items"]] == [collective.pk, member.pk]
    assert in_maths["items"][0]["person"] is None
    assert in_maths["items"][0]["subject"] == "organisation"
    assert ok(head.get("/reviews", person=province.people.villager.pk))["items"][0]["id"] == (
        villager.pk
    )
    assert ok(head.get("/reviews", status="draft"))["count"] == 0
    assert ok(head.get("/reviews", track="state"))["count"] == 0
    assert ok(head.get("/reviews", subject="organisation"))["count"] == 1
    page = ok(head.get("/reviews", limit=1, offset=1))
    assert (page["count"], len(page["items"]), page["offset"]) == (3, 1, 1)
    # The member sees only their own; the outsider only Bình Minh's.
    assert [r["id"] for r in ok(api_as("member").get("/reviews"))["items"]] == [member.pk]
    assert [r["id"] for r in ok(api_as("outsider").get("/reviews"))["items"]] == [outsider.pk]
    # Filtering by a unit outside one's scope is answered as an unknown unit.
    hidden = api_as("outsider").get("/reviews", unit=province.maths.pk)
    assert hidden.status_code == 404 and hidden.json()["field"] == "unit"


def test_the_unit_sheet_shows_every_row_and_the_quota_per_group(province, period, api_as):
    people = [
        make_person(f"Giáo viên {i}", workplace=province.school, party_cell=province.maths)
        for i in range(12)
    ]
    make_review(None, period, unit=province.maths, decided=2, score=Decimal(85))
    for i, person in enumerate(people):
        make_review(person, period, decided=1 if i < 2 else 2, score=Decimal(90))
    make_review(province.people.member, period, proposed=1, score=Decimal(95))
    sheet = ok(api_as("secretary").get(f"/reviews/units/{province.maths.pk}/sheet"))
    assert sheet["unit"]["id"] == province.maths.pk and sheet["period"]["id"] == period.pk
    assert sheet["count"] == 14 and sheet["rows"][0]["person"] is None
    staff = next(g for g in sheet["groups"] if "không giữ chức vụ" in g["label"])
    assert staff == {
        "label": "Chi bộ Tổ Toán, cán bộ không giữ chức vụ lãnh đạo",
        "htt": 10,
        "htxs": 2,
        "percent": 20,
        "max_htxs": 2,
        "remaining": 0,
    }
    first = ok(api_as("secretary").get(f"/reviews/units/{province.maths.pk}/sheet", limit=5))
    assert len(first["rows"]) == 5 and first["count"] == 14


def test_open_round_and_collective_review(province, period, api_as):
    secretary = api_as("secretary")
    started = ok(secretary.post(f"/reviews/units/{province.maths.pk}/open", {}))
    assert started == {"started": 3}
    assert ok(secretary.post(f"/reviews/units/{province.maths.pk}/open", {})) == {"started": 0}
    leadership = ok(
        api_as("unit_head").post(
            f"/reviews/units/{province.school.pk}/collective", {"subject": "leadership"}
        ),
        201,
    )
    assert leadership["person"] is None and leadership["subject"] == "leadership"
    assert leadership["form"] == "01" and leadership["may_write"]
    assert Review.objects.filter(unit=province.school, person__isnull=True).count() == 1


def test_bulk_decision_applies_every_row(province, period, api_as):
    make_review(None, period, unit=province.maths, decided=2, score=Decimal(85))
    reviews = [
        make_review(
            make_person(f"Đảng viên {i}", workplace=province.school, party_cell=province.maths),
            period,
            proposed=2,
            score=Decimal(85),
        )
        for i in range(3)
    ]
    body = {"decisions": [{"review_id": r.pk, "level": "HTT"} for r in reviews], "note": "Đợt 1"}
    done = ok(api_as("unit_head").post("/reviews/decide", body))
    assert [(r["id"], r["decided_level"], r["status"]) for r in done["decided"]] == [
        (r.pk, "HTT", "decided") for r in reviews
    ]
    assert AuditEntry.objects.filter(action="review.decide").count() == 3


def test_the_person_file_holds_three_years_of_every_place(province, period, api_as):
    member = province.people.member
    older = Period.objects.create(
        name="Năm 2025", starts_on=date(2025, 1, 1), ends_on=date(2025, 12, 31)
    )
    ancient = Period.objects.create(
        name="Năm 2023", starts_on=date(2023, 1, 1), ends_on=date(2023, 12, 31)
    )
    now_party = make_review(member, period, decided=2)
    now_state = make_review(member, period, unit=province.school, track=Track.STATE, decided=2)
    before = make_review(member, older, decided=1)
    make_review(member, ancient, decided=3)
    for persona in ("member", "supervisor"):
        file = ok(api_as(persona).get(f"/reviews/people/{member.pk}/file"))
        assert file["person"]["id"] == member.pk
        assert [(p["period"]["id"], [r["id"] for r in p["reviews"]]) for p in file["periods"]] == [
            (period.pk, [now_party.pk, now_state.pk]),
            (older.pk, [before.pk]),
        ]
    # The cell's secretary sees the reviews held in the cell, not those at the school.
    file = ok(api_as("secretary").get(f"/reviews/people/{member.pk}/file"))
    assert [[r["id"] for r in p["reviews"]] for p in file["periods"]] == [
        [now_party.pk],
        [before.pk],
    ]
    assert api_as("outsider").get(f"/reviews/people/{member.pk}/file").status_code == 404
    refused = api_as("propaganda").get(f"/reviews/people/{member.pk}/file")
    assert refused.status_code == 403
    assert refused.json()["detail"] == "Bạn không có quyền xem hồ sơ kiểm điểm của người này."


def test_a_person_with_a_post_starts_a_review_there(province, period, api_as):
    Post.objects.create(
        person=province.people.member, unit=province.dong, title="Phó bí thư", is_deputy=True
    )
    review = ok(api_as("member").post("/reviews", {"unit_id": province.dong.pk}), 201)
    assert review["unit"]["id"] == province.dong.pk and review["is_deputy"]
    assert review["post_title"] == "Phó bí thư" and review["form"] == "2B"
    places = ok(api_as("member").get("/reviews/mine"))["places"]
    assert [p["unit"]["id"] for p in places] == [
        province.maths.pk,
        province.school.pk,
        province.dong.pk,
    ]


# The contract and the cost ---------------------------------------------------------------


def _unbounded(schema: dict, components: dict, where: str) -> list[str]:
    """Every leaf of an input schema that the document does not bound."""
    while "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[1]]
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            return [p for i, s in enumerate(schema[key]) for p in _unbounded(s, components, where)]
    kind = schema.get("type")
    if kind == "string":
        bounded = {"maxLength", "enum", "const"} & set(schema) or schema.get("format") in (
            "uuid",
            "date",
        )
        return [] if bounded else [where]
    if kind in ("integer", "number"):
        return [] if {"minimum", "maximum"} <= set(schema) else [where]
    if kind == "array":
        own = [] if "maxItems" in schema else [where]
        return own + _unbounded(schema.get("items", {}), components, f"{where}[]")
    if kind == "object":
        out = []
        for name, sub in schema.get("properties", {}).items():
            out += _unbounded(sub, components, f"{where}.{name}")
        values = [schema.get("additionalProperties")]
        values += list(schema.get("patternProperties", {}).values())
        for sub in [v for v in values if isinstance(v, dict)]:
            names = schema.get("propertyNames", {})
            if "maxProperties" not in schema and "enum" not in names:
                out.append(f"{where}{{}}")
            out += _unbounded(sub, components, f"{where}{{}}")
        return out
    return []


def test_every_input_of_the_review_routes_is_typed_and_bounded(db):
    from django.test import Client

    schema = Client().get("/api/v1/openapi.json").json()
    components = schema["components"]["schemas"]
    problems, operations = [], 0
    for path, methods in schema["paths"].items():
        if not path.startswith("/api/v1/reviews"):
            continue
        for method, operation in methods.items():
            operations += 1
            assert operation["tags"] == ["Kiểm điểm, xếp loại"], path
            assert {"200", "201", "204"} & set(operation["responses"]), path
            for content in operation.get("requestBody", {}).get("content", {}).values():
                problems += _unbounded(content["schema"], components, f"{method} {path}")
            for parameter in operation.get("parameters", []):
                problems += _unbounded(parameter["schema"], components, f"{method} {path}")
    assert operations == 30
    assert problems == []
    assert "ReviewDetailOut" in components and "BatchErrorOut" in components


@pytest.fixture
def crowd(province, period):
    for i in range(30):
        person = make_person(f"Người {i}", workplace=province.school, party_cell=province.maths)
        make_review(person, period, decided=2)
    return province


def _queries(api, path, **params) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    api.get("/me")  # the token's first use also records its time
    with CaptureQueriesContext(connection) as ctx:
        response = api.get(path, **params)
    assert response.status_code == 200, response.content
    return len(ctx.captured_queries)


@pytest.mark.parametrize("route", ["list", "sheet"])
def test_list_and_sheet_queries_do_not_grow_with_the_page(crowd, period, api_as, route):
    api = api_as("unit_head")
    path = "/reviews" if route == "list" else f"/reviews/units/{crowd.maths.pk}/sheet"
    assert _queries(api, path, limit=2) == _queries(api, path, limit=30)
