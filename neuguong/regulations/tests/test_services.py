from datetime import date

import pytest

from neuguong.core.errors import ConflictError, DomainError
from neuguong.core.models import AuditEntry
from neuguong.regulations import services
from neuguong.regulations.models import Period, Regulation, RegulationItem

from .helpers import cite


def state():
    """Everything these services may change."""
    return (
        list(Regulation.objects.order_by("pk").values()),
        list(RegulationItem.objects.order_by("pk").values()),
        list(Period.objects.order_by("pk").values()),
        list(Period.regulations.through.objects.order_by("pk").values()),
        AuditEntry.objects.count(),
    )


@pytest.fixture
def officer(province):
    return province.users["propaganda"]


def refused(call, message, *, code=None):
    """Run `call`, expect a DomainError whose message contains `message`, and check
    that nothing changed."""
    before = state()
    with pytest.raises(DomainError) as err:
        call()
    assert message in str(err.value.message), err.value.message
    if code:
        assert err.value.code == code
    assert state() == before
    return err.value


PERIOD = {
    "name": "Năm 2027",
    "starts_on": date(2027, 1, 1),
    "ends_on": date(2027, 12, 31),
    "year_theme": "Chuyên đề 2027",
    "codes_published_by": date(2027, 3, 31),
}


# Regulations ----------------------------------------------------------------------


def test_create_regulation_folds_the_symbol_and_logs(province, officer):
    regulation = services.create_regulation(
        by=officer,
        symbol="  04-QĐ/TU ",
        kind="quy_dinh",
        issuing_body="Tỉnh ủy",
        title="Về đạo đức,   lối sống",
        issued_on=date(2021, 6, 1),
    )
    assert regulation.symbol == "04-QĐ/TU" and regulation.symbol_folded == "04-qd/tu"
    assert regulation.title == "Về đạo đức, lối sống"
    entry = AuditEntry.objects.get(action="regulation.create")
    assert entry.actor == officer and entry.after["symbol"] == "04-QĐ/TU"


@pytest.mark.parametrize("symbol", ["144-QĐ/TW", "144-qd/tw", "144 - QĐ / TW"])
def test_create_regulation_refuses_a_symbol_already_in_the_library(
    province, officer, library, symbol
):
    err = refused(
        lambda: services.create_regulation(
            by=officer, symbol=symbol, kind="quy_dinh", issuing_body="BCT", title="Trùng"
        ),
        "đã có trong thư viện",
    )
    assert err.field == "symbol"


@pytest.mark.parametrize(
    ("fields", "message", "field"),
    [
        ({"symbol": "  "}, "Số, ký hiệu là bắt buộc", "symbol"),
        ({"symbol": "x" * 61}, "tối đa 60 ký tự", "symbol"),
        ({"kind": "luat"}, "Loại văn bản không hợp lệ", "kind"),
        ({"issuing_body": ""}, "Cơ quan ban hành là bắt buộc", "issuing_body"),
        ({"title": "y" * 10_000}, "tối đa 500 ký tự", "title"),
    ],
)
def test_create_regulation_refuses_bad_fields(province, officer, fields, message, field):
    data = {"symbol": "06-QĐ/TU", "kind": "quy_dinh", "issuing_body": "Tỉnh ủy", "title": "Tố giác"}
    err = refused(lambda: services.create_regulation(by=officer, **(data | fields)), message)
    assert err.field == field


@pytest.mark.parametrize("persona", ["member", "unit_head", "org_officer", "supervisor"])
def test_only_programme_managers_create_regulations(province, persona):
    refused(
        lambda: services.create_regulation(
            by=province.users[persona],
            symbol="06-QĐ/TU",
            kind="quy_dinh",
            issuing_body="Tỉnh ủy",
            title="Tố giác",
        ),
        "Chỉ cán bộ Ban Tuyên giáo",
        code="forbidden",
    )


def test_admin_manages_the_library(province):
    regulation = services.create_regulation(
        by=province.users["admin"], symbol="08-QĐi/TW", kind="quy_dinh", issuing_body="BCH",
        title="Trách nhiệm nêu gương",
    )  # fmt: skip
    assert regulation.pk


