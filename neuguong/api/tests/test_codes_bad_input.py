"""Bad input to the ethics-code API: each a 4xx with a clear message, nothing changed.

The issue's cases come first (empty relationship group, an item over the limit,
approving one's own code, approving outside scope, evaluating an unpublished code,
acknowledging a superseded version, two deciders on one version), then ids, types
and sizes no client should send.
"""

import pytest
from django.db import transaction

from neuguong.core.models import AuditEntry
from neuguong.standards.factories import make_code
from neuguong.standards.models import (
    Acknowledgement,
    CodeEvaluation,
    CodeEvaluationItem,
    CodeStatus,
    EthicsCode,
    EthicsCodeItem,
    ExemplaryCode,
)

HUGE = 2**63


def state():
    return (
        list(EthicsCode.objects.order_by("pk").values()),
        list(EthicsCodeItem.objects.order_by("pk").values("pk", "code", "relationship", "text")),
        list(Acknowledgement.objects.order_by("pk").values()),
        list(CodeEvaluation.objects.order_by("pk").values()),
        list(CodeEvaluationItem.objects.order_by("pk").values()),
        list(ExemplaryCode.objects.order_by("pk").values()),
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


# The bad inputs ---------------------------------------------------------------


def test_publishing_with_an_empty_group_is_refused(province, period, api_as):
    code = make_code(
        province.hoa_an,
        period,
        status=CodeStatus.APPROVED,
        items={1: "Chấp hành nghiêm Điều lệ Đảng.", 3: "Góp ý thẳng thắn trong họp."},
    )
    before = state()
    body = refused(
        api_as("unit_head").post(
            f"/codes/{code.pk}/publish", {"version": 1, "effective_from": "2026-03-01"}
        ),
        400,
        code="empty_group",
        field="items",
    )
    assert "Chưa có chuẩn mực nào cho" in body["detail"]
    assert "Đối với cơ quan, tổ chức, đơn vị" in body["detail"]
    assert "không áp dụng" in body["detail"]
    assert state() == before


def test_an_empty_group_marked_not_applicable_with_a_reason_publishes(province, period, api_as):
    head, propaganda = api_as("unit_head"), api_as("propaganda")
    code_id = head.post("/codes", {"unit": province.hoa_an.pk}).json()["id"]
    items = [
        {"relationship": r, "text": f"Nội dung cụ thể số {r} kiểm tra được."} for r in (1, 2, 3, 4)
    ]
    head.call("PUT", f"/codes/{code_id}/items", {"version": 1, "items": items})
    before = state()
    body = refused(head.post(f"/codes/{code_id}/submit", {"version": 2}), 400, code="empty_group")
    assert "Đối với bản thân" in body["detail"]
    assert state() == before

    # A blank reason is no reason: the group stays empty.
    head.call(
        "PUT",
        f"/codes/{code_id}/items",
        {"version": 2, "items": items, "not_applicable": {"5": "   "}},
    )
    refused(head.post(f"/codes/{code_id}/submit", {"version": 3}), 400, code="empty_group")

    reason = "Nội dung về bản thân đã có trong nội quy cơ quan."
    response = head.call(
        "PUT",
        f"/codes/{code_id}/items",
        {"version": 3, "items": items, "not_applicable": {"5": reason}},
    )
    assert response.json()["groups"][4] == {
        "relationship": 5,
        "label": "Đối với bản thân",
        "items": 0,
        "not_applicable": reason,
    }
    assert head.post(f"/codes/{code_id}/submit", {"version": 4}).status_code == 200
    assert propaganda.post(f"/codes/{code_id}/approve", {"version": 5}).status_code == 200
    response = head.post(
        f"/codes/{code_id}/publish", {"version": 6, "effective_from": "2026-03-01"}
    )
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "published"


@pytest.mark.parametrize("route", ["add", "patch", "put"])
def test_an_item_over_the_length_limit_is_refused(province, period, api_as, route):
    code = make_code(province.hoa_an, period, status=CodeStatus.DRAFT)
    item = code.items.first()
    head = api_as("unit_head")
    long_text = "Đến cơ quan đúng giờ " + "x" * 280  # 301 characters
    before = state()
    if route == "add":
        response = head.post(
            f"/codes/{code.pk}/items", {"version": 1, "relationship": 2, "text": long_text}
        )
    elif route == "patch":
        response = head.patch(
            f"/codes/{code.pk}/items/{item.pk}", {"version": 1, "text": long_text}
        )
    else:
        response = head.call(
            "PUT",
            f"/codes/{code.pk}/items",
            {"version": 1, "items": [{"relationship": 2, "text": long_text}]},
        )
    body = refused(response, 400, code="invalid", field="text")
    assert body["detail"] == "Mỗi chuẩn mực tối đa 300 ký tự; nội dung này có 301 ký tự."
    assert state() == before


def test_the_limit_is_the_periods(province, period, api_as):
    period.code_item_max_length = 40
    period.save()
    code = make_code(province.hoa_an, period, status=CodeStatus.DRAFT)
    body = refused(
        api_as("unit_head").post(
            f"/codes/{code.pk}/items", {"version": 1, "relationship": 2, "text": "y" * 41}
        ),
        400,
    )
    assert "tối đa 40 ký tự" in body["detail"]


def test_approving_ones_own_units_code_is_forbidden_with_the_reason(province, period, api_as):
    hoa_an = make_code(province.hoa_an, period, status=CodeStatus.SUBMITTED)
    dong = make_code(province.dong, period, status=CodeStatus.SUBMITTED)  # the head's cell
    head = api_as("unit_head")
    before = state()
    for code in (hoa_an, dong):
        for action, body in [
            ("approve", {"version": 1}),
            ("return", {"version": 1, "reason": "Chưa đạt."}),
        ]:
            response = head.post(f"/codes/{code.pk}/{action}", body)
            detail = refused(response, 403, code="forbidden")["detail"]
            assert detail == (
                "Bạn không thể phê duyệt chuẩn mực đạo đức của chính đơn vị, chi bộ mình; "
                "việc này do cấp trên trực tiếp thực hiện."
            )
    assert state() == before


def test_approving_a_version_one_submitted_is_forbidden(province, period, api_as):
    head = province.users["unit_head"]
    code = make_code(province.school, period, status=CodeStatus.SUBMITTED, submitted_by=head)
    before = state()
    body = refused(
        api_as("unit_head").post(f"/codes/{code.pk}/approve", {"version": 1}), 403, code="forbidden"
    )
    assert body["detail"] == "Bạn không thể phê duyệt phiên bản do chính mình trình."
    assert state() == before


def test_approving_outside_ones_scope_is_not_found(province, period, api_as):
    school = make_code(province.school, period, status=CodeStatus.SUBMITTED)
    khu3 = make_code(province.khu3, period, status=CodeStatus.SUBMITTED)
    before = state()
    for persona, code in [("outsider", school), ("unit_head", khu3), ("member", khu3)]:
        body = refused(
            api_as(persona).post(f"/codes/{code.pk}/approve", {"version": 1}),
            404,
            code="not_found",
        )
        assert body["detail"] == "Không tìm thấy."
    assert state() == before


def test_an_editor_without_approval_above_the_unit_is_forbidden(province, period, api_as):
    code = make_code(province.school, period, status=CodeStatus.SUBMITTED)
    before = state()
    body = refused(api_as("org_officer").post(f"/codes/{code.pk}/approve", {"version": 1}), 403)
    assert "cấp trên trực tiếp" in body["detail"]
    assert state() == before


@pytest.mark.parametrize("status", [CodeStatus.DRAFT, CodeStatus.APPROVED, CodeStatus.SUPERSEDED])
def test_evaluating_an_unpublished_code_is_refused(province, period, api_as, status):
    code = make_code(province.hoa_an, period, status=status)
    before = state()
    body = refused(
        api_as("unit_head").post(f"/codes/{code.pk}/evaluation"), 400, code="not_published"
    )
    assert body["detail"] == "Chỉ đánh giá được chuẩn mực đang áp dụng (đã công bố)."
    assert state() == before


def test_acknowledging_a_superseded_version_names_the_one_in_force(province, period, api_as):
    old = make_code(province.maths, period, status=CodeStatus.SUPERSEDED)
    new = make_code(province.maths, period)
    before = state()
    body = refused(api_as("member").post(f"/codes/{old.pk}/acknowledge"), 409, code="conflict")
    assert body["detail"] == (
        "Phiên bản 1 đã được thay thế bởi phiên bản 2. Hãy đọc và xác nhận phiên bản mới."
    )
    assert body["current"]["id"] == new.pk
    assert (body["current"]["number"], body["current"]["status"]) == (2, "published")
    assert state() == before


def test_acknowledging_a_draft_or_another_units_code_is_refused(province, period, api_as):
    draft = make_code(province.maths, period, status=CodeStatus.DRAFT)
    dong = make_code(province.dong, period)
    before = state()
    body = refused(api_as("member").post(f"/codes/{draft.pk}/acknowledge"), 400)
    assert (body["code"], body["detail"]) == ("not_published", "Phiên bản này chưa được công bố.")
    body = refused(api_as("org_officer").post(f"/codes/{dong.pk}/acknowledge"), 403)
    assert body["detail"] == "Chuẩn mực này không áp dụng cho đơn vị, chi bộ của bạn."
    body = refused(api_as("propaganda").post(f"/codes/{dong.pk}/acknowledge"), 403)
    assert body["detail"] == "Tài khoản của bạn chưa gắn với hồ sơ cán bộ, đảng viên."
    assert state() == before


@pytest.mark.parametrize(
    ("second", "body"),
    [("approve", {"version": 1}), ("return", {"version": 1, "reason": "Chưa rõ."})],
)
def test_two_deciders_on_one_version_exactly_one_wins(province, period, api_as, second, body):
    code = make_code(province.school, period, status=CodeStatus.SUBMITTED)
    first = api_as("propaganda").post(f"/codes/{code.pk}/approve", {"version": 1})
    assert first.status_code == 200, first.content
    after_first = state()
    answer = refused(
        api_as("unit_head").post(f"/codes/{code.pk}/{second}", body), 409, code="conflict"
    )
    assert "đã được xử lý" in answer["detail"]
    assert answer["current"]["status"] == "approved" and answer["current"]["version"] == 2
    assert state() == after_first
    code.refresh_from_db()
    assert (code.status, code.decided_by) == ("approved", province.users["propaganda"])
    decisions = AuditEntry.objects.filter(
        object_id=str(code.pk), action__in=["code.approve", "code.return"]
    )
    assert list(decisions.values_list("action", flat=True)) == ["code.approve"]


def test_a_stale_edit_is_a_conflict_with_the_current_code(province, period, api_as):
    code = make_code(province.hoa_an, period, status=CodeStatus.DRAFT)
    head = api_as("unit_head")
    assert (
        head.post(
            f"/codes/{code.pk}/items",
            {"version": 1, "relationship": 2, "text": "Đúng giờ mỗi ngày."},
        ).status_code
        == 201
    )
    before = state()
    body = refused(
        head.post(f"/codes/{code.pk}/items", {"version": 1, "relationship": 3, "text": "Khác"}),
        409,
        code="conflict",
    )
    assert body["current"]["version"] == 2 and body["current"]["id"] == code.pk
    assert state() == before


# Other refusals by the services --------------------------------------------------------


def test_service_refusals_name_their_field(province, period, api_as):
    draft = make_code(province.hoa_an, period, status=CodeStatus.DRAFT)
    published = make_code(province.school, period)
    submitted = make_code(province.dong, period, status=CodeStatus.SUBMITTED)
    head, propaganda = api_as("unit_head"), api_as("propaganda")
    before = state()
    cases = [
        (
            head.post(f"/codes/{draft.pk}/items", {"version": 1, "relationship": 2, "text": "   "}),
            400,
            "text",
        ),
        (
            head.post(
                f"/codes/{draft.pk}/items",
                {"version": 1, "relationship": 2, "text": "Đúng giờ", "citations": [999_999]},
            ),
            400,
            "citations",
        ),
        (head.post("/codes", {"unit": province.hoa_an.pk}), 400, None),
        (head.post("/codes", {"unit": province.maths.pk, "source": "previous"}), 400, "source"),
        (head.post("/codes", {"unit": province.maths.pk, "source": "exemplary"}), 400, "based_on"),
        (
            head.post(
                "/codes",
                {"unit": province.maths.pk, "source": "exemplary", "based_on": published.pk},
            ),
            400,
            "based_on",
        ),
        (
            head.post(
                "/codes", {"unit": province.maths.pk, "source": "exemplary", "based_on": HUGE - 1}
            ),
            404,
            "based_on",
        ),
        (head.post("/codes", {"unit": province.maths.pk, "period": 999_999}), 404, "period"),
        (
            propaganda.post(f"/codes/{submitted.pk}/return", {"version": 1, "reason": "  "}),
            400,
            "reason",
        ),
        (
            head.post(
                f"/codes/{published.pk}/publish", {"version": 1, "effective_from": "2026-03-01"}
            ),
            400,
            None,
        ),
        (head.post(f"/codes/{draft.pk}/publish", {"version": 1}), 400, None),
        (
            propaganda.post(f"/codes/{draft.pk}/exemplary", {"sector": province.education.pk}),
            400,
            None,
        ),
        (propaganda.post(f"/codes/{published.pk}/exemplary", {"sector": 999_999}), 404, "sector"),
        (propaganda.delete(f"/codes/{published.pk}/exemplary/{province.health.pk}"), 404, None),
        (head.get(f"/codes/{draft.pk}/compare", **{"with": 999_999}), 404, "with"),
        (api_as("outsider").get(f"/codes/{published.pk}/compare"), 404, None),
    ]
    for response, status, field in cases:
        body = refused(response, status)
        assert body["detail"] and body["field"] == field, body
    assert state() == before


def test_editing_a_submitted_version_is_locked(province, period, api_as):
    code = make_code(province.hoa_an, period, status=CodeStatus.SUBMITTED)
    before = state()
    body = refused(
        api_as("unit_head").post(
            f"/codes/{code.pk}/items", {"version": 1, "relationship": 2, "text": "Đúng giờ."}
        ),
        400,
        code="locked",
    )
    assert "Chờ phê duyệt" in body["detail"]
    assert state() == before


def test_evaluation_refusals(province, period, api_as):
    code = make_code(province.hoa_an, period)
    head = api_as("unit_head")
    evaluation = head.post(f"/codes/{code.pk}/evaluation").json()
    path = f"/codes/evaluations/{evaluation['id']}"
    row = evaluation["items"][0]["id"]
    before = state()
    refused(
        head.patch(path, {"version": 1, "results": [{"id": 999_999, "result": "met"}]}),
        400,
        field="results",
    )
    refused(head.patch(path, {"version": 1, "results": [{"id": row, "evidence": "x" * 2001}]}), 422)
    refused(head.patch(path, {"version": 1, "results": [{"id": row, "result": "great"}]}), 422)
    refused(head.patch(path, {"version": 1, "overall": "excellent"}), 422)
    body = refused(head.post(f"{path}/decide", {"version": 1}), 400, field="results")
    assert body["detail"] == "Còn 5 nội dung chưa có kết quả đánh giá."
    refused(head.patch(path, {"version": 7, "overall": "met"}), 409, code="conflict")
    refused(api_as("propaganda").patch(path, {"version": 1, "overall": "met"}), 403)
    refused(api_as("outsider").patch(path, {"version": 1, "overall": "met"}), 404)
    assert state() == before


# Ids, types and sizes -------------------------------------------------------------------

ROUTES_WITH_IDS = [
    ("GET", "/codes/{}", None),
    ("GET", "/codes/{}/compare", None),
    ("PUT", "/codes/{}/items", {"version": 1, "items": []}),
    ("POST", "/codes/{}/items", {"version": 1, "relationship": 1, "text": "Đúng giờ."}),
    ("PATCH", "/codes/{}/items/1", {"version": 1, "text": "Đúng giờ."}),
    ("DELETE", "/codes/{}/items/1?version=1", None),
    ("POST", "/codes/{}/submit", {"version": 1}),
    ("POST", "/codes/{}/approve", {"version": 1}),
    ("POST", "/codes/{}/return", {"version": 1, "reason": "Chưa rõ."}),
    ("POST", "/codes/{}/publish", {"version": 1, "effective_from": "2026-03-01"}),
    ("POST", "/codes/{}/acknowledge", None),
    ("GET", "/codes/{}/acknowledgements", None),
    ("POST", "/codes/{}/exemplary", {"sector": 1}),
    ("DELETE", "/codes/{}/exemplary/1", None),
    ("POST", "/codes/{}/evaluation", None),
    ("GET", "/codes/evaluations/{}", None),
    ("PATCH", "/codes/evaluations/{}", {"version": 1}),
    ("POST", "/codes/evaluations/{}/decide", {"version": 1}),
]


@pytest.mark.parametrize(("method", "template", "body"), ROUTES_WITH_IDS)
def test_unknown_and_out_of_range_ids(province, period, api_as, method, template, body):
    make_code(province.school, period)
    admin = api_as("admin")
    before = state()
    if method == "POST" and body is None:
        body = {}
    for pk in (999_999, 2**63 - 1):
        response = admin.call(method, template.format(pk), body)
        assert response.status_code == 404, (pk, response.content)
        assert response.json() == {"detail": "Không tìm thấy.", "field": None, "code": "not_found"}
    for pk in (0, -1, HUGE, 10**100, "abc", "1.5"):
        response = admin.call(method, template.format(pk), body)
        assert response.status_code in (404, 422), (pk, response.content)
    assert state() == before


@pytest.mark.parametrize(
    "path",
    [
        "/codes/{code}/items/999999",
        "/codes/{code}/items/{HUGE}",
        "/codes/{code}/items/{other_item}",
        "/codes/{code}/items/0",
    ],
)
def test_an_item_of_another_code_or_none_is_not_found(province, period, api_as, path):
    code = make_code(province.hoa_an, period, status=CodeStatus.DRAFT)
    other = make_code(province.dong, period, status=CodeStatus.DRAFT)
    path = path.format(code=code.pk, HUGE=HUGE, other_item=other.items.first().pk)
    head = api_as("unit_head")
    before = state()
    assert head.patch(path, {"version": 1, "text": "Đúng giờ."}).status_code in (404, 422)
    assert head.call("DELETE", f"{path}?version=1").status_code in (404, 422)
    assert state() == before


@pytest.mark.parametrize(
    "change",
    [
        {"relationship": 0},
        {"relationship": 9},
        {"relationship": -1},
        {"relationship": HUGE},
        {"relationship": "2"},
        {"relationship": True},
        {"relationship": 2.5},
        {"relationship": None},
        {"text": "x" * 40000},
        {"text": "Đúng\x00giờ"},
        {"text": "Đúng giờ\ud800"},
        {"text": 12},
        {"text": ["Đúng giờ"]},
        {"citations": "1"},
        {"citations": [HUGE]},
        {"citations": [0]},
        {"citations": ["1"]},
        {"citations": [1] * 51},
        {"version": 0},
        {"version": -1},
        {"version": HUGE},
        {"version": "1"},
        {"version": None},
        {"key": "not-a-uuid"},
        {"unknown": 1},
    ],
)
def test_add_item_rejects_malformed_fields(province, period, api_as, change):
    code = make_code(province.hoa_an, period, status=CodeStatus.DRAFT)
    body = {"version": 1, "relationship": 2, "text": "Đúng giờ.", **change}
    before = state()
    response = api_as("unit_head").post(f"/codes/{code.pk}/items", body)
    assert response.status_code == 422, response.content
    assert response.json()["detail"][0]["loc"][:2] == ["body", "payload"]
    assert state() == before


@pytest.mark.parametrize(
    "payload",
    [
        {"version": 1, "items": "all"},
        {"version": 1, "items": [{"relationship": 9, "text": "Đúng giờ."}]},
        {"version": 1, "items": [{"relationship": 0, "text": "Đúng giờ."}]},
        {"version": 1, "items": [{"relationship": 1, "text": "a"}] * 201},
        {"version": 1, "items": [], "not_applicable": {"9": "Không có."}},
        {"version": 1, "items": [], "not_applicable": {"2": "x" * 301}},
        {"version": 1, "items": [], "not_applicable": {"2": 5}},
        {"version": 1, "items": [], "not_applicable": ["2"]},
        {"version": -3, "items": []},
        {"items": []},
        [],
        "null",
    ],
)
def test_replace_items_rejects_malformed_bodies(province, period, api_as, payload):
    code = make_code(province.hoa_an, period, status=CodeStatus.DRAFT)
    before = state()
    response = api_as("unit_head").call("PUT", f"/codes/{code.pk}/items", payload)
    assert response.status_code in (400, 422), response.content
    assert state() == before


@pytest.mark.parametrize(
    ("route", "body"),
    [
        ("publish", {"version": 1, "effective_from": "01/03/2026"}),
        ("publish", {"version": 1, "effective_from": "2026-02-30"}),
        ("publish", {"version": 1, "effective_from": 20260301}),
        ("return", {"version": 1, "reason": "x" * 2001}),
        ("return", {"version": 1, "reason": "Chưa\x00rõ"}),
        ("return", {"version": 1}),
        ("approve", {"version": -1}),
        ("approve", {"version": "1"}),
        ("approve", {}),
        ("submit", {"version": 0}),
    ],
)
def test_decision_bodies_are_parsed_strictly(province, period, api_as, route, body):
    code = make_code(province.school, period, status=CodeStatus.SUBMITTED)
    before = state()
    response = api_as("propaganda").post(f"/codes/{code.pk}/{route}", body)
    assert response.status_code == 422, response.content
    assert state() == before


@pytest.mark.parametrize(
    "params",
    [
        {"unit": HUGE},
        {"unit": 0},
        {"period": -1},
        {"status": "lost"},
        {"limit": 0},
        {"limit": 201},
        {"offset": 10**30},
    ],
)
def test_code_list_rejects_out_of_range_parameters(province, api_as, params):
    assert api_as("propaganda").get("/codes", **params).status_code == 422


@pytest.mark.parametrize("params", [{"state": "maybe"}, {"limit": -1}])
def test_acknowledgement_list_rejects_bad_parameters(province, period, api_as, params):
    code = make_code(province.hoa_an, period)
    response = api_as("unit_head").get(f"/codes/{code.pk}/acknowledgements", **params)
    assert response.status_code == 422


@pytest.mark.parametrize("version", ["", "0", "-1", str(HUGE), "x"])
def test_delete_item_needs_a_valid_version(province, period, api_as, version):
    code = make_code(province.hoa_an, period, status=CodeStatus.DRAFT)
    item = code.items.first()
    before = state()
    path = f"/codes/{code.pk}/items/{item.pk}" + (f"?version={version}" if version else "")
    assert api_as("unit_head").call("DELETE", path).status_code == 422
    assert state() == before


@pytest.mark.parametrize(
    "body",
    [
        {"unit": HUGE},
        {"unit": "1"},
        {"unit": None},
        {"source": "copy"},
        {"based_on": 0},
        {"period": -1},
        {"unit": 1, "status": "published"},
    ],
)
def test_start_code_rejects_malformed_bodies(province, period, api_as, body):
    before = state()
    response = api_as("unit_head").post("/codes", {"unit": province.hoa_an.pk, **body})
    assert response.status_code == 422, response.content
    assert state() == before


def test_two_items_with_one_key_are_refused(province, period, api_as):
    code = make_code(province.hoa_an, period, status=CodeStatus.DRAFT)
    key = str(code.items.first().key)
    items = [{"key": key, "relationship": r, "text": f"Nội dung số {r}."} for r in (1, 2)]
    before = state()
    response = api_as("unit_head").call(
        "PUT", f"/codes/{code.pk}/items", {"version": 1, "items": items}
    )
    body = refused(response, 400, field="items")
    assert body["detail"] == "Hai nội dung không được dùng chung một khóa (key)."
    assert state() == before


ODD_VALUES = [None, 0, -1, HUGE, 10**100, "", "x" * 5000, "\x00", "\ud800", [], {}, True, 1.5]


def _valid_bodies(p, code, item, evaluation):
    return [
        ("POST", "/codes", {"unit": p.maths.pk, "period": 1, "source": "blank", "based_on": 1}),
        (
            "PUT",
            f"/codes/{code}/items",
            {
                "version": 1,
                "items": [{"key": None, "relationship": 1, "text": "A", "citations": [1]}],
                "not_applicable": {"2": "B"},
            },
        ),
        ("POST", f"/codes/{code}/items", {"version": 1, "relationship": 1, "text": "A"}),
        (
            "PATCH",
            f"/codes/{code}/items/{item}",
            {"version": 1, "relationship": 2, "text": "A", "citations": []},
        ),
        ("POST", f"/codes/{code}/submit", {"version": 1}),
        ("POST", f"/codes/{code}/approve", {"version": 1}),
        ("POST", f"/codes/{code}/return", {"version": 1, "reason": "A"}),
        ("POST", f"/codes/{code}/publish", {"version": 1, "effective_from": "2026-03-01"}),
        ("POST", f"/codes/{code}/exemplary", {"sector": p.education.pk, "note": "A"}),
        (
            "PATCH",
            f"/codes/evaluations/{evaluation}",
            {
                "version": 1,
                "overall": "met",
                "comment": "A",
                "results": [{"id": 1, "result": "met", "evidence": "A", "comment": "A"}],
            },
        ),
        ("POST", f"/codes/evaluations/{evaluation}/decide", {"version": 1}),
    ]


def _mutations(body):
    for key in body:
        for value in ODD_VALUES:
            yield {**body, key: value}
        inner = body[key]
        if isinstance(inner, list) and inner and isinstance(inner[0], dict):
            for sub in inner[0]:
                for value in ODD_VALUES:
                    yield {**body, key: [{**inner[0], sub: value}]}


def test_no_odd_value_in_any_field_causes_a_server_error(province, period, api_as):
    code = make_code(province.hoa_an, period, status=CodeStatus.DRAFT)
    published = make_code(province.dong, period)
    evaluation = api_as("admin").post(f"/codes/{published.pk}/evaluation").json()["id"]
    api = api_as("unit_head")
    for method, path, body in _valid_bodies(province, code.pk, code.items.first().pk, evaluation):
        for mutated in _mutations(body):
            with transaction.atomic():  # each mutation starts from the same state
                response = api.call(method, path, mutated)
                transaction.set_rollback(True)
            assert response.status_code < 500, (method, path, mutated, response.content)
