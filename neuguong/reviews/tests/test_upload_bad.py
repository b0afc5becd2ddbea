"""Bad uploads of the rating sheet: each refuses the whole sheet, names every bad row,
and changes nothing (no level set, no audit entry)."""

import io
import time
import zipfile
from decimal import Decimal

import pytest

from neuguong.core.models import AuditEntry
from neuguong.exchange import sheet_reader
from neuguong.organisations.factories import make_person
from neuguong.reviews.factories import make_review
from neuguong.reviews.models import Review, ReviewStatus
from neuguong.reviews.sheet_upload import SheetRefused, apply_sheet

from .upload_sheets import SCORES, as_upload, download, fill, huge_sheet, teachers, with_formula

pytestmark = pytest.mark.django_db

MATHS = "TT:HOA-AN-THPT-TOAN"


@pytest.fixture
def cell(province, period):
    """Tổ Toán: its collective review and four teachers' reviews, all proposed HTT."""
    collective = make_review(None, period, unit=province.maths, proposed=2, score=SCORES[2])
    return [collective, *teachers(province, period, 4)]


def _state():
    reviews = Review.objects.order_by("pk").values_list(
        "pk", "status", "proposed_level", "decided_level", "not_rated", "version"
    )
    return list(reviews), AuditEntry.objects.count()


def _refused(province, period, data: bytes, persona: str = "unit_head", unit=None) -> list:
    """Upload `data`; assert it was refused whole and nothing changed; the errors."""
    before = _state()
    with pytest.raises(SheetRefused) as e:
        apply_sheet(
            unit=unit or province.maths,
            period=period,
            upload=as_upload(data),
            by=province.users[persona],
        )
    assert _state() == before
    return [(err.row, err.message) for err in e.value.errors]


def _all_htt(reviews) -> dict:
    codes = {r.person.code: {"decided": "HTT"} for r in reviews if r.person_id}
    return codes | {MATHS: {"decided": "HTT"}}


# The rows ----------------------------------------------------------------------------------


def test_unknown_person_code_is_named_with_its_row(province, period, cell):
    data = fill(download(province.maths, period), _all_htt(cell), extra=[["KHONG-CO-AI"]])

    errors = _refused(province, period, data)

    assert errors == [(7, "Không có cán bộ, đảng viên nào mã “KHONG-CO-AI”.")]


def test_misspelt_levels_are_each_named_with_the_accepted_values(province, period, cell):
    codes = [r.person.code for r in cell[1:]]
    changes = _all_htt(cell) | {
        codes[0]: {"decided": "HTTT"},
        codes[2]: {"proposed": "Tốt lắm"},
    }

    errors = _refused(province, period, fill(download(province.maths, period), changes))

    assert [row for row, _m in errors] == [3, 5]
    assert errors[0][1].startswith("Mức quyết định “HTTT” không hợp lệ; chỉ nhận HTXS, HTT")
    assert "“Không xếp loại”" in errors[0][1]
    assert errors[1][1].startswith("Mức đề xuất “Tốt lắm” không hợp lệ; chỉ nhận HTXS, HTT")


def test_rows_outside_the_uploaders_scope_are_refused(province, period, cell):
    outsider = province.people.outsider  # Chi bộ Khu 3, Bình Minh
    villager = province.people.villager  # Chi bộ Thôn Đông, Hòa An
    data = fill(
        download(province.maths, period),
        _all_htt(cell),
        extra=[[outsider.code, "", "", "", "", "HTT"], [villager.code, "", "", "", "", "HTT"]],
    )

    # The head of Hòa An sees the villager (reviewed elsewhere), not the outsider.
    errors = _refused(province, period, data)

    assert errors == [
        (7, f"Mã “{outsider.code}” thuộc người ngoài phạm vi của bạn; không xếp loại được."),
        (8, f"Phạm Thị Đào (mã {villager.code}) không kiểm điểm tại Chi bộ Tổ Toán trong kỳ "
            "Năm 2026."),
    ]  # fmt: skip


def test_a_decision_by_someone_without_the_right_is_refused(province, period, cell):
    data = fill(download(province.maths, period), _all_htt(cell))

    # The cell's secretary proposes but does not decide (the level above does).
    errors = _refused(province, period, data, persona="secretary")

    assert len(errors) == 5
    assert errors[0] == (
        2,
        "Bạn không có thẩm quyền quyết định xếp loại cho Tập thể Chi bộ Tổ Toán.",
    )


def test_a_proposal_by_someone_without_assess_rights_is_refused(province, period, cell):
    code = cell[1].person.code
    data = fill(download(province.maths, period), {code: {"proposed": "HTNV"}})

    # The organisation officer decides but does not propose.
    errors = _refused(province, period, data, persona="org_officer")

    assert errors == [(3, "Bạn không có thẩm quyền đề xuất mức cho Giáo viên 0.")]


