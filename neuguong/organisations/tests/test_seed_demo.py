"""manage.py seed_demo and demo_logins, at the small scale."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import check_password
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone

from neuguong.core.access import Role
from neuguong.organisations import tree
from neuguong.organisations.demo import DEMO_PASSWORD
from neuguong.organisations.demo.logins import DEMO_LOGINS
from neuguong.organisations.demo.plan import Plan
from neuguong.organisations.models import (
    Area,
    Person,
    Post,
    RoleAssignment,
    Sector,
    Unit,
    UnitKind,
)

SEED = 7


def seed(**options) -> str:
    out = StringIO()
    call_command("seed_demo", scale="small", seed=SEED, stdout=out, **options)
    return out.getvalue()


def stored() -> tuple[list, list]:
    units = list(Unit.objects.order_by("id").values_list("code", "name", "path"))
    people = list(
        Person.objects.order_by("id").values_list(
            "code", "full_name", "birth_date", "party_join_date", "workplace__code"
        )
    )
    return units, people


def wipe() -> None:
    Post.objects.all().delete()
    RoleAssignment.objects.all().delete()
    Person.objects.all().delete()
    Unit.objects.update(parent=None)
    Unit.objects.all().delete()
    Sector.objects.all().delete()
    Area.objects.all().delete()
    get_user_model().objects.all().delete()


@pytest.fixture
def seeded(db):
    return seed()


def login(username):
    return get_user_model().objects.get(username=username)


def test_seeding_twice_with_one_seed_gives_the_same_units_and_people(seeded):
    first = stored()
    wipe()
    seed()
    assert stored() == first


def test_another_seed_gives_other_people():
    def names(plan):
        return [row[2] for row in plan.people()]

    assert names(Plan("small", SEED)) == names(Plan("small", SEED))
    assert names(Plan("small", SEED)) != names(Plan("small", SEED + 1))


def test_small_scale_has_the_shape_of_the_province(seeded):
    assert 50 <= Unit.objects.count() <= 75
    assert 1_400 <= Person.objects.count() <= 1_600
    assert Unit.objects.get(parent=None).name == "Tỉnh ủy Quảng Ninh"
    assert Unit.objects.filter(kind=UnitKind.ADVISORY_BOARD).count() == 5
    assert Unit.objects.filter(kind=UnitKind.AFFILIATED_COMMITTEE).count() == 5
    assert max(u.depth for u in Unit.objects.all()) >= 4
    communes = Unit.objects.filter(kind=UnitKind.COMMUNE_COMMITTEE)
    assert Area.objects.count() == communes.count() == Unit.areas.through.objects.count()
    assert {"tuyen-giao", "y-te", "giao-duc", "kiem-sat", "than", "luc-luong-vu-trang"} <= set(
        Sector.objects.values_list("code", flat=True)
    )
    assert "Đã tạo dữ liệu mẫu" in seeded


def test_every_path_is_the_parents_path_and_the_units_own_segment(seeded):
    paths = dict(Unit.objects.values_list("id", "path"))
    for pk, parent_id, path in Unit.objects.values_list("id", "parent_id", "path"):
        assert path == (paths[parent_id] if parent_id else "") + tree.segment(pk)


def test_every_unit_has_one_head_post(seeded):
    heads = Post.objects.filter(is_head=True).values_list("unit_id", flat=True)
    assert sorted(heads) == sorted(Unit.objects.values_list("id", flat=True))


def test_party_members_joined_after_their_eighteenth_birthday_and_before_today(seeded):
    today = timezone.localdate()
    members = Person.objects.exclude(party_status="")
    assert members.count() > 900
    for person in members:
        assert person.party_cell_id and person.party_join_date
        assert person.eighteenth_birthday() <= person.party_join_date < today
    assert not Person.objects.filter(party_status="").exclude(party_join_date=None).exists()


def test_only_the_demo_logins_exist_and_they_share_the_demo_password(seeded):
    users = get_user_model().objects.all()
    assert sorted(u.username for u in users) == sorted(d.username for d in DEMO_LOGINS)
    assert all(check_password(DEMO_PASSWORD, u.password) for u in users)
    assert len({u.password for u in users}) == 1  # hashed once


def test_member_and_secretary_share_a_party_cell_that_the_secretary_leads(seeded):
    member = login("dangvien").person
    secretary = login("bithu").person
    assert member.party_cell == secretary.party_cell
    assert not login("dangvien").role_assignments.exists()
    role = login("bithu").role_assignments.get()
    assert (role.role, role.unit) == (Role.SECRETARY, member.party_cell)
    assert Post.objects.filter(person=secretary, unit=role.unit, is_head=True).exists()


def test_unit_head_leads_a_commune_committee(seeded):
    role = login("thutruong").role_assignments.get()
    assert role.role == Role.UNIT_HEAD
    assert role.unit.kind == UnitKind.COMMUNE_COMMITTEE
    assert Post.objects.filter(
        person__user__username="thutruong", unit=role.unit, is_head=True
    ).exists()


def test_province_wide_roles_sit_on_the_root(seeded):
    root = Unit.objects.get(parent=None)
    expected = {
        "giamsat": Role.SUPERVISOR,
        "bantochuc": Role.ORG_OFFICER,
        "kiemtra": Role.INSPECTION,
        "quantri": Role.ADMIN,
    }
    for username, role in expected.items():
        assignment = login(username).role_assignments.get()
        assert (assignment.role, assignment.unit) == (role, root)
    supervisor = login("giamsat").role_assignments.get()
    assert sorted(s.code for s in supervisor.sectors.all()) == ["giao-duc", "y-te"]
    assert supervisor.areas.count() == 1
    assert login("bantochuc").person.workplace.name == "Ban Tổ chức Tỉnh ủy"
    assert login("kiemtra").person.workplace.name == "Ủy ban Kiểm tra Tỉnh ủy"
    admin = login("quantri")
    assert admin.is_superuser and admin.is_staff


def test_demo_logins_see_what_their_role_gives_them(seeded):
    member = login("dangvien").person
    assert Person.objects.visible_to(login("bithu")).filter(pk=member.pk).exists()
    assert Person.objects.visible_to(login("bantochuc")).count() == Person.objects.count()
    schools = Unit.objects.filter(sectors__code="giao-duc")
    assert set(schools) <= set(Unit.objects.visible_to(login("giamsat")))


def test_if_empty_leaves_a_seeded_database_alone(seeded):
    before = stored()
    out = seed(if_empty=True)
    assert "bỏ qua" in out
    assert stored() == before


def test_seeding_a_database_that_has_units_is_refused(seeded):
    before = stored()
    with pytest.raises(CommandError, match="đã có"):
        seed()
    assert stored() == before


@pytest.mark.skipif(connection.vendor != "sqlite", reason="national runs on PostgreSQL")
def test_national_scale_is_refused_on_sqlite(db):
    with pytest.raises(CommandError, match="PostgreSQL"):
        call_command("seed_demo", scale="national", stdout=StringIO())
    assert not Unit.objects.exists()


def test_demo_logins_prints_each_login_with_the_password(seeded):
    out = StringIO()
    call_command("demo_logins", stdout=out)
    text = out.getvalue()
    assert "http://127.0.0.1:8000" in text
    for demo in DEMO_LOGINS:
        assert f"{demo.username} / {DEMO_PASSWORD}" in text


def test_demo_logins_says_so_when_there_are_none(db):
    out = StringIO()
    call_command("demo_logins", stdout=out)
    assert "Chưa có tài khoản" in out.getvalue()
