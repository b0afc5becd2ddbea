"""The file routes' rows in the API access matrix (CALLERS order: anonymous, member,
secretary, unit_head, supervisor, org_officer, inspection, admin, outsider, propaganda).

A plan's Word file goes to whoever may view the plan (not propaganda: it has no
`plans.view`). Without a unit, each caller gets the workbook of their own highest unit
in the `plans.view` scope; members and propaganda have none (403)."""

from neuguong.commitments.factories import make_plan

from .factories import SHORT_ITEMS, make_code

SEES_SCHOOL = "401 200 200 200 200 200 200 200 404 200"
SEES_PLAN = "401 200 200 200 200 200 200 200 404 404"
EXPORTS_PLANS = "401 403 200 200 200 200 200 200 200 403"


def _code(p) -> int:
    return make_code(p.school, p.period, items=SHORT_ITEMS).pk


def _plan(p) -> int:
    return make_plan(p.people.member, p.period).pk


ROUTES = [
    ("GET", "/files/codes/{code_id}/poster.pdf", {"code_id": _code}, None, SEES_SCHOOL),
    ("GET", "/files/codes/{code_id}/poster.docx", {"code_id": _code}, None, SEES_SCHOOL),
    ("GET", "/files/plans/{plan_id}/plan.docx", {"plan_id": _plan}, None, SEES_PLAN),
    ("GET", "/files/plans.xlsx", {}, None, EXPORTS_PLANS),
]