def test_nobody_rates_their_own_review_through_the_sheet(province, period, cell):
    own = make_review(province.people.secretary, period, proposed=None, status="commented")
    data = fill(download(province.maths, period), {own.person.code: {"proposed": "HTXS"}})

    errors = _refused(province, period, data, persona="secretary")

    assert errors == [(7, "Bạn không được đề xuất mức cho chính mình.")]


def test_duplicate_rows_and_a_wrong_name_are_named(province, period, cell):
    code = cell[1].person.code
    data = fill(
        download(province.maths, period),
        _all_htt(cell),
        extra=[[code, "Giáo viên 0", "", "", "", "HTT"], [cell[2].person.code, "Người Khác"]],
    )

    errors = _refused(province, period, data)

    assert errors == [
        (7, "Trùng với dòng 3 (cùng một bản kiểm điểm)."),
        (8, "Trùng với dòng 4 (cùng một bản kiểm điểm)."),
    ]


def test_a_name_that_does_not_match_the_code_is_refused(province, period, cell):
    code = cell[1].person.code
    changes = _all_htt(cell) | {code: {"name": "Nguyễn Văn Khác", "decided": "HTT"}}

    errors = _refused(province, period, fill(download(province.maths, period), changes))

    assert errors == [(3, f"Mã {code} là của Giáo viên 0, không phải “Nguyễn Văn Khác”.")]


def test_a_decided_review_is_not_changed_without_reopening(province, period, cell):
    for review in cell[1:3]:
        Review.objects.filter(pk=review.pk).update(
            status=ReviewStatus.DECIDED, decided_level=2, decision_note="Đã họp"
        )
    data = download(province.maths, period)
    changes = {cell[1].person.code: {"decided": "HTNV"}, cell[2].person.code: {"note": "Khác"}}

    errors = _refused(province, period, fill(data, changes))

    assert errors == [
        (3, "Đã xếp loại HTT; muốn đổi phải mở lại."),
        (4, "Đã xếp loại; ghi chú chỉ đổi được khi mở lại bản kiểm điểm."),
    ]


# Rules across the sheet ------------------------------------------------------------------


def test_a_quota_breach_inside_the_upload_names_the_rows(province, period):
    make_review(None, period, unit=province.maths, decided=2, score=SCORES[2])
    teachers(province, period, 10, decided=2)  # 10 HTT: at most 2 HTXS
    stars = teachers(province, period, 3, proposed=1, name="Ngôi sao")
    data = fill(
        download(province.maths, period), {r.person.code: {"decided": "HTXS"} for r in stars}
    )

    errors = _refused(province, period, data)

    assert [row for row, _m in errors] == [13, 14, 15]
    for _row, message in errors:
        assert "đã có 0 HTXS trên 10 HTT; tối đa 2 HTXS" in message


def test_a_disqualified_person_rated_above_khtnv_is_named(province, period, cell):
    from datetime import date

    from neuguong.reviews.models import Discipline

    Discipline.objects.create(
        person=cell[2].person, kind="warning", decided_on=date(2026, 5, 1), authority="UBKT"
    )

    errors = _refused(province, period, fill(download(province.maths, period), _all_htt(cell)))

    assert [row for row, _m in errors] == [4]
    assert "Cảnh cáo" in errors[0][1] or "kỷ luật" in errors[0][1]


# The file -----------------------------------------------------------------------------------


def test_a_formula_cell_is_named(province, period, cell):
    data = with_formula(
        fill(download(province.maths, period), _all_htt(cell)), {"F3": '="HT"&"T"', "G5": "=1+1"}
    )

    errors = _refused(province, period, data)

    assert errors == [
        (None, "Bảng xếp loại chỉ nhận giá trị; hãy thay công thức bằng giá trị."),
        (3, "Ô F3 chứa công thức."),
        (5, "Ô G5 chứa công thức."),
    ]


def test_a_million_rows_is_refused_quickly_from_the_sheets_size(province, period, cell):
    data = huge_sheet(1_000_000)
    start = time.perf_counter()

    errors = _refused(province, period, data)

    assert time.perf_counter() - start < 2
    assert errors == [
        (None, "Tệp có 1.000.000 dòng; bảng xếp loại này nhận tối đa 105 dòng dữ liệu.")
    ]


def test_a_million_rows_not_declared_are_counted_only_up_to_the_limit(province, period, cell):
    data = huge_sheet(1_000_000, dimension=False)
    start = time.perf_counter()

    errors = _refused(province, period, data)

    assert time.perf_counter() - start < 2
    assert errors == [
        (None, "Tệp có hơn 105 dòng (dừng đếm ở đó); bảng xếp loại này nhận tối đa 105 dòng "
               "dữ liệu.")
    ]  # fmt: skip


def test_the_absolute_row_cap_holds_for_any_unit(province, period, monkeypatch):
    monkeypatch.setattr(sheet_reader, "MAX_ROWS", 50)
    from neuguong.reviews import sheet_upload

    monkeypatch.setattr(sheet_upload, "MAX_ROWS", 50)
    data = huge_sheet(60, dimension=False)

    errors = _refused(province, period, data)

    assert "tối đa 50 dòng" in errors[0][1]


