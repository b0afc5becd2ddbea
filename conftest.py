"""Personas shared by every test.

The small province:

    Tỉnh ủy (root)
    ├── Đảng ủy xã Hòa An (commune, area "hoa-an")
    │   ├── Đảng bộ Trường THPT Hòa An (grassroots, sector "giao-duc")
    │   │   └── Chi bộ Tổ Toán (party cell)        <- member, secretary
    │   └── Chi bộ Thôn Đông (party cell)
    ├── Đảng ủy phường Bình Minh (commune, area "binh-minh")
    │   └── Chi bộ Khu 3 (party cell)              <- outsider (its secretary)
    └── Ban Tổ chức Tỉnh ủy (advisory board)       <- organisation officer's workplace

Personas: member, secretary (of Tổ Toán), unit_head (of Đảng ủy xã Hòa An),
supervisor (education sector), org_officer, inspection, admin, outsider, propaganda
(Ban Tuyên giáo và Dân vận officer on the root: the programme, approving codes).

The `period` fixture adds the open yearly programme period of 2026.
"""

from types import SimpleNamespace

import pytest

from neuguong.core.access import Role
from neuguong.organisations.factories import give_role, make_person, make_unit, make_user
from neuguong.organisations.models import Area, Sector, UnitKind

PERSONAS = [
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


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Argon2 is the production hasher (see test_settings); tests need speed.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _vietnamese_first():
    # A request in English leaves English active in the thread; every test starts in
    # the UI's first language, as a fresh worker does.
    from django.utils import translation

    with translation.override("vi"):
        yield


@pytest.fixture
def province(db):
    education = Sector.objects.create(code="giao-duc", name="Giáo dục")
    health = Sector.objects.create(code="y-te", name="Y tế")
    hoa_an_area = Area.objects.create(code="hoa-an", name="Xã Hòa An")
    binh_minh_area = Area.objects.create(code="binh-minh", name="Phường Bình Minh")
    root = make_unit("Tỉnh ủy Thử Nghiệm", kind=UnitKind.PROVINCIAL_COMMITTEE, code="TU")
    hoa_an = make_unit(
        "Đảng ủy xã Hòa An",
        parent=root,
        kind=UnitKind.COMMUNE_COMMITTEE,
        code="HOA-AN",
        areas=[hoa_an_area],
    )
    school = make_unit(
        "Đảng bộ Trường THPT Hòa An",
        parent=hoa_an,
        kind=UnitKind.GRASSROOTS,
        code="HOA-AN-THPT",
        sectors=[education],
    )
    maths = make_unit("Chi bộ Tổ Toán", parent=school, code="HOA-AN-THPT-TOAN")
    dong = make_unit("Chi bộ Thôn Đông", parent=hoa_an, code="HOA-AN-DONG")
    binh_minh = make_unit(
        "Đảng ủy phường Bình Minh",
        parent=root,
        kind=UnitKind.COMMUNE_COMMITTEE,
        code="BINH-MINH",
        areas=[binh_minh_area],
    )
    khu3 = make_unit("Chi bộ Khu 3", parent=binh_minh, code="BINH-MINH-K3")
    board = make_unit("Ban Tổ chức Tỉnh ủy", parent=root, kind=UnitKind.ADVISORY_BOARD, code="BTC")

    users = {name: make_user(name) for name in PERSONAS}
    users["admin"].is_superuser = users["admin"].is_staff = True
    users["admin"].save()
    people = SimpleNamespace(
        member=make_person(
            "Nguyễn Văn An", workplace=school, party_cell=maths, user=users["member"]
        ),
        secretary=make_person(
            "Trần Thị Bình", workplace=school, party_cell=maths, user=users["secretary"]
        ),
        unit_head=make_person(
            "Lê Đức Dũng", workplace=hoa_an, party_cell=dong, user=users["unit_head"]
        ),
        villager=make_person("Phạm Thị Đào", workplace=hoa_an, party_cell=dong),
        outsider=make_person(
            "Hoàng Minh Châu", workplace=binh_minh, party_cell=khu3, user=users["outsider"]
        ),
        neighbour=make_person("Vũ Thị Hạnh", workplace=binh_minh, party_cell=khu3),
        officer=make_person(
            "Đỗ Quang Huy", workplace=board, user=users["org_officer"], category="cong_chuc"
        ),
    )
    give_role(users["secretary"], Role.SECRETARY, maths)
    give_role(users["unit_head"], Role.UNIT_HEAD, hoa_an)
    give_role(users["supervisor"], Role.SUPERVISOR, root, sectors=[education])
    give_role(users["org_officer"], Role.ORG_OFFICER, root)
    give_role(users["inspection"], Role.INSPECTION, root)
    give_role(users["admin"], Role.ADMIN, root)
    give_role(users["outsider"], Role.SECRETARY, khu3)
    give_role(users["propaganda"], Role.PROPAGANDA, root)
    return SimpleNamespace(
        root=root,
        hoa_an=hoa_an,
        school=school,
        maths=maths,
        dong=dong,
        binh_minh=binh_minh,
        khu3=khu3,
        board=board,
        education=education,
        health=health,
        hoa_an_area=hoa_an_area,
        users=users,
        people=people,
    )


@pytest.fixture
def client_for(client, province):
    """client_for("secretary") -> a test client signed in as that persona."""

    def _client(persona: str | None):
        from django.test import Client

        c = Client()
        if persona:
            c.force_login(province.users[persona])
        return c

    return _client


@pytest.fixture
def period(db):
    from datetime import date

    from neuguong.regulations.models import Period

    return Period.objects.create(
        name="Năm 2026",
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 12, 31),
        year_theme="Học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
        codes_published_by=date(2026, 3, 31),
    )
