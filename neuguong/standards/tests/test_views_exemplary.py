"""Exemplary codes by sector, and marking them."""

from django.urls import reverse

from neuguong.core.models import AuditEntry
from neuguong.organisations.models import Sector
from neuguong.standards import services
from neuguong.standards.models import ExemplaryCode

from .access_rows import code_with_items
from .test_views_unit_codes import publish, published_maths


def url(name, *args):
    return reverse(f"standards:{name}", args=args)


def test_officer_marks_a_published_code_for_a_sector(client_for, province, period):
    code = published_maths(province, period)
    client = client_for("propaganda")
    page = client.get(url("code", code.pk)).content.decode()
    assert "Chọn làm tiêu biểu" in page and "Giáo dục" in page
    response = client.post(
        url("exemplary_mark", code.pk), {"sector": province.education.pk, "note": "Ngắn gọn."}
    )
    assert response.status_code == 302
    assert ExemplaryCode.objects.filter(code=code, sector=province.education).exists()
    assert AuditEntry.objects.filter(action="code.mark_exemplary", object_id=str(code.pk)).exists()


def test_marking_twice_for_a_sector_is_refused(client_for, province, period):
    code = published_maths(province, period)
    services.mark_exemplary(code, by=province.users["propaganda"], sector=province.education)
    response = client_for("propaganda").post(
        url("exemplary_mark", code.pk), {"sector": province.education.pk}
    )
    assert response.status_code == 400
    assert "đã là tiêu biểu của lĩnh vực “Giáo dục”" in response.content.decode()
    assert ExemplaryCode.objects.count() == 1


def test_marking_a_draft_is_refused(client_for, province, period):
    code = code_with_items(province.maths, period, by=province.users["secretary"])
    response = client_for("propaganda").post(
        url("exemplary_mark", code.pk), {"sector": province.education.pk}
    )
    assert response.status_code == 400
    assert "Chỉ chọn làm tiêu biểu chuẩn mực đang áp dụng." in response.content.decode()
    assert not ExemplaryCode.objects.exists()


def test_only_officers_mark(client_for, province, period):
    code = published_maths(province, period)
    assert (
        "Chọn làm tiêu biểu"
        not in client_for("unit_head").get(url("code", code.pk)).content.decode()
    )
    response = client_for("unit_head").post(
        url("exemplary_mark", code.pk), {"sector": province.education.pk}
    )
    assert response.status_code == 403
    assert not ExemplaryCode.objects.exists()


def test_officer_removes_a_mark(client_for, province, period):
    code = published_maths(province, period)
    mark = services.mark_exemplary(code, by=province.users["propaganda"], sector=province.health)
    response = client_for("propaganda").post(url("exemplary_unmark", mark.pk))
    assert response.status_code == 302
    assert not ExemplaryCode.objects.exists()
    assert AuditEntry.objects.filter(action="code.unmark_exemplary").exists()


def test_exemplary_page_groups_codes_by_sector(
    client_for, province, period, django_assert_max_num_queries
):
    officer = province.users["propaganda"]
    coal = Sector.objects.create(code="than", name="Than")
    maths = published_maths(province, period)
    hoa_an = code_with_items(province.hoa_an, period, by=province.users["admin"])
    hoa_an = publish(hoa_an, province, period, approver="propaganda")
    services.mark_exemplary(maths, by=officer, sector=province.education)
    services.mark_exemplary(hoa_an, by=officer, sector=coal)
    client = client_for("member")
    with django_assert_max_num_queries(15):
        response = client.get(url("exemplary"))
    body = response.content.decode()
    assert body.index("Giáo dục") < body.index("Chi bộ Tổ Toán") < body.index("Than")
    assert body.index("Than") < body.index("Đảng ủy xã Hòa An")
    # The member sees Tổ Toán's page but not Hòa An's: only the first is a link.
    assert f'<a href="{url("code", maths.pk)}">Chi bộ Tổ Toán</a>' in body
    assert url("code", hoa_an.pk) not in body
    assert "Xem 5 nội dung" in body
