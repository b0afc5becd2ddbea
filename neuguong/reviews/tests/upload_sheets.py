"""Rating sheets for the upload tests: the real download, filled with openpyxl as a
person would in Excel, and hand-made files (a formula, a million rows)."""

import io
import zipfile
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile

from neuguong.exchange.review_workbook import INFO_NAME, SHEET_NAME, write_rating_sheet
from neuguong.organisations.factories import make_person
from neuguong.reviews.factories import make_review

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADERS = {
    "code": "Mã cán bộ",
    "name": "Họ và tên",
    "track": "Loại xếp loại",
    "proposed": "Mức đề xuất",
    "decided": "Mức quyết định",
    "note": "Ghi chú",
}
SCORES = {1: Decimal(95), 2: Decimal(85), 3: Decimal(60), 4: Decimal(40), None: Decimal(85)}


def teachers(
    province, period, n: int, *, proposed=2, status="proposed", decided=None, name="Giáo viên"
):
    """`n` party members of Tổ Toán working at the school, each with a review there."""
    out = []
    for i in range(n):
        person = make_person(f"{name} {i}", workplace=province.school, party_cell=province.maths)
        review = make_review(
            person,
            period,
            proposed=proposed,
            status=status,
            decided=decided,
            score=SCORES[decided or proposed],
        )
        out.append(review)
    return out


def download(unit, period) -> bytes:
    out = io.BytesIO()
    write_rating_sheet(out, unit, period)
    return out.getvalue()


def fill(data: bytes, changes: dict[str, dict[str, str]], *, extra: list[list] = ()) -> bytes:
    """Type `changes` ({code: {column key: text}}) into the sheet, as Excel would save
    it; `extra` rows are appended."""
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data))
    sheet = book[SHEET_NAME]
    columns = {cell.value: cell.column for cell in sheet[1]}
    code_col = columns[HEADERS["code"]]
    for row in sheet.iter_rows(min_row=2):
        code = row[code_col - 1].value
        for key, value in changes.get(code, {}).items():
            sheet.cell(row=row[0].row, column=columns[HEADERS[key]], value=value)
    for values in extra:
        sheet.append(values)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def with_formula(data: bytes, cells: dict[str, str]) -> bytes:
    """The sheet with a formula typed in each of `cells` ({"F3": "=1+1"})."""
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data))
    for ref, formula in cells.items():
        book[SHEET_NAME][ref] = formula
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def rows_of(data: bytes) -> list[list]:
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    rows = [list(r) for r in book[SHEET_NAME].iter_rows(values_only=True)]
    book.close()
    return rows


def info_of(data: bytes) -> dict:
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
    info = {r[0]: r[1] for r in book[INFO_NAME].iter_rows(values_only=True)}
    book.close()
    return info


def as_upload(data: bytes, name: str = "bang-xep-loai.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=XLSX)


# A million rows, written straight into the zip -------------------------------------------

_OOXML = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
_CONTENT_TYPES = (
    f'{_XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    f'<Override PartName="/xl/workbook.xml" ContentType="{_OOXML}.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    f'ContentType="{_OOXML}.worksheet+xml"/></Types>'
)
_RELS = (
    f'{_XML}<Relationships xmlns="{_RELS_NS}">'
    f'<Relationship Id="rId1" Type="{_DOC_RELS}/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
_WORKBOOK = (
    f'{_XML}<workbook xmlns="{_MAIN}" xmlns:r="{_DOC_RELS}">'
    '<sheets><sheet name="Xếp loại" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    f'{_XML}<Relationships xmlns="{_RELS_NS}">'
    f'<Relationship Id="rId1" Type="{_DOC_RELS}/worksheet" Target="worksheets/sheet1.xml"/>'
    "</Relationships>"
)


def huge_sheet(rows: int = 1_000_000, *, dimension: bool = True) -> bytes:
    """A rating sheet of `rows` data rows (a code and a level each), written as XML
    straight into the zip a chunk at a time. The rows leave out their optional "r"
    (position) attributes, as some generators do, so they are alike and the file stays
    small (under the size limit, so it is the row count that refuses it). Without
    `dimension` the sheet does not say its size: the reader must count."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            head = f'{_XML}<worksheet xmlns="{_MAIN}">'
            if dimension:
                head += f'<dimension ref="A1:F{rows + 1}"/>'
            head += (
                '<sheetData><row><c t="inlineStr"><is><t>Mã cán bộ</t></is></c>'
                '<c t="inlineStr"><is><t>Mức quyết định</t></is></c></row>'
            )
            sheet.write(head.encode())
            row = (
                b'<row><c t="inlineStr"><is><t>P000001</t></is></c>'
                b'<c t="inlineStr"><is><t>HTT</t></is></c></row>'
            )
            block = 50_000
            for start in range(0, rows, block):
                sheet.write(row * min(block, rows - start))
            sheet.write(b"</sheetData></worksheet>")
    return out.getvalue()
