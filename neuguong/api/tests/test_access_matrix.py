"""Every API route × every persona -> the expected status.

The target objects sit in Hòa An (the school, its maths cell, the member). Outside
the caller's scope the answer is 404, in scope without the permission 403, and
without credentials 401. A route missing from ROUTES fails the suite.
"""

from datetime import date

import pytest

from neuguong.api.api import api
from neuguong.organisations.factories import make_unit
from neuguong.organisations.models import Post

CALLERS = [
    None,
    "member",
    "secretary",
    "unit_head",
    "supervisor",
    "org_officer",
    "inspection",
    "admin",
    "outsider",
    "propaganda",
]

VIEW = "401 200 200 200 200 200 200 200 404 200"
LIST = "401 200 200 200 200 200 200 200 200 200"
# The member sees their own record; only the officer and the admin manage.
MANAGE = "401 403 403 403 403 {ok} 403 {ok} 404 403"


def manage(ok: int) -> str:
    return MANAGE.format(ok=ok)


def _post(p):
    return Post.objects.create(
        person=p.people.member, unit=p.school, title="Tổ trưởng", start_date=date(2024, 1, 1)
    ).pk


def _empty_cell(p):
    # A cell under Tổ Toán with nobody in it, so that it can be retired.
    return make_unit("Chi bộ trống", parent=p.maths, code="EMPTY").pk


# (method, path template, {path arg: province -> value}, body: province -> dict, statuses)
ROUTES = [
    ("GET", "/units", {}, None, LIST),
    (
        "POST",
        "/units",
        {},
        lambda p: {
            "code": "NEW",
            "name": "Chi bộ mới",
            "kind": "party_cell",
            "parent": p.school.pk,
        },
        manage(201),
    ),
    ("GET", "/units/{unit_id}", {"unit_id": lambda p: p.school.pk}, None, VIEW),
    (
        "PATCH",
        "/units/{unit_id}",
        {"unit_id": lambda p: p.school.pk},
        lambda p: {"version": 1, "name": "Đảng bộ Trường THPT Hòa An (mới)"},
        manage(200),
    ),
    ("GET", "/units/{unit_id}/children", {"unit_id": lambda p: p.school.pk}, None, VIEW),
    ("GET", "/units/{unit_id}/ancestors", {"unit_id": lambda p: p.school.pk}, None, VIEW),
    ("GET", "/units/{unit_id}/people", {"unit_id": lambda p: p.school.pk}, None, VIEW),
    (
        "POST",
        "/units/{unit_id}/move",
        {"unit_id": lambda p: p.school.pk},
        lambda p: {"parent": p.dong.pk},
        manage(200),
    ),
    (
        "POST",
        "/units/{unit_id}/retire",
        {"unit_id": _empty_cell},
        None,
        "401 404 403 403 403 200 403 200 404 403",
    ),
    ("GET", "/people", {}, None, LIST),
    (
        "POST",
        "/people",
        {},
        lambda p: {"code": "NEW", "full_name": "Người Mới", "workplace": p.school.pk},
        manage(201),
    ),
    ("GET", "/people/{person_id}", {"person_id": lambda p: p.people.member.pk}, None, VIEW),
    (
        "PATCH",
        "/people/{person_id}",
        {"person_id": lambda p: p.people.member.pk},
        lambda p: {"version": 1, "full_name": "Nguyễn Văn An Hai"},
        manage(200),
    ),
    (
        "POST",
        "/people/{person_id}/retire",
        {"person_id": lambda p: p.people.member.pk},
        None,
        manage(200),
    ),
    (
        "POST",
        "/people/{person_id}/posts",
        {"person_id": lambda p: p.people.member.pk},
        lambda p: {"unit": p.school.pk, "title": "Giáo viên"},
        manage(201),
    ),
    ("PATCH", "/posts/{post_id}", {"post_id": _post}, lambda p: {"title": "Tổ phó"}, manage(200)),
    ("DELETE", "/posts/{post_id}", {"post_id": _post}, None, manage(204)),
    ("GET", "/me", {}, None, LIST),
]


# Apps add their routes' rows in `<app>/tests/api_routes.py` (a ROUTES list of the same
# shape; the province passed to the lambdas carries the open period as `p.period`).
APP_ROUTE_MODULES = [
    "neuguong.regulations.tests.api_routes",
    "neuguong.standards.tests.api_routes",
    "neuguong.commitments.tests.api_routes",
    "neuguong.reviews.tests.api_routes",
    "neuguong.dashboards.tests.api_routes",
    "neuguong.reports.tests.api_routes",
    "neuguong.exchange.tests.api_routes",
]


def _app_routes() -> list:
    import importlib

    routes = []
    for name in APP_ROUTE_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name not in (name, name.rsplit(".", 2)[0], name.rsplit(".", 1)[0]):
                raise
            continue
        routes.extend(module.ROUTES)
    return routes


ROUTES = ROUTES + _app_routes()


def _cases() -> list:
    return list(_each_case())


def _each_case():
    for method, template, args, body, statuses in ROUTES:
        for caller, token in zip(CALLERS, statuses.split(), strict=True):
            # "400:bad_sheet": past the access checks, the route refuses what the matrix
            # can send (a JSON body where a multipart file is needed) with that code.
            status, _, code = token.partition(":")
            yield pytest.param(
                method,
                template,
                args,
                body,
                caller,
                int(status),
                code,
                id=f"{method} {template} as {caller or 'anonymous'}",
            )


@pytest.mark.parametrize(
    ("method", "template", "args", "body", "caller", "expected", "code"), _cases()
)
def test_route_answers_each_persona(
    province, period, api_as, method, template, args, body, caller, expected, code
):
    province.period = period
    path = template.format(**{name: make(province) for name, make in args.items()})
    payload = body(province) if body else ({} if method in ("POST", "PATCH") else None)
    response = api_as(caller).call(method, path, payload)
    if response.streaming:  # a download: read it, as a server would, so it is closed
        b"".join(response.streaming_content)
    assert response.status_code == expected, response.content
    if expected >= 400:
        codes = {code} if code else {"unauthenticated", "forbidden", "not_found"}
        assert response.json()["code"] in codes


def test_every_route_has_a_row_in_the_matrix():
    schema = api.get_openapi_schema(path_prefix="")
    served = {
        (method.upper(), path)
        for path, operations in schema["paths"].items()
        for method in operations
    }
    covered = {(method, template) for method, template, *_ in ROUTES}
    assert served == covered
