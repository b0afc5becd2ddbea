"""The file routes' rows in the API access matrix (CALLERS order: anonymous, member,
secretary, unit_head, supervisor, org_officer, inspection, admin, outsider, propaganda)."""

from .factories import SHORT_ITEMS, make_code

SEES_SCHOOL = "401 200 200 200 200 200 200 200 404 200"


def _code(p) -> int:
    return make_code(p.school, p.period, items=SHORT_ITEMS).pk


ROUTES = [
    ("GET", "/files/codes/{code_id}/poster.pdf", {"code_id": _code}, None, SEES_SCHOOL),
    ("GET", "/files/codes/{code_id}/poster.docx", {"code_id": _code}, None, SEES_SCHOOL),
]
