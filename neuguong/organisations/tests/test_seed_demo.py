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
from neuguong.regulations.models import Period, Regulation
from neuguong.standards.access import approval_refusal, can_edit, covers_for_approval
from neuguong.standards.demo import EXEMPLARY_SECTORS
from neuguong.standards.models import (
    BUILT_STATUSES,
    Acknowledgement,
    CodeEvaluation,
    CodeStatus,
    EthicsCode,
    EvaluationStatus,
    ExemplaryCode,
)

SEED = 7


def seed(**options) -> str:
    out = StringIO()
    call_command("seed_demo", scale="small", seed=SEED, stdout=out, **options)
    return out.getvalue()


def stored() -> tuple[list, list, list]:
    units = list(Unit.objects.order_by("id").values_list("code", "name", "path"))
    people = list(
        Person.objects.order_by("id").values_list(
            "code", "full_name", "birth_date", "party_join_date", "workplace__code"
        )
    )
    codes = list(
        EthicsCode.objects.order_by(
            "unit__code", "number", "items__relationship", "items__order", "items__text"
        ).values_list(
            "unit__code", "number", "status", "period__name", "effective_from", "items__text"
        )
    )
    return units, people, codes


def wipe() -> None:
    from neuguong.commitments.models import CommitmentPlan
    from neuguong.reports.models import Report
    from neuguong.reviews import models as reviews

    for model in (
        Report,
        reviews.Review,
        reviews.ReviewMeeting,
        reviews.PendingMatter,
        reviews.Discipline,
        reviews.Finding,
        reviews.QuotaLock,
    ):
        model.objects.all().delete()
    CommitmentPlan.objects.update(amends=None)
    CommitmentPlan.objects.all().delete()
    CodeEvaluation.objects.all().delete()
    ExemplaryCode.objects.all().delete()
    EthicsCode.objects.update(based_on=None)
    EthicsCode.objects.all().delete()
    Period.objects.all().delete()
    Regulation.objects.all().delete()
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
        "tuyengiao": Role.PROPAGANDA,
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
    assert login("tuyengiao").person.workplace.name == "Ban Tuyên giáo và Dân vận Tỉnh ủy"
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


# The programme: library, periods and codes ----------------------------------------------


def period(year: int) -> Period:
    return Period.objects.get(name=f"Năm {year}")


def test_the_library_and_the_two_periods_are_seeded(seeded):
    assert Regulation.objects.get(symbol="37-QĐ/TW").items.count() == 19
    assert Regulation.objects.get(symbol="144-QĐ/TW").items.count() == 5
    assert Period.objects.current() == period(2026)
    assert not period(2025).is_open and period(2026).is_open
    for year in (2025, 2026):
        p = period(year)
        assert p.year_theme and p.term_theme
        assert sorted(p.regulations.values_list("symbol", flat=True)) == sorted(
            ["37-QĐ/TW", "144-QĐ/TW", "08-QĐi/TW", "04-QĐ/TU", "06-QĐ/TU"]
        )
        assert p.codes_published_by.isoformat() == f"{year}-03-31"
        assert p.plans_approved_by.isoformat() == f"{year}-04-15"
        assert p.reviews_done_by.isoformat() == f"{year}-12-15"


def test_codes_are_seeded_in_every_status(seeded):
    statuses = set(EthicsCode.objects.filter(period=period(2026)).values_list("status", flat=True))
    assert statuses == set(CodeStatus) - {CodeStatus.SUPERSEDED}
    superseded = EthicsCode.objects.filter(status=CodeStatus.SUPERSEDED)
    assert superseded.exists()
    assert set(superseded.values_list("period__name", flat=True)) == {"Năm 2025"}
    assert not EthicsCode.objects.filter(status=CodeStatus.RETURNED, return_reason="").exists()
    published = EthicsCode.objects.filter(status=CodeStatus.PUBLISHED, period=period(2026))
    for effective in published.values_list("effective_from", flat=True):
        assert effective.year == 2026 and effective.month <= 3


def test_the_printed_figures_are_the_units_that_built_and_evaluated_their_code(seeded):
    built = (
        EthicsCode.objects.filter(period=period(2026), status__in=BUILT_STATUSES)
        .values("unit")
        .distinct()
        .count()
    )
    evaluated = CodeEvaluation.objects.filter(
        period=period(2026), status=EvaluationStatus.DECIDED
    ).count()
    units = Unit.objects.filter(is_active=True).count()
    assert built == round(units * 0.945)
    assert evaluated < built
    assert f"{built} đơn vị đã xây dựng" in seeded
    assert f"{evaluated} đơn vị đã đánh giá" in seeded


def test_acknowledgements_and_decided_evaluations_are_seeded(seeded):
    acks = Acknowledgement.objects.all()
    assert acks.count() > Person.objects.count()  # most people, for workplace and cell
    assert not acks.exclude(code__status=CodeStatus.PUBLISHED).exists()
    decided = CodeEvaluation.objects.filter(status=EvaluationStatus.DECIDED)
    assert decided.filter(period=period(2025)).exists()
    assert decided.filter(period=period(2026)).exists()
    assert not decided.filter(items__result="").exists()
    assert not decided.filter(overall="").exists()
    assert CodeEvaluation.objects.filter(status=EvaluationStatus.DRAFT).exists()


def test_one_exemplary_code_is_marked_for_each_sector(seeded):
    marks = ExemplaryCode.objects.select_related("code__unit", "sector")
    assert sorted(m.sector.code for m in marks) == sorted(EXEMPLARY_SECTORS)
    for mark in marks:
        assert mark.code.status == CodeStatus.PUBLISHED
        assert mark.sector in mark.code.unit.sectors.all()
        assert mark.marked_by == login("tuyengiao")


def test_the_secretary_has_a_returned_version_of_the_cell_code_to_rework(seeded):
    cell = login("bithu").role_assignments.get().unit
    code = EthicsCode.objects.get(unit=cell, period=period(2026))
    assert code.status in (CodeStatus.RETURNED, CodeStatus.DRAFT) and code.return_reason
    assert can_edit(login("bithu"), cell)
    assert code.decided_by == login("thutruong")


def test_the_unit_head_has_a_version_waiting_for_the_propaganda_board(seeded):
    commune = login("thutruong").role_assignments.get().unit
    code = EthicsCode.objects.get(unit=commune, period=period(2026))
    assert code.status == CodeStatus.SUBMITTED
    officer = login("tuyengiao")
    assert covers_for_approval(officer, commune) and approval_refusal(officer, code) is None
    below = EthicsCode.objects.filter(
        status=CodeStatus.SUBMITTED, unit__parent=commune, period=period(2026)
    )
    assert any(
        covers_for_approval(login("thutruong"), c.unit)
        and approval_refusal(login("thutruong"), c) is None
        for c in below
    )


def test_the_member_has_published_codes_not_yet_acknowledged(seeded):
    person = login("dangvien").person
    for unit in (person.workplace, person.party_cell):
        assert EthicsCode.objects.filter(unit=unit, status=CodeStatus.PUBLISHED).exists()
    assert not Acknowledgement.objects.filter(person=person).exists()
    school = CodeEvaluation.objects.get(unit=person.workplace, period=period(2026))
    assert school.status == EvaluationStatus.DRAFT
