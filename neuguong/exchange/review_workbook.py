"""A unit's ratings as Excel: the rating list (a report) and the rating sheet (to fill
offline and upload back: reviews/sheet_upload.py reads it).

Rules:
- Both need `reviews.view` on the unit (organisations.access.get_unit_for_user): 404
  outside the user's units, 403 in them without the permission. Without a period
  named, the current one.
- Each lists every review placed at the unit in the period (the reviews of its people
  and of the unit itself as a collective), collectives first, then heads, deputies and
  the others by name; the same rows as the unit's rating sheet page.
- The rating list: sheet "Danh sách xếp loại" (code, name, post, track, form, status,
  self-rating, the vote tally, proposed and decided levels, score, decided by and on),
  and sheet "Tổng hợp": the count per decided level and track, and the quota of every
  group the unit's reviews count in (HTXS against the HTT of the whole group).
- The rating sheet: sheet "Xếp loại" with the columns the upload reads (SHEET_COLUMNS:
  the code, name, place, track, proposed and decided levels and a note) and, after
  them, the status and the rules' notes (read-only help, ignored on upload); the level
  columns carry a drop-down list of the accepted values. Sheet "Thông tin" names the
  unit, the period and the format version the upload checks, with the instructions.
  A collective's row is coded "TT:<unit code>" (its leadership's "TTLD:<unit code>").
- Written with xlsxwriter in constant-memory mode to an anonymous temporary file and
  streamed from it; the reviews are read in chunks (an iterator), the rules' notes a
  chunk at a time, so a unit of thousands of reviews takes bounded memory. Text is
  always written as a string, never as a formula.
"""

import tempfile
from collections import Counter, defaultdict
from datetime import date, datetime

from django.db.models import Case, Count, IntegerField, Value, When
from django.http import FileResponse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from neuguong.core.access import VIEW_REVIEWS
from neuguong.organisations.access import get_unit_for_user
from neuguong.organisations.models import Unit
from neuguong.regulations.models import Period
from neuguong.reviews.checks import Decision, evaluate, quota_max
from neuguong.reviews.models import Level, Review, ReviewStatus, RuleSet, Subject, Track, short

from .plan_documents import _user_name, clean, disposition
from .plan_workbook import XLSX_TYPE, export_period

CHUNK = 2000
NOTES_CHUNK = 500
# The format the upload accepts; a new layout is a new version.
SHEET_FORMAT = "NEUGUONG-XEPLOAI-1"
SHEET_NAME = "Xếp loại"
INFO_NAME = "Thông tin"
COLLECTIVE_PREFIX = {Subject.ORGANISATION: "TT", Subject.LEADERSHIP: "TTLD"}
NOT_RATED = "Không xếp loại"
LEVEL_CHOICES = ["HTXS", "HTT", "HTNV", "KHTNV"]

# The columns of the rating sheet the upload reads, in order (keys used by the reader).
SHEET_COLUMNS = (
    ("code", _l("Mã cán bộ"), 16),
    ("name", _l("Họ và tên"), 28),
    ("place", _l("Nơi kiểm điểm"), 28),
    ("track", _l("Loại xếp loại"), 34),
    ("proposed", _l("Mức đề xuất"), 14),
    ("decided", _l("Mức quyết định"), 16),
    ("note", _l("Ghi chú"), 30),
)
# Help after them, ignored on upload.
SHEET_HELP_COLUMNS = ((_l("Trạng thái"), 26), (_l("Lưu ý theo quy tắc xếp loại"), 70))

LIST_COLUMNS = (
    (_l("Mã cán bộ"), 16),
    (_l("Họ và tên"), 28),
    (_l("Chức vụ"), 24),
    (_l("Loại xếp loại"), 34),
    (_l("Mẫu"), 6),
    (_l("Trạng thái"), 26),
    (_l("Tự xếp loại"), 12),
    (_l("Phiếu HTXS"), 8),
    (_l("Phiếu HTT"), 8),
    (_l("Phiếu HTNV"), 8),
    (_l("Phiếu KHTNV"), 8),
    (_l("Mức đề xuất"), 12),
    (_l("Mức quyết định"), 16),
    (_l("Điểm"), 8),
    (_l("Người quyết định"), 26),
    (_l("Ngày quyết định"), 14),
)


def rating_unit(user, pk) -> Unit:
    """The unit, if the user may read its reviews: 404 outside, 403 without the right."""
    return get_unit_for_user(user, pk, VIEW_REVIEWS)


def rating_period(value) -> Period:
    return export_period(value)


def collective_code(review: Review) -> str:
    return f"{COLLECTIVE_PREFIX.get(review.subject, 'TT')}:{review.unit.code}"


