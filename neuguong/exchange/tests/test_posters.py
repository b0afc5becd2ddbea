"""The poster builders: what the Word file and the PDF hold, and what they refuse."""

import io
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from docx import Document

from neuguong.core.errors import DomainError
from neuguong.exchange import posters
from neuguong.organisations.factories import make_unit
from neuguong.organisations.models import UnitKind
from neuguong.standards.models import CodeStatus, EthicsCode, Relationship

from .factories import ALL_TEXTS, make_code
from .pdf import document_text, pdf_mapped_chars, pdf_plain

NUMERALS = ["I", "II", "III", "IV", "V"]
HEADINGS = [f"{n}. {label.upper()}" for n, label in zip(NUMERALS, Relationship.labels, strict=True)]


def docx_text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


# The Word file ---------------------------------------------------------------------------


def test_docx_holds_the_unit_the_effective_date_every_item_and_the_five_groups(code):
    data = posters.code_poster_docx(code)

    text = docx_text(data)
    assert "Đảng bộ Trường THPT Hòa An" in text
    assert "Áp dụng từ ngày 05/03/2026" in text
    assert "Phiên bản số 1" in text
    assert "CHUẨN MỰC ĐẠO ĐỨC NGHỀ NGHIỆP, ĐẠO ĐỨC CÔNG VỤ" in text
    for heading in HEADINGS:
        assert heading in text
    for item in ALL_TEXTS:
        assert item in text
    assert "1. Tuyệt đối trung thành" in text and "2. Không nói, viết" in text
    assert "Sát chức năng, nhiệm vụ, ngắn gọn, dễ nhớ, dễ thực hiện và đánh giá" in text


def test_docx_is_a4_portrait_in_times_new_roman(code):
    doc = Document(io.BytesIO(posters.code_poster_docx(code)))

    section = doc.sections[0]
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    assert doc.styles["Normal"].font.name == "Times New Roman"


def test_party_unit_is_headed_as_a_party_document_under_its_parent(code):
    text = docx_text(posters.code_poster_docx(code))

    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text
    assert "ĐẢNG ỦY XÃ HÒA AN" in text and "ĐẢNG BỘ TRƯỜNG THPT HÒA AN" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" not in text


def test_state_unit_is_headed_with_the_national_title_and_motto(province, period):
    agency = make_unit(
        "Sở Giáo dục và Đào tạo", parent=province.root, kind=UnitKind.STATE_AGENCY, code="SGD"
    )
    text = docx_text(posters.code_poster_docx(make_code(agency, period)))

    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" not in text
    assert "SỞ GIÁO DỤC VÀ ĐÀO TẠO" in text


def test_group_marked_not_applicable_shows_its_reason(province, period):
    items = {r: ["Gương mẫu, đúng giờ."] for r in Relationship.values if r != Relationship.UNIT}
    code = make_code(
        province.school,
        period,
        items=items,
        not_applicable={"2": "Đơn vị chỉ có một người làm việc"},
    )

    text = docx_text(posters.code_poster_docx(code))

    assert "Không áp dụng: Đơn vị chỉ có một người làm việc" in text


def test_superseded_version_prints_marked_as_replaced(province, period):
    old = make_code(province.school, period, status=CodeStatus.SUPERSEDED)

    text = docx_text(posters.code_poster_docx(old))

    assert "Phiên bản số 1 – đã được thay thế bằng phiên bản mới" in text


@pytest.mark.parametrize(
    "status", [CodeStatus.DRAFT, CodeStatus.SUBMITTED, CodeStatus.RETURNED, CodeStatus.APPROVED]
)
@pytest.mark.parametrize("build", [posters.code_poster_pdf, posters.code_poster_docx])
def test_unpublished_version_is_refused(province, period, status, build):
    code = make_code(province.school, period, status=status)

    with pytest.raises(DomainError) as refused:
        build(code)

    assert str(refused.value.message) == "Chỉ in được chuẩn mực đã công bố"
    assert EthicsCode.objects.get(pk=code.pk).status == status


# The PDF ---------------------------------------------------------------------------------


