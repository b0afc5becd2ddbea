"""Posters of a unit's ethics code for the workplace wall: an A4 PDF and a Word file.

Rules:
- Only a published version (or one since superseded, marked as such) is printed: a
  poster of a code nobody approved must not hang on a wall. Anything else is a
  `DomainError`.
- The poster is a formal document in Vietnamese, whatever the reader's interface
  language; only the refusal speaks the reader's language.
- The header follows the unit's side: a party organisation's documents are headed
  "ĐẢNG CỘNG SẢN VIỆT NAM", a state unit's "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM".
- The PDF embeds the vendored DejaVu Serif Condensed (static/fonts, full Vietnamese
  coverage), so it looks the same on any server, and WeasyPrint may fetch nothing but
  file: URLs under static/: the system runs on closed networks.
- The type is the largest that lets the code fit one page, down to a floor (11pt); a
  longer code gets the largest type that fits two sheets, and flows on if still longer.
- WeasyPrint and python-docx are imported inside the functions that use them, so that
  their import cost is paid by the first poster, not by every process start.
"""

import logging
import math
import warnings
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from neuguong.core.errors import DomainError
from neuguong.standards.models import PUBLISHED_STATUSES, CodeStatus, EthicsCode, Relationship

ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X")
PDF_TYPE = "application/pdf"
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DOCX_FONT = "Times New Roman"  # the administrative standard (Nghị định 30/2020)
# A family name no system font has, so that every glyph comes from the vendored files.
FONT_FAMILY = "Neuguong Poster Serif"

# Body sizes in points, largest first: the first whose layout fits one A4 page wins.
SIZES = (17, 15, 14, 13, 12, 11)
# For a first guess at the size before measuring: the text block of an A4 page in
# points (less the page margins), and the template's line height and its lines besides
# the items (masthead, title, unit, date, motto) in body lines.
LINE_WIDTH_PT = 521
PAGE_HEIGHT_PT = 785
LINE_HEIGHT = 1.22
FIXED_LINES = 8
AVERAGE_GLYPH_EM = 0.5
# At most this many layouts per poster: the guess is usually right at the first.
MAX_LAYOUTS = 3


def static_root() -> Path:
    return Path(settings.BASE_DIR) / "static"


def font_dir() -> Path:
    return static_root() / "fonts"


@dataclass(frozen=True)
class Group:
    numeral: str
    title: str
    items: list[str]
    note: str  # "Không áp dụng: <reason>" for a group the unit marked not applicable


@dataclass(frozen=True)
class Poster:
    is_party: bool
    issuer: str  # the parent unit's name, upper case ("" for a root unit)
    unit_upper: str
    unit_name: str
    national: str
    motto_line: str  # "Độc lập - Tự do - Hạnh phúc" for state units, else ""
    title: str
    effective: str  # dd/mm/yyyy, or "" if the version carries no date
    number: int
    meta: str  # "Áp dụng từ ngày dd/mm/yyyy – Phiên bản số n"
    groups: list[Group]
    motto: str

    @property
    def item_count(self) -> int:
        return sum(len(g.items) for g in self.groups)


def check_printable(code: EthicsCode) -> None:
    if code.status not in PUBLISHED_STATUSES:
        raise DomainError(_("Chỉ in được chuẩn mực đã công bố"), code="not_published")


def _effective(code: EthicsCode) -> str:
    day = code.effective_from
    if day is None and code.published_at:
        day = timezone.localdate(code.published_at)
    return day.strftime("%d/%m/%Y") if day else ""


def _groups(code: EthicsCode) -> list[Group]:
    items = list(
        code.items.order_by("relationship", "order", "id").values_list("relationship", "text")
    )
    groups = []
    for index, (value, label) in enumerate(Relationship.choices):
        reason = code.not_applicable.get(str(value))
        texts = [text for rel, text in items if rel == value]
        groups.append(
            Group(
                numeral=ROMAN[index],
                title=str(label).upper(),
                items=texts,
                note=""
                if texts or reason is None
                else _("Không áp dụng: %(reason)s") % {"reason": reason},
            )
        )
    return groups


def _meta_line(code: EthicsCode) -> str:
    parts = []
    effective = _effective(code)
    if effective:
        parts.append(_("Áp dụng từ ngày %(date)s") % {"date": effective})
    parts.append(_("Phiên bản số %(number)d") % {"number": code.number})
    if code.status == CodeStatus.SUPERSEDED:
        parts.append(_("đã được thay thế bằng phiên bản mới"))
    return " – ".join(parts)


