"""Reading an uploaded rating sheet (made by review_workbook.write_rating_sheet) safely:
the checks that need no parsing first, then python-calamine.

Rules:
- Cheap checks come before any parsing, so that a large or hostile file is refused
  quickly and in little memory: the size (MAX_BYTES); the content (an Office file by
  its bytes, not its name; no macros: commitments/files.py); then every worksheet's XML
  is streamed out of the zip, never unpacked whole, counting rows up to the caller's
  limit (at most MAX_ROWS) and refusing rows past it (a sheet's `dimension` says at
  once; else the count stops one row past the limit), cells beyond MAX_COLUMNS (a
  dense read of a far cell would take gigabytes), a document type declaration, and
  naming every formula cell (calamine returns values only, so formulas are found in
  the XML). Only then does python-calamine read the rating sheet and "Thông tin".
- Every refusal is a SheetRefused listing each problem, with the row number where it
  has one, in Vietnamese.
- Columns are found by their heading (any case, with or without diacritics); rows with
  nothing in the code, level and note columns are skipped.
"""

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from xml.etree import ElementTree
from xml.parsers import expat

from django.utils import translation
from django.utils.translation import gettext as _

from neuguong.commitments.files import sniff
from neuguong.core.errors import DomainError
from neuguong.core.text import fold

from .review_workbook import INFO_NAME, SHEET_COLUMNS, SHEET_NAME

MAX_BYTES = 5 * 1024 * 1024  # a sheet of 20,000 rows is about 1 MB
MAX_ROWS = 20_000
MAX_COLUMNS = 26  # A–Z: the sheet has 9
MAX_XML_BYTES = 64 * 1024 * 1024  # per worksheet, unpacked
MAX_PART_BYTES = 1024 * 1024  # workbook.xml and its relations
MAX_NAMED = 200  # formula cells named one by one; beyond that, counted
CHUNK = 64 * 1024
DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="(?:[A-Z]+\d+:)?([A-Z]+)(\d+)"')
NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"


@dataclass(frozen=True)
class RowError:
    row: int | None  # the sheet's row number; None for the file as a whole
    message: str


class SheetRefused(DomainError):
    """The upload was refused whole; `errors` names every bad row."""

    def __init__(self, errors: list[RowError]):
        errors = sorted(errors, key=lambda e: (e.row is not None, e.row or 0))
        super().__init__(
            _("Bảng xếp loại chưa được áp dụng: %(n)s lỗi; không dòng nào được thay đổi.")
            % {"n": len(errors)},
            field="file",
            code="bad_sheet",
        )
        self.errors = errors


def refuse(message, row: int | None = None) -> SheetRefused:
    return SheetRefused([RowError(row, str(message))])


@dataclass(frozen=True)
class SheetRow:
    number: int
    code: str
    name: str = ""
    place: str = ""
    track: str = ""
    proposed: str = ""
    decided: str = ""
    note: str = ""


@dataclass
class Sheet:
    rows: list[SheetRow]
    info: dict[str, str] = field(default_factory=dict)


