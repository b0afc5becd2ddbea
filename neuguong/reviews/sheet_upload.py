"""A unit's rating sheet, filled offline and uploaded back (the sheet comes from
exchange/review_workbook.py, and is read by exchange/sheet_reader.py).

Rules:
- Only whoever may read the unit's reviews and assess or decide there uploads
  (`can_upload`); each row is then checked against the uploader's own rights.
- The file is refused before parsing when too big, not an xlsx, carrying macros or
  formulas, or longer than the unit's reviews + ROW_MARGIN rows (at most MAX_ROWS):
  exchange/sheet_reader.py.
- The sheet must be this unit's and this period's, in a format version we read
  (sheet "Thông tin").
- Every row is checked before anything is applied: the person's code (unknown; outside
  the uploader's scope; no review at this unit in this period), the name against the
  code, the track where a person has two reviews here, duplicate rows, each level
  (HTXS, HTT, HTNV, KHTNV or the full names, any case, with or without diacritics; "Không
  xếp loại" for a decision only), and the right to propose (`reviews.assess` on the
  place) or decide (the competent level) where the level changes. A blank level, or
  one equal to the current one, leaves the review alone. The note is saved with the
  decision of its row.
- Then, in one transaction, proposals go through services.propose_level and decisions
  through services.decide_many (every rule, the quota counted on the state after the
  whole sheet); any refusal, of any row, rolls everything back. The result names every
  bad row with its number and a Vietnamese message; nothing is changed and nothing is
  written to the audit log. A sheet applied is logged once ("review.sheet_upload")
  besides each proposal's and decision's own entries.
"""

import functools
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from neuguong.core.access import ASSESS_REVIEW, DECIDE_REVIEW, VIEW_PEOPLE
from neuguong.core.audit import log_action
from neuguong.core.errors import DomainError
from neuguong.core.text import fold
from neuguong.exchange.review_workbook import (
    COLLECTIVE_PREFIX,
    INFO_NAME,
    LEVEL_CHOICES,
    NOT_RATED,
    SHEET_FORMAT,
    row_name,
)
from neuguong.exchange.sheet_reader import (
    MAX_ROWS,
    RowError,
    Sheet,
    SheetRefused,
    SheetRow,
    read_sheet,
    refuse,
)
from neuguong.organisations.models import Person, Unit
from neuguong.organisations.scopes import scope_for
from neuguong.regulations.models import Period

from . import access, services
from .checks import Decision
from .models import SHORT_LEVEL, Level, Review, ReviewStatus, Track, short

ROW_MARGIN = 100

__all__ = ["RowError", "Sheet", "SheetRefused", "SheetRow", "apply_sheet", "read_sheet"]


@dataclass
class Summary:
    rows: int = 0
    proposals: int = 0
    decisions: int = 0
    unchanged: int = 0


# Checking every row ----------------------------------------------------------------------


@functools.cache
def _level_words() -> dict[str, int]:
    words = {fold(code): number for code, number in SHORT_LEVEL.items()}
    with translation.override("vi"):
        for number, label in Level.choices:
            words[fold(str(label))] = number
    return words


def parse_level(text: str, *, decided: bool) -> tuple[bool, int | None]:
    """(ok, level) for a level typed in the sheet: a short name (HTXS…) or the full
    name, any case, with or without diacritics; for a decision also "Không xếp loại"
    (level None)."""
    word = fold(text)
    if decided and word == fold(NOT_RATED):
        return True, None
    level = _level_words().get(word)
    return (level is not None), level


def _accepted(decided: bool) -> str:
    names = ", ".join(LEVEL_CHOICES)
    if decided:
        return _("%(names)s (hoặc tên đầy đủ, như “Hoàn thành tốt nhiệm vụ”) hoặc “%(not)s”") % {
            "names": names,
            "not": NOT_RATED,
        }
    return _("%(names)s (hoặc tên đầy đủ, như “Hoàn thành tốt nhiệm vụ”)") % {"names": names}


@dataclass
class Change:
    row: int
    review: Review
    propose: int | None = None  # a new proposed level
    decide: bool = False
    level: int | None = None  # the decided level (None: not rated)
    note: str = ""


@dataclass
class _Context:
    unit: Unit
    period: Period
    by: object
    reviews: dict[str, list[Review]]  # code -> this unit's reviews (one a track)
    people: dict[str, Person]
    visible: set[int]  # people without a review here whom the uploader may see
    seen: dict[int, int] = field(default_factory=dict)


def _context(rows: list[SheetRow], *, unit, period, by) -> _Context:
    reviews: dict[str, list[Review]] = {}
    qs = Review.objects.filter(period=period, unit=unit).select_related(
        "period", "person", "person__management_unit", "unit", "rule_set"
    )
    for review in qs.iterator(chunk_size=2000):
        code = (
            f"{COLLECTIVE_PREFIX.get(review.subject, 'TT')}:{unit.code}"
            if review.is_collective
            else review.person.code
        )
        reviews.setdefault(code, []).append(review)
    codes = sorted({r.code for r in rows if r.code})
    people = {}
    for i in range(0, len(codes), 900):
        for person in Person.objects.filter(code__in=codes[i : i + 900]):
            people[person.code] = person
    outside = [p.pk for code, p in people.items() if code not in reviews]
    visible = set()
    for i in range(0, len(outside), 900):
        visible |= set(
            Person.objects.visible_to(by, VIEW_PEOPLE)
            .filter(pk__in=outside[i : i + 900])
            .values_list("pk", flat=True)
        )
    return _Context(unit, period, by, reviews, people, visible)


