"""Access-matrix rows for the upload page and the review files (see access_rows.py):
Tổ Toán's rating sheet uploaded back, its rating list and sheet as Excel, and a review
of a teacher of Tổ Toán (a person of these rows' own, so no other row's review meets it)
printed as Word."""

from conftest import PERSONAS
from neuguong.organisations.tests.test_access_matrix import FORBIDDEN, GONE, OK

# `reviews.view` over Tổ Toán: everyone but the member and propaganda (who see the cell
# without the permission: 403) and the outsider (Bình Minh: 404).
READS_MATHS = dict.fromkeys(PERSONAS, OK) | {
    "member": FORBIDDEN,
    "propaganda": FORBIDDEN,
    "outsider": GONE,
}
# The upload: who reads Tổ Toán's reviews and assesses (the secretary, the head of Hòa An)
# or decides (the head, the organisation officer) there; the admin is a superuser.
UPLOADS_MATHS = READS_MATHS | {"supervisor": FORBIDDEN, "inspection": FORBIDDEN}
# A teacher's review: every `reviews.view` holder over Tổ Toán or the school; the member
# and propaganda hold none (404: it is not theirs).
READS_TEACHERS_REVIEW = READS_MATHS | {"member": GONE, "propaganda": GONE}


def rows(province, period) -> dict:
    from neuguong.organisations.factories import make_person
    from neuguong.reviews.factories import make_review

    teacher = make_person("Đặng Văn Tệp", workplace=province.school, party_cell=province.maths)
    review = make_review(teacher, period)
    unit, query = {"unit_pk": province.maths.pk}, f"?period={period.pk}"
    return {
        "reviews:sheet_upload": (unit, query, "get", UPLOADS_MATHS),
        "exchange:review_docx": ({"pk": review.pk}, "", "get", READS_TEACHERS_REVIEW),
        "exchange:rating_list_xlsx": (unit, query, "get", READS_MATHS),
        "exchange:rating_sheet_xlsx": (unit, query, "get", READS_MATHS),
    }
