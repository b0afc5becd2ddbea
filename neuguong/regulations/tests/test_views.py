from datetime import date

from django.urls import reverse

from neuguong.core.models import AuditEntry
from neuguong.regulations import services
from neuguong.regulations.models import Period, Regulation, RegulationItem

from .helpers import cite, make_regulation


def url(name, *args):
    return reverse(f"regulations:{name}", args=args)


def regulation_rows():
    return list(Regulation.objects.order_by("pk").values())


def period_rows():
    return list(Period.objects.order_by("pk").values())


REGULATION_FORM = {
    "symbol": "04-QĐ/TU",
    "kind": "quy_dinh",
    "issuing_body": "Tỉnh ủy",
    "issued_on": "01/06/2021",
    "title": "Về đạo đức, lối sống",
}
PERIOD_FORM = {
    "name": "Năm 2027",
    "kind": "year",
    "starts_on": "01/01/2027",
    "ends_on": "31/12/2027",
    "year_theme": "Chuyên đề năm 2027",
    "term_theme": "",
    "codes_published_by": "31/03/2027",
    "plans_registered_by": "",
    "plans_approved_by": "",
    "reviews_done_by": "",
    "code_item_max_length": "300",
}


# The library ----------------------------------------------------------------------


def test_library_lists_regulations_for_any_member(client_for, library):
    body = client_for("member").get(url("library")).content.decode()
    assert "144-QĐ/TW" in body and "37-QĐ/TW" in body
    assert "bởi 366-QĐ/TW" in body  # QĐ 124 is replaced
    assert url("regulation_create") not in body  # no edit buttons for a member


def test_library_shows_the_add_button_to_the_propaganda_officer(client_for, library):
    assert url("regulation_create") in client_for("propaganda").get(url("library")).content.decode()


def test_library_searches_without_diacritics_and_filters(client_for, library):
    client = client_for("member")
    body = client.get(url("library"), {"q": "nhung dieu dang vien"}).content.decode()
    assert "37-QĐ/TW" in body and "144-QĐ/TW" not in body
    body = client.get(url("library"), {"status": "replaced"}).content.decode()
    assert "124-QĐ/TW" in body and "144-QĐ/TW" not in body
    body = client.get(url("library"), {"kind": "chi_thi"}).content.decode()
    assert "Không có văn bản nào khớp" in body


def test_library_answers_400_to_a_bad_filter(client_for, library):
    response = client_for("member").get(url("library"), {"kind": "luat", "q": "x" * 10_000})
    assert response.status_code == 400
    assert "Tìm thấy 0 văn bản" in response.content.decode()


def test_library_query_count_does_not_grow(client_for, library, django_assert_max_num_queries):
    client = client_for("member")
    client.get(url("library"))
    for i in range(60):
        make_regulation(f"{i}-KH/TU", kind="ke_hoach")
    with django_assert_max_num_queries(8):
        response = client.get(url("library"))
    assert response.content.decode().count('<th scope="row"><a href=') == 50
    assert "Trang 1/2" in response.content.decode()


def test_regulation_detail_shows_items_citations_and_periods(client_for, province, library, period):
    period.regulations.add(library.qd144)
    cite(library.loyal, period, province.school, times=2)
    body = client_for("member").get(url("regulation", library.qd144.pk)).content.decode()
    assert "Trung thành với Đảng" in body and "Cần, kiệm, liêm, chính" in body
    assert "2 chuẩn mực" in body and "Năm 2026" in body
    assert url("item_edit", library.loyal.pk) not in body


def test_regulation_detail_of_an_unknown_or_huge_id_is_404(client_for, library):
    client = client_for("member")
    assert client.get(url("regulation", 999_999)).status_code == 404
    assert client.get(f"/programme/regulations/{2**64}/").status_code == 404


def test_regulation_detail_queries_are_bounded(
    client_for, province, library, period, django_assert_max_num_queries
):
    for i in range(30):
        services.add_item(
            library.qd37, by=province.users["propaganda"], number=f"Điều {i + 3}", title="X"
        )
    client = client_for("propaganda")
    client.get(url("regulation", library.qd37.pk))  # the session's first save
    # Session, user, roles and menu (7), the regulation, the count and page of items,
    # its periods and the documents it replaces.
    with django_assert_max_num_queries(13):
        response = client.get(url("regulation", library.qd37.pk))
    assert response.content.decode().count("Điều ") >= 31


# Regulation forms -----------------------------------------------------------------


def test_officer_adds_a_regulation(client_for, library):
    response = client_for("propaganda").post(url("regulation_create"), REGULATION_FORM)
    regulation = Regulation.objects.get(symbol="04-QĐ/TU")
    assert response.status_code == 302 and response["Location"] == url("regulation", regulation.pk)
    assert regulation.issued_on == date(2021, 6, 1)


