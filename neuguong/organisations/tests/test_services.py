from datetime import date, timedelta

import pytest
from django.utils import timezone

from neuguong.core.errors import ConflictError, DomainError
from neuguong.core.models import AuditEntry
from neuguong.organisations import services
from neuguong.organisations.models import Person, Post, Unit, UnitKind


def unit_rows():
    return list(Unit.objects.order_by("pk").values_list("pk", "code", "name", "path", "parent_id"))


def person_rows():
    return list(Person.objects.order_by("pk").values())


@pytest.fixture
def officer(province):
    return province.users["org_officer"]


def test_create_unit_sets_path_under_parent_and_logs(province, officer):
    unit = services.create_unit(
        by=officer,
        code="HOA-AN-MOI",
        name="Chi bộ Thôn Mới",
        kind=UnitKind.PARTY_CELL,
        parent=province.hoa_an,
        sectors=[province.education],
    )
    assert unit.path.startswith(province.hoa_an.path) and unit.depth == 3
    entry = AuditEntry.objects.get(action="unit.create")
    assert entry.actor == officer and entry.after["code"] == "HOA-AN-MOI"
    assert entry.after["sectors"] == ["giao-duc"]


def test_create_unit_refuses_a_code_already_used_in_any_case(province, officer):
    before = unit_rows()
    with pytest.raises(DomainError) as err:
        services.create_unit(
            by=officer, code="hoa-an", name="Trùng", kind="party_cell", parent=province.root
        )
    assert "đã được dùng" in str(err.value.message)
    assert unit_rows() == before
    assert not AuditEntry.objects.exists()


def test_update_unit_refuses_another_units_code(province, officer):
    before = unit_rows()
    with pytest.raises(DomainError, match="đã được dùng"):
        services.update_unit(
            province.dong,
            by=officer,
            version=1,
            code="HOA-AN",
            name="Chi bộ Thôn Đông",
            kind="party_cell",
        )
    assert unit_rows() == before


def test_move_carries_the_whole_subtree_and_its_people(province, officer):
    member = province.people.member
    services.move_unit(province.school, by=officer, new_parent=province.binh_minh)
    school = Unit.objects.get(pk=province.school.pk)
    maths = Unit.objects.get(pk=province.maths.pk)
    assert school.parent_id == province.binh_minh.pk
    assert school.path.startswith(province.binh_minh.path)
    assert maths.path.startswith(school.path)
    assert Person.objects.get(pk=member.pk).party_cell_id == maths.pk
    assert member in Person.objects.in_subtree(Unit.objects.get(pk=province.binh_minh.pk))
    entry = AuditEntry.objects.get(action="unit.move")
    assert entry.before["parent"] == province.hoa_an.pk
    assert entry.after["parent"] == province.binh_minh.pk


@pytest.mark.parametrize("target", ["school", "maths"])
def test_move_under_itself_or_a_descendant_is_refused(province, officer, target):
    before = unit_rows()
    with pytest.raises(DomainError) as err:
        services.move_unit(province.school, by=officer, new_parent=getattr(province, target))
    assert "chính nó hoặc vào một đơn vị cấp dưới" in str(err.value.message)
    assert unit_rows() == before
    assert not AuditEntry.objects.exists()


def test_move_needs_manage_rights_on_both_ends(province):
    with pytest.raises(DomainError) as err:
        services.move_unit(
            province.dong, by=province.users["unit_head"], new_parent=province.school
        )
    assert err.value.code == "forbidden"


def test_retire_refuses_a_unit_with_active_children(province, officer):
    with pytest.raises(DomainError, match="đơn vị trực thuộc"):
        services.retire_unit(province.hoa_an, by=officer)
    assert Unit.objects.get(pk=province.hoa_an.pk).is_active


def test_retire_an_empty_unit(province, officer):
    empty = services.create_unit(
        by=officer, code="TRONG", name="Chi bộ Trống", kind="party_cell", parent=province.hoa_an
    )
    services.retire_unit(empty, by=officer)
    empty.refresh_from_db()
    assert not empty.is_active and empty.retired_on == timezone.localdate()


def person_data(province, **overrides):
    data = {
        "code": "NEW-1",
        "full_name": "Ngô Thị Lan",
        "birth_date": date(1990, 1, 1),
        "category": "vien_chuc",
        "workplace": province.school,
        "party_cell": province.maths,
        "party_status": "official",
        "party_join_date": date(2012, 5, 19),
    }
    return data | overrides


