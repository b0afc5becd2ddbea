"""Walk every page each persona can reach from the home page and run axe-core on it.

Serious or critical findings fail. One page per URL shape (ids folded) keeps it bounded.
"""

import re
from collections import deque
from urllib.parse import urldefrag, urlparse

import pytest

from neuguong.organisations.factories import make_user
from neuguong.standards.factories import make_code
from neuguong.standards.models import (
    CodeEvaluation,
    CodeEvaluationItem,
    CodeStatus,
    ExemplaryCode,
)

from .conftest import axe_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SKIP = ("/logout/", "/i18n/", "/admin/", "/static/", "/api/", "/files/")
MAX_PAGES = 40


def shape(path: str) -> str:
    return re.sub(r"\d+", "#", path)


def crawl(page, base: str) -> dict[str, list]:
    seen_shapes: set[str] = set()
    queue = deque(["/"])
    findings: dict[str, list] = {}
    visited = 0
    while queue and visited < MAX_PAGES:
        url = queue.popleft()
        path = urlparse(url).path
        if shape(path) in seen_shapes:
            continue
        seen_shapes.add(shape(path))
        response = page.goto(base + url)
        visited += 1
        if response is None or response.status >= 400:
            continue
        violations = axe_violations(page)
        if violations:
            findings[url] = violations
        hrefs = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
        for href in hrefs:
            href = urldefrag(href)[0]
            if not href.startswith("/") or href.startswith("//") or href.startswith(SKIP):
                continue
            if shape(urlparse(href).path) not in seen_shapes:
                queue.append(href)
    return findings


@pytest.mark.parametrize(
    "persona",
    [
        "member",
        "secretary",
        "unit_head",
        "supervisor",
        "org_officer",
        "inspection",
        "admin",
        "propaganda",
    ],
)
def test_every_reachable_page_passes_axe(page, live_server, province, period, persona):
    # Codes in every state, so that their pages, forms and lists have content.
    published = make_code(province.maths, period)
    ExemplaryCode.objects.create(code=published, sector=province.education)
    make_code(province.school, period, status=CodeStatus.SUBMITTED)
    make_code(province.hoa_an, period, status=CodeStatus.DRAFT)
    evaluation = CodeEvaluation.objects.create(unit=province.maths, period=period, code=published)
    CodeEvaluationItem.objects.bulk_create(
        CodeEvaluationItem(evaluation=evaluation, item=i) for i in published.items.all()
    )
    sign_in(page, live_server, persona)
    findings = crawl(page, live_server.url)
    assert findings == {}


def test_sign_in_page_passes_axe(page, live_server, db):
    make_user("someone")
    page.goto(f"{live_server.url}/login/")
    assert axe_violations(page) == []
    page.get_by_label("Tên đăng nhập").fill("someone")
    page.get_by_label("Mật khẩu").fill("sai")
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_role("alert").wait_for()
    assert axe_violations(page) == []
