"""Reading a poster back without a PDF library (none is installed, pdftotext neither)."""

import re
import zlib

STREAM = re.compile(rb"stream\r?\n(.*?)\r?\nendstream", re.S)


def pdf_plain(pdf: bytes) -> bytes:
    """The PDF with every Flate stream inflated, so dictionaries kept in object streams
    (the MediaBox, the font names) can be searched."""
    parts = [pdf]
    for raw in STREAM.findall(pdf):
        try:
            parts.append(zlib.decompress(raw))
        except zlib.error:
            continue
    return b"\n".join(parts)


def pdf_mapped_chars(plain: bytes) -> set[str]:
    """Every character the embedded fonts' ToUnicode maps can produce."""
    chars = set()
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", plain, re.S):
        for hexa in re.findall(rb"<[0-9A-Fa-f]+>\s*<([0-9A-Fa-f]+)>", block):
            chars.add(bytes.fromhex(hexa.decode()).decode("utf-16-be"))
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", plain, re.S):
        for low, high, start in re.findall(
            rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block
        ):
            first = ord(bytes.fromhex(start.decode()).decode("utf-16-be"))
            chars.update(chr(first + i) for i in range(int(high, 16) - int(low, 16) + 1))
    return chars


def document_text(document) -> str:
    """The text WeasyPrint laid out on the poster's pages, line by line."""
    lines = []

    def walk(box):
        if hasattr(box, "text") and isinstance(box.text, str):
            lines.append(box.text)
        for child in getattr(box, "children", ()):
            walk(child)

    for page in document.pages:
        walk(page._page_box)
    return " ".join(lines)