def test_adding_a_duplicate_symbol_shows_the_message_and_changes_nothing(client_for, library):
    before = regulation_rows()
    response = client_for("propaganda").post(
        url("regulation_create"), REGULATION_FORM | {"symbol": "144-qd/tw"}
    )
    assert response.status_code == 400
    assert "Số, ký hiệu “144-qd/tw” đã có trong thư viện." in response.content.decode()
    assert regulation_rows() == before


def test_a_member_may_not_open_or_send_the_regulation_forms(client_for, library):
    client = client_for("member")
    before = regulation_rows()
    assert client.get(url("regulation_create")).status_code == 403
    assert client.post(url("regulation_create"), REGULATION_FORM).status_code == 403
    assert client.get(url("regulation_edit", library.qd37.pk)).status_code == 403
    assert client.post(url("regulation_replace", library.qd37.pk), {}).status_code == 403
    assert regulation_rows() == before


def test_a_stale_regulation_edit_is_409_and_keeps_the_typed_input(client_for, province, library):
    services.update_regulation(
        library.qd37, by=province.users["admin"], version=1, symbol="37-QĐ/TW",
        kind="quy_dinh", issuing_body="Ban Chấp hành Trung ương", title="Điều cấm",
    )  # fmt: skip
    before = regulation_rows()
    data = REGULATION_FORM | {"symbol": "37-QĐ/TW", "title": "Tiêu đề tôi vừa gõ", "version": 1}
    response = client_for("propaganda").post(url("regulation_edit", library.qd37.pk), data)
    body = response.content.decode()
    assert response.status_code == 409
    assert "Tiêu đề tôi vừa gõ" in body  # the input stays
    assert "Ban Chấp hành Trung ương" in body  # the current value is shown
    assert 'name="version" value="2"' in body  # the next save is based on the current row
    assert regulation_rows() == before


def test_replace_form_marks_a_regulation_replaced_and_back(client_for, library):
    client = client_for("propaganda")
    page = url("regulation_replace", library.qd37.pk)
    response = client.post(page, {"replaced_by": library.qd144.pk, "version": 1})
    assert response.status_code == 302
    library.qd37.refresh_from_db()
    assert library.qd37.replaced_by == library.qd144
    client.post(page, {"replaced_by": "", "version": 2})
    library.qd37.refresh_from_db()
    assert library.qd37.is_in_force


def test_a_regulation_cannot_be_picked_to_replace_itself(client_for, library):
    before = regulation_rows()
    response = client_for("propaganda").post(
        url("regulation_replace", library.qd37.pk), {"replaced_by": library.qd37.pk, "version": 1}
    )
    assert response.status_code == 400
    assert "Hãy chọn một văn bản trong danh sách." in response.content.decode()
    assert regulation_rows() == before


def test_replace_form_refuses_a_circle(client_for, library):
    before = regulation_rows()
    response = client_for("propaganda").post(
        url("regulation_replace", library.qd366.pk),
        {"replaced_by": library.qd124.pk, "version": 1},
    )
    assert response.status_code == 400
    assert "đã được thay thế (trực tiếp hoặc gián tiếp)" in response.content.decode()
    assert regulation_rows() == before


# Items ----------------------------------------------------------------------------


