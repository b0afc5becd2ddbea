"""Browser tests: Playwright driving Debian's Chromium against pytest-django's live server.

Without /usr/bin/chromium the tests are skipped with a visible reason, except when
NEUGUONG_REQUIRE_BROWSER=1 (set by .ci/run), where a missing browser is a failure.
"""

import functools
import json
import os
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("NEUGUONG_CHROMIUM", "/usr/bin/chromium")
AXE = Path(__file__).parent / "vendor" / "axe.min.js"
# Playwright's sync API runs an event loop in this thread; the Django ORM calls made by
# the tests themselves (fixtures) are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    if Path(CHROMIUM).exists():
        return
    if os.environ.get("NEUGUONG_REQUIRE_BROWSER") == "1":
        raise pytest.UsageError(f"Browser tests are required but {CHROMIUM} is missing.")
    skip = pytest.mark.skip(
        reason=f"NOTICE: browser tests skipped: {CHROMIUM} not found (apt-get install chromium)"
    )
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh page that fails the test on any request leaving the live server."""
    context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
    outside: list[str] = []

    def guard(route):
        url = route.request.url
        if url.startswith(live_server.url) or url.startswith("data:"):
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    page.set_default_timeout(15_000)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert not outside, f"requests left the server: {outside}"
    assert not errors, f"JavaScript errors: {errors}"


def sign_in(page, live_server, username, password="Mat-khau-thu-nghiem-2026"):
    page.goto(f"{live_server.url}/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_url(f"{live_server.url}/")


@functools.cache
def _axe_source() -> str:
    return AXE.read_text() + "\n;true"


def axe_violations(page, impacts=("serious", "critical")):
    # Evaluated through DevTools, so the page's strict CSP still holds for its own code.
    page.evaluate(_axe_source())
    result = page.evaluate("async () => await axe.run(document)")
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
        if v["impact"] in impacts
    ]


def format_violations(violations) -> str:
    return json.dumps(violations, ensure_ascii=False, indent=1)
