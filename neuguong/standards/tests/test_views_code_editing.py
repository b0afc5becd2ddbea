"""Editing a draft on the version page: items, groups not applicable, submitting.
The secretary of Tổ Toán edits the cell's code."""

from django.urls import reverse

from neuguong.core.models import AuditEntry
from neuguong.regulations.models import Regulation, RegulationItem
from neuguong.standards import services
from neuguong.standards.models import CodeStatus, EthicsCode, Relationship

from .access_rows import code_with_items


def url(name, *args):
    return reverse(f"standards:{name}", args=args)


def draft(province, period, texts=None):
    return code_with_items(province.maths, period, by=province.users["secretary"], texts=texts)


def fresh(code):
    return EthicsCode.objects.get(pk=code.pk)


def snapshot(code):
    code = fresh(code)
    items = list(code.items.values_list("relationship", "text"))
    return code.status, code.version, code.not_applicable, items


def test_version_page_renders_for_editor_and_member_with_bounded_queries(
    client_for, province, period, django_assert_max_num_queries
):
    code = draft(province, period)
    for persona in ("secretary", "member", "propaganda"):
        client = client_for(persona)
        with django_assert_max_num_queries(25):
            response = client.get(url("code", code.pk))
        assert response.status_code == 200
    editor = client_for("secretary").get(url("code", code.pk)).content.decode()
    assert "Thêm nội dung vào nhóm này" in editor and "Trình cấp trên phê duyệt" in editor
    assert 'maxlength="300"' in editor and "Tối đa 300 ký tự" in editor
    member = client_for("member").get(url("code", code.pk)).content.decode()
    assert "Thêm nội dung vào nhóm này" not in member and "Gợi ý" not in member


def test_editor_sees_guidance_hints_that_do_not_block(client_for, province, period):
    code = draft(province, period, texts=[Relationship.PARTY])
    body = client_for("secretary").get(url("code", code.pk)).content.decode()
    assert "Chưa có nội dung cho mối quan hệ “Đối với bản thân”." in body


def test_editor_adds_an_item_to_a_group(client_for, province, period):
    code = draft(province, period, texts=[Relationship.PARTY])
    response = client_for("secretary").post(
        url("item_add", code.pk),
        {
            "relationship": 5,
            "text": "Không uống rượu bia trong giờ làm việc.",
            "version": code.version,
        },
    )
    assert response.status_code == 302 and response["Location"] == url("code", code.pk) + "#g5"
    assert fresh(code).items.filter(relationship=5).get().text.startswith("Không uống rượu")
    assert AuditEntry.objects.filter(action="code.item_add", object_id=str(code.pk)).exists()