def test_update_regulation_saves_and_logs_the_difference(province, officer, library):
    services.update_regulation(
        library.qd37, by=officer, version=1, symbol="37-QĐ/TW", kind="quy_dinh",
        issuing_body="Ban Chấp hành Trung ương", title="Những điều đảng viên không được làm",
        issued_on=date(2024, 5, 9),
    )  # fmt: skip
    library.qd37.refresh_from_db()
    assert library.qd37.version == 2 and library.qd37.issuing_body == "Ban Chấp hành Trung ương"
    entry = AuditEntry.objects.get(action="regulation.update")
    assert entry.before == {"issuing_body": "Bộ Chính trị"}
    assert entry.after == {"issuing_body": "Ban Chấp hành Trung ương"}


def test_update_regulation_refuses_a_stale_version(province, officer, library):
    err = refused(
        lambda: services.update_regulation(
            library.qd37,
            by=officer,
            version=7,
            symbol="37-QĐ/TW",
            kind="quy_dinh",
            issuing_body="X",
            title="Y",
        ),
        "vừa được người khác sửa",
    )
    assert isinstance(err, ConflictError) and err.current.pk == library.qd37.pk


def test_update_regulation_refuses_another_documents_symbol(province, officer, library):
    refused(
        lambda: services.update_regulation(
            library.qd37,
            by=officer,
            version=1,
            symbol="144-qđ/tw",
            kind="quy_dinh",
            issuing_body="BCT",
            title="Y",
        ),
        "Số, ký hiệu “144-qđ/tw” đã có trong thư viện",
    )


def test_update_regulation_by_a_member_is_refused(province, library):
    refused(
        lambda: services.update_regulation(
            library.qd37,
            by=province.users["member"],
            version=1,
            symbol="37-QĐ/TW",
            kind="quy_dinh",
            issuing_body="X",
            title="Y",
        ),
        "Chỉ cán bộ Ban Tuyên giáo",
        code="forbidden",
    )


# Replacement ----------------------------------------------------------------------


def test_replace_and_restore_a_regulation(province, officer, library):
    services.replace_regulation(library.qd37, by=officer, replaced_by=library.qd144)
    library.qd37.refresh_from_db()
    assert library.qd37.status == "replaced" and library.qd37.replaced_by == library.qd144
    services.restore_regulation(library.qd37, by=officer)
    library.qd37.refresh_from_db()
    assert library.qd37.is_in_force and library.qd37.replaced_by is None
    actions = list(AuditEntry.objects.order_by("pk").values_list("action", "after"))
    assert actions == [
        ("regulation.replace", {"status": "replaced", "replaced_by": library.qd144.pk}),
        ("regulation.restore", {"status": "in_force", "replaced_by": None}),
    ]


def test_a_regulation_is_not_replaced_by_itself(province, officer, library):
    err = refused(
        lambda: services.replace_regulation(library.qd37, by=officer, replaced_by=library.qd37),
        "không thể được thay thế bởi chính nó",
    )
    assert err.field == "replaced_by"


def test_replacements_do_not_go_round_in_a_circle(province, officer, library):
    # QĐ 124 is replaced by QĐ 366: QĐ 366 cannot be replaced by QĐ 124.
    refused(
        lambda: services.replace_regulation(library.qd366, by=officer, replaced_by=library.qd124),
        "đã được thay thế (trực tiếp hoặc gián tiếp)",
    )


def test_restoring_a_regulation_in_force_is_refused(province, officer, library):
    refused(lambda: services.restore_regulation(library.qd37, by=officer), "đang còn hiệu lực")


def test_replace_with_a_stale_version_is_a_conflict(province, officer, library):
    err = refused(
        lambda: services.replace_regulation(
            library.qd37, by=officer, replaced_by=library.qd144, version=3
        ),
        "vừa được người khác sửa",
    )
    assert err.status == 409


@pytest.mark.parametrize("persona", ["member", "secretary", "inspection"])
def test_only_programme_managers_replace_or_restore(province, library, persona):
    user = province.users[persona]
    refused(
        lambda: services.replace_regulation(library.qd37, by=user, replaced_by=library.qd144),
        "Chỉ cán bộ Ban Tuyên giáo",
    )
    refused(
        lambda: services.restore_regulation(library.qd124, by=user), "Chỉ cán bộ Ban Tuyên giáo"
    )