def test_pdf_is_one_a4_page_with_the_embedded_font_and_every_vietnamese_letter(code):
    pdf = posters.code_poster_pdf(code)

    assert pdf.startswith(b"%PDF-")
    plain = pdf_plain(pdf)
    boxes = re.findall(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]", plain)
    assert boxes and all(abs(float(w) - 595) < 1 and abs(float(h) - 842) < 1 for w, h in boxes), (
        boxes
    )
    assert len(boxes) == 1  # one page
    # The vendored DejaVu files, embedded (FontFile2) under the poster's own family name.
    faces = set(re.findall(rb"/FontName\s*/\w{6}\+([\w-]+)", plain))
    assert faces == {
        b"Neuguong-Poster-Serif-Semi-Condensed",
        b"Neuguong-Poster-Serif-Bold-Semi-Condensed",
        b"Neuguong-Poster-Serif-Italic-Semi-Condensed",
    }
    assert plain.count(b"/FontFile2") == len(faces)
    needed = set("".join(ALL_TEXTS) + "Đảng bộ Trường THPT Hòa An05/03/2026") - {" "}
    assert needed <= pdf_mapped_chars(plain)


def test_pdf_lays_out_the_unit_the_date_every_item_and_the_five_groups(code):
    text = squeeze(document_text(posters.poster_document(code)))

    for expected in [
        "ĐẢNG CỘNG SẢN VIỆT NAM",
        "CHUẨN MỰC ĐẠO ĐỨC NGHỀ NGHIỆP, ĐẠO ĐỨC CÔNG VỤ",
        "Đảng bộ Trường THPT Hòa An",
        "Áp dụng từ ngày 05/03/2026",
        *HEADINGS,
        *ALL_TEXTS,
        "Sát chức năng, nhiệm vụ, ngắn gọn, dễ nhớ, dễ thực hiện và đánh giá kết quả thực hiện",
    ]:
        assert squeeze(expected) in text, expected


def test_typical_code_of_twenty_items_fits_one_page(province, period):
    line = (
        "Tận tụy phục vụ Nhân dân, giải quyết công việc đúng hạn, không gây phiền hà, sách nhiễu."
    )
    items = {r: [line] * 4 for r in Relationship.values}  # 20 items of about 90 characters

    document = posters.poster_document(make_code(province.school, period, items=items))

    assert len(document.pages) == 1


def test_long_code_flows_onto_more_pages(province, period):
    line = "Chấp hành nghiêm kỷ luật, kỷ cương hành chính; " * 6
    items = {r: [line] * 8 for r in Relationship.values}

    document = posters.poster_document(make_code(province.school, period, items=items))

    assert len(document.pages) >= 2
    assert squeeze("Sát chức năng, nhiệm vụ") in squeeze(document_text(document))


def test_pdf_fetches_only_the_vendored_fonts_and_opens_no_socket(code, monkeypatch):
    fetched = []
    make_fetcher = posters._fetcher

    def recording_fetcher():
        fetcher = make_fetcher()
        fetch = fetcher.fetch
        fetcher.fetch = lambda url, headers=None: fetched.append(url) or fetch(url, headers)
        return fetcher

    def no_network(*args, **kwargs):
        raise AssertionError("the poster tried to open a connection")

    monkeypatch.setattr(posters, "_fetcher", recording_fetcher)
    monkeypatch.setattr(socket.socket, "connect", no_network)

    posters.code_poster_pdf(code)

    fonts = (Path(settings.BASE_DIR) / "static" / "fonts").resolve().as_uri()
    assert fetched and all(url.startswith(fonts + "/") for url in fetched)
    assert {url.rsplit("/", 1)[1] for url in fetched} >= {
        "DejaVuSerifCondensed.ttf",
        "DejaVuSerifCondensed-Bold.ttf",
    }


@pytest.mark.parametrize(
    "url",
    [
        "http://example.org/font.ttf",
        "https://example.org/style.css",
        "data:text/css,body{}",
        "file:///etc/passwd",
        "file:///{static}/../pyproject.toml",
        "file:///{static}/fonts/missing.ttf",
    ],
)
def test_fetcher_refuses_the_network_and_files_outside_static(url):
    static = (Path(settings.BASE_DIR) / "static").resolve().as_posix().lstrip("/")

    with pytest.raises(ValueError, match="Refused"):
        posters._fetcher().fetch(url.replace("{static}", static))


def test_vendored_font_has_its_licence_beside_it():
    fonts = Path(settings.BASE_DIR) / "static" / "fonts"

    assert (fonts / "LICENSE-DejaVu.txt").read_text().count("Bitstream Vera") >= 2
    assert (fonts / "DejaVuSerifCondensed.ttf").stat().st_size > 100_000


def test_weasyprint_is_not_imported_until_a_poster_is_made():
    script = (
        "import django, sys; django.setup(); "
        "import config.urls, neuguong.exchange.views, neuguong.api.api; "
        "print(sorted(m for m in ('weasyprint', 'docx') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        cwd=settings.BASE_DIR,
        env={"DJANGO_SETTINGS_MODULE": "config.settings", "NEUGUONG_DEBUG": "1", "PATH": ""},
    )
    assert result.stdout.strip() == "[]"