def test_a_cell_far_out_is_refused_before_reading(province, period, cell):
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(download(province.maths, period)))
    book["Xếp loại"]["XFD9"] = "x"
    out = io.BytesIO()
    book.save(out)

    errors = _refused(province, period, out.getvalue())

    assert errors == [
        (None, "Ô XFD9 (trang “Xếp loại”) nằm ngoài bảng xếp loại (tối đa đến cột Z).")
    ]


def test_a_file_over_the_size_limit_is_refused_unread(province, period, cell):
    errors = _refused(province, period, b"PK\x03\x04" + b"0" * (6 * 1024 * 1024))

    assert errors == [(None, "Tệp nặng 6,0 MB; bảng xếp loại tối đa 5 MB.")]


def test_a_file_that_is_not_a_workbook_is_refused(province, period, cell):
    pdf = _refused(province, period, b"%PDF-1.4\n%%EOF\n")
    text = _refused(province, period, "Mã cán bộ;Mức quyết định\n".encode())

    assert pdf == [
        (None, "Tệp “bang-xep-loai.xlsx” không phải bảng tính Excel (.xlsx); hãy tải bảng "
               "xếp loại về, điền rồi tải lên lại.")
    ]  # fmt: skip
    assert text == pdf


def test_a_workbook_with_macros_is_refused(province, period, cell):
    data = download(province.maths, period)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item))
        dst.writestr("xl/vbaProject.bin", b"\x00" * 64)

    errors = _refused(province, period, out.getvalue())

    assert "chứa macro" in errors[0][1]


def test_another_units_sheet_is_refused(province, period, cell):
    make_review(None, period, unit=province.dong, proposed=2, score=SCORES[2])
    data = download(province.dong, period)

    errors = _refused(province, period, data)

    assert errors == [
        (None, "Bảng này là của đơn vị mã “HOA-AN-DONG”, kỳ mã "
               f"{period.pk}; trang này nhận bảng của Chi bộ Tổ Toán (mã HOA-AN-THPT-TOAN), "
               "kỳ Năm 2026.")
    ]  # fmt: skip


def test_a_sheet_without_its_information_page_is_refused(province, period, cell):
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(download(province.maths, period)))
    del book["Thông tin"]
    out = io.BytesIO()
    book.save(out)

    errors = _refused(province, period, out.getvalue())

    assert "Không nhận ra mẫu bảng" in errors[0][1]


def test_a_sheet_missing_a_level_column_is_refused(province, period, cell):
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(download(province.maths, period)))
    book["Xếp loại"]["F1"] = "Mức"
    out = io.BytesIO()
    book.save(out)

    errors = _refused(province, period, out.getvalue())

    assert errors == [(1, "Dòng tiêu đề thiếu cột: Mức quyết định.")]


def test_a_doctype_in_the_sheet_is_refused(province, period, cell):
    data = download(province.maths, period)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            body = src.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                body = body.replace(
                    b"<worksheet", b'<!DOCTYPE x [<!ENTITY a "aaaa">]><worksheet', 1
                )
            dst.writestr(item, body)

    errors = _refused(province, period, out.getvalue())

    assert errors == [(None, "Tệp Excel có cấu trúc bất thường.")]


def test_every_bad_row_is_listed_at_once(province, period, cell):
    codes = [r.person.code for r in cell[1:]]
    changes = _all_htt(cell) | {codes[0]: {"decided": "HTX"}, codes[3]: {"decided": "Giỏi"}}
    data = fill(download(province.maths, period), changes, extra=[["KHONG-CO"], ["P-LA"]])

    errors = _refused(province, period, data)

    assert [row for row, _m in errors] == [3, 6, 7, 8]


def test_a_leader_decided_later_in_the_same_sheet_is_checked_on_the_whole_batch(province, period):
    # Collectives first: deciding a teacher while the cell's own review waits is refused,
    # unless the same sheet decides the cell too.
    make_review(None, period, unit=province.maths, proposed=2, score=Decimal(85))
    (review,) = teachers(province, period, 1)
    data = fill(download(province.maths, period), {review.person.code: {"decided": "HTT"}})

    errors = _refused(province, period, data)

    assert [row for row, _m in errors] == [3]
    assert "tập thể được xếp loại trước cá nhân" in errors[0][1]
    both = fill(data, {MATHS: {"decided": "HTT"}})
    apply_sheet(
        unit=province.maths,
        period=period,
        upload=as_upload(both),
        by=province.users["unit_head"],
    )
    assert Review.objects.filter(status=ReviewStatus.DECIDED).count() == 2


def test_a_person_unknown_to_the_period_is_named(province, period, cell):
    newcomer = make_person("Người Mới", workplace=province.school, party_cell=province.maths)
    data = fill(download(province.maths, period), _all_htt(cell), extra=[[newcomer.code]])

    errors = _refused(province, period, data)

    assert errors == [
        (7, f"Người Mới (mã {newcomer.code}) không kiểm điểm tại Chi bộ Tổ Toán trong kỳ "
            "Năm 2026.")
    ]  # fmt: skip