def _number(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def column_index(letters: str) -> int:
    n = 0
    for c in letters:
        n = n * 26 + ord(c) - 64
    return n


def column_letters(index: int) -> str:
    letters = ""
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


# The file, before parsing ----------------------------------------------------------------


def _check_file(upload) -> None:
    size = int(getattr(upload, "size", 0) or 0)
    if size > MAX_BYTES:
        raise refuse(
            _("Tệp nặng %(size)s MB; bảng xếp loại tối đa %(limit)s MB.")
            % {"size": f"{size / 1048576:.1f}".replace(".", ","), "limit": MAX_BYTES // 1048576}
        )
    if size == 0:
        raise refuse(_("Tệp rỗng."))
    name = getattr(upload, "name", "") or "tệp"
    upload.seek(0)
    kind = ""
    if upload.read(4) == b"PK\x03\x04":
        try:
            kind = sniff(upload, name)  # the structure, and no macros
        except DomainError as exc:
            raise refuse(exc.message) from None
    if kind != "xlsx":
        raise refuse(
            _("Tệp “%(name)s” không phải bảng tính Excel (.xlsx); hãy tải bảng xếp loại về, "
              "điền rồi tải lên lại.") % {"name": name}
        )  # fmt: skip


def _small_xml(archive: zipfile.ZipFile, name: str):
    try:
        info = archive.getinfo(name)
    except KeyError:
        raise refuse(_("Tệp Excel thiếu phần “%(part)s”.") % {"part": name}) from None
    data = archive.read(info) if info.file_size <= MAX_PART_BYTES else b""
    if not data or b"<!DOCTYPE" in data.upper():
        raise refuse(_("Tệp Excel có cấu trúc bất thường (%(part)s).") % {"part": name})
    try:
        # No document type declaration (checked above): no entities to expand.
        return ElementTree.fromstring(data)  # noqa: S314
    except ElementTree.ParseError:
        raise refuse(_("Tệp Excel bị hỏng (%(part)s).") % {"part": name}) from None


def worksheets(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name -> the zip member holding its XML, from the workbook's relations."""
    book = _small_xml(archive, "xl/workbook.xml")
    rels = _small_xml(archive, "xl/_rels/workbook.xml.rels")
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{{{NS_PKG}}}Relationship")}
    sheets = {}
    for sheet in book.iter(f"{{{NS_MAIN}}}sheet"):
        target = targets.get(sheet.get(f"{{{NS_REL}}}id"), "")
        if not target:
            continue
        path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        sheets[sheet.get("name", "")] = str(PurePosixPath(path))
    return sheets


class _Stop(Exception):
    pass


class _Scan:
    """One streaming pass over a worksheet's XML: rows, the furthest cell, formulas.
    The handler runs for every element, so it does as little as it can: names are
    matched without namespace processing ("row" or "x:row"), a cell's name is built
    only when it holds a formula."""

    def __init__(self, max_rows: int):
        self.max_rows = max_rows
        self.rows = 0
        self.last_row = 0
        self.row = 0
        self.col = 0
        self.ref = ""
        self.too_wide = ""
        self.formulas: list[tuple[int, str]] = []
        self.formula_count = 0
        self.kinds: dict[str, str] = {}

    def _kind(self, name: str) -> str:
        kind = self.kinds[name] = name.rpartition(":")[2]
        return kind

    def start(self, name: str, attrs: dict) -> None:
        kind = self.kinds.get(name) or self._kind(name)
        if kind == "c":
            ref = attrs.get("r")
            if ref:
                self.ref = ref
                self.col = column_index(ref.rstrip("0123456789"))
            else:
                self.ref = ""
                self.col += 1
            if self.col > MAX_COLUMNS:
                self.too_wide = self._cell()
                raise _Stop
        elif kind == "row":
            self.rows += 1
            ref = attrs.get("r")
            self.row = int(ref) if ref else self.row + 1
            self.col = 0
            if self.row > self.last_row:
                self.last_row = self.row
            if self.rows > self.max_rows or self.last_row > self.max_rows:
                raise _Stop
        elif kind == "f":
            self.formula_count += 1
            if len(self.formulas) < MAX_NAMED:
                self.formulas.append((self.row, self._cell()))

    def _cell(self) -> str:
        return self.ref or f"{column_letters(self.col)}{self.row}"

    def refuse_doctype(self, *args) -> None:
        raise _Stop


def _dimension(head: bytes) -> tuple[int, int] | None:
    match = DIMENSION.search(head)
    if not match:
        return None
    return int(match.group(2)), column_index(match.group(1).decode())


def _too_many(rows: int | None, limit: int, counted: bool) -> RowError:
    if counted:
        text = _("Tệp có hơn %(rows)s dòng (dừng đếm ở đó); bảng xếp loại này nhận tối đa "
                 "%(limit)s dòng dữ liệu.")  # fmt: skip
    else:
        text = _("Tệp có %(rows)s dòng; bảng xếp loại này nhận tối đa %(limit)s dòng dữ liệu.")
    return RowError(None, text % {"rows": _number(rows), "limit": _number(limit - 1)})


def scan_worksheet(archive, member: str, *, max_rows: int, label: str) -> list[RowError]:
    """Stream `member` out of the zip; refuse too many rows or columns, a DTD, and name
    every formula cell. `max_rows` counts the header row."""
    try:
        info = archive.getinfo(member)
    except KeyError:
        return [RowError(None, _("Tệp Excel thiếu trang “%(sheet)s”.") % {"sheet": label})]
    scan = _Scan(max_rows)
    parser = expat.ParserCreate()
    parser.StartElementHandler = scan.start
    parser.StartDoctypeDeclHandler = scan.refuse_doctype
    read = 0
    try:
        with archive.open(info) as stream:
            head = stream.read(CHUNK)
            dimension = _dimension(head)
            if dimension and dimension[0] > max_rows:
                return [_too_many(dimension[0] - 1, max_rows, counted=False)]
            chunk = head
            while chunk:
                read += len(chunk)
                if read > MAX_XML_BYTES:
                    return [RowError(None, _("Trang “%(sheet)s” quá lớn.") % {"sheet": label})]
                parser.Parse(chunk, False)
                chunk = stream.read(CHUNK)
            parser.Parse(b"", True)
    except _Stop:
        if scan.too_wide:
            return [
                RowError(
                    None,
                    _("Ô %(cell)s (trang “%(sheet)s”) nằm ngoài bảng xếp loại (tối đa đến cột "
                      "%(last)s).") % {"cell": scan.too_wide, "sheet": label,
                                      "last": column_letters(MAX_COLUMNS)},
                )
            ]  # fmt: skip
        if scan.rows > max_rows or scan.last_row > max_rows:
            return [_too_many(max_rows - 1, max_rows, counted=True)]
        return [RowError(None, _("Tệp Excel có cấu trúc bất thường."))]
    except (expat.ExpatError, zipfile.BadZipFile, OSError, ValueError, EOFError):
        return [RowError(None, _("Trang “%(sheet)s” bị hỏng.") % {"sheet": label})]
    return _formula_errors(scan, label)


def _formula_errors(scan: _Scan, label: str) -> list[RowError]:
    data_sheet = label == SHEET_NAME
    errors = []
    for row, cell in scan.formulas:
        if data_sheet:
            errors.append(RowError(row, _("Ô %(cell)s chứa công thức.") % {"cell": cell}))
        else:
            message = _("Ô %(cell)s (trang “%(sheet)s”) chứa công thức.")
            errors.append(RowError(None, message % {"cell": cell, "sheet": label}))
    if scan.formula_count > len(scan.formulas):
        more = scan.formula_count - len(scan.formulas)
        errors.append(RowError(None, _("Và %(n)s ô khác chứa công thức.") % {"n": _number(more)}))
    if errors:
        errors.append(
            RowError(None, _("Bảng xếp loại chỉ nhận giá trị; hãy thay công thức bằng giá trị."))
        )
    return errors


# Reading ----------------------------------------------------------------------------------


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value).strip()


def _header(cells: list) -> dict[str, int]:
    with translation.override("vi"):
        wanted = {fold(str(label)): key for key, label, _width in SHEET_COLUMNS}
    found = {}
    for index, cell in enumerate(cells):
        key = wanted.get(fold(_text(cell)))
        if key and key not in found:
            found[key] = index
    return found


def _missing_columns(found: dict[str, int]) -> list[str]:
    with translation.override("vi"):
        labels = {key: str(label) for key, label, _width in SHEET_COLUMNS}
    return [labels[k] for k in ("code", "proposed", "decided") if k not in found]


def read_sheet(upload, *, max_rows: int = MAX_ROWS) -> Sheet:
    """The rows of an uploaded rating sheet (at most `max_rows` data rows), after the
    checks that need no parsing. Raises SheetRefused naming what is wrong."""
    from python_calamine import CalamineError, CalamineWorkbook

    _check_file(upload)
    upload.seek(0)
    limit = max_rows + 1  # with the header row
    with zipfile.ZipFile(upload) as archive:
        members = worksheets(archive)
        if SHEET_NAME not in members:
            raise refuse(
                _("Không có trang “%(sheet)s”: đây không phải bảng xếp loại tải về từ hệ "
                  "thống.") % {"sheet": SHEET_NAME}
            )  # fmt: skip
        errors = []
        for label, member in members.items():
            errors += scan_worksheet(archive, member, max_rows=limit, label=label)
        if errors:
            raise SheetRefused(errors)
    upload.seek(0)
    try:
        book = CalamineWorkbook.from_filelike(upload)
        cells = book.get_sheet_by_name(SHEET_NAME).to_python(skip_empty_area=False, nrows=limit)
        info_cells = []
        if INFO_NAME in book.sheet_names:
            info_cells = book.get_sheet_by_name(INFO_NAME).to_python(skip_empty_area=False)
    except (CalamineError, ValueError, OSError):
        raise refuse(_("Không đọc được tệp Excel; hãy lưu lại dưới dạng .xlsx.")) from None
    info = {fold(_text(r[0])): _text(r[1]) for r in info_cells if len(r) > 1 and r[0]}
    return Sheet(rows=_rows(cells), info=info)


def _rows(cells: list[list]) -> list[SheetRow]:
    if not cells:
        raise refuse(_("Trang “%(sheet)s” không có dữ liệu.") % {"sheet": SHEET_NAME})
    found = _header(cells[0])
    missing = _missing_columns(found)
    if missing:
        raise refuse(
            _("Dòng tiêu đề thiếu cột: %(columns)s.") % {"columns": ", ".join(missing)}, row=1
        )
    rows = []
    for number, values in enumerate(cells[1:], start=2):
        texts = {key: _text(values[i]) if i < len(values) else "" for key, i in found.items()}
        if not any(texts.get(k) for k in ("code", "proposed", "decided", "note")):
            continue
        rows.append(SheetRow(number=number, **texts))
    return rows
