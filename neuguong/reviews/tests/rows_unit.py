"""Access-matrix rows for the unit pages (see access_rows.py): the units list, Tổ Toán's
rating sheet and the work on it, and the steps on the proposed review of a teacher of
Tổ Toán (a person of these rows' own, so no other row's review meets it)."""

from conftest import PERSONAS
from neuguong.organisations.tests.test_access_matrix import FORBIDDEN, GONE, MOVED, OK

BAD = 400
# The units list: `reviews.view` anywhere; the member and propaganda hold none.
LISTS_UNITS = dict.fromkeys(PERSONAS, OK) | {"member": FORBIDDEN, "propaganda": FORBIDDEN}
# Tổ Toán's sheet: `reviews.view` over it; the member and propaganda see the cell without
# the permission (403); the outsider (Bình Minh) does not see it (404).
READS_MATHS = LISTS_UNITS | {"outsider": GONE}
# The work on Tổ Toán (meeting, opening the round, collective reviews): `reviews.assess`
# over it, held by its secretary and the head of Hòa An (the admin is a superuser).
ASSESSES_MATHS = dict.fromkeys(PERSONAS, FORBIDDEN) | {
    "secretary": OK,
    "unit_head": OK,
    "admin": OK,
    "outsider": GONE,
}
# Deciding from the sheet: `reviews.view` over it and `reviews.decide` somewhere; a post
# with no row picked is 400 (nothing changed).
DECIDES_ON_SHEET = READS_MATHS | {
    "supervisor": FORBIDDEN,
    "inspection": FORBIDDEN,
    "secretary": BAD,
    "unit_head": BAD,
    "org_officer": BAD,
    "admin": BAD,
}
# The teacher's review: seen by `reviews.view` over Tổ Toán or the school; not by the
# member, the outsider or propaganda (404).
_SEES_TEACHER = {"member": GONE, "outsider": GONE, "propaganda": GONE}
# Assessed (comments, proposal, return) by `reviews.assess` over Tổ Toán.
ASSESSES_TEACHER = (
    dict.fromkeys(PERSONAS, FORBIDDEN)
    | _SEES_TEACHER
    | {
        "secretary": OK,
        "unit_head": OK,
        "admin": OK,
    }
)
# Decided (and reopened) by the level above Tổ Toán: the head of Hòa An, the
# organisation board; the cell's secretary sees it but does not decide (403).
DECIDES_TEACHER = (
    dict.fromkeys(PERSONAS, FORBIDDEN)
    | _SEES_TEACHER
    | {
        "unit_head": OK,
        "org_officer": OK,
        "admin": OK,
    }
)


def rows(province, period) -> dict:
    from decimal import Decimal

    from neuguong.organisations.factories import make_person
    from neuguong.reviews.factories import make_review

    teacher = make_person("Lý Văn Kiểm", workplace=province.school, party_cell=province.maths)
    review = make_review(teacher, period, proposed=2, score=Decimal(85))
    unit, pk = {"unit_pk": province.maths.pk}, {"pk": review.pk}
    query = f"?period={period.pk}"
    return {
        "reviews:units": ({}, query, "get", LISTS_UNITS),
        "reviews:sheet": (unit, query, "get", READS_MATHS),
        "reviews:meeting": (unit, query, "get", ASSESSES_MATHS),
        # Opening the round starts the missing reviews and goes back to the sheet.
        "reviews:open_round": (unit, "", "post", ASSESSES_MATHS | _moved(ASSESSES_MATHS)),
        # No subject posted: 400 for those who assess the cell.
        "reviews:collective_start": (unit, "", "post", ASSESSES_MATHS | _bad(ASSESSES_MATHS)),
        "reviews:sheet_decide": (unit, "", "post", DECIDES_ON_SHEET),
        "reviews:comments": (pk, "", "get", ASSESSES_TEACHER),
        "reviews:propose": (pk, "", "get", ASSESSES_TEACHER),
        "reviews:return": (pk, "", "get", ASSESSES_TEACHER),
        "reviews:decide": (pk, "", "get", DECIDES_TEACHER),
        "reviews:reopen": (pk, "", "get", DECIDES_TEACHER),
    }


def _moved(table: dict) -> dict:
    return {p: MOVED for p, s in table.items() if s == OK}


def _bad(table: dict) -> dict:
    return {p: BAD for p, s in table.items() if s == OK}