def test_officer_adds_edits_and_deletes_an_item(client_for, library):
    client = client_for("propaganda")
    response = client.post(
        url("item_create", library.qd37.pk), {"number": "Điều 3", "title": "Tham nhũng"}
    )
    assert response.status_code == 302
    item = RegulationItem.objects.get(regulation=library.qd37, number="Điều 3")
    response = client.post(
        url("item_edit", item.pk), {"number": "Điều 3", "title": "Tham nhũng, tiêu cực"}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.title == "Tham nhũng, tiêu cực"
    response = client.post(url("item_delete", item.pk))
    assert response.status_code == 302
    assert not RegulationItem.objects.filter(pk=item.pk).exists()


def test_item_form_shows_a_duplicate_number_on_its_field(client_for, library):
    response = client_for("propaganda").post(
        url("item_create", library.qd37.pk), {"number": "điều 2", "title": "Trùng"}
    )
    assert response.status_code == 400
    assert "“37-QĐ/TW” đã có điều, mục “điều 2”." in response.content.decode()
    assert library.qd37.items.count() == 1


def test_deleting_a_cited_item_says_why_and_keeps_it(client_for, province, library, period):
    cite(library.loyal, period, province.school)
    response = client_for("propaganda").post(url("item_delete", library.loyal.pk), follow=True)
    assert "1 nội dung chuẩn mực đạo đức đang trích dẫn" in response.content.decode()
    assert RegulationItem.objects.filter(pk=library.loyal.pk).exists()


def test_a_member_may_not_change_items(client_for, library):
    client = client_for("member")
    assert client.get(url("item_create", library.qd37.pk)).status_code == 403
    assert (
        client.post(url("item_edit", library.art2.pk), {"number": "x", "title": "y"}).status_code
        == 403
    )
    assert client.post(url("item_delete", library.art2.pk)).status_code == 403
    assert client.get(url("item_delete", library.art2.pk)).status_code == 405
    library.art2.refresh_from_db()
    assert library.art2.title == "Nói, viết, làm trái quan điểm của Đảng"


# Periods --------------------------------------------------------------------------


def test_periods_list_highlights_the_current_period(client_for, period):
    Period.objects.create(name="Năm 2025", starts_on=date(2025, 1, 1), ends_on=date(2025, 12, 31))
    body = client_for("member").get(url("periods")).content.decode()
    assert "Kỳ hiện tại: Năm 2026" in body
    assert body.count('class="row--current"') == 1
    assert url("period_create") not in body


def test_period_detail_shows_themes_regulations_and_deadlines(client_for, library, period):
    period.regulations.add(library.qd144, library.qd37)
    body = client_for("outsider").get(url("period", period.pk)).content.decode()
    assert "Học tập và làm theo tư tưởng" in body
    assert "144-QĐ/TW" in body and "37-QĐ/TW" in body
    assert "Hạn công bố chuẩn mực" in body and "31/03/2026" in body


def test_officer_creates_a_period_with_regulations(client_for, library):
    data = PERIOD_FORM | {"regulations": [library.qd144.pk, library.qd37.pk]}
    response = client_for("propaganda").post(url("period_create"), data)
    period = Period.objects.get(name="Năm 2027")
    assert response.status_code == 302 and response["Location"] == url("period", period.pk)
    assert set(period.regulations.all()) == {library.qd144, library.qd37}


def test_period_form_lists_only_regulations_in_force(client_for, library):
    body = client_for("propaganda").get(url("period_create")).content.decode()
    assert "144-QĐ/TW" in body and "124-QĐ/TW" not in body


def test_period_form_refuses_a_replaced_regulation(client_for, library):
    before = period_rows()
    data = PERIOD_FORM | {"regulations": [library.qd124.pk]}
    response = client_for("propaganda").post(url("period_create"), data)
    assert response.status_code == 400
    assert period_rows() == before


def test_period_form_shows_date_and_limit_errors(client_for, period):
    client = client_for("propaganda")
    before = period_rows()
    cases = [
        ({"ends_on": "01/12/2026"}, "Ngày kết thúc phải từ ngày bắt đầu trở đi."),
        ({"codes_published_by": "01/01/2028"}, "phải nằm trong kỳ, từ 01/01/2027 đến 31/12/2027"),
        ({"code_item_max_length": "19"}, "phải từ 20 đến 2000 ký tự"),
        ({"code_item_max_length": "99999999999999999999"}, "phải từ 20 đến 2000 ký tự"),
        ({"name": "Năm 2026"}, "Đã có kỳ thực hiện tên “Năm 2026”."),
        ({"starts_on": "31/02/2027"}, "Hãy nhập ngày theo dạng ngày/tháng/năm."),
    ]
    for change, message in cases:
        response = client.post(url("period_create"), PERIOD_FORM | change)
        assert response.status_code == 400, change
        assert message in response.content.decode(), change
    assert period_rows() == before


def test_a_stale_period_edit_is_409_and_keeps_the_typed_input(client_for, province, period):
    services.update_period(
        period, by=province.users["admin"], version=1, term_theme="Của người khác"
    )
    before = period_rows()
    data = PERIOD_FORM | {
        "name": "Năm 2026", "starts_on": "01/01/2026", "ends_on": "31/12/2026",
        "codes_published_by": "", "year_theme": "Tôi vừa gõ", "version": 1,
    }  # fmt: skip
    response = client_for("propaganda").post(url("period_edit", period.pk), data)
    body = response.content.decode()
    assert response.status_code == 409
    assert "Tôi vừa gõ" in body and "Của người khác" in body
    assert 'name="version" value="2"' in body
    assert period_rows() == before


def test_officer_edits_a_period(client_for, period):
    data = PERIOD_FORM | {
        "name": "Năm 2026", "starts_on": "01/01/2026", "ends_on": "31/12/2026",
        "codes_published_by": "15/03/2026", "version": 1,
    }  # fmt: skip
    response = client_for("admin").post(url("period_edit", period.pk), data)
    assert response.status_code == 302
    period.refresh_from_db()
    assert period.codes_published_by == date(2026, 3, 15) and period.version == 2


def test_close_and_reopen_a_period_from_its_page(client_for, period):
    client = client_for("propaganda")
    client.post(url("period_close", period.pk))
    period.refresh_from_db()
    assert not period.is_open
    response = client.post(url("period_close", period.pk), follow=True)
    assert "Kỳ này đã đóng." in response.content.decode()
    client.post(url("period_open", period.pk))
    period.refresh_from_db()
    assert period.is_open
    assert AuditEntry.objects.filter(action__startswith="period.").count() == 2


def test_a_member_may_not_change_periods(client_for, period):
    client = client_for("member")
    before = period_rows()
    assert client.get(url("period_create")).status_code == 403
    assert client.post(url("period_create"), PERIOD_FORM).status_code == 403
    assert client.get(url("period_edit", period.pk)).status_code == 403
    assert client.post(url("period_close", period.pk)).status_code == 403
    assert period_rows() == before
