from neuguong.organisations.models import Person, Unit


def codes(qs):
    return sorted(qs.values_list("code", flat=True))


def test_secretary_sees_their_cell_and_own_workplace(province):
    assert codes(Unit.objects.visible_to(province.users["secretary"])) == [
        "HOA-AN-THPT",
        "HOA-AN-THPT-TOAN",
    ]


def test_outsider_secretary_sees_only_their_cell_and_workplace(province):
    assert codes(Unit.objects.visible_to(province.users["outsider"])) == [
        "BINH-MINH",
        "BINH-MINH-K3",
    ]


def test_unit_head_sees_their_subtree(province):
    assert codes(Unit.objects.visible_to(province.users["unit_head"])) == [
        "HOA-AN",
        "HOA-AN-DONG",
        "HOA-AN-THPT",
        "HOA-AN-THPT-TOAN",
    ]


def test_supervisor_sees_units_of_their_sector(province):
    assert codes(Unit.objects.visible_to(province.users["supervisor"])) == [
        "HOA-AN-THPT",
        "HOA-AN-THPT-TOAN",
    ]


def test_member_sees_self_and_own_units(province):
    user = province.users["member"]
    assert codes(Unit.objects.visible_to(user)) == ["HOA-AN-THPT", "HOA-AN-THPT-TOAN"]
    assert list(Person.objects.visible_to(user)) == [province.people.member]


def test_org_officer_sees_everything(province):
    assert Unit.objects.visible_to(province.users["org_officer"]).count() == Unit.objects.count()


def test_people_scope_follows_workplace_and_party_cell(province):
    names = sorted(
        Person.objects.visible_to(province.users["outsider"]).values_list("full_name", flat=True)
    )
    assert names == ["Hoàng Minh Châu", "Vũ Thị Hạnh"]
