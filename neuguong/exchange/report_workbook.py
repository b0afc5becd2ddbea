"""A periodic report as an Excel workbook.

Rules:
- Whoever may read the report may download it; the figures are those of the page
  (reports.content.build): live while a draft, frozen once submitted.
- Sheet "Số liệu": the report's header (unit, parent, period, deadline, state, number,
  place and date, signer, where the figures come from), then one row per counter:
  group, label, counter code, the unit's figure, the sum of its children's reports,
  and one column per child (its frozen figures when it has sent its report, else
  empty). Sheet "Nội dung": one row per narrative section. Sheet "Đơn vị trực thuộc":
  each child's state, whether overdue, when sent and the number of its report.
- Every text is written as a string, never as a formula. The workbook is small (one
  unit's report), so it is written in memory.
"""

import io
from datetime import datetime

from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .plan_documents import clean, disposition
from .plan_workbook import XLSX_TYPE
from .report_documents import _date_words, _figures_note, report_filenames

FIGURES_SHEET = "Số liệu"
TEXT_SHEET = "Nội dung"
CHILDREN_SHEET = "Đơn vị trực thuộc"
CODE_HEADER = "Mã chỉ tiêu"


def _book(target):
    import xlsxwriter

    options = {"strings_to_numbers": False, "strings_to_formulas": False}
    return xlsxwriter.Workbook(target, options | {"strings_to_urls": False, "in_memory": True})


def _put(sheet, row: int, col: int, value, fmt=None) -> None:
    if value is None or value == "":
        return
    if isinstance(value, int) and not isinstance(value, bool):
        sheet.write_number(row, col, value, fmt)
    else:
        sheet.write_string(row, col, clean(value), fmt)


def _when(moment: datetime | None) -> str:
    return timezone.localtime(moment).strftime("%H:%M %d/%m/%Y") if moment else ""


def _header_rows(c) -> list[tuple[str, str]]:
    report, key = c.report, c.key
    parent = key.unit.parent
    return [
        (_("Báo cáo"), f"{c.heading}: {c.summary}"),
        (_("Đơn vị"), key.unit.name),
        (_("Mã đơn vị"), key.unit.code),
        (_("Cấp trên"), parent.name if parent else ""),
        (
            _("Kỳ báo cáo"),
            f"{key.starts_on.strftime('%d/%m/%Y')} – {key.ends_on.strftime('%d/%m/%Y')}",
        ),
        (_("Hạn gửi"), (report.due_on if c.frozen else key.due_on).strftime("%d/%m/%Y")),
        (_("Tình trạng"), c.state_label + (_(" (quá hạn)") if c.overdue else "")),
        (_("Gửi lúc"), _when(report.submitted_at) if c.frozen else ""),
        (_("Số, ký hiệu"), report.symbol if report else ""),
        (_("Địa danh, ngày"), _date_words(c)),
        (_("Người ký"), f"{report.signer_title} {report.signer_name}".strip() if report else ""),
        (_("Nguồn số liệu"), _figures_note(c)),
    ]


def _figures_sheet(book, c, bold, wrap) -> None:
    sheet = book.add_worksheet(FIGURES_SHEET)
    sheet.set_column(0, 0, 30)
    sheet.set_column(1, 1, 44)
    sheet.set_column(2, 2, 20)
    sheet.set_column(3, 4 + len(c.children), 16)
    row = 0
    for label, value in _header_rows(c):
        _put(sheet, row, 0, label, bold)
        _put(sheet, row, 1, value, wrap)
        row += 1
    row += 1
    heads = [_("Nhóm"), _("Chỉ tiêu"), CODE_HEADER, c.unit.name, _("Cộng đơn vị trực thuộc đã gửi")]
    heads += [child.name for child in c.children]
    for col, text in enumerate(heads):
        _put(sheet, row, col, text, bold)
    sheet.freeze_panes(row + 1, 3)
    for group in c.groups:
        for figure in group.rows:
            row += 1
            values = [group.title, figure.label, figure.counter, figure.own, figure.children]
            values += [(child.figures or {}).get(figure.counter) for child in c.children]
            for col, value in enumerate(values):
                _put(sheet, row, col, value)


def _text_sheet(book, c, bold, wrap) -> None:
    sheet = book.add_worksheet(TEXT_SHEET)
    sheet.set_column(0, 0, 36)
    sheet.set_column(1, 1, 110)
    _put(sheet, 0, 0, _("Mục"), bold)
    _put(sheet, 0, 1, _("Nội dung"), bold)
    for row, section in enumerate(c.sections, start=1):
        _put(sheet, row, 0, section.title, wrap)
        _put(sheet, row, 1, section.text, wrap)


def _children_sheet(book, c, bold) -> None:
    sheet = book.add_worksheet(CHILDREN_SHEET)
    heads = [_("Mã đơn vị"), _("Đơn vị"), _("Tình trạng"), _("Quá hạn"), _("Gửi lúc")]
    heads.append(_("Số, ký hiệu"))
    for col, (text, width) in enumerate(zip(heads, (16, 44, 20, 10, 18, 18), strict=True)):
        sheet.set_column(col, col, width)
        _put(sheet, 0, col, text, bold)
    for row, child in enumerate(c.children, start=1):
        values = [child.code, child.name, child.state_label]
        values += [_("Có") if child.overdue else "", _when(child.submitted_at), child.symbol]
        for col, value in enumerate(values):
            _put(sheet, row, col, value)


def report_xlsx(c) -> bytes:
    out = io.BytesIO()
    book = _book(out)
    with translation.override("vi"):
        bold = book.add_format({"bold": True, "text_wrap": True, "valign": "top"})
        wrap = book.add_format({"text_wrap": True, "valign": "top"})
        _figures_sheet(book, c, bold, wrap)
        _text_sheet(book, c, bold, wrap)
        _children_sheet(book, c, bold)
        book.set_properties({"title": f"{c.heading} – {c.unit.name}"})
    book.close()
    return out.getvalue()


def report_xlsx_response(c) -> HttpResponse:
    body = report_xlsx(c)
    response = HttpResponse(body, content_type=XLSX_TYPE)
    response["Content-Disposition"] = disposition(*report_filenames(c, "xlsx"))
    response["Content-Length"] = str(len(body))
    response["Cache-Control"] = "private, no-store"
    return response
