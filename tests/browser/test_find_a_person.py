import pytest

from .conftest import axe_violations, format_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_secretary_finds_a_person_without_diacritics_and_opens_the_profile(
    page, live_server, province
):
    sign_in(page, live_server, "secretary")
    page.goto(f"{live_server.url}/people/")
    page.locator("input[name=q]").press_sequentially("nguyen van an", delay=30)
    result = page.get_by_role("link", name="Nguyễn Văn An")
    result.wait_for()
    result.click()
    page.wait_for_url(f"{live_server.url}/people/{province.people.member.pk}/")
    assert page.get_by_role("heading", level=1).inner_text().strip() == "Nguyễn Văn An"
    assert page.get_by_text("Chi bộ Tổ Toán").first.is_visible()
    assert axe_violations(page) == [], format_violations(axe_violations(page))
