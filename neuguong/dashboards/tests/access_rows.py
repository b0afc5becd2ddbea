"""The status pages, the dashboard and the inbox in the page access matrix.

The status of codes needs `codes.status`, the dashboard and the lists behind its
figures `dashboards.view`: members have neither (403); the secretary of Tổ Toán and the
outsider (secretary of Khu 3) hold them only on their cells, so the school is outside
their scope (404). With no unit named, the dashboard is the viewer's highest unit.
"""

from conftest import PERSONAS
from neuguong.organisations.tests.test_access_matrix import FORBIDDEN, GONE, OK

EVERYONE = dict.fromkeys(PERSONAS, OK)
SEES_SCHOOL_STATUS = EVERYONE | {"member": FORBIDDEN, "secretary": GONE, "outsider": GONE}


def rows(province, period) -> dict:
    school = f"?unit={province.school.pk}&period={period.pk}"
    return {
        "dashboards:codes": ({}, school, "get", SEES_SCHOOL_STATUS),
        "dashboards:code_units": (
            {},
            f"{school}&flag=built&state=missing",
            "get",
            SEES_SCHOOL_STATUS,
        ),
        "dashboards:index": ({}, "", "get", EVERYONE | {"member": FORBIDDEN}),
        "dashboards:unit": ({"pk": province.school.pk}, "", "get", SEES_SCHOOL_STATUS),
        "dashboards:rows": (
            {"pk": province.school.pk, "counter": "people"},
            f"?period={period.pk}",
            "get",
            SEES_SCHOOL_STATUS,
        ),
        "inbox": ({}, "", "get", EVERYONE),
    }