# Items ----------------------------------------------------------------------------


def test_add_item_goes_last_by_default_and_logs(province, officer, library):
    item = services.add_item(
        library.qd144, by=officer, number="Chuẩn mực 3", title="Yêu thương con người",
        text="Dòng một\r\nDòng hai  ",
    )  # fmt: skip
    assert item.order == 3 and item.text == "Dòng một\nDòng hai"
    assert AuditEntry.objects.get(action="regulation.item_add").after["number"] == "Chuẩn mực 3"


def test_add_item_refuses_a_number_the_regulation_already_has(province, officer, library):
    err = refused(
        lambda: services.add_item(library.qd144, by=officer, number="chuẩn mực 1", title="Trùng"),
        "“144-QĐ/TW” đã có điều, mục “chuẩn mực 1”",
    )
    assert err.field == "number"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"title": ""}, "Nội dung tóm tắt là bắt buộc"),
        ({"title": "t" * 301}, "tối đa 300 ký tự"),
        ({"number": "n" * 31}, "tối đa 30 ký tự"),
        ({"text": "x" * 20_001}, "tối đa 20000 ký tự"),
        ({"order": -1}, "Thứ tự phải từ 0"),
    ],
)
def test_add_item_refuses_bad_fields(province, officer, library, fields, message):
    data = {"number": "Điều 3", "title": "Tham nhũng"} | fields
    refused(lambda: services.add_item(library.qd37, by=officer, **data), message)


def test_update_item_keeps_its_order_when_none_is_given(province, officer, library):
    item = services.update_item(
        library.honest, by=officer, number="Chuẩn mực 2", title="Cần, kiệm, liêm, chính, chí công"
    )
    assert item.order == 2 and item.title.endswith("chí công")
    entry = AuditEntry.objects.get(action="regulation.item_update")
    assert entry.before == {"title": "Cần, kiệm, liêm, chính"}


def test_update_item_refuses_a_sibling_number(province, officer, library):
    refused(
        lambda: services.update_item(
            library.honest, by=officer, number="Chuẩn mực 1", title="Cần, kiệm"
        ),
        "đã có điều, mục “Chuẩn mực 1”",
    )


def test_delete_item_removes_an_uncited_item(province, officer, library):
    services.delete_item(library.art2, by=officer)
    assert not RegulationItem.objects.filter(pk=library.art2.pk).exists()
    assert AuditEntry.objects.get(action="regulation.item_delete").before["number"] == "Điều 2"


def test_delete_item_refuses_an_item_that_codes_cite(province, officer, library, period):
    cite(library.loyal, period, province.school, times=2)
    refused(
        lambda: services.delete_item(library.loyal, by=officer),
        "Không xóa được “Chuẩn mực 1”: 2 nội dung chuẩn mực đạo đức đang trích dẫn",
        code="cited",
    )


@pytest.mark.parametrize("persona", ["member", "unit_head", "org_officer"])
def test_only_programme_managers_change_items(province, library, persona):
    user = province.users[persona]
    message = "Chỉ cán bộ Ban Tuyên giáo"
    refused(lambda: services.add_item(library.qd37, by=user, number="Điều 9", title="X"), message)
    refused(
        lambda: services.update_item(library.art2, by=user, number="Điều 2", title="X"), message
    )
    refused(lambda: services.delete_item(library.art2, by=user), message)


# Periods --------------------------------------------------------------------------


def test_create_period_links_regulations_and_logs(province, officer, library):
    period = services.create_period(
        by=officer, regulations=[library.qd144, library.qd37, library.qd144], **PERIOD
    )
    assert period.kind == "year" and period.code_item_max_length == 300 and period.is_open
    assert set(period.regulations.all()) == {library.qd144, library.qd37}
    entry = AuditEntry.objects.get(action="period.create")
    assert entry.after["regulations"] == ["144-QĐ/TW", "37-QĐ/TW"]


def test_a_period_may_not_end_before_it_starts(province, officer):
    data = PERIOD | {"ends_on": date(2026, 12, 31), "codes_published_by": None}
    err = refused(
        lambda: services.create_period(by=officer, **data),
        "Ngày kết thúc phải từ ngày bắt đầu trở đi",
    )
    assert err.field == "ends_on"


