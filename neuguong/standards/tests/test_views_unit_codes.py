"""The unit's code page: the version in force, acknowledging it, starting a new
version and the acknowledgement progress."""

from django.urls import reverse

from neuguong.core.models import AuditEntry
from neuguong.organisations.factories import make_person
from neuguong.standards import services
from neuguong.standards.models import Acknowledgement, CodeSource, CodeStatus, EthicsCode

from .access_rows import code_with_items


def url(name, *args):
    return reverse(f"standards:{name}", args=args)


def publish(code, province, period, *, approver="unit_head", editor="admin"):
    code = services.submit_code(code, by=province.users[editor], version=None)
    code = services.approve_code(code, by=province.users[approver], version=None)
    return services.publish_code(
        code, by=province.users[editor], version=None, effective_from=period.starts_on
    )


def published_maths(province, period):
    code = code_with_items(province.maths, period, by=province.users["secretary"])
    return publish(code, province, period, editor="secretary")


def test_unit_page_shows_the_version_in_force_by_relationship_with_its_citations(
    client_for, province, period, django_assert_max_num_queries
):
    from neuguong.regulations.models import Regulation, RegulationItem

    code = published_maths(province, period)
    rule = Regulation.objects.create(
        symbol="144-QĐ/TW", kind="quy_dinh", issuing_body="BCT", title="Chuẩn mực đạo đức"
    )
    cited = RegulationItem.objects.create(
        regulation=rule, number="Chuẩn mực 1", title="Trung thành"
    )
    code.items.first().citations.add(cited)
    client = client_for("member")
    with django_assert_max_num_queries(25):
        response = client.get(url("unit_codes", province.maths.pk))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Đối với Đảng, Tổ quốc và Nhân dân" in body and "5. Đối với bản thân" in body
    assert "144-QĐ/TW, Chuẩn mực 1" in body
    assert "01/01/2026" in body  # the effective date
    assert "Tôi đã đọc và cam kết thực hiện" in body
    assert "Đang áp dụng" in body  # the versions list with their status
    assert "Xây dựng phiên bản mới" not in body  # not an editor
    assert 'aria-label="Vị trí trong cây tổ chức"' in body


def test_member_acknowledges_and_then_sees_when(client_for, province, period):
    code = published_maths(province, period)
    client = client_for("member")
    response = client.post(url("code_acknowledge", code.pk), {"back": "unit"})
    assert response.status_code == 302
    assert response["Location"] == url("unit_codes", province.maths.pk)
    assert Acknowledgement.objects.filter(code=code, person=province.people.member).exists()
    body = client.get(url("unit_codes", province.maths.pk)).content.decode()
    assert "Bạn đã xác nhận đọc và cam kết thực hiện lúc" in body
    assert "Tôi đã đọc và cam kết thực hiện" not in body


def test_acknowledging_a_superseded_version_shows_the_new_one(client_for, province, period):
    old = published_maths(province, period)
    secretary = province.users["secretary"]
    new = services.start_code(by=secretary, unit=province.maths, period=period, source="previous")
    new = publish(new, province, period, editor="secretary")

    response = client_for("member").post(url("code_acknowledge", old.pk), follow=True)

    assert response.redirect_chain[-1][0] == url("code", new.pk)
    body = response.content.decode()
    assert "Phiên bản 1 đã được thay thế bởi phiên bản 2" in body
    assert "Tôi đã đọc và cam kết thực hiện" in body  # the new one, to acknowledge
    assert not Acknowledgement.objects.exists()
    old_page = client_for("member").get(url("code", old.pk)).content.decode()
    assert "Phiên bản này đã được thay thế bởi phiên bản 2." in old_page
    assert "Tôi đã đọc và cam kết thực hiện" not in old_page


def test_a_person_of_another_unit_cannot_acknowledge(client_for, province, period):
    code = published_maths(province, period)
    response = client_for("unit_head").post(url("code_acknowledge", code.pk))
    assert response.status_code == 403
    assert "không áp dụng cho đơn vị, chi bộ của bạn" in response.content.decode()
    assert not Acknowledgement.objects.exists()


def test_editor_sees_who_has_not_acknowledged_paged_in_sql(
    client_for, province, period, settings, django_assert_max_num_queries
):
    settings.PAGE_SIZE = 5
    code = published_maths(province, period)
    for i in range(12):
        make_person(f"Người thứ {i:02d}", workplace=province.school, party_cell=province.maths)
    services.acknowledge_code(code, by=province.users["member"])
    client = client_for("secretary")
    with django_assert_max_num_queries(30):
        response = client.get(url("unit_codes", province.maths.pk))
    body = response.content.decode()
    # An and Bình are in the cell; the twelve as well. An has acknowledged.
    assert "1/14 người đã xác nhận" in body
    assert "Người chưa xác nhận" in body
    assert "Nguyễn Văn An" not in body.split("Người chưa xác nhận")[1].split("</table>")[0]
    assert "Trang 1/3" in body
    assert "Xây dựng phiên bản mới" in body


def test_editor_starts_a_new_version_from_the_previous_one(client_for, province, period):
    code = published_maths(province, period)
    response = client_for("secretary").post(
        url("code_start", province.maths.pk), {"source": "previous", "period": period.pk}
    )
    new = EthicsCode.objects.get(unit=province.maths, number=2)
    assert response.status_code == 302 and response["Location"] == url("code", new.pk)
    assert new.status == CodeStatus.DRAFT and new.based_on == code
    assert [i.text for i in new.items.all()] == [i.text for i in code.items.all()]
    assert AuditEntry.objects.filter(action="code.start", object_id=str(new.pk)).exists()


def test_editor_starts_from_an_exemplary_code_of_its_sector(client_for, province, period):
    school = code_with_items(province.school, period, by=province.users["unit_head"])
    school = publish(school, province, period, approver="propaganda", editor="unit_head")
    services.mark_exemplary(school, by=province.users["propaganda"], sector=province.education)
    client = client_for("secretary")
    body = client.get(url("unit_codes", province.maths.pk)).content.decode()
    assert "Đảng bộ Trường THPT Hòa An — phiên bản 1" in body

    response = client.post(
        url("code_start", province.maths.pk),
        {"source": "exemplary", "based_on": school.pk, "period": period.pk},
    )
    new = EthicsCode.objects.get(unit=province.maths)
    assert response.status_code == 302
    assert new.source == CodeSource.EXEMPLARY and new.items.count() == 5


def test_starting_while_a_version_is_open_is_refused_and_changes_nothing(
    client_for, province, period
):
    code_with_items(province.maths, period, by=province.users["secretary"])
    response = client_for("secretary").post(
        url("code_start", province.maths.pk), {"source": "blank", "period": period.pk}
    )
    assert response.status_code == 400
    assert "Đơn vị đang có một phiên bản chưa công bố" in response.content.decode()
    assert EthicsCode.objects.count() == 1


def test_unit_without_a_code_says_so_and_a_member_cannot_start_one(client_for, province, period):
    body = client_for("member").get(url("unit_codes", province.maths.pk)).content.decode()
    assert "Đơn vị chưa công bố bộ chuẩn mực đạo đức nào." in body
    response = client_for("member").post(
        url("code_start", province.maths.pk), {"source": "blank", "period": period.pk}
    )
    assert response.status_code == 403
    assert not EthicsCode.objects.exists()


def test_unit_page_is_404_outside_scope(client_for, province, period):
    assert client_for("outsider").get(url("unit_codes", province.maths.pk)).status_code == 404
