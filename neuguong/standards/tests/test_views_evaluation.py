"""The year-end evaluation of a unit's published code."""

from django.urls import reverse

from neuguong.core.models import AuditEntry
from neuguong.standards import services
from neuguong.standards.models import CodeEvaluation, EvaluationStatus

from .access_rows import code_with_items
from .test_views_unit_codes import published_maths


def url(name, *args):
    return reverse(f"standards:{name}", args=args)


def started(province, period):
    code = published_maths(province, period)
    return services.start_evaluation(code, by=province.users["secretary"], period=period)


def answers(evaluation, *, result="met", skip=None, version=None):
    data = {"overall": "met", "comment": "Tốt.", "version": version or evaluation.version}
    for row in evaluation.items.all():
        if row.pk != skip:
            data[f"result_{row.pk}"] = result
        data[f"evidence_{row.pk}"] = "Biên bản họp chi bộ."
        data[f"comment_{row.pk}"] = ""
    return data


def rows(evaluation):
    return list(evaluation.items.order_by("pk").values_list("result", "evidence"))


def test_evaluating_an_unpublished_code_is_refused(client_for, province, period):
    code_with_items(province.maths, period, by=province.users["secretary"])
    response = client_for("secretary").post(url("evaluation_start", province.maths.pk), follow=True)
    assert "Chỉ đánh giá được chuẩn mực đang áp dụng" in response.content.decode()
    assert not CodeEvaluation.objects.exists()


def test_evaluating_a_unit_without_any_code_is_refused(client_for, province, period):
    response = client_for("secretary").post(url("evaluation_start", province.maths.pk), follow=True)
    assert "Chỉ đánh giá được chuẩn mực đang áp dụng" in response.content.decode()
    assert not CodeEvaluation.objects.exists()


def test_editor_starts_the_evaluation_of_the_version_in_force(client_for, province, period):
    published_maths(province, period)
    response = client_for("secretary").post(
        url("evaluation_start", province.maths.pk), {"period": period.pk}
    )
    evaluation = CodeEvaluation.objects.get()
    assert response.status_code == 302 and response["Location"] == url("evaluation", evaluation.pk)
    assert evaluation.items.count() == 5 and evaluation.period == period


def test_evaluation_page_renders_a_result_for_each_item(
    client_for, province, period, django_assert_max_num_queries
):
    evaluation = started(province, period)
    client = client_for("secretary")
    with django_assert_max_num_queries(20):
        response = client.get(url("evaluation", evaluation.pk))
    body = response.content.decode()
    assert body.count(">Đạt một phần</label>") == 6  # five items and the overall result
    assert "Lưu và chốt kết quả" in body
    member = client_for("member").get(url("evaluation", evaluation.pk)).content.decode()
    assert "Lưu và chốt kết quả" not in member and "Kết quả từng nội dung" in member


def test_editor_saves_the_results(client_for, province, period):
    evaluation = started(province, period)
    response = client_for("secretary").post(url("evaluation", evaluation.pk), answers(evaluation))
    assert response.status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.overall == "met" and evaluation.status == EvaluationStatus.DRAFT
    assert set(rows(evaluation)) == {("met", "Biên bản họp chi bộ.")}
    assert AuditEntry.objects.filter(action="code_evaluation.save").exists()


def test_deciding_needs_the_confirmation(client_for, province, period):
    evaluation = started(province, period)
    data = answers(evaluation) | {"action": "decide"}
    response = client_for("secretary").post(url("evaluation", evaluation.pk), data)
    assert response.status_code == 400
    assert "Hãy đánh dấu xác nhận trước khi chốt kết quả." in response.content.decode()
    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationStatus.DRAFT and rows(evaluation)[0] == ("", "")


def test_deciding_with_an_item_left_open_changes_nothing(client_for, province, period):
    evaluation = started(province, period)
    first = evaluation.items.order_by("pk").first()
    data = answers(evaluation, skip=first.pk) | {"action": "decide", "confirm": "on"}
    response = client_for("secretary").post(url("evaluation", evaluation.pk), data)
    body = response.content.decode()
    assert response.status_code == 400
    assert "Còn 1 nội dung chưa có kết quả đánh giá." in body
    assert "Biên bản họp chi bộ." in body  # what was typed stays
    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationStatus.DRAFT and evaluation.overall == ""
    assert rows(evaluation)[1] == ("", "")


def test_a_decided_evaluation_is_locked_and_read_only(client_for, province, period):
    evaluation = started(province, period)
    client = client_for("secretary")
    data = answers(evaluation, result="partly") | {"action": "decide", "confirm": "on"}
    assert client.post(url("evaluation", evaluation.pk), data).status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationStatus.DECIDED
    assert AuditEntry.objects.filter(action="code_evaluation.decide").exists()
    body = client.get(url("evaluation", evaluation.pk)).content.decode()
    assert "Lưu và chốt kết quả" not in body and "Đạt một phần" in body
    response = client.post(url("evaluation", evaluation.pk), answers(evaluation, result="met"))
    assert response.status_code == 400
    assert "Kết quả đánh giá đã chốt, không sửa được." in response.content.decode()
    assert {r[0] for r in rows(evaluation)} == {"partly"}


def test_a_stale_save_is_a_conflict_that_keeps_the_input(client_for, province, period):
    evaluation = started(province, period)
    stale = evaluation.version
    services.save_evaluation(
        evaluation, by=province.users["unit_head"], version=None, results={}, comment="Khác."
    )
    data = answers(evaluation, version=stale)
    data["comment"] = "Nhận xét của tôi."
    response = client_for("secretary").post(url("evaluation", evaluation.pk), data)
    body = response.content.decode()
    assert response.status_code == 409
    assert "vừa được người khác thay đổi" in body and "Nhận xét của tôi." in body
    evaluation.refresh_from_db()
    assert evaluation.comment == "Khác."


def test_a_member_cannot_save(client_for, province, period):
    evaluation = started(province, period)
    response = client_for("member").post(url("evaluation", evaluation.pk), answers(evaluation))
    assert response.status_code == 403
    assert rows(evaluation)[0] == ("", "")
