"""code_status(): the figures over a subtree, by sector and area, and their query count."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from neuguong.dashboards.queries import FLAGS, code_status
from neuguong.organisations.factories import make_person, make_unit
from neuguong.organisations.models import UnitKind
from neuguong.standards.factories import make_code
from neuguong.standards.models import Acknowledgement, CodeEvaluation, EvaluationStatus

from .builders import EXPECTED, build_codes

pytestmark = pytest.mark.django_db


@pytest.fixture
def built(province, period):
    return build_codes(province, period)


def test_code_status_counts_each_step_over_the_root(province, period, built):
    status = code_status(province.root, period)
    assert status.totals.as_dict() == EXPECTED
    assert status.published_without_people == 1


def test_every_figure_equals_the_length_of_its_lists(province, period, built):
    status = code_status(province.root, period)
    for flag in FLAGS:
        done, missing = status.units_where(flag, "done"), status.units_where(flag, "missing")
        assert len(done) == getattr(status.totals, flag)
        assert len(done) + len(missing) == status.totals.units
        assert not {u.pk for u in done} & {u.pk for u in missing}


def test_the_lists_name_the_units_behind_each_figure(province, period, built):
    status = code_status(province.root, period)

    def names(flag):
        return {u.name for u in status.units_where(flag)}

    assert names("acknowledged") == {"Đảng bộ Trường THPT Hòa An", "Chi bộ Trống"}
    assert names("evaluated") == {"Đảng bộ Trường THPT Hòa An"}
    assert "Chi bộ Thôn Đông" in names("built") - names("approved")
    assert "Chi bộ Cũ" not in {u.name for u in status.units}  # retired


def test_a_person_who_left_the_unit_no_longer_counts(province, period, built):
    # The secretary has not acknowledged Tổ Toán's code; once they leave, everyone left has.
    secretary = province.people.secretary
    secretary.is_active = False
    secretary.save()
    status = code_status(province.maths, period)
    assert status.totals.acknowledged == 1


def test_a_subtree_counts_only_its_own_units(province, period, built):
    status = code_status(province.hoa_an, period)
    assert status.totals.as_dict() == {
        "units": 4,
        "built": 3,
        "approved": 2,
        "published": 2,
        "acknowledged": 1,
        "evaluated": 1,
    }


def test_sector_and_area_rows_count_tagged_units_and_the_untagged(province, period, built):
    status = code_status(province.root, period)
    sectors = {r.label: r.counts.as_dict() for r in status.by_sector}
    assert sectors["Giáo dục"] == {
        "units": 1, "built": 1, "approved": 1, "published": 1, "acknowledged": 1, "evaluated": 1
    }  # fmt: skip
    assert sectors["Chưa gắn lĩnh vực"]["units"] == 8
    assert sum(r.counts.units for r in status.by_sector) == status.totals.units
    areas = {r.label for r in status.by_area}
    assert areas == {"Phường Bình Minh", "Xã Hòa An", "Chưa gắn địa bàn"}


def test_a_unit_with_two_tags_counts_in_each_row(province, period, built):
    province.school.sectors.add(province.health)
    status = code_status(province.root, period)
    rows = {r.label: r.counts.built for r in status.by_sector}
    assert rows["Giáo dục"] == rows["Y tế"] == 1


def test_filtering_by_sector_or_area_keeps_only_tagged_units(province, period, built):
    by_sector = code_status(province.root, period, sector=province.education)
    assert [u.name for u in by_sector.units] == ["Đảng bộ Trường THPT Hòa An"]
    by_area = code_status(province.root, period, area=province.hoa_an_area)
    assert [u.name for u in by_area.units] == ["Đảng ủy xã Hòa An"]


def test_children_rows_add_up_to_the_subtree(province, period, built):
    status = code_status(province.root, period)
    children = status.by_child()
    assert sum(c.units for _, c in children) == status.totals.units - 1  # the root itself
    for child, counts in children:
        unit = {"Đảng ủy xã Hòa An": province.hoa_an}.get(child.name)
        if unit:
            assert counts.as_dict() == code_status(unit, period).totals.as_dict()


def _province_of(size: int, period):
    """A root with `size` cells, each with a published code, 3 people, 2 acknowledgements,
    tags, and an evaluation for every other one."""
    from neuguong.organisations.models import Area, Sector

    sector = Sector.objects.create(code=f"s{size}", name=f"Lĩnh vực {size}")
    area = Area.objects.create(code=f"a{size}", name=f"Địa bàn {size}")
    root = make_unit(f"Gốc {size}", kind=UnitKind.PROVINCIAL_COMMITTEE, code=f"ROOT{size}")
    for i in range(size):
        cell = make_unit(f"Chi bộ {i}", parent=root, code=f"C{size}-{i}", sectors=[sector])
        cell.areas.add(area)
        code = make_code(cell, period)
        people = [make_person(f"Người {i} {j}", workplace=cell, party_cell=cell) for j in range(3)]
        Acknowledgement.objects.bulk_create(
            [Acknowledgement(code=code, person=p) for p in people[:2]]
        )
        if i % 2:
            CodeEvaluation.objects.create(
                unit=cell, period=period, code=code, status=EvaluationStatus.DECIDED
            )
    return root


def test_the_number_of_queries_does_not_grow_with_the_units(period):
    counts = []
    for size in (5, 50):
        root = _province_of(size, period)
        with CaptureQueriesContext(connection) as queries:
            status = code_status(root, period)
        assert status.totals.units == size + 1
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 8
