"""The periodic report API routes' rows in the API access matrix.

Target: Chi bộ Tổ Toán's report of October 2026 (CALLERS: anonymous, member,
secretary, unit_head, supervisor, org_officer, inspection, admin, outsider,
propaganda). Reading needs `dashboards.view` over the cell (the member has none: 403;
the outsider's is elsewhere: 404). Writing and submitting are for the cell's secretary
and the admin (a superuser); returning is for `reports.write` over the school (the
head of Hòa An, the root's officers, the admin). The overview answers every reader
about their own highest unit.
"""

from neuguong.reports.factories import at, make_report

REPORT = "/reports/units/{unit_id}/{kind}/{year}/{number}"
OCTOBER = {"kind": lambda p: "monthly", "year": lambda p: 2026, "number": lambda p: 10}
OVERVIEW = "401 403 200 200 200 200 200 200 200 200"
READ = "401 403 200 200 200 200 200 200 404 200"
WRITE = "401 403 200 403 403 403 403 200 404 403"
RETURN = "401 403 403 200 403 200 200 200 404 200"


def _maths(p):
    return p.maths.pk


def _draft(p):
    make_report(p.maths)
    return p.maths.pk


def _sent(p):
    make_report(p.maths, submitted_at=at(2026, 11, 2), figures={"units": 1})
    return p.maths.pk


ROUTES = [
    ("GET", "/reports", {}, None, OVERVIEW),
    ("GET", REPORT, {"unit_id": _maths, **OCTOBER}, None, READ),
    (
        "PUT",
        REPORT,
        {"unit_id": _maths, **OCTOBER},
        lambda p: {"version": 0, "narrative": {"tinh_hinh": "Ổn định."}},
        WRITE,
    ),
    (
        "PATCH",
        REPORT,
        {"unit_id": _draft, **OCTOBER},
        lambda p: {"version": 1, "symbol": "12-BC/CB"},
        WRITE,
    ),
    ("POST", REPORT + "/submit", {"unit_id": _draft, **OCTOBER}, lambda p: {"version": 1}, WRITE),
    (
        "POST",
        REPORT + "/return",
        {"unit_id": _sent, **OCTOBER},
        lambda p: {"reason": "Bổ sung."},
        RETURN,
    ),
    ("GET", REPORT + "/report.docx", {"unit_id": _maths, **OCTOBER}, None, READ),
    ("GET", REPORT + "/report.xlsx", {"unit_id": _maths, **OCTOBER}, None, READ),
]