def test_an_item_over_the_length_limit_is_refused_and_kept(client_for, province, period):
    period.code_item_max_length = 40
    period.save()
    code = draft(province, period, texts=[])
    before = snapshot(code)
    text = "Không " + "x" * 60
    response = client_for("secretary").post(
        url("item_add", code.pk), {"relationship": 2, "text": text, "version": code.version}
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "Mỗi chuẩn mực tối đa 40 ký tự; nội dung này có 66 ký tự." in body
    assert text in body  # the typed text stays in the form
    assert 'maxlength="40"' in body
    assert snapshot(code) == before


def test_a_stale_add_is_a_conflict_that_keeps_the_typed_text(client_for, province, period):
    code = draft(province, period, texts=[Relationship.PARTY])
    stale = code.version
    services.add_item(
        code, by=province.users["unit_head"], version=None, relationship=2, text="Đúng giờ họp."
    )
    before = snapshot(code)
    response = client_for("secretary").post(
        url("item_add", code.pk),
        {"relationship": 3, "text": "Góp ý thẳng thắn trong họp.", "version": stale},
    )
    body = response.content.decode()
    assert response.status_code == 409
    assert "vừa được người khác thay đổi" in body
    assert "Góp ý thẳng thắn trong họp." in body and "Đúng giờ họp." in body
    assert f'name="version" value="{before[1]}" id="add3_version"' in body
    assert snapshot(code) == before


def test_editor_edits_an_item_with_its_group_and_citations(client_for, province, period):
    rule = Regulation.objects.create(
        symbol="37-QĐ/TW",
        kind="quy_dinh",
        issuing_body="BCH TW",
        title="Những điều đảng viên không được làm",
    )
    cited = RegulationItem.objects.create(regulation=rule, number="Điều 2", title="Không nói trái")
    code = draft(province, period)
    item = code.items.get(relationship=1)
    client = client_for("secretary")
    assert (
        "37-QĐ/TW, Điều 2: Không nói trái" in client.get(url("item_edit", item.pk)).content.decode()
    )
    response = client.post(
        url("item_edit", item.pk),
        {"text": "Không nói, viết trái quan điểm của Đảng.", "relationship": 1,
         "citations": [cited.pk], "version": fresh(code).version},
    )  # fmt: skip
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.text == "Không nói, viết trái quan điểm của Đảng."
    assert list(item.citations.all()) == [cited]
    assert "37-QĐ/TW, Điều 2" in client.get(url("code", code.pk)).content.decode()


def test_editing_an_item_over_the_limit_changes_nothing(client_for, province, period):
    code = draft(province, period)
    item = code.items.get(relationship=1)
    before = snapshot(code)
    response = client_for("secretary").post(
        url("item_edit", item.pk),
        {"text": "a" * 301, "relationship": 1, "version": fresh(code).version},
    )
    assert response.status_code == 400
    assert "Mỗi chuẩn mực tối đa 300 ký tự" in response.content.decode()
    assert snapshot(code) == before


def test_editor_deletes_an_item(client_for, province, period):
    code = draft(province, period)
    item = code.items.get(relationship=4)
    response = client_for("secretary").post(
        url("item_delete", item.pk), {"version": fresh(code).version}
    )
    assert response.status_code == 302
    assert not fresh(code).items.filter(relationship=4).exists()
    assert AuditEntry.objects.filter(action="code.item_delete").exists()


def test_a_group_marked_not_applicable_needs_a_reason(client_for, province, period):
    code = draft(province, period, texts=[1, 2, 4, 5])
    before = snapshot(code)
    client = client_for("secretary")
    response = client.post(
        url("not_applicable", code.pk), {"relationship": 3, "reason": " ", "version": code.version}
    )
    assert response.status_code == 400
    assert "Hãy ghi lý do nhóm này không áp dụng với đơn vị." in response.content.decode()
    assert snapshot(code) == before

    response = client.post(
        url("not_applicable", code.pk),
        {"relationship": 3, "reason": "Chi bộ chỉ có một đảng viên.", "version": code.version},
    )
    assert response.status_code == 302
    assert fresh(code).not_applicable == {"3": "Chi bộ chỉ có một đảng viên."}
    body = client.get(url("code", code.pk)).content.decode()
    assert "Không áp dụng với đơn vị. Lý do: Chi bộ chỉ có một đảng viên." in body

    response = client.post(
        url("not_applicable", code.pk),
        {"relationship": 3, "clear": "True", "version": fresh(code).version},
    )
    assert response.status_code == 302 and fresh(code).not_applicable == {}


def test_submitting_with_an_empty_group_is_refused(client_for, province, period):
    code = draft(province, period, texts=[1, 2, 3, 4])
    before = snapshot(code)
    response = client_for("secretary").post(url("code_submit", code.pk), {"version": code.version})
    body = response.content.decode()
    assert response.status_code == 400
    assert "Chưa có chuẩn mực nào cho: Đối với bản thân." in body
    assert snapshot(code) == before


def test_submitting_with_the_empty_group_marked_not_applicable_works(client_for, province, period):
    code = draft(province, period, texts=[1, 2, 3, 4])
    secretary = province.users["secretary"]
    code = services.set_not_applicable(
        code, by=secretary, version=None, relationship=5, reason="Đã có trong nội quy."
    )
    response = client_for("secretary").post(url("code_submit", code.pk), {"version": code.version})
    assert response.status_code == 302
    assert fresh(code).status == CodeStatus.SUBMITTED
    assert AuditEntry.objects.filter(action="code.submit", object_id=str(code.pk)).exists()


def test_a_submitted_version_cannot_be_edited(client_for, province, period):
    code = draft(province, period)
    code = services.submit_code(code, by=province.users["secretary"], version=None)
    item = code.items.first()
    before = snapshot(code)
    client = client_for("secretary")
    assert "Thêm nội dung vào nhóm này" not in client.get(url("code", code.pk)).content.decode()
    response = client.post(
        url("item_edit", item.pk),
        {"text": "Đổi nội dung.", "relationship": 1, "version": code.version},
    )
    assert response.status_code == 400
    assert "không sửa được" in response.content.decode()
    assert snapshot(code) == before


def test_a_member_may_not_edit(client_for, province, period):
    code = draft(province, period)
    before = snapshot(code)
    response = client_for("member").post(
        url("item_add", code.pk), {"relationship": 1, "text": "Thêm.", "version": code.version}
    )
    assert response.status_code == 403
    assert snapshot(code) == before
