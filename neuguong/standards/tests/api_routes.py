"""The ethics-code API routes' rows in the API access matrix.

Targets are the school's code (Đảng bộ Trường THPT Hòa An): the member and the
secretary work there, the education supervisor sees it, the unit head of Hòa An edits
it and approves it (it lies below Hòa An), the propaganda officer approves it and
marks it exemplary, the outsider does not see it (404). The admin is a superuser.
"""

from neuguong.standards.factories import make_code
from neuguong.standards.models import (
    CodeEvaluation,
    CodeEvaluationItem,
    CodeStatus,
    ExemplaryCode,
    ItemResult,
)

VIEW = "401 200 200 200 200 200 200 200 404 200"
LIST = "401 200 200 200 200 200 200 200 200 200"
# Hòa An's head edits the school's code; the admin, a superuser, may do anything.
EDIT = "401 403 403 {ok} 403 403 403 {ok} 404 403"
APPROVE = "401 403 403 200 403 403 403 200 404 200"
# Only people working or in the party cell of the school acknowledge its code.
ACKNOWLEDGE = "401 200 200 403 403 403 403 403 404 403"
EXEMPLARY = "401 403 403 403 403 403 403 {ok} 404 {ok}"


def edit(ok: int = 200) -> str:
    return EDIT.format(ok=ok)


def exemplary(ok: int) -> str:
    return EXEMPLARY.format(ok=ok)


def _code(p, status):
    """One code of the school per test, in `status` (made on first use)."""
    if not hasattr(p, "school_code"):
        p.school_code = make_code(p.school, p.period, status=status)
    return p.school_code


def draft(p):
    return _code(p, CodeStatus.DRAFT).pk


def submitted(p):
    return _code(p, CodeStatus.SUBMITTED).pk


def approved(p):
    return _code(p, CodeStatus.APPROVED).pk


def published(p):
    return _code(p, CodeStatus.PUBLISHED).pk


def item(p):
    # Path templates cannot hold the query string; the DELETE carries its version here.
    return f"{p.school_code.items.first().pk}?version=1"


def marked_sector(p):
    ExemplaryCode.objects.create(code=p.school_code, sector=p.education)
    return p.education.pk


def evaluation(p, *, filled: bool = False):
    code = _code(p, CodeStatus.PUBLISHED)
    result = CodeEvaluation.objects.create(
        unit=p.school,
        period=p.period,
        code=code,
        overall=ItemResult.MET if filled else "",
    )
    CodeEvaluationItem.objects.bulk_create(
        [
            CodeEvaluationItem(evaluation=result, item=i, result=ItemResult.MET if filled else "")
            for i in code.items.all()
        ]
    )
    return result.pk


def version(n: int = 1):
    return lambda p: {"version": n}


CODE = {"code_id": published}
# (method, path template, {path arg: province -> value}, body: province -> dict, statuses)
ROUTES = [
    ("GET", "/codes", {}, None, LIST),
    ("GET", "/codes/exemplary", {}, None, LIST),
    ("GET", "/codes/{code_id}", CODE, None, VIEW),
    (
        "POST",
        "/codes",
        {},
        lambda p: {"unit": p.school.pk, "source": "blank"},
        edit(201),
    ),
    ("GET", "/codes/{code_id}/compare", CODE, None, VIEW),
    (
        "PUT",
        "/codes/{code_id}/items",
        {"code_id": draft},
        lambda p: {
            "version": 1,
            "items": [{"relationship": r, "text": f"Nội dung mới số {r}"} for r in range(1, 6)],
        },
        edit(),
    ),
    (
        "POST",
        "/codes/{code_id}/items",
        {"code_id": draft},
        lambda p: {"version": 1, "relationship": 2, "text": "Không hút thuốc trong phòng họp."},
        edit(201),
    ),
    (
        "PATCH",
        "/codes/{code_id}/items/{item_id}",
        {"code_id": draft, "item_id": lambda p: p.school_code.items.first().pk},
        lambda p: {"version": 1, "text": "Đến cơ quan trước 7 giờ 30 mỗi ngày."},
        edit(),
    ),
    (
        "DELETE",
        "/codes/{code_id}/items/{item_id}",
        {"code_id": draft, "item_id": item},
        None,
        edit(),
    ),
    ("POST", "/codes/{code_id}/submit", {"code_id": draft}, version(), edit()),
    ("POST", "/codes/{code_id}/approve", {"code_id": submitted}, version(), APPROVE),
    (
        "POST",
        "/codes/{code_id}/return",
        {"code_id": submitted},
        lambda p: {"version": 1, "reason": "Nhóm 3 còn chung chung."},
        APPROVE,
    ),
    (
        "POST",
        "/codes/{code_id}/publish",
        {"code_id": approved},
        lambda p: {"version": 1, "effective_from": "2026-03-01"},
        edit(),
    ),
    ("POST", "/codes/{code_id}/acknowledge", CODE, None, ACKNOWLEDGE),
    ("GET", "/codes/{code_id}/acknowledgements", CODE, None, edit()),
    (
        "POST",
        "/codes/{code_id}/exemplary",
        CODE,
        lambda p: {"sector": p.education.pk},
        exemplary(201),
    ),
    (
        "DELETE",
        "/codes/{code_id}/exemplary/{sector_id}",
        {"code_id": published, "sector_id": marked_sector},
        None,
        exemplary(204),
    ),
    ("POST", "/codes/{code_id}/evaluation", CODE, None, edit(201)),
    ("GET", "/codes/evaluations/{evaluation_id}", {"evaluation_id": evaluation}, None, VIEW),
    (
        "PATCH",
        "/codes/evaluations/{evaluation_id}",
        {"evaluation_id": evaluation},
        lambda p: {"version": 1, "overall": "partly", "comment": "Còn đi muộn."},
        edit(),
    ),
    (
        "POST",
        "/codes/evaluations/{evaluation_id}/decide",
        {"evaluation_id": lambda p: evaluation(p, filled=True)},
        version(),
        edit(),
    ),
]
