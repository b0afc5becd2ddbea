"""A unit's rating list and rating sheet as Excel: what they hold, their order, the
drop-down lists, the information page, bounded queries, and who may download them."""

import io
import zipfile
from datetime import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from neuguong.api.tests.helpers import client_for_user
from neuguong.exchange import review_workbook
from neuguong.organisations.factories import make_person
from neuguong.reviews.factories import make_review
from neuguong.reviews.models import Review
from neuguong.reviews.tests.upload_sheets import SCORES, teachers

from .xlsx import read_xlsx

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _list(unit, period) -> dict:
    out = io.BytesIO()
    review_workbook.write_rating_list(out, unit, period)
    return read_xlsx(out.getvalue())


def _sheet(unit, period) -> bytes:
    out = io.BytesIO()
    review_workbook.write_rating_sheet(out, unit, period)
    return out.getvalue()


@pytest.fixture
def cell(province, period):
    """Tổ Toán: the collective decided HTT, its head decided HTXS, three teachers (two
    HTT decided, one proposed HTNV)."""
    collective = make_review(None, period, unit=province.maths, decided=2, score=SCORES[2])
    head_person = make_person("Trưởng Tổ", workplace=province.school, party_cell=province.maths)
    head = make_review(head_person, period, is_head=True, decided=1, score=SCORES[1])
    head.decided_by = province.users["unit_head"]
    head.decided_at = timezone.make_aware(datetime(2026, 12, 20, 9))
    head.post_title = "Bí thư chi bộ"
    head.save()
    rest = teachers(province, period, 2, decided=2) + teachers(province, period, 1, proposed=3)
    Review.objects.filter(pk=rest[0].pk).update(votes_htt=9, votes_htnv=1)
    return [collective, head, *rest]


def test_rating_list_rows_in_order_with_every_column(province, period, cell):
    book = _list(province.maths, period)

    rows = book["Danh sách xếp loại"]
    assert rows[0][:4] == ["Mã cán bộ", "Họ và tên", "Chức vụ", "Loại xếp loại"]
    assert rows[0][-3:] == ["Điểm", "Người quyết định", "Ngày quyết định"]
    assert [r[1] for r in rows[1:]] == [
        "Tập thể Chi bộ Tổ Toán",
        "Trưởng Tổ",
        "Giáo viên 0",
        "Giáo viên 0",
        "Giáo viên 1",
    ]
    assert rows[1][0] == "TT:HOA-AN-THPT-TOAN"
    head = rows[2]
    assert head[0] == cell[1].person.code
    assert head[2:6] == [
        "Bí thư chi bộ",
        "Xếp loại đảng viên, tổ chức đảng",
        "2B",
        "Đã xếp loại",
    ]
    assert head[12:] == ["HTXS", 95.0, "Lê Đức Dũng", "20/12/2026"]
    voted = next(r for r in rows[1:] if r[0] == cell[2].person.code)
    assert voted[7:11] == [0.0, 9.0, 1.0, 0.0]
    proposed = next(r for r in rows[1:] if r[0] == cell[4].person.code)
    assert proposed[11:13] == ["HTNV", ""]


def test_rating_list_summary_counts_levels_and_each_quota_group(province, period, cell):
    summary = _list(province.maths, period)["Tổng hợp"]

    table = {row[0]: row[1:] for row in summary if row}
    assert table["Hoàn thành xuất sắc nhiệm vụ (HTXS)"] == [1.0, 0.0, 1.0]
    assert table["Hoàn thành tốt nhiệm vụ (HTT)"] == [3.0, 0.0, 3.0]  # with the collective
    assert table["Chưa quyết định"] == [1.0, 0.0, 1.0]
    # The head counts among the cell's leaders (1 HTXS on 0 HTT: over), the teachers
    # among its staff, the collective among the school's cells.
    assert table["Chi bộ Tổ Toán, cán bộ lãnh đạo, quản lý"] == [0.0, 1.0, 0.0, "Vượt giới hạn"]
    assert table["Chi bộ Tổ Toán, cán bộ không giữ chức vụ lãnh đạo"] == [
        2.0,
        0.0,
        0.0,
        "Trong giới hạn",
    ]
    assert table["Các tập thể trực thuộc Đảng bộ Trường THPT Hòa An"][-1] == "Trong giới hạn"


