"""The report's Word file (Nghị định 30/2020 layout) and Excel workbook carry exactly
the figures the page shows: frozen once submitted, live in a draft."""

import io
import re
from datetime import date

import openpyxl
import pytest
from django.urls import reverse

from ..factories import at, make_report

pytestmark = pytest.mark.django_db


def url(unit, name="reports:report"):
    return reverse(name, args=(unit.pk, "monthly", 2026, 10))


def page_figures(client, unit) -> tuple[dict, dict]:
    html = client.get(url(unit)).content.decode()
    part = html[html.index('id="report-figures"') :]
    part = part[: part.index("</table>")]
    own = {c: int(v) for c, v in re.findall(r'data-counter="(\w+)">(\d+)<', part)}
    below = {c: int(v) for c, v in re.findall(r'data-children="(\w+)">(\d+)<', part)}
    return own, below


def docx(client, unit):
    import docx as python_docx

    response = client.get(url(unit, "reports:docx"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return python_docx.Document(io.BytesIO(response.content))


def xlsx(client, unit):
    response = client.get(url(unit, "reports:xlsx"))
    assert response.status_code == 200
    return openpyxl.load_workbook(io.BytesIO(response.content))


@pytest.fixture
def sent(province, period):
    """Hòa An's October report, submitted, with the school's report sent before it."""
    from .. import services
    from ..factories import report_key

    make_report(province.school, submitted_at=at(2026, 11, 2), figures={"units": 2, "people": 2})
    key = report_key(province.hoa_an)
    head = province.users["unit_head"]
    services.save_report(
        key,
        by=head,
        version=0,
        narrative={"tinh_hinh": "Tình hình ổn định.\nĐoàn kết tốt.", "de_xuat": "Không."},
        header={
            "symbol": "15-BC/ĐU",
            "place": "Hạ Long",
            "signed_on": date(2026, 11, 5),
            "recipients": "- Ban Thường vụ Tỉnh ủy (b/c);\n- Lưu Văn phòng.",
            "signer_title": "T/M Đảng ủy, Bí thư",
            "signer_name": "Lê Đức Dũng",
        },
    )
    return services.submit_report(key, by=head, version=1)


def test_the_word_file_has_the_administrative_layout(province, sent, client_for):
    doc = docx(client_for("unit_head"), province.hoa_an)
    left, right = doc.tables[0].rows[0].cells
    assert [p.text for p in left.paragraphs] == [
        "TỈNH ỦY THỬ NGHIỆM",
        "ĐẢNG ỦY XÃ HÒA AN",
        "",
        "Số: 15-BC/ĐU",
    ]
    assert left.paragraphs[1].runs[0].bold
    national, motto, _blank, place_date = right.paragraphs
    assert national.text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" and national.runs[0].bold
    assert motto.text == "Độc lập - Tự do - Hạnh phúc"
    assert motto.runs[0].bold and motto.runs[0].underline
    assert place_date.text == "Hạ Long, ngày 05 tháng 11 năm 2026"
    assert place_date.runs[0].italic
    texts = [p.text for p in doc.paragraphs]
    assert texts[:2] == [
        "BÁO CÁO",
        "Kết quả thực hiện trách nhiệm nêu gương của cán bộ, đảng viên tháng 10 năm 2026",
    ]
    assert "Bản dự thảo — chưa gửi cấp trên" not in texts
    assert "II. Tình hình chung" in texts and "Đoàn kết tốt." in texts
    recipients, signature = doc.tables[-1].rows[0].cells
    assert [p.text for p in recipients.paragraphs] == [
        "Nơi nhận:",
        "- Ban Thường vụ Tỉnh ủy (b/c);",
        "- Lưu Văn phòng.",
    ]
    lines = [p.text for p in signature.paragraphs if p.text]
    assert lines == ["T/M ĐẢNG ỦY, BÍ THƯ", "Lê Đức Dũng"]
    assert doc.styles["Normal"].font.name == "Times New Roman"
    assert doc.styles["Normal"].font.size.pt in (13, 14)


def _word_figures(doc) -> tuple[dict, dict]:
    from neuguong.dashboards.sources import LABELS

    by_label = {str(label): counter for counter, label in LABELS.items()}
    own, below = {}, {}
    for row in doc.tables[1].rows[1:]:
        cells = [c.text for c in row.cells]
        if cells[0].isdigit():
            counter = by_label[cells[1]]
            own[counter] = int(cells[2].replace(".", ""))
            below[counter] = int(cells[3].replace(".", ""))
    return own, below


def test_the_word_figures_are_the_pages(province, sent, client_for):
    client = client_for("unit_head")
    own, below = page_figures(client, province.hoa_an)
    assert own == sent.figures and below["units"] == 2
    assert _word_figures(docx(client, province.hoa_an)) == (own, below)
    children = [[c.text for c in row.cells] for row in docx(client, province.hoa_an).tables[2].rows]
    assert children[1][1] == "Chi bộ Thôn Đông" and children[1][2].startswith("Chưa bắt đầu")
    assert children[2][1:3] == ["Đảng bộ Trường THPT Hòa An", "Đã gửi đúng hạn"]


def test_a_drafts_word_file_says_so_and_shows_the_live_figures(province, period, client_for):
    make_report(province.maths)
    client = client_for("secretary")
    doc = docx(client, province.maths)
    assert "Bản dự thảo — chưa gửi cấp trên" in [p.text for p in doc.paragraphs]
    assert _word_figures(doc)[0] == page_figures(client, province.maths)[0]


def test_the_excel_figures_are_the_pages_with_each_childs(province, sent, client_for):
    client = client_for("unit_head")
    own, below = page_figures(client, province.hoa_an)
    book = xlsx(client, province.hoa_an)
    sheet = book["Số liệu"]
    rows = list(sheet.iter_rows(values_only=True))
    head = next(i for i, row in enumerate(rows) if row[2] == "Mã chỉ tiêu")
    assert rows[head][3:7] == (
        "Đảng ủy xã Hòa An",
        "Cộng đơn vị trực thuộc đã gửi",
        "Chi bộ Thôn Đông",
        "Đảng bộ Trường THPT Hòa An",
    )
    figures = {row[2]: row for row in rows[head + 1 :]}
    assert {c: row[3] for c, row in figures.items()} == own
    assert {c: row[4] for c, row in figures.items()} == below
    assert figures["units"][5:7] == (None, 2)
    assert {row[0]: row[1] for row in rows[:head]}["Số, ký hiệu"] == "15-BC/ĐU"
    text = list(book["Nội dung"].iter_rows(values_only=True))
    assert text[1] == ("Tình hình chung", "Tình hình ổn định.\nĐoàn kết tốt.")
    children = list(book["Đơn vị trực thuộc"].iter_rows(values_only=True))
    assert [row[2] for row in children[1:]] == ["Chưa bắt đầu", "Đã gửi đúng hạn"]
