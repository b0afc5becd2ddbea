"""A periodic report as a Word file, in the administrative layout of Nghị định 30/2020.

Rules:
- Whoever may read the report (reports.access.get_key_for_user) may download it; the
  figures are those of the page (reports.content.build): live while a draft, frozen
  once submitted. A draft says so under the title.
- The file is a formal document in Vietnamese whatever the reader's language, A4 in
  Times New Roman 13–14 pt with the margins of administrative documents:
  - a two-column header: on the left the superior body (the parent unit) over the
    issuing body (the unit, bold) in capitals, then "Số: 15-BC/ĐU"; on the right the
    national motto "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" over "Độc lập - Tự do - Hạnh
    phúc" (bold, the second line underlined), then place and date in italics;
  - the title "BÁO CÁO" and the summary line; the figures table (the unit's figures
    beside the sum of its children's reports); each narrative section, numbered; the
    children's reports (state, date sent, number);
  - "Nơi nhận:" at the bottom left, the signature block (title, name) at the right.
- Texts lose the control characters XML cannot hold (plan_documents.clean).
"""

import io
from dataclasses import dataclass

from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from .plan_documents import _cell, _document, _place, _repeat_header, clean, disposition
from .posters import DOCX_TYPE, _paragraph

BODY_PT, HEAD_PT, TABLE_PT, SMALL_PT = 14, 13, 12, 11
# Millimetres (the text block is 210 - 30 - 15 = 165 mm wide).
HEADER_COLUMNS = (72, 93)
FIGURE_COLUMNS = (12, 93, 30, 30)
CHILD_COLUMNS = (12, 63, 36, 27, 27)
BLANK = "……"
NO_VALUE = "—"


