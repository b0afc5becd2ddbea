"""Access-matrix rows for the person pages (see access_rows.py).

The member's review at Tổ Toán (party track, a draft) in a period of this module's own,
so that it never meets the reviews the other parts' rows make in the shared period.
"""

from conftest import PERSONAS
from neuguong.organisations.tests.test_access_matrix import EVERYONE, FORBIDDEN, GONE, MOVED, OK

BAD = 400
# The people with a person record get 400 for a start posted with no period; the
# others are sent back to "my reviews" (nothing to start).
HAS_PERSON = ("member", "secretary", "unit_head", "org_officer", "outsider")
STARTS = dict.fromkeys(PERSONAS, MOVED) | dict.fromkeys(HAS_PERSON, BAD)
# Who reads the member's review and file: the member, and `reviews.view` over Tổ Toán
# (its secretary, the head of Hòa An, the education supervisor, the province's
# officers, the admin). The outsider and propaganda (no `reviews.view`) do not see it.
READS_MEMBERS_REVIEW = EVERYONE | {"outsider": GONE, "propaganda": GONE}
# Only the member writes it; those who read it get 403.
WRITES_MEMBERS_REVIEW = {
    p: (OK if p == "member" else FORBIDDEN if s == OK else s)
    for p, s in READS_MEMBERS_REVIEW.items()
}
# A submit posted with no version: 400 for the member (nothing changed).
SUBMITS_MEMBERS_REVIEW = WRITES_MEMBERS_REVIEW | {"member": BAD}


def rows(province, period) -> dict:
    from datetime import date

    from neuguong.regulations.models import Period
    from neuguong.reviews.factories import make_review
    from neuguong.reviews.models import ReviewStatus

    own_period = Period.objects.create(
        name="Năm 2025 (hàng quyền truy cập, trang cá nhân)",
        starts_on=date(2025, 1, 1),
        ends_on=date(2025, 12, 31),
    )
    member = province.people.member
    review = make_review(member, own_period, status=ReviewStatus.DRAFT, proposed=None)
    pk = {"pk": review.pk}
    return {
        "reviews:mine": ({}, "", "get", EVERYONE),
        "reviews:start": ({}, "", "post", STARTS),
        "reviews:detail": (pk, "", "get", READS_MEMBERS_REVIEW),
        "reviews:edit": (pk, "", "get", WRITES_MEMBERS_REVIEW),
        "reviews:submit": (pk, "", "post", SUBMITS_MEMBERS_REVIEW),
        "reviews:person_file": ({"person_pk": member.pk}, "", "get", READS_MEMBERS_REVIEW),
    }