def poster_content(code: EthicsCode) -> Poster:
    """What a poster of `code` says, in Vietnamese. Refuses an unpublished version."""
    check_printable(code)
    unit = code.unit
    parent = unit.parent if unit.parent_id else None
    with translation.override("vi"):
        party = unit.is_party_organisation
        return Poster(
            is_party=party,
            issuer=parent.name.upper() if parent else "",
            unit_upper=unit.name.upper(),
            unit_name=unit.name,
            national=_("ĐẢNG CỘNG SẢN VIỆT NAM")
            if party
            else _("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
            motto_line="" if party else _("Độc lập - Tự do - Hạnh phúc"),
            title=_("CHUẨN MỰC ĐẠO ĐỨC NGHỀ NGHIỆP, ĐẠO ĐỨC CÔNG VỤ"),
            effective=_effective(code),
            number=code.number,
            meta=_meta_line(code),
            groups=_groups(code),
            motto=_(
                "Sát chức năng, nhiệm vụ, ngắn gọn, dễ nhớ, dễ thực hiện và đánh giá "
                "kết quả thực hiện"
            ),
        )


# The PDF ---------------------------------------------------------------------------


def _estimated_height(poster: Poster, size: int) -> float:
    """Roughly how tall the poster is at `size` points, in points."""
    per_line = (LINE_WIDTH_PT - 3 * size) / (size * AVERAGE_GLYPH_EM)
    lines = sum(math.ceil(len(i) / per_line) for g in poster.groups for i in g.items)
    lines += sum(math.ceil(1.3 * len(g.title) / per_line) + 0.4 for g in poster.groups)
    return (lines + FIXED_LINES) * size * LINE_HEIGHT + poster.item_count * 0.08 * size


def _guess_size(poster: Poster, pages: int) -> int:
    """The largest size whose estimated height fits `pages` pages (the estimate errs
    large by a step at most, so the layout steps down from it)."""
    for size in SIZES:
        if _estimated_height(poster, size) <= pages * PAGE_HEIGHT_PT:
            return size
    return SIZES[-1]


def _weasyprint():
    """Import WeasyPrint on first use. Without libharfbuzz-subset it warns that future
    versions will need it and subsets fonts with fontTools instead: fine for now."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message="HarfBuzz-Subset", category=DeprecationWarning)
        import weasyprint
        import weasyprint.text.fonts
        import weasyprint.urls
    logger = logging.getLogger("weasyprint")
    if _quiet_subsetting not in logger.filters:
        logger.addFilter(_quiet_subsetting)
    return weasyprint


def _quiet_subsetting(record: logging.LogRecord) -> bool:
    # The same notice once per font and poster; the report names the fix (the library).
    return "instead of HarfBuzz-Subset" not in record.getMessage()


def _fetcher():
    urls = _weasyprint().urls
    URLFetcher, URLFetcherResponse = urls.URLFetcher, urls.URLFetcherResponse

    root = static_root().resolve()

    class StaticOnlyFetcher(URLFetcher):
        """Serves file: URLs under static/ and refuses everything else (no network)."""

        def fetch(self, url, headers=None):
            parts = urlsplit(url)
            if parts.scheme != "file":
                raise ValueError(f"Refused non-file URL: {url}")
            path = Path(unquote(parts.path)).resolve()
            if not path.is_relative_to(root) or not path.is_file():
                raise ValueError(f"Refused file outside static/: {url}")
            return URLFetcherResponse(url, path.read_bytes())

    return StaticOnlyFetcher(allowed_protocols=["file"])


def _layout(poster: Poster, size: int, fetcher, fonts):
    weasyprint = _weasyprint()
    html = render_to_string(
        "exchange/code_poster.html",
        {
            "poster": poster,
            "size": size,
            "fonts": font_dir().resolve().as_uri(),
            "family": FONT_FAMILY,
        },
    )
    return weasyprint.HTML(
        string=html, base_url=static_root().resolve().as_uri() + "/", url_fetcher=fetcher
    ).render(font_config=fonts)


def poster_document(code: EthicsCode):
    """The laid-out WeasyPrint document of the poster (its pages and boxes).

    One page at the largest size that fits; a code too long for one page even at the
    smallest size gets the largest size that fits two sheets, hung side by side."""
    poster = poster_content(code)
    fetcher, fonts = _fetcher(), _weasyprint().text.fonts.FontConfiguration()
    pages = 1 if _estimated_height(poster, SIZES[-1]) <= PAGE_HEIGHT_PT else 2
    size = _guess_size(poster, pages)
    document = _layout(poster, size, fetcher, fonts)
    for _attempt in range(MAX_LAYOUTS - 1):
        if len(document.pages) <= pages or size == SIZES[-1]:
            break
        size = SIZES[SIZES.index(size) + 1]
        document = _layout(poster, size, fetcher, fonts)
    return document


def code_poster_pdf(code: EthicsCode) -> bytes:
    return poster_document(code).write_pdf()


# The Word file ------------------------------------------------------------------------


def _set_font(style_or_run, size_pt: float | None = None) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt

    font = style_or_run.font
    font.name = DOCX_FONT
    if size_pt:
        font.size = Pt(size_pt)
    rpr = style_or_run.element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), DOCX_FONT)


def _paragraph(doc, text: str, *, bold=False, italic=False, size=None, center=False, after=4):
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    paragraph = doc.add_paragraph()
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_after = Pt(after)
    run = paragraph.add_run(text)
    run.bold, run.italic = bold, italic
    if size:
        run.font.size = Pt(size)
    return paragraph


def _cell_lines(cell, lines: list[tuple[str, bool]]) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    cell.paragraphs[0].text = ""
    for index, (text, bold) in enumerate(lines):
        paragraph = cell.paragraphs[0] if index == 0 else cell.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(text)
        run.bold = bold


def _docx_masthead(doc, poster: Poster) -> None:
    table = doc.add_table(rows=1, cols=2)
    left = [(poster.issuer, False)] if poster.issuer else []
    left += [(poster.unit_upper, True), ("*" if poster.is_party else "", True)]
    right = [(poster.national, True)]
    if poster.motto_line:
        right.append((poster.motto_line, True))
    _cell_lines(table.rows[0].cells[0], left)
    _cell_lines(table.rows[0].cells[1], right)


def code_poster_docx(code: EthicsCode) -> bytes:
    import io

    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    poster = poster_content(code)
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(15)
    section.left_margin, section.right_margin = Mm(20), Mm(15)
    normal = doc.styles["Normal"]
    _set_font(normal, 13)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "vi-VN")
    normal.element.get_or_add_rPr().append(lang)

    _docx_masthead(doc, poster)
    _paragraph(doc, poster.title, bold=True, size=16, center=True, after=2)
    _paragraph(doc, poster.unit_name, bold=True, size=14, center=True, after=2)
    _paragraph(doc, poster.meta, italic=True, center=True, after=10)
    for group in poster.groups:
        _paragraph(doc, f"{group.numeral}. {group.title}", bold=True, after=3)
        if group.note:
            _paragraph(doc, group.note, italic=True)
        for number, text in enumerate(group.items, start=1):
            paragraph = _paragraph(doc, f"{number}. {text}", after=2)
            paragraph.paragraph_format.left_indent = Mm(6)
            paragraph.paragraph_format.first_line_indent = Mm(-6)
    _paragraph(
        doc, poster.motto, bold=True, italic=True, center=True, after=0
    ).paragraph_format.space_before = Pt(12)
    doc.core_properties.title = f"{poster.title} – {poster.unit_name}"
    doc.core_properties.language = "vi-VN"
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


# The download ---------------------------------------------------------------------------

FORMATS = {"pdf": (code_poster_pdf, PDF_TYPE), "docx": (code_poster_docx, DOCX_TYPE)}


def poster_filenames(code: EthicsCode, ext: str) -> tuple[str, str]:
    """An ASCII-safe file name and the full Vietnamese one."""
    slug = slugify(code.unit.code) or f"don-vi-{code.unit_id}"
    ascii_name = f"chuan-muc-{slug}-v{code.number}.{ext}"
    with translation.override("vi"):
        title = _("Chuẩn mực đạo đức")
    clean = "".join(c for c in code.unit.name if c.isprintable() and c not in '\\/:*?"<>|')
    return ascii_name, f"{title} - {clean.strip()} - v{code.number}.{ext}"


def poster_response(code: EthicsCode, ext: str) -> HttpResponse:
    """The poster in format `ext` as a download; a `DomainError` for a draft."""
    render, content_type = FORMATS[ext]
    body = render(code)
    ascii_name, full_name = poster_filenames(code, ext)
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(full_name, safe='')}"
    )
    response["Content-Length"] = str(len(body))
    return response