def _find(row: SheetRow, ctx: _Context) -> Review | str:
    """The review a row names, or why it names none."""
    code = row.code
    if not code:
        return _("Thiếu mã cán bộ.")
    candidates = ctx.reviews.get(code)
    prefix = code.split(":", 1)[0].upper() if ":" in code else ""
    if candidates is None and prefix in COLLECTIVE_PREFIX.values():
        return _("Mã “%(code)s” không phải mã tập thể của %(unit)s (%(own)s).") % {
            "code": code[:60],
            "unit": ctx.unit.name,
            "own": f"TT:{ctx.unit.code}",
        }
    if candidates is None:
        person = ctx.people.get(code)
        if person is None:
            return _("Không có cán bộ, đảng viên nào mã “%(code)s”.") % {"code": code[:60]}
        if person.pk not in ctx.visible:
            return _("Mã “%(code)s” thuộc người ngoài phạm vi của bạn; không xếp loại được.") % {
                "code": code[:60]
            }
        return _("%(name)s (mã %(code)s) không kiểm điểm tại %(unit)s trong kỳ %(period)s.") % {
            "name": person.full_name,
            "code": code,
            "unit": ctx.unit.name,
            "period": ctx.period.name,
        }
    return _pick_track(row, candidates)


@functools.cache
def _track_words() -> dict[str, str]:
    with translation.override("vi"):
        words = {fold(str(label)): value for value, label in Track.choices}
    return words | {value: value for value in Track.values}


def _pick_track(row: SheetRow, candidates: list[Review]) -> Review | str:
    if len(candidates) == 1 and not row.track:
        return candidates[0]
    track = _track_words().get(fold(row.track))
    if track is None:
        with translation.override("vi"):
            names = _(" hoặc ").join(f"“{label}”" for _v, label in Track.choices)
        if not row.track:
            return _(
                "Người này kiểm điểm hai nơi ở đây; ghi rõ cột “Loại xếp loại”: %(names)s."
            ) % {"names": names}
        return _("Loại xếp loại “%(value)s” không hợp lệ; ghi %(names)s.") % {
            "value": row.track[:60],
            "names": names,
        }
    for review in candidates:
        if review.track == track:
            return review
    return _("%(name)s không có bản kiểm điểm loại “%(track)s” ở đây.") % {
        "name": row_name(candidates[0]),
        "track": Track(track).label,
    }


def _check_row(row: SheetRow, review: Review, ctx: _Context) -> tuple[Change | None, list[str]]:
    errors = []
    if row.name and not review.is_collective and fold(row.name) != fold(review.person.full_name):
        errors.append(
            _("Mã %(code)s là của %(name)s, không phải “%(typed)s”.")
            % {"code": row.code, "name": review.person.full_name, "typed": row.name[:80]}
        )
    change = Change(row=row.number, review=review)
    if row.proposed:
        ok, level = parse_level(row.proposed, decided=False)
        if not ok:
            errors.append(
                _("Mức đề xuất “%(value)s” không hợp lệ; chỉ nhận %(accepted)s.")
                % {"value": row.proposed[:40], "accepted": _accepted(False)}
            )
        elif level != review.proposed_level:
            change.propose = level
            errors += _may(access.can_assess, ctx.by, review, _("đề xuất mức"))
    if row.decided:
        ok, level = parse_level(row.decided, decided=True)
        if not ok:
            errors.append(
                _("Mức quyết định “%(value)s” không hợp lệ; chỉ nhận %(accepted)s.")
                % {"value": row.decided[:40], "accepted": _accepted(True)}
            )
        elif not _same_decision(review, level):
            change.decide, change.level, change.note = True, level, row.note
            errors += _may(access.can_decide, ctx.by, review, _("quyết định xếp loại"))
            errors += _decidable(review)
    if len(row.note) > 2000:
        errors.append(_("Ghi chú tối đa 2000 ký tự; đã nhập %(n)s.") % {"n": len(row.note)})
    elif row.note and not change.decide and review.is_locked and row.note != review.decision_note:
        # A note is saved with its row's decision; a decided review's stays as decided.
        errors.append(_("Đã xếp loại; ghi chú chỉ đổi được khi mở lại bản kiểm điểm."))
    if errors:
        return None, errors
    return (change if change.propose or change.decide else None), []


def _same_decision(review: Review, level: int | None) -> bool:
    if review.status != ReviewStatus.DECIDED:
        return False
    return review.not_rated if level is None else review.decided_level == level