def test_rating_sheet_has_the_upload_columns_lists_and_information(province, period, cell):
    data = _sheet(province.maths, period)
    book = read_xlsx(data)

    rows = book["Xếp loại"]
    assert rows[0][:7] == [
        "Mã cán bộ",
        "Họ và tên",
        "Nơi kiểm điểm",
        "Loại xếp loại",
        "Mức đề xuất",
        "Mức quyết định",
        "Ghi chú",
    ]
    assert rows[1][:6] == [
        "TT:HOA-AN-THPT-TOAN",
        "Tập thể Chi bộ Tổ Toán",
        "Chi bộ Tổ Toán",
        "Xếp loại đảng viên, tổ chức đảng",
        "HTT",
        "HTT",
    ]
    assert len(rows) == 6
    # The head's HTXS breaks the leaders' quota: the rules say so in the help column.
    head = rows[2]
    assert "tối đa 0 HTXS" in head[8]
    info = {r[0]: r[1] for r in book["Thông tin"]}
    assert info["Mẫu tệp"] == review_workbook.SHEET_FORMAT
    assert info["Mã đơn vị"] == "HOA-AN-THPT-TOAN" and info["Mã kỳ"] == str(period.pk)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
        assert "<f>" not in xml
    assert xml.count("<dataValidation ") == 2
    assert '"HTXS,HTT,HTNV,KHTNV"' in xml
    assert '"HTXS,HTT,HTNV,KHTNV,Không xếp loại"' in xml
    assert 'sqref="E2:E6"' in xml and 'sqref="F2:F6"' in xml


def test_text_that_looks_like_a_formula_stays_text(province, period):
    person = make_person('=HYPERLINK("http://x")', workplace=province.school)
    make_review(person, period, unit=province.school, track="state")

    data = _sheet(province.school, period)

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert "<f>" not in archive.read("xl/worksheets/sheet1.xml").decode()
    assert read_xlsx(data)["Xếp loại"][1][1] == '=HYPERLINK("http://x")'


def test_queries_do_not_grow_with_the_rows(province, period):
    make_review(None, period, unit=province.maths, proposed=2, score=SCORES[2])
    teachers(province, period, 3)
    with CaptureQueriesContext(connection) as few:
        _sheet(province.maths, period)
        _list(province.maths, period)
    teachers(province, period, 20, name="Đảng viên")
    with CaptureQueriesContext(connection) as many:
        _sheet(province.maths, period)
        _list(province.maths, period)
    assert len(many) == len(few)


# Who may download -------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["exchange:rating_list_xlsx", "exchange:rating_sheet_xlsx"])
def test_page_downloads_need_reviews_view_on_the_unit(province, period, client_for, cell, name):
    url = reverse(name, args=[province.maths.pk]) + f"?period={period.pk}"

    ok = client_for("supervisor").get(url)

    assert ok.status_code == 200 and ok["Content-Type"] == XLSX
    assert "attachment;" in ok["Content-Disposition"]
    assert b"".join(ok.streaming_content).startswith(b"PK")
    assert client_for("member").get(url).status_code == 403
    assert client_for("outsider").get(url).status_code == 404


def test_an_unknown_period_is_a_clear_400(province, client_for, cell):
    url = reverse("exchange:rating_list_xlsx", args=[province.maths.pk]) + "?period=x1"

    response = client_for("secretary").get(url)

    assert response.status_code == 400
    assert "Không tìm thấy kỳ thực hiện “x1”" in response.content.decode()


@pytest.mark.parametrize("file", ["ratings.xlsx", "sheet.xlsx"])
def test_api_downloads_follow_the_same_scope(province, period, cell, file):
    path = f"/review-files/units/{province.maths.pk}/{file}"

    ok = client_for_user(province.users["secretary"]).get(path, period=period.pk)
    member = client_for_user(province.users["member"]).get(path)
    outsider = client_for_user(province.users["outsider"]).get(path)

    assert ok.status_code == 200 and ok["Content-Type"] == XLSX
    assert "Chi bộ Tổ Toán" in str(read_xlsx(b"".join(ok.streaming_content)))
    assert member.status_code == 403 and outsider.status_code == 404
