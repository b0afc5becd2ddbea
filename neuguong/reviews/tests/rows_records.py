"""Access-matrix rows for the records pages (see access_rows.py): discipline records,
findings and pending matters, each about the member (Tổ Toán, at the school)."""

from conftest import PERSONAS
from neuguong.organisations.tests.test_access_matrix import FORBIDDEN, GONE, OK

NOBODY = dict.fromkeys(PERSONAS, FORBIDDEN)
# The lists: `reviews.view` or `discipline.manage` anywhere (the outsider reads Khu 3's
# records); the member and propaganda hold neither.
READS_RECORDS = dict.fromkeys(PERSONAS, OK) | {"member": FORBIDDEN, "propaganda": FORBIDDEN}
# A record about the member: kept by inspection (and the admin, a superuser: every
# permission everywhere); read (403) by every `reviews.view` holder over the school or
# Tổ Toán; not seen (404) by the others.
KEEPS_MEMBERS_RECORD = NOBODY | {
    "inspection": OK,
    "admin": OK,
    "member": GONE,
    "outsider": GONE,
    "propaganda": GONE,
}
KEEPS_RECORDS = NOBODY | {"inspection": OK, "admin": OK}
# Pending matters: `reviews.pending` (the organisation board and inspection).
MANAGES_PENDING = NOBODY | {"org_officer": OK, "inspection": OK, "admin": OK}
SETTLES_MEMBERS_MATTER = KEEPS_MEMBERS_RECORD | {"org_officer": OK}


def rows(province, period) -> dict:
    from datetime import date

    from neuguong.reviews.models import Discipline, Finding, PendingMatter

    member = province.people.member
    record = Discipline.objects.create(
        person=member, kind="reprimand", decided_on=date(2026, 3, 2), authority="UBKT"
    )
    finding = Finding.objects.create(
        person=member, kind="qd37", concluded_on=date(2026, 4, 2), authority="UBKT"
    )
    matter = PendingMatter.objects.create(person=member, period=period, title="Đơn thư")
    # A post without `confirm` shows the confirmation page (200) and deletes nothing.
    return {
        "reviews:discipline": ({}, "?q=an&year=2026", "get", READS_RECORDS),
        "reviews:discipline_new": ({}, "?find=an", "get", KEEPS_RECORDS),
        "reviews:discipline_edit": ({"pk": record.pk}, "", "get", KEEPS_MEMBERS_RECORD),
        "reviews:discipline_delete": ({"pk": record.pk}, "", "post", KEEPS_MEMBERS_RECORD),
        "reviews:finding_new": ({}, "", "get", KEEPS_RECORDS),
        "reviews:finding_delete": ({"pk": finding.pk}, "", "post", KEEPS_MEMBERS_RECORD),
        "reviews:pending": ({}, f"?period={period.pk}", "get", MANAGES_PENDING),
        "reviews:pending_new": ({}, "", "get", MANAGES_PENDING),
        "reviews:pending_settle": ({"pk": matter.pk}, "", "get", SETTLES_MEMBERS_MATTER),
    }
