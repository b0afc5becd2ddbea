"""A unit's commitment plans as an Excel workbook, and who may download it.

Rules:
- The workbook needs `plans.view` on the unit: 404 outside the user's units, 403 in
  them without the permission. Without a unit named, the user's highest unit in that
  scope is exported; without a period, the current one.
- Sheet "Kế hoạch": one row per active person of the unit's subtree (the people list's
  people) with their latest plan version; sheet "Nhiệm vụ": one row per key task of
  that version. Dates are real Excel dates shown dd/mm/yyyy; every text is written as
  a string, never as a formula.
- The workbook is written with xlsxwriter in constant-memory mode to an anonymous
  temporary file and streamed from there; people come through
  `commitments.querysets.plan_rows` (an iterator, three more queries a chunk of 2,000),
  so a unit of 150,000 people takes bounded memory.
- xlsxwriter is imported inside the function that uses it.
"""

import tempfile
from datetime import date, datetime

from django.core.exceptions import PermissionDenied
from django.db.models.functions import Length
from django.http import FileResponse, Http404
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from neuguong.commitments.models import PlanStatus, TaskStatus
from neuguong.commitments.querysets import plan_rows
from neuguong.core.access import VIEW_PLANS
from neuguong.core.errors import DomainError
from neuguong.organisations.access import get_unit_for_user
from neuguong.organisations.models import Unit
from neuguong.organisations.scopes import scope_for
from neuguong.regulations.models import Period

from .plan_documents import disposition

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# Who may export a unit's plans -----------------------------------------------------------


def export_unit(user, pk) -> Unit:
    """The unit named by `pk`, or the user's highest one in the `plans.view` scope:
    404 outside the user's units, 403 without the permission on it."""
    if pk not in (None, ""):
        return get_unit_for_user(user, pk, VIEW_PLANS)
    scope = scope_for(user, VIEW_PLANS)
    if scope.is_empty:
        raise PermissionDenied
    units = Unit.objects.filter(parent__isnull=True)
    if not scope.everything:
        units = Unit.objects.filter(path__in=scope.prefixes)
    unit = units.order_by(Length("path"), "path").first()
    if unit is None:
        raise Http404
    return unit


def export_period(value) -> Period:
    from neuguong.dashboards.access import pick_period

    period = pick_period(value)
    if period is None:
        raise DomainError(_("Chưa có kỳ thực hiện nào."), field="period")
    return period


# The workbook of a unit's plans --------------------------------------------------------

PLAN_COLUMNS = (
    (_l("Mã cán bộ"), 14),
    (_l("Họ và tên"), 28),
    (_l("Đơn vị công tác"), 34),
    (_l("Chi bộ"), 28),
    (_l("Trạng thái"), 18),
    (_l("Phiên bản"), 10),
    (_l("Ngày nộp"), 12),
    (_l("Nộp sau hạn"), 12),
    (_l("Ngày phê duyệt"), 14),
    (_l("Số nhiệm vụ trọng tâm"), 12),
)
TASK_COLUMNS_XLSX = (
    (_l("Mã cán bộ"), 14),
    (_l("Họ và tên"), 28),
    (_l("STT"), 6),
    (_l("Nhiệm vụ trọng tâm"), 48),
    (_l("Chỉ tiêu"), 28),
    (_l("Thời hạn"), 12),
    (_l("Sản phẩm"), 30),
    (_l("Giải pháp cụ thể"), 60),
    (_l("Tiến độ"), 16),
    (_l("Tỷ lệ hoàn thành (%)"), 12),
)


def _sheet(book, name: str, columns, bold):
    sheet = book.add_worksheet(name)
    for index, (label, width) in enumerate(columns):
        sheet.set_column(index, index, width)
        sheet.write_string(0, index, str(label), bold)
    sheet.freeze_panes(1, 0)
    return sheet


