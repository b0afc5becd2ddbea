import re

import pytest

from neuguong.standards.factories import make_code
from neuguong.standards.models import CodeStatus, EthicsCode, ExemplaryCode

from .conftest import axe_violations, format_violations, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def built_figure(page, live_server, unit_pk) -> int:
    page.goto(f"{live_server.url}/status/codes/?unit={unit_pk}")
    figure = page.get_by_test_id("figure-built").inner_text()
    return int(re.sub(r"\D", "", figure))


def test_a_head_builds_from_the_exemplary_code_the_level_above_approves_a_member_acknowledges(
    page, live_server, province, period
):
    example = make_code(province.dong, period, status=CodeStatus.PUBLISHED)
    ExemplaryCode.objects.create(code=example, sector=province.education)
    sign_in(page, live_server, "propaganda")
    before = built_figure(page, live_server, province.root.pk)
    page.get_by_role("button", name="Đăng xuất").click()

    # The head of Hòa An builds the school's code from the exemplary one and submits it.
    sign_in(page, live_server, "unit_head")
    page.goto(f"{live_server.url}/codes/unit/{province.school.pk}/")
    page.get_by_label("Chuẩn mực tiêu biểu cùng lĩnh vực").check()
    page.get_by_label("Chuẩn mực tiêu biểu", exact=True).select_option(
        label="Chi bộ Thôn Đông — phiên bản 1"
    )
    page.get_by_role("button", name="Tạo phiên bản mới").click()
    code = EthicsCode.objects.get(unit=province.school)
    page.wait_for_url(f"{live_server.url}/codes/{code.pk}/")
    assert page.get_by_text(example.items.first().text).first.is_visible()
    assert axe_violations(page) == [], format_violations(axe_violations(page))
    page.get_by_role("button", name="Trình cấp trên phê duyệt").click()
    page.get_by_text("Chờ phê duyệt").first.wait_for()
    page.get_by_role("button", name="Đăng xuất").click()

    # The propaganda board, above the commune, approves; the head publishes.
    sign_in(page, live_server, "propaganda")
    page.goto(f"{live_server.url}/codes/approvals/")
    page.get_by_role("link", name=re.compile("Đảng bộ Trường THPT Hòa An")).first.click()
    page.get_by_role("button", name="Phê duyệt").click()
    page.get_by_text("Đã phê duyệt, chờ công bố").first.wait_for()
    page.get_by_role("button", name="Đăng xuất").click()
    sign_in(page, live_server, "unit_head")
    page.goto(f"{live_server.url}/codes/{code.pk}/")
    page.get_by_label("Ngày có hiệu lực").fill("2026-12-01")
    page.get_by_role("button", name="Công bố").click()
    page.get_by_text("Đang áp dụng").first.wait_for()
    page.get_by_role("button", name="Đăng xuất").click()

    # A member of the school reads it and acknowledges.
    sign_in(page, live_server, "member")
    page.goto(f"{live_server.url}/codes/unit/{province.school.pk}/")
    page.get_by_role("button", name="Tôi đã đọc và cam kết thực hiện").click()
    page.get_by_text("Bạn đã xác nhận").first.wait_for()
    assert axe_violations(page) == [], format_violations(axe_violations(page))
    assert code.acknowledgements.filter(person=province.people.member).exists()
    page.get_by_role("button", name="Đăng xuất").click()

    # The province status moved by one.
    sign_in(page, live_server, "propaganda")
    assert built_figure(page, live_server, province.root.pk) == before + 1
    assert axe_violations(page) == [], format_violations(axe_violations(page))