def roman(n: int) -> str:
    out = ""
    for value, letters in ((10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + letters, n - value
    return out


def default_place(unit) -> str:
    """The place a unit's documents are dated from: its nearest area, if any."""
    place = _place(unit)
    return "" if place == "……" else place


def _lines(text: str) -> list[str]:
    return [line.strip() for line in clean(text).splitlines() if line.strip()]


@dataclass(frozen=True)
class ReportDocument:
    superior: str
    issuer: str
    symbol_line: str
    place_date: str
    summary: str
    status_line: str
    figures_note: str
    own_label: str
    figure_groups: list  # [(group title, [(label, own text, children text)])]
    sections: list  # [(heading, [lines])]
    children_heading: str
    children: list  # [(name, state, sent on, symbol)]
    recipients: list[str]
    signer_title: str
    signer_name: str
    title: str
    national: str
    motto: str


def _date_words(c) -> str:
    report = c.report
    day = report.signed_on if report else None
    if day is None and report and report.submitted_at:
        day = timezone.localdate(report.submitted_at)
    place = clean(report.place if report and report.place else default_place(c.unit)) or BLANK
    if day is None:
        return _("%(place)s, ngày %(b)s tháng %(b)s năm %(y)s") % {
            "place": place,
            "b": BLANK,
            "y": c.key.year,
        }
    return _("%(place)s, ngày %(d)s tháng %(m)s năm %(y)s") % {
        "place": place,
        "d": f"{day.day:02d}",
        "m": f"{day.month:02d}",
        "y": day.year,
    }


def _value(n) -> str:
    return NO_VALUE if n is None else f"{n:,}".replace(",", ".")


def _figures_note(c) -> str:
    if c.figures is None:
        return _(
            "Không có số liệu: chưa có kỳ chương trình năm nào chứa ngày %(day)s, cuối kỳ báo cáo."
        ) % {"day": c.key.ends_on.strftime("%d/%m/%Y")}
    period = c.period.name if c.period else ""
    if c.frozen:
        sent = timezone.localtime(c.report.submitted_at)
        return _("Số liệu %(period)s, chốt khi gửi báo cáo lúc %(time)s ngày %(day)s.") % {
            "period": period,
            "time": sent.strftime("%H:%M"),
            "day": sent.strftime("%d/%m/%Y"),
        }
    return _("Số liệu %(period)s, tính đến thời điểm tải về (báo cáo chưa gửi).") % {
        "period": period
    }


def _children(c) -> list[tuple]:
    out = []
    for row in c.children:
        state = row.state_label + (_(" (quá hạn)") if row.overdue else "")
        sent = timezone.localtime(row.submitted_at).strftime("%d/%m/%Y") if row.submitted_at else ""
        out.append((clean(row.name), state, sent, clean(row.symbol)))
    return out


def document(c) -> ReportDocument:
    """What the printed report of `c` (reports.content.Content) says, in Vietnamese."""
    report, unit = c.report, c.unit
    parent = unit.parent
    with translation.override("vi"):
        symbol = clean(report.symbol) if report and report.symbol else BLANK
        sections = [
            (f"{roman(i)}. {clean(s.title)}", _lines(s.text) or [_("(Chưa có nội dung)")])
            for i, s in enumerate(c.sections, start=2)
        ]
        return ReportDocument(
            superior=clean(parent.name).upper() if parent else "",
            issuer=clean(unit.name).upper(),
            symbol_line=_("Số: %(symbol)s") % {"symbol": symbol},
            place_date=_date_words(c),
            summary=clean(c.summary),
            status_line="" if c.frozen else _("Bản dự thảo — chưa gửi cấp trên"),
            figures_note=_figures_note(c),
            own_label=_("Toàn đơn vị"),
            figure_groups=[
                (str(g.title), [(str(r.label), _value(r.own), _value(r.children)) for r in g.rows])
                for g in c.groups
            ],
            sections=sections,
            children_heading=_("%(n)s. Tình hình báo cáo của các đơn vị trực thuộc")
            % {"n": roman(len(sections) + 2)},
            children=_children(c),
            recipients=_lines(report.recipients) if report else [],
            signer_title=clean(report.signer_title).upper() if report else "",
            signer_name=clean(report.signer_name) if report else "",
            title=_("BÁO CÁO"),
            national=_("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
            motto=_("Độc lập - Tự do - Hạnh phúc"),
        )


# Writing ----------------------------------------------------------------------------------


def _run(paragraph, text, *, bold=False, italic=False, underline=False, size=HEAD_PT):
    from docx.shared import Pt

    run = paragraph.add_run(text)
    run.bold, run.italic, run.underline, run.font.size = bold, italic, underline, Pt(size)
    return run


def _line(cell, text, *, first=False, center=True, **style):
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    paragraph = cell.paragraphs[0] if first else cell.add_paragraph()
    if center:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_after = Pt(0)
    _run(paragraph, text, **style)
    return paragraph


def _masthead(doc, d: ReportDocument) -> None:
    from docx.shared import Mm

    table = doc.add_table(rows=1, cols=2)
    table.autofit = False
    left, right = table.rows[0].cells
    left.width, right.width = Mm(HEADER_COLUMNS[0]), Mm(HEADER_COLUMNS[1])
    _line(left, d.superior, first=True)
    _line(left, d.issuer, bold=True)
    _line(left, "")
    _line(left, d.symbol_line)
    _line(right, d.national, first=True, bold=True)
    _line(right, d.motto, bold=True, underline=True, size=BODY_PT)
    _line(right, "")
    _line(right, d.place_date, italic=True, size=BODY_PT)


def _table(doc, labels, widths):
    from docx.shared import Mm

    table = doc.add_table(rows=1, cols=len(labels))
    table.style = doc.styles["Table Grid"]
    table.autofit = False
    _repeat_header(table.rows[0])
    for cell, label, width in zip(table.rows[0].cells, labels, widths, strict=True):
        cell.width = Mm(width)
        _cell(cell, [label], bold=True, size=TABLE_PT)
    return table


def _row(table, values, widths, *, left=(1,), bold=False) -> None:
    from docx.shared import Mm

    cells = table.add_row().cells
    for index, (cell, value, width) in enumerate(zip(cells, values, widths, strict=True)):
        cell.width = Mm(width)
        _cell(cell, [value], bold=bold, center=index not in left, size=TABLE_PT)


def _figures(doc, d: ReportDocument) -> None:
    _paragraph(doc, _("I. Số liệu từ hệ thống"), bold=True, after=3)
    _paragraph(doc, d.figures_note, italic=True, after=3)
    labels = [_("STT"), _("Chỉ tiêu"), d.own_label, _("Cộng báo cáo của đơn vị trực thuộc")]
    table = _table(doc, labels, FIGURE_COLUMNS)
    n = 0
    for title, rows in d.figure_groups:
        cells = table.add_row().cells
        merged = cells[0].merge(cells[-1])
        _cell(merged, [title], bold=True, center=False, size=TABLE_PT)
        for label, own, children in rows:
            n += 1
            _row(table, [str(n), label, own, children], FIGURE_COLUMNS)


def _sections(doc, d: ReportDocument) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    for heading, lines in d.sections:
        _paragraph(doc, heading, bold=True, after=3).paragraph_format.space_before = Pt(6)
        for line in lines:
            paragraph = _paragraph(doc, line, after=2)
            paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
            paragraph.paragraph_format.first_line_indent = Mm(10)


def _children_table(doc, d: ReportDocument) -> None:
    from docx.shared import Pt

    _paragraph(doc, d.children_heading, bold=True, after=3).paragraph_format.space_before = Pt(6)
    if not d.children:
        _paragraph(doc, _("(Đơn vị không có đơn vị trực thuộc)"), italic=True)
        return
    labels = [_("STT"), _("Đơn vị"), _("Tình trạng"), _("Ngày gửi"), _("Số, ký hiệu")]
    table = _table(doc, labels, CHILD_COLUMNS)
    for n, values in enumerate(d.children, start=1):
        _row(table, [str(n), *values], CHILD_COLUMNS)


def _footer(doc, d: ReportDocument) -> None:
    from docx.shared import Mm, Pt

    doc.add_paragraph().paragraph_format.space_after = Pt(6)
    table = doc.add_table(rows=1, cols=2)
    table.autofit = False
    left, right = table.rows[0].cells
    left.width, right.width = Mm(80), Mm(85)
    _line(left, _("Nơi nhận:"), first=True, center=False, bold=True, italic=True, size=TABLE_PT)
    for line in d.recipients or [BLANK]:
        _line(left, line, center=False, size=SMALL_PT)
    _line(right, d.signer_title or BLANK, first=True, bold=True)
    for _blank in range(4):
        _line(right, "")
    _line(right, d.signer_name or BLANK, bold=True, size=BODY_PT)


def report_docx(c) -> bytes:
    """The report as a Word file (A4, Times New Roman)."""
    from docx.shared import Pt

    d = document(c)
    doc = _document()
    with translation.override("vi"):
        _masthead(doc, d)
        title = _paragraph(doc, d.title, bold=True, size=BODY_PT, center=True, after=0)
        title.paragraph_format.space_before = Pt(18)
        _paragraph(doc, d.summary, bold=True, size=BODY_PT, center=True, after=0)
        _paragraph(doc, "-----", center=True, after=6)
        if d.status_line:
            _paragraph(doc, d.status_line, italic=True, center=True, after=6)
        _figures(doc, d)
        _sections(doc, d)
        _children_table(doc, d)
        _footer(doc, d)
    doc.core_properties.title = f"{d.title} {d.summary}"
    doc.core_properties.language = "vi-VN"
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def report_filenames(c, ext: str) -> tuple[str, str]:
    key = c.key
    slug = slugify(key.unit.code) or f"don-vi-{key.unit.pk}"
    ascii_name = f"bao-cao-{slug}-{key.kind.replace('_', '-')}-{key.year}-{key.number}.{ext}"
    with translation.override("vi"):
        return ascii_name, f"{c.heading} - {key.unit.name}.{ext}"


def report_docx_response(c) -> HttpResponse:
    body = report_docx(c)
    response = HttpResponse(body, content_type=DOCX_TYPE)
    response["Content-Disposition"] = disposition(*report_filenames(c, "docx"))
    response["Content-Length"] = str(len(body))
    response["Cache-Control"] = "private, no-store"
    return response