def _decidable(review: Review) -> list[str]:
    if review.status == ReviewStatus.DECIDED:
        was = short(review.decided_level) or NOT_RATED
        return [_("Đã xếp loại %(level)s; muốn đổi phải mở lại.") % {"level": was}]
    return []


def _may(check, by, review: Review, what: str) -> list[str]:
    if check(by, review):
        return []
    if access.is_own(by, review):
        return [_("Bạn không được %(what)s cho chính mình.") % {"what": what}]
    return [
        _("Bạn không có thẩm quyền %(what)s cho %(name)s.")
        % {"what": what, "name": row_name(review)}
    ]


def check_rows(rows: list[SheetRow], *, unit, period, by) -> list[Change]:
    """The changes the sheet asks for, or SheetRefused naming every bad row."""
    ctx = _context(rows, unit=unit, period=period, by=by)
    errors: list[RowError] = []
    changes = []
    for row in rows:
        found = _find(row, ctx)
        if isinstance(found, str):
            errors.append(RowError(row.number, found))
            continue
        first = ctx.seen.setdefault(found.pk, row.number)
        if first != row.number:
            errors.append(
                RowError(row.number, _("Trùng với dòng %(row)s (cùng một bản kiểm điểm).")
                         % {"row": first})
            )  # fmt: skip
            continue
        change, messages = _check_row(row, found, ctx)
        errors += [RowError(row.number, m) for m in messages]
        if change:
            changes.append(change)
    if errors:
        raise SheetRefused(errors)
    return changes


# Applying ----------------------------------------------------------------------------------


def can_upload(user, unit: Unit) -> bool:
    return scope_for(user, ASSESS_REVIEW).covers_path(unit.path) or scope_for(
        user, DECIDE_REVIEW
    ).covers_path(unit.path)


def _check_info(info: dict[str, str], unit: Unit, period: Period) -> None:
    with translation.override("vi"):
        version = info.get(fold(_("Mẫu tệp")), "")
        unit_code = info.get(fold(_("Mã đơn vị")), "")
        period_id = info.get(fold(_("Mã kỳ")), "")
    if version != SHEET_FORMAT:
        raise refuse(
            _("Không nhận ra mẫu bảng (trang “%(sheet)s”, dòng “Mẫu tệp”: cần %(format)s). Hãy "
              "tải bảng xếp loại mới về rồi điền.") % {"sheet": INFO_NAME, "format": SHEET_FORMAT}
        )  # fmt: skip
    if unit_code != unit.code or period_id != str(period.pk):
        raise refuse(
            _("Bảng này là của đơn vị mã “%(code)s”, kỳ mã %(period)s; trang này nhận bảng "
              "của %(unit)s (mã %(own)s), kỳ %(name)s.")
            % {"code": unit_code[:60], "period": period_id[:20], "unit": unit.name,
               "own": unit.code, "name": period.name}
        )  # fmt: skip


def _apply(changes: list[Change], *, by) -> tuple[int, int]:
    """Propose, then decide, in the caller's transaction; SheetRefused on any refusal."""
    errors: list[RowError] = []
    proposed = 0
    for change in changes:
        if change.propose is None:
            continue
        review = change.review
        try:
            # A savepoint each (the service is atomic): one refusal leaves the rest usable.
            services.propose_level(
                review,
                by=by,
                version=None,
                level=change.propose,
                assessment=review.assessment,
                score=review.proposed_score,
            )
            proposed += 1
        except DomainError as exc:
            errors.append(RowError(change.row, exc.message))
    refused = {e.row for e in errors}
    decisions = [c for c in changes if c.decide and c.row not in refused]
    rows = {c.review.pk: c.row for c in decisions}
    try:
        services.decide_many(
            [Decision(c.review, c.level, note=c.note) for c in decisions], by=by, note=""
        )
    except services.BatchError as exc:
        for pk, messages in exc.errors.items():
            errors += [RowError(rows[pk], m) for m in messages]
    except DomainError as exc:
        errors.append(RowError(None, exc.message))
    if errors:
        raise SheetRefused(errors)
    return proposed, len(decisions)


def apply_sheet(*, unit: Unit, period: Period, upload, by) -> Summary:
    """Apply an uploaded rating sheet of `unit` for `period`, all or nothing."""
    if not can_upload(by, unit):
        raise DomainError(
            _("Bạn không có quyền đề xuất hay quyết định xếp loại ở %(unit)s.")
            % {"unit": unit.name},
            code="forbidden",
        )
    count = Review.objects.filter(period=period, unit=unit).count()
    sheet = read_sheet(upload, max_rows=min(count + ROW_MARGIN, MAX_ROWS))
    _check_info(sheet.info, unit, period)
    with transaction.atomic():
        changes = check_rows(sheet.rows, unit=unit, period=period, by=by)
        proposed, decided = _apply(changes, by=by)
        summary = Summary(
            rows=len(sheet.rows),
            proposals=proposed,
            decisions=decided,
            unchanged=len(sheet.rows) - len(changes),
        )
        if changes:
            log_action(
                "review.sheet_upload",
                by=by,
                obj=unit,
                unit=unit,
                after={"period": period.pk, **summary.__dict__},
            )
    return summary
