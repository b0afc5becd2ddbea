"""The regulations pages in the page access matrix: everyone signed in reads the
library and the periods; only the propaganda officer and the admin (programme.manage
on the root) open the forms and send the changes."""

from conftest import PERSONAS
from neuguong.organisations.tests.test_access_matrix import FORBIDDEN, OK, as_post

from .helpers import make_item, make_regulation

EVERYONE = dict.fromkeys(PERSONAS, OK)
PROGRAMME = dict.fromkeys(PERSONAS, FORBIDDEN) | {"propaganda": OK, "admin": OK}


def rows(province, period) -> dict:
    regulation = make_regulation("144-QĐ/TW")
    item = make_item(regulation)
    reg, it, per = {"pk": regulation.pk}, {"pk": item.pk}, {"pk": period.pk}
    return {
        "regulations:library": ({}, "?q=144&kind=quy_dinh", "get", EVERYONE),
        "regulations:regulation": (reg, "", "get", EVERYONE),
        "regulations:regulation_create": ({}, "", "get", PROGRAMME),
        "regulations:regulation_edit": (reg, "", "get", PROGRAMME),
        "regulations:regulation_replace": (reg, "", "get", PROGRAMME),
        "regulations:item_create": (reg, "", "get", PROGRAMME),
        "regulations:item_edit": (it, "", "get", PROGRAMME),
        "regulations:item_delete": (it, "", "post", as_post(PROGRAMME)),
        "regulations:periods": ({}, "", "get", EVERYONE),
        "regulations:period": (per, "", "get", EVERYONE),
        "regulations:period_create": ({}, "", "get", PROGRAMME),
        "regulations:period_edit": (per, "", "get", PROGRAMME),
        "regulations:period_close": (per, "", "post", as_post(PROGRAMME)),
        "regulations:period_open": (per, "", "post", as_post(PROGRAMME)),
    }
