"""The calendar of periodic reports: which (kind, year, number) exist, the dates each
covers, and how they are named in Vietnamese.

- monthly: number 1–12, the month; quarterly: 1–4, the quarter;
- 6-month (Jan–Jun), 9-month (Jan–Sep) and yearly (Jan–Dec): number 1 only.
Years lie in MIN_YEAR..MAX_YEAR.
"""

import calendar
from datetime import date

from django.utils.translation import gettext as _

MONTHLY, QUARTERLY, HALF_YEAR, NINE_MONTHS, YEARLY = (
    "monthly",
    "quarterly",
    "half_year",
    "nine_months",
    "yearly",
)
KINDS = (MONTHLY, QUARTERLY, HALF_YEAR, NINE_MONTHS, YEARLY)
COUNT = {MONTHLY: 12, QUARTERLY: 4, HALF_YEAR: 1, NINE_MONTHS: 1, YEARLY: 1}
MIN_YEAR, MAX_YEAR = 2000, 2100
ROMAN = ("I", "II", "III", "IV")


def numbers(kind: str) -> range:
    return range(1, COUNT[kind] + 1)


def is_valid(kind: str, year: int, number: int) -> bool:
    return kind in COUNT and MIN_YEAR <= year <= MAX_YEAR and 1 <= number <= COUNT[kind]


def invalid_message(kind: str, year: int, number: int) -> str:
    """Why (kind, year, number) names no report period, in words."""
    if kind not in COUNT:
        return _("Không có loại báo cáo “%(kind)s”.") % {"kind": str(kind)[:30]}
    if not MIN_YEAR <= year <= MAX_YEAR:
        return _("Năm báo cáo phải từ %(low)s đến %(high)s.") % {"low": MIN_YEAR, "high": MAX_YEAR}
    if kind == MONTHLY:
        return _("Tháng phải từ 1 đến 12; không có tháng %(n)s.") % {"n": number}
    if kind == QUARTERLY:
        return _("Quý phải từ 1 đến 4; không có quý %(n)s.") % {"n": number}
    return _("Báo cáo này mỗi năm chỉ có một kỳ (số 1); không có kỳ số %(n)s.") % {"n": number}


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def date_range(kind: str, year: int, number: int) -> tuple[date, date]:
    """The first and last day the report covers."""
    if kind == MONTHLY:
        return date(year, number, 1), _month_end(year, number)
    if kind == QUARTERLY:
        first = 3 * (number - 1) + 1
        return date(year, first, 1), _month_end(year, first + 2)
    last = {HALF_YEAR: 6, NINE_MONTHS: 9, YEARLY: 12}[kind]
    return date(year, 1, 1), _month_end(year, last)


def words(kind: str, year: int, number: int) -> str:
    """ "tháng 10 năm 2026", "quý III năm 2026", "6 tháng đầu năm 2026"…"""
    if kind == MONTHLY:
        return _("tháng %(n)s năm %(y)s") % {"n": number, "y": year}
    if kind == QUARTERLY:
        return _("quý %(n)s năm %(y)s") % {"n": ROMAN[number - 1], "y": year}
    if kind == HALF_YEAR:
        return _("6 tháng đầu năm %(y)s") % {"y": year}
    if kind == NINE_MONTHS:
        return _("9 tháng năm %(y)s") % {"y": year}
    return _("năm %(y)s") % {"y": year}


def short_label(kind: str, number: int) -> str:
    """The period within its year: "Tháng 10", "Quý III", "6 tháng đầu năm"…"""
    if kind == MONTHLY:
        return _("Tháng %(n)s") % {"n": number}
    if kind == QUARTERLY:
        return _("Quý %(n)s") % {"n": ROMAN[number - 1]}
    if kind == HALF_YEAR:
        return _("6 tháng đầu năm")
    if kind == NINE_MONTHS:
        return _("9 tháng")
    return _("Cả năm")


def latest_ended(kind: str, today: date) -> tuple[int, int]:
    """The last period of `kind` that ended before `today`: (year, number)."""
    for year in (today.year, today.year - 1):
        for number in reversed(numbers(kind)):
            if date_range(kind, year, number)[1] < today:
                return year, number
    return today.year - 1, COUNT[kind]  # not reached: last year's periods all ended


def default_number(kind: str, year: int, today: date) -> int:
    """The period of `year` shown when none is named: the latest ended one, the last of
    an earlier year, the first of a later one."""
    last_year, last_number = latest_ended(kind, today)
    if year == last_year:
        return last_number
    return COUNT[kind] if year < last_year else 1