@pytest.mark.parametrize(
    "deadline",
    ["codes_published_by", "plans_registered_by", "plans_approved_by", "reviews_done_by"],
)
def test_a_deadline_outside_the_period_is_refused(province, officer, deadline):
    data = PERIOD | {"codes_published_by": None, deadline: date(2028, 1, 15)}
    err = refused(
        lambda: services.create_period(by=officer, **data),
        "(15/01/2028) phải nằm trong kỳ, từ 01/01/2027 đến 31/12/2027",
    )
    assert err.field == deadline


@pytest.mark.parametrize("limit", [0, 19, 2001, 10**20])
def test_the_item_length_limit_stays_within_range(province, officer, limit):
    err = refused(
        lambda: services.create_period(by=officer, code_item_max_length=limit, **PERIOD),
        "Độ dài tối đa của một chuẩn mực phải từ 20 đến 2000 ký tự",
    )
    assert err.field == "code_item_max_length"


@pytest.mark.parametrize(
    ("fields", "message", "field"),
    [
        ({"name": "năm 2026"}, "Đã có kỳ thực hiện tên “năm 2026”", "name"),
        ({"name": ""}, "Tên kỳ là bắt buộc", "name"),
        ({"kind": "month"}, "Loại kỳ không hợp lệ", "kind"),
        ({"year_theme": "c" * 2001}, "tối đa 2000 ký tự", "year_theme"),
        ({"starts_on": None}, "Hãy nhập ngày bắt đầu và ngày kết thúc", "starts_on"),
    ],
)
def test_create_period_refuses_bad_fields(province, officer, period, fields, message, field):
    err = refused(lambda: services.create_period(by=officer, **(PERIOD | fields)), message)
    assert err.field == field


def test_a_replaced_regulation_is_not_newly_linked_to_a_period(province, officer, library):
    refused(
        lambda: services.create_period(by=officer, regulations=[library.qd124], **PERIOD),
        "Văn bản “124-QĐ/TW” đã được thay thế",
    )


def test_a_period_keeps_a_regulation_replaced_after_it_was_linked(
    province, officer, library, period
):
    period.regulations.add(library.qd124)
    services.update_period(
        period, by=officer, version=1, regulations=[library.qd124, library.qd366]
    )
    assert set(period.regulations.all()) == {library.qd124, library.qd366}


def test_update_period_changes_only_what_is_given(province, officer, period):
    saved = services.update_period(period, by=officer, version=1, term_theme="Toàn khóa")
    assert saved.term_theme == "Toàn khóa" and saved.name == "Năm 2026" and saved.version == 2
    entry = AuditEntry.objects.get(action="period.update")
    assert entry.before == {"term_theme": ""} and entry.after == {"term_theme": "Toàn khóa"}


def test_update_period_refuses_a_stale_version(province, officer, period):
    err = refused(
        lambda: services.update_period(period, by=officer, version=9, name="Năm 2026 (sửa)"),
        "vừa được người khác sửa",
    )
    assert err.status == 409


def test_moving_the_start_after_a_deadline_is_refused(province, officer, period):
    refused(
        lambda: services.update_period(period, by=officer, version=1, starts_on=date(2026, 6, 1)),
        "Hạn công bố chuẩn mực (31/03/2026) phải nằm trong kỳ",
    )


def test_close_and_reopen_a_period(province, officer, period):
    services.set_period_open(period, by=officer, is_open=False)
    period.refresh_from_db()
    assert not period.is_open
    refused(lambda: services.set_period_open(period, by=officer, is_open=False), "đã đóng")
    services.set_period_open(period, by=officer, is_open=True)
    period.refresh_from_db()
    assert period.is_open
    assert list(AuditEntry.objects.values_list("action", flat=True).order_by("pk")) == [
        "period.close",
        "period.open",
    ]


@pytest.mark.parametrize("persona", ["member", "secretary", "unit_head", "org_officer"])
def test_only_programme_managers_change_periods(province, period, persona):
    user, message = province.users[persona], "Chỉ cán bộ Ban Tuyên giáo"
    refused(lambda: services.create_period(by=user, **PERIOD), message, code="forbidden")
    refused(lambda: services.update_period(period, by=user, version=1, name="X"), message)
    refused(lambda: services.set_period_open(period, by=user, is_open=False), message)