def test_create_person_folds_the_name_for_search(province, officer):
    person = services.create_person(by=officer, **person_data(province))
    assert person.name_folded == "ngo thi lan"
    assert AuditEntry.objects.filter(action="person.create", object_id=str(person.pk)).exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"birth_date": date.today() + timedelta(days=3)}, "Ngày sinh không được ở tương lai."),
        ({"party_join_date": date(2007, 12, 31)}, "phải từ ngày đủ 18 tuổi (01/01/2008)"),
        ({"party_join_date": date.today() + timedelta(days=3)}, "Ngày vào Đảng không được"),
        ({"party_join_date": None}, "Đảng viên phải có ngày vào Đảng."),
    ],
)
def test_create_person_refuses_impossible_dates(province, officer, overrides, message):
    before = person_rows()
    with pytest.raises(DomainError) as err:
        services.create_person(by=officer, **person_data(province, **overrides))
    assert message in str(err.value.message)
    assert person_rows() == before


def test_create_person_refuses_a_used_code(province, officer):
    code = province.people.member.code
    before = person_rows()
    with pytest.raises(DomainError, match="đã được dùng"):
        services.create_person(by=officer, **person_data(province, code=code.lower()))
    assert person_rows() == before


def test_stale_edit_of_a_person_is_a_conflict_and_keeps_the_first_edit(province, officer):
    person = province.people.villager
    other = province.users["admin"]
    data = {"full_name": "Phạm Thị Đào Hoa", "code": person.code}
    services.update_person(person, by=officer, version=1, **data)
    with pytest.raises(ConflictError) as err:
        services.update_person(person, by=other, version=1, full_name="Phạm Đào", code=person.code)
    assert "vừa được người khác sửa" in str(err.value.message)
    assert err.value.current.full_name == "Phạm Thị Đào Hoa"
    person.refresh_from_db()
    assert person.full_name == "Phạm Thị Đào Hoa" and person.version == 2


def test_update_person_logs_only_what_changed(province, officer):
    person = province.people.villager
    services.update_person(
        person,
        by=officer,
        version=1,
        full_name="Phạm Thị Đào",
        code=person.code,
        category="vien_chuc",
    )
    entry = AuditEntry.objects.get(action="person.update")
    assert entry.before == {"category": "cong_chuc"}
    assert entry.after == {"category": "vien_chuc"}


def test_people_of_other_units_cannot_be_edited_by_a_unit_head(province):
    with pytest.raises(DomainError) as err:
        services.update_person(
            province.people.outsider,
            by=province.users["unit_head"],
            version=1,
            full_name="X",
            code="X",
        )
    assert err.value.code == "forbidden"


def test_a_person_can_hold_several_posts(province, officer):
    person = province.people.unit_head
    services.add_post(
        person, by=officer, unit=province.hoa_an, title="Bí thư Đảng ủy", is_head=True
    )
    services.add_post(person, by=officer, unit=province.dong, title="Bí thư chi bộ", is_head=True)
    assert Post.objects.filter(person=person).count() == 2
    assert AuditEntry.objects.filter(action="post.create").count() == 2


def test_a_post_cannot_be_head_and_deputy(province, officer):
    with pytest.raises(DomainError, match="vừa là người đứng đầu vừa là cấp phó"):
        services.add_post(
            province.people.villager,
            by=officer,
            unit=province.dong,
            title="Bí thư",
            is_head=True,
            is_deputy=True,
        )
    assert not Post.objects.exists()


def test_retiring_a_person_ends_their_posts(province, officer):
    person = province.people.villager
    services.add_post(person, by=officer, unit=province.dong, title="Chi ủy viên")
    services.retire_person(person, by=officer)
    assert Post.objects.get(person=person).end_date == timezone.localdate()


def test_role_assignment_is_audited_and_changes_scope(province):
    admin = province.users["admin"]
    member = province.users["member"]
    assert not Unit.objects.visible_to(member).filter(pk=province.dong.pk).exists()
    assignment = services.assign_role(by=admin, user=member, role="secretary", unit=province.dong)
    assert Unit.objects.visible_to(member).filter(pk=province.dong.pk).exists()
    services.revoke_role(assignment, by=admin)
    actions = list(AuditEntry.objects.order_by("id").values_list("action", flat=True))
    assert actions == ["role.assign", "role.revoke"]


def test_only_administrators_assign_roles(province):
    with pytest.raises(DomainError) as err:
        services.assign_role(
            by=province.users["org_officer"],
            user=province.users["member"],
            role="secretary",
            unit=province.dong,
        )
    assert err.value.code == "forbidden"
