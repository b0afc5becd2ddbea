"""Every page × every persona -> the expected status.

Outside the persona's scope an object does not exist (404); inside it without the
permission the answer is 403; signed out, every page sends to the sign-in page. A URL
name without a row here fails the test, so new pages must say who may open them.
"""

from django.db import transaction
from django.test import Client
from django.urls import URLResolver, get_resolver, reverse

from conftest import PERSONAS
from neuguong.core.models import ApiToken
from neuguong.organisations.models import Post, RoleAssignment

SKIPPED_PREFIXES = ("admin/", "api/", "static/", "i18n/")
SKIPPED_NAMES = {"login", "logout"}

OK, GONE, FORBIDDEN, MOVED = 200, 404, 403, 302

# Personas in the order of conftest.PERSONAS:
# member, secretary, unit_head, supervisor, org_officer, inspection, admin, outsider.
EVERYONE = dict.fromkeys(PERSONAS, OK)
SEES_SCHOOL = EVERYONE | {"outsider": GONE}
MANAGES_SCHOOL = dict.fromkeys(PERSONAS, FORBIDDEN) | {
    "org_officer": OK,
    "admin": OK,
    "outsider": GONE,
}
MANAGERS_ONLY = dict.fromkeys(PERSONAS, FORBIDDEN) | {"org_officer": OK, "admin": OK}
ADMIN_ONLY = dict.fromkeys(PERSONAS, FORBIDDEN) | {"admin": OK}


def as_post(table, success=MOVED):
    return {p: success if s == OK else s for p, s in table.items()}


# Apps add their pages' rows in `<app>/tests/access_rows.py`: `rows(province, period)`
# returns more entries of the same shape, built with the tables above.
APP_ROW_MODULES = [
    "neuguong.regulations.tests.access_rows",
    "neuguong.standards.tests.access_rows",
    "neuguong.commitments.tests.access_rows",
    "neuguong.reviews.tests.access_rows",
    "neuguong.dashboards.tests.access_rows",
    "neuguong.reports.tests.access_rows",
    "neuguong.exchange.tests.access_rows",
]


def app_rows(province, period) -> dict:
    import importlib

    table = {}
    for name in APP_ROW_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name not in (name, name.rsplit(".", 2)[0], name.rsplit(".", 1)[0]):
                raise
            continue
        table.update(module.rows(province, period))
    return table


def matrix(province, period=None):
    """url name -> (kwargs, query, method, {persona: status})."""
    school, member = province.school, province.people.member
    post = Post.objects.create(person=member, unit=school, title="Tổ trưởng")
    token = ApiToken.objects.create(
        user=province.users["member"], name="t", key_hash="x" * 64, prefix="ng_xxxxx"
    )
    role = RoleAssignment.objects.get(user=province.users["secretary"])
    unit, person = {"pk": school.pk}, {"pk": member.pk}
    return {
        "home": ({}, "", "get", EVERYONE),
        "account": ({}, "", "get", EVERYONE),
        "password_change": ({}, "", "get", EVERYONE),
        "password_change_done": ({}, "", "get", EVERYONE),
        "token_revoke": (
            {"pk": token.pk},
            "",
            "post",
            dict.fromkeys(PERSONAS, GONE) | {"member": MOVED},
        ),
        "organisations:tree": ({}, "", "get", EVERYONE),
        "organisations:unit_search": ({}, "?q=hoa", "get", EVERYONE),
        "organisations:unit_create": ({}, f"?parent={school.pk}", "get", MANAGES_SCHOOL),
        "organisations:unit": (unit, "", "get", SEES_SCHOOL),
        "organisations:unit_children": (unit, "", "get", SEES_SCHOOL),
        "organisations:unit_people": (unit, "", "get", SEES_SCHOOL),
        "organisations:unit_edit": (unit, "", "get", MANAGES_SCHOOL),
        "organisations:unit_move": (unit, "", "get", MANAGES_SCHOOL),
        "organisations:unit_retire": (unit, "", "get", MANAGES_SCHOOL),
        "organisations:people": ({}, "?q=an", "get", EVERYONE),
        "organisations:person_create": ({}, "", "get", MANAGERS_ONLY),
        "organisations:person": (person, "", "get", SEES_SCHOOL),
        "organisations:person_edit": (person, "", "get", MANAGES_SCHOOL),
        "organisations:person_retire": (person, "", "get", MANAGES_SCHOOL),
        "organisations:post_create": (person, "", "get", MANAGES_SCHOOL),
        "organisations:post_edit": ({"pk": post.pk}, "", "get", MANAGES_SCHOOL),
        "organisations:post_delete": ({"pk": post.pk}, "", "post", as_post(MANAGES_SCHOOL)),
        "organisations:audit": ({}, "", "get", MANAGERS_ONLY),
        "organisations:roles": ({}, "", "get", ADMIN_ONLY),
        "organisations:role_create": ({}, "", "get", ADMIN_ONLY),
        "organisations:user_search": ({}, "?q=a", "get", ADMIN_ONLY),
        "organisations:role_revoke": (
            {"pk": role.pk},
            "",
            "post",
            as_post(MANAGES_SCHOOL | {"org_officer": FORBIDDEN}),
        ),
    }


def page_url_names() -> set[str]:
    names = set()

    def walk(patterns, prefix="", namespace=""):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, route, inner)
            elif pattern.name and not route.startswith(SKIPPED_PREFIXES):
                names.add(namespace + pattern.name)

    walk(get_resolver().url_patterns)
    return names - SKIPPED_NAMES


def request(client, method, url):
    """Send one request and undo whatever it changed, so every persona meets the same data."""
    with transaction.atomic():
        response = getattr(client, method)(url)
        if response.streaming:  # a download: read it, as a server would, so it is closed
            b"".join(response.streaming_content)
        transaction.set_rollback(True)
    return response


def test_every_page_answers_each_persona_as_the_matrix_says(province, period):
    table = matrix(province) | app_rows(province, period)
    assert page_url_names() == set(table), "every page needs a row in the access matrix"

    clients = {None: Client()}
    for persona in PERSONAS:
        clients[persona] = Client()
        clients[persona].force_login(province.users[persona])

    wrong = []
    for name, (kwargs, query, method, expected) in table.items():
        url = reverse(name, kwargs=kwargs) + query
        response = request(clients[None], method, url)
        if response.status_code != MOVED or not response["Location"].startswith("/login/"):
            wrong.append((name, "anonymous", MOVED, response.status_code))
        for persona in PERSONAS:
            response = request(clients[persona], method, url)
            if response.status_code != expected[persona]:
                wrong.append((name, persona, expected[persona], response.status_code))
    assert wrong == [], "\n".join(f"{n} as {p}: expected {e}, got {g}" for n, p, e, g in wrong)
