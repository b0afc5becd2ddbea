"""The periodic report pages in the page access matrix.

Target: Chi bộ Tổ Toán's report of October 2026. Reading needs `dashboards.view` over
the cell: the member holds none (403 everywhere); the outsider (secretary of Khu 3)
holds it elsewhere (404). Writing and sending it is for the cell's secretary and the
admin (a superuser); the others who read it get 403. Returning it is for
`reports.write` over its parent (the school): the head of Hòa An and the root's
officers; the post carries no reason and the report is not sent, so they get 400 with
the message, nothing changed.
"""

from conftest import PERSONAS
from neuguong.organisations.tests.test_access_matrix import FORBIDDEN, GONE, OK

BAD = 400
READERS = dict.fromkeys(PERSONAS, OK) | {"member": FORBIDDEN}
READS_MATHS = READERS | {"outsider": GONE}
WRITES_MATHS = dict.fromkeys(PERSONAS, FORBIDDEN) | {
    "secretary": OK,
    "admin": OK,
    "outsider": GONE,
}
RETURNS_MATHS = dict.fromkeys(PERSONAS, FORBIDDEN) | {
    "unit_head": BAD,
    "org_officer": BAD,
    "inspection": BAD,
    "propaganda": BAD,
    "admin": BAD,
    "outsider": GONE,
}


def rows(province, period) -> dict:
    report = {
        "unit_pk": province.maths.pk,
        "kind": "monthly",
        "year": 2026,
        "number": 10,
    }
    return {
        "reports:index": ({}, "", "get", READERS),
        "reports:report": (report, "", "get", READS_MATHS),
        "reports:submit": (report, "", "get", WRITES_MATHS),
        "reports:return": (report, "", "post", RETURNS_MATHS),
        "reports:docx": (report, "", "get", READS_MATHS),
        "reports:xlsx": (report, "", "get", READS_MATHS),
    }