def row_code(review: Review) -> str:
    return collective_code(review) if review.is_collective else review.person.code


def row_name(review: Review) -> str:
    if not review.is_collective:
        return review.person.full_name
    if review.subject == Subject.LEADERSHIP:
        return _("Tập thể lãnh đạo, quản lý %(unit)s") % {"unit": review.unit.name}
    return _("Tập thể %(unit)s") % {"unit": review.unit.name}


def track_label(track: str) -> str:
    return str(Track(track).label)


def unit_reviews(unit: Unit, period: Period, *, related=("period", "rule_set")):
    """Every review placed at `unit` in `period`, in the rating sheet's order, with its
    person and unit and the `related` rows (the rules read the period and rule set)."""
    rank = Case(
        When(subject=Subject.ORGANISATION, then=Value(0)),
        When(subject=Subject.LEADERSHIP, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return (
        Review.objects.filter(period=period, unit=unit)
        .select_related("person", "person__management_unit", "unit", *related)
        .annotate(rank=rank)
        .order_by("rank", "-is_head", "-is_deputy", "person__name_folded", "track", "pk")
    )


def _level_text(review: Review) -> str:
    if review.not_rated and review.decided_at:
        return NOT_RATED
    return short(review.decided_level)


def _self_level(review: Review) -> str:
    level = review.self_level_party if review.track == Track.PARTY else review.self_level_staff
    return short(level or review.self_level_staff or review.self_level_party)


# Writing -----------------------------------------------------------------------------------


def _book(target):
    import xlsxwriter

    options = {"constant_memory": True, "strings_to_numbers": False}
    options |= {"strings_to_formulas": False, "strings_to_urls": False}
    return xlsxwriter.Workbook(target, options)


def _sheet(book, name: str, columns, bold):
    sheet = book.add_worksheet(name)
    for index, (label, width) in enumerate(columns):
        sheet.set_column(index, index, width)
        sheet.write_string(0, index, str(label), bold)
    sheet.freeze_panes(1, 0)
    return sheet


def _write(sheet, row: int, values, day=None) -> None:
    for col, value in enumerate(values):
        if value is None or value == "":
            continue
        if isinstance(value, datetime):
            value = timezone.localdate(value)
        if isinstance(value, date):
            sheet.write_datetime(row, col, value, day)
        elif isinstance(value, int | float) and not isinstance(value, bool):
            sheet.write_number(row, col, value)
        else:
            sheet.write_string(row, col, clean(value))


def _labels() -> dict[str, str]:
    """Status and track labels by value, in Vietnamese, read once per workbook."""
    with translation.override("vi"):
        return {value: str(label) for value, label in [*ReviewStatus.choices, *Track.choices]}


def _list_values(review: Review, labels: dict[str, str]) -> tuple:
    score = review.decided_score if review.decided_at else review.proposed_score
    return (
        row_code(review),
        row_name(review),
        review.post_title,
        labels[review.track],
        review.form,
        labels[review.status],
        _self_level(review),
        review.votes_htxs,
        review.votes_htt,
        review.votes_htnv,
        review.votes_khtnv,
        short(review.proposed_level),
        _level_text(review),
        float(score) if score is not None else None,
        _user_name(review.decided_by) if review.decided_at else "",
        review.decided_at,
    )


def _level_counts(unit: Unit, period: Period) -> dict:
    counts = Counter()
    rows = (
        Review.objects.filter(period=period, unit=unit)
        .values_list("track", "decided_level", "not_rated", "decided_at")
        .annotate(n=Count("pk"))
    )
    for track, level, not_rated, decided_at, n in rows:
        key = level if level else (NOT_RATED if not_rated and decided_at else None)
        counts[(track, key)] += n
    return counts


def quota_rows(unit: Unit, period: Period) -> list[tuple]:
    """(group, HTT, HTXS, most HTXS, within) for each quota group of the unit's reviews,
    counted over the whole group (a collective's group spans its parent's units)."""
    groups = dict(
        Review.objects.filter(period=period, unit=unit)
        .values_list("quota_key", "rule_set_id")
        .distinct()
    )
    if not groups:
        return []
    labels = dict(
        Review.objects.filter(period=period, quota_key__in=groups)
        .values_list("quota_key", "quota_label")
        .distinct()
    )
    counts = Counter()
    for key, level, n in (
        Review.objects.filter(period=period, quota_key__in=groups, decided_level__isnull=False)
        .values_list("quota_key", "decided_level")
        .annotate(n=Count("pk"))
    ):
        counts[(key, level)] += n
    rule_sets = {r.pk: r for r in RuleSet.objects.filter(pk__in=set(groups.values()))}
    out = []
    for key in sorted(groups, key=lambda k: labels.get(k, k)):
        percent = rule_sets[groups[key]].rules().params["quota_percent"]
        htt, htxs = counts[(key, Level.HTT)], counts[(key, Level.HTXS)]
        most = quota_max(htt, percent)
        out.append((labels.get(key, key), htt, htxs, most, htxs <= most))
    return out


def _summary(book, unit: Unit, period: Period, bold) -> None:
    sheet = book.add_worksheet(_("Tổng hợp"))
    sheet.set_column(0, 0, 60)
    sheet.set_column(1, 4, 16)
    sheet.write_string(0, 0, _("Xếp loại tại %(unit)s, %(period)s") % {
        "unit": unit.name, "period": period.name}, bold)  # fmt: skip
    tracks = [Track.PARTY, Track.STATE]
    heads = [_("Mức xếp loại"), *(track_label(t) for t in tracks), _("Tổng")]
    for col, text in enumerate(heads):
        sheet.write_string(2, col, text, bold)
    counts = _level_counts(unit, period)
    keys = [*Level.values, NOT_RATED, None]
    names = [*(f"{Level(v).label} ({short(v)})" for v in Level.values), _("Không xếp loại")]
    names.append(_("Chưa quyết định"))
    for offset, (key, name) in enumerate(zip(keys, names, strict=True)):
        values = [counts[(t, key)] for t in tracks]
        _write(sheet, 3 + offset, [name, *values, sum(values)])
    row = 4 + len(keys)
    sheet.write_string(row, 0, _("Tỷ lệ HTXS trong mỗi nhóm so sánh (theo số HTT)"), bold)
    heads = [_("Nhóm"), _("Số HTT"), _("Số HTXS"), _("Tối đa HTXS"), _("Tình trạng")]
    for col, text in enumerate(heads):
        sheet.write_string(row + 1, col, text, bold)
    for offset, (label, htt, htxs, most, within) in enumerate(quota_rows(unit, period)):
        state = _("Trong giới hạn") if within else _("Vượt giới hạn")
        _write(sheet, row + 2 + offset, [label, htt, htxs, most, state])


def write_rating_list(target, unit: Unit, period: Period) -> int:
    """Write the unit's rating list to `target` (a path or a seekable binary file);
    returns the number of reviews written."""
    book = _book(target)
    with translation.override("vi"):
        bold = book.add_format({"bold": True, "text_wrap": True, "valign": "top"})
        day = book.add_format({"num_format": "dd/mm/yyyy"})
        sheet = _sheet(book, _("Danh sách xếp loại"), LIST_COLUMNS, bold)
        row = 0
        labels = _labels()
        reviews = unit_reviews(unit, period, related=("decided_by__person",))
        for review in reviews.iterator(chunk_size=CHUNK):
            row += 1
            _write(sheet, row, _list_values(review, labels), day)
        sheet.autofilter(0, 0, max(row, 1), len(LIST_COLUMNS) - 1)
        _summary(book, unit, period, bold)
        book.set_properties(
            {"title": _("Danh sách xếp loại – %(unit)s – %(period)s")
             % {"unit": unit.name, "period": period.name}}
        )  # fmt: skip
    book.close()
    return row


def _chunks(iterable, size: int):
    batch = []
    for item in iterable:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def rule_notes(reviews: list[Review]) -> dict[int, str]:
    """Per review, what the rules say against its decided (else proposed) level: the
    explanation shown wherever a rating is set, here as one line of text."""
    decisions = [
        Decision(r, r.decided_level or r.proposed_level or Level.HTXS)
        for r in reviews
        if not r.not_rated
    ]
    notes = defaultdict(list)
    for pk, checks in evaluate(decisions, explain=True).items():
        for check in checks:
            if not check.ok and check.message not in notes[pk]:
                notes[pk].append(check.message)
    return {pk: " ".join(messages) for pk, messages in notes.items()}


def _info(book, unit: Unit, period: Period, bold, wrap) -> None:
    sheet = book.add_worksheet(INFO_NAME)
    sheet.set_column(0, 0, 22)
    sheet.set_column(1, 1, 90)
    levels = ", ".join(LEVEL_CHOICES)
    rows = [
        (_("Mẫu tệp"), SHEET_FORMAT),
        (_("Mã đơn vị"), unit.code),
        (_("Đơn vị"), unit.name),
        (_("Mã kỳ"), str(period.pk)),
        (_("Kỳ"), period.name),
        (_("Ngày xuất"), timezone.localtime().strftime("%H:%M %d/%m/%Y")),
        (
            _("Hướng dẫn"),
            _(
                "Ghi mức vào cột “Mức đề xuất” (người đứng đầu, bí thư) hoặc “Mức quyết "
                "định” (cấp có thẩm quyền): %(levels)s; cột “Mức quyết định” nhận thêm "
                "“%(not_rated)s”. Để trống là giữ nguyên. Không sửa cột “Mã cán bộ”, "
                "không thêm công thức. Cả tệp được kiểm tra trước: chỉ một dòng sai là "
                "không dòng nào được áp dụng, và mọi dòng sai được liệt kê."
            )
            % {"levels": levels, "not_rated": NOT_RATED},
        ),
    ]
    for index, (label, value) in enumerate(rows):
        sheet.write_string(index, 0, label, bold)
        sheet.write_string(index, 1, clean(value), wrap)
    sheet.protect()


def _validation(sheet, last_row: int, col: int, values: list[str]) -> None:
    sheet.data_validation(
        1,
        col,
        max(last_row, 1),
        col,
        {
            "validate": "list",
            "source": values,
            "error_type": "stop",
            "error_title": _("Mức không hợp lệ"),
            "error_message": _("Chọn một mức trong danh sách: %(levels)s.")
            % {"levels": ", ".join(values)},
        },
    )


def write_rating_sheet(target, unit: Unit, period: Period) -> int:
    """Write the sheet to fill offline; returns the number of reviews written."""
    book = _book(target)
    with translation.override("vi"):
        bold = book.add_format({"bold": True, "text_wrap": True, "valign": "top"})
        wrap = book.add_format({"text_wrap": True, "valign": "top"})
        columns = [(label, width) for _key, label, width in SHEET_COLUMNS]
        sheet = _sheet(book, SHEET_NAME, [*columns, *SHEET_HELP_COLUMNS], bold)
        row = 0
        labels = _labels()
        reviews = unit_reviews(unit, period).iterator(chunk_size=NOTES_CHUNK)
        for chunk in _chunks(reviews, NOTES_CHUNK):
            notes = rule_notes(chunk)
            for review in chunk:
                row += 1
                # A reopened review waits for a new decision: its old one is not shown
                # here, so that uploading the sheet back never re-decides it unasked.
                decided = review.status == ReviewStatus.DECIDED
                _write(
                    sheet,
                    row,
                    [row_code(review), row_name(review), review.unit.name,
                     labels[review.track], short(review.proposed_level),
                     _level_text(review) if decided else "",
                     review.decision_note if decided else "", labels[review.status],
                     notes.get(review.pk, "")],
                )  # fmt: skip
        # Room for rows typed in by hand is not needed: every review has its row.
        _validation(sheet, row, 4, LEVEL_CHOICES)
        _validation(sheet, row, 5, [*LEVEL_CHOICES, NOT_RATED])
        sheet.autofilter(0, 0, max(row, 1), len(columns) + len(SHEET_HELP_COLUMNS) - 1)
        _info(book, unit, period, bold, wrap)
        book.set_properties(
            {"title": _("Bảng xếp loại – %(unit)s – %(period)s")
             % {"unit": unit.name, "period": period.name}}
        )  # fmt: skip
    book.close()
    return row


# Responses ----------------------------------------------------------------------------------


def _filenames(unit: Unit, period: Period, what: str, stem: str) -> tuple[str, str]:
    slug = slugify(unit.code) or f"don-vi-{unit.pk}"
    ascii_name = f"{stem}-{slug}-{period.starts_on.year}.xlsx"
    return ascii_name, f"{what} - {unit.name} - {period.name}.xlsx"


def _response(write, unit: Unit, period: Period, names: tuple[str, str]) -> FileResponse:
    """The workbook, written to an anonymous temporary file and streamed from it."""
    handle = tempfile.TemporaryFile(prefix="neuguong-ratings-", suffix=".xlsx")  # noqa: SIM115
    try:
        write(handle, unit, period)
        handle.seek(0)
    except BaseException:
        handle.close()
        raise
    response = FileResponse(handle, content_type=XLSX_TYPE)
    response["Content-Disposition"] = disposition(*names)
    response["Cache-Control"] = "private, no-store"
    return response


def rating_list_response(unit: Unit, period: Period) -> FileResponse:
    names = _filenames(unit, period, "Danh sách xếp loại", "xep-loai")
    return _response(write_rating_list, unit, period, names)


def rating_sheet_response(unit: Unit, period: Period) -> FileResponse:
    names = _filenames(unit, period, "Bảng xếp loại để điền", "bang-xep-loai")
    return _response(write_rating_sheet, unit, period, names)
