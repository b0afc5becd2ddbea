"""Reading a workbook back with the standard library (openpyxl is not a dependency)."""

import io
import re
import zipfile
from datetime import date, timedelta
from xml.etree import ElementTree

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
T = f"{{{NS['m']}}}t"


def _xml(data: bytes):
    # Only workbooks the tests themselves just wrote are parsed.
    return ElementTree.fromstring(data)  # noqa: S314


def _column(ref: str) -> int:
    n = 0
    for c in re.match(r"[A-Z]+", ref).group():
        n = n * 26 + ord(c) - 64
    return n - 1


def _date_styles(archive) -> set[int]:
    """Indexes of the cell styles showing a number as dd/mm/yyyy."""
    styles = _xml(archive.read("xl/styles.xml"))
    formats = {f.get("numFmtId"): f.get("formatCode") for f in styles.iterfind(".//m:numFmt", NS)}
    xfs = styles.find("m:cellXfs", NS)
    return {i for i, x in enumerate(xfs) if formats.get(x.get("numFmtId")) == "dd/mm/yyyy"}


def _value(c, shared: list[str], dates: set[int]):
    kind, value = c.get("t"), c.find("m:v", NS)
    if kind == "inlineStr":
        return "".join(t.text or "" for t in c.iter(T))
    if kind == "s":
        return shared[int(value.text)]
    number = float(value.text)
    if int(c.get("s", 0)) in dates:
        return (date(1899, 12, 30) + timedelta(days=int(number))).strftime("%d/%m/%Y")
    return number


def read_xlsx(data: bytes) -> dict:
    """{sheet name: [[cell, ...], ...]}: strings as str, numbers as float, and dates (a
    number in a cell styled dd/mm/yyyy) as "dd/mm/yyyy"."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    shared = []
    if "xl/sharedStrings.xml" in archive.namelist():
        root = _xml(archive.read("xl/sharedStrings.xml"))
        shared = ["".join(t.text or "" for t in si.iter(T)) for si in root]
    dates = _date_styles(archive)
    names = [
        s.get("name") for s in _xml(archive.read("xl/workbook.xml")).iterfind(".//m:sheet", NS)
    ]
    book = {}
    for index, name in enumerate(names, start=1):
        root = _xml(archive.read(f"xl/worksheets/sheet{index}.xml"))
        rows = []
        for row in root.iterfind(".//m:sheetData/m:row", NS):
            cells = {_column(c.get("r")): _value(c, shared, dates) for c in row.iterfind("m:c", NS)}
            rows.append([cells.get(i, "") for i in range(max(cells, default=-1) + 1)])
        book[name] = rows
    return book