class _Writer:
    """Writes one row at a time: text as strings, dates as dates, blanks as blanks."""

    def __init__(self, sheet, day, wrap):
        self.sheet, self.day, self.wrap, self.row = sheet, day, wrap, 0

    def add(self, values, *, wrap_from: int = 99) -> None:
        self.row += 1
        for col, value in enumerate(values):
            if value is None or value == "":
                continue
            if isinstance(value, datetime):
                value = timezone.localdate(value)
            if isinstance(value, date):
                self.sheet.write_datetime(self.row, col, value, self.day)
            elif isinstance(value, int | float) and not isinstance(value, bool):
                self.sheet.write_number(self.row, col, value)
            else:
                # xlsxwriter escapes the control characters XML cannot hold.
                fmt = self.wrap if col >= wrap_from else None
                self.sheet.write_string(self.row, col, value, fmt)


def write_plans_xlsx(target, unit: Unit, period: Period) -> int:
    """Write the workbook of `unit`'s plans for `period` to `target` (a path or a
    seekable binary file); returns the number of people written."""
    import xlsxwriter

    options = {"constant_memory": True, "strings_to_numbers": False}
    options |= {"strings_to_formulas": False, "strings_to_urls": False}
    book = xlsxwriter.Workbook(target, options)
    with translation.override("vi"):
        bold = book.add_format({"bold": True, "text_wrap": True, "valign": "top"})
        day = book.add_format({"num_format": "dd/mm/yyyy", "valign": "top"})
        wrap = book.add_format({"text_wrap": True, "valign": "top"})
        plans = _Writer(_sheet(book, _("Kế hoạch"), PLAN_COLUMNS, bold), day, wrap)
        tasks = _Writer(_sheet(book, _("Nhiệm vụ"), TASK_COLUMNS_XLSX, bold), day, wrap)
        labels = {k: str(v) for k, v in PlanStatus.choices} | {None: _("Chưa đăng ký")}
        progress = {k: str(v) for k, v in TaskStatus.choices}
        yes, no = _("Có"), _("Không")
        for row in plan_rows(unit, period):
            who = (row.code, row.full_name)
            approved = row.status in (PlanStatus.APPROVED, PlanStatus.SUPERSEDED)
            plans.add(
                (*who, row.workplace, row.party_cell, labels.get(row.status, row.status),
                 row.number, row.submitted_at, (yes if row.is_late else no) if row.plan_id else "",
                 row.decided_at if approved else None, row.task_count if row.plan_id else None)
            )  # fmt: skip
            for task in row.tasks:
                tasks.add(
                    (*who, task.order, task.title, task.target, task.deadline, task.product,
                     "\n".join(task.solutions), progress.get(task.progress_status, ""),
                     task.progress_percent),
                    wrap_from=3,
                )  # fmt: skip
        for writer, columns in ((plans, PLAN_COLUMNS), (tasks, TASK_COLUMNS_XLSX)):
            writer.sheet.autofilter(0, 0, max(writer.row, 1), len(columns) - 1)
        book.set_properties({"title": _("Kế hoạch cam kết – %(unit)s") % {"unit": unit.name}})
    book.close()
    return plans.row


def plans_filenames(unit: Unit, period: Period) -> tuple[str, str]:
    slug = slugify(unit.code) or f"don-vi-{unit.pk}"
    ascii_name = f"ke-hoach-{slug}-{period.starts_on.year}.xlsx"
    return ascii_name, f"Kế hoạch cam kết - {unit.name} - {period.name}.xlsx"


def plans_xlsx_response(unit: Unit, period: Period) -> FileResponse:
    """The workbook, written to an anonymous temporary file and streamed from it (the
    file goes away when the response closes it)."""
    handle = tempfile.TemporaryFile(prefix="neuguong-plans-", suffix=".xlsx")  # noqa: SIM115
    try:
        write_plans_xlsx(handle, unit, period)
        handle.seek(0)
    except BaseException:
        handle.close()
        raise
    response = FileResponse(handle, content_type=XLSX_TYPE)
    response["Content-Disposition"] = disposition(*plans_filenames(unit, period))
    return response
