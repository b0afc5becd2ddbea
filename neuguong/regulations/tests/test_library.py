"""The regulations library as data: load_library() and manage.py load_regulations."""

from io import StringIO

import pytest
from django.core.management import call_command

from neuguong.regulations.library import LIBRARY, load_library
from neuguong.regulations.models import Regulation, RegulationItem, RegulationKind, RegulationStatus

pytestmark = pytest.mark.django_db


def regulation(symbol: str) -> Regulation:
    return Regulation.objects.get(symbol=symbol)


def test_loading_the_library_creates_every_regulation_with_its_items():
    counts = load_library()
    assert counts == {
        "regulations": len(LIBRARY),
        "items": sum(len(e["items"]) for e in LIBRARY),
    }
    assert sorted(Regulation.objects.values_list("symbol", flat=True)) == sorted(
        e["symbol"] for e in LIBRARY
    )


def test_qd_37_lists_its_19_prohibited_acts_and_qd_144_its_5_standards():
    load_library()
    qd37 = regulation("37-QĐ/TW")
    assert list(qd37.items.values_list("number", flat=True)) == [f"Điều {n}" for n in range(1, 20)]
    assert qd37.issuing_body == "Ban Chấp hành Trung ương"
    assert qd37.issued_on.isoformat() == "2021-10-25"
    assert qd37.title == "Về những điều đảng viên không được làm"
    assert qd37.items.get(number="Điều 14").title.startswith("Tham ô, tham nhũng")
    qd144 = regulation("144-QĐ/TW")
    assert list(qd144.items.values_list("number", "title")) == [
        ("Chuẩn mực 1", "Yêu nước, tôn trọng Nhân dân, tuyệt đối trung thành với Đảng, Tổ quốc"),
        ("Chuẩn mực 2", "Bản lĩnh, đổi mới, sáng tạo, hội nhập"),
        ("Chuẩn mực 3", "Cần, kiệm, liêm, chính, chí công vô tư"),
        ("Chuẩn mực 4", "Đoàn kết, kỷ cương, tình thương, trách nhiệm"),
        ("Chuẩn mực 5", "Gương mẫu, khiêm tốn, tu dưỡng rèn luyện, học tập suốt đời"),
    ]
    assert qd144.issuing_body == "Bộ Chính trị"


def test_item_titles_are_short():
    load_library()
    assert all(len(t) <= 150 for t in RegulationItem.objects.values_list("title", flat=True))


def test_qd_124_is_marked_replaced_by_qd_366_and_the_others_are_in_force():
    load_library()
    qd124 = regulation("124-QĐ/TW")
    assert qd124.status == RegulationStatus.REPLACED
    assert qd124.replaced_by == regulation("366-QĐ/TW")
    in_force = Regulation.objects.filter(status=RegulationStatus.IN_FORCE)
    assert in_force.count() == len(LIBRARY) - 1
    assert set(Regulation.objects.values_list("kind", flat=True)) == {RegulationKind.QUY_DINH}
    assert regulation("08-QĐi/TW").issued_on.isoformat() == "2018-10-25"
    assert regulation("04-QĐ/TU").issuing_body == regulation("06-QĐ/TU").issuing_body


def test_loading_twice_creates_nothing_the_second_time():
    load_library()
    before = list(RegulationItem.objects.order_by("pk").values_list("pk", "number", "title"))
    assert load_library() == {"regulations": 0, "items": 0}
    assert list(RegulationItem.objects.order_by("pk").values_list("pk", "number", "title")) == (
        before
    )


def test_loading_again_keeps_what_officers_edited_or_removed():
    load_library()
    qd37 = regulation("37-QĐ/TW")
    qd37.title = "Những điều đảng viên không được làm (bản đã hiệu đính)"
    qd37.save()
    item = qd37.items.get(number="Điều 6")
    item.title = "Tiêu đề do cán bộ sửa"
    item.save()
    qd37.items.filter(number="Điều 18").delete()
    regulation("06-QĐ/TU").delete()

    counts = load_library()

    qd37.refresh_from_db()
    assert qd37.title == "Những điều đảng viên không được làm (bản đã hiệu đính)"
    assert qd37.items.get(number="Điều 6").title == "Tiêu đề do cán bộ sửa"
    assert not qd37.items.filter(number="Điều 18").exists()
    # What is missing altogether comes back.
    assert counts == {"regulations": 1, "items": 2}
    assert regulation("06-QĐ/TU").items.count() == 2


def test_a_regulation_entered_with_other_case_or_spacing_is_not_duplicated():
    Regulation.objects.create(
        symbol="37-qđ/tw", kind=RegulationKind.QUY_DINH, issuing_body="BCH TW", title="Tự nhập"
    )
    load_library()
    assert Regulation.objects.filter(symbol_folded="37-qd/tw").count() == 1
    assert Regulation.objects.get(symbol_folded="37-qd/tw").title == "Tự nhập"


def test_load_regulations_command_loads_the_library_and_says_how_much():
    out = StringIO()
    call_command("load_regulations", stdout=out)
    assert f"Đã thêm {len(LIBRARY)} văn bản" in out.getvalue()
    out = StringIO()
    call_command("load_regulations", stdout=out)
    assert "Đã thêm 0 văn bản, 0 điều khoản" in out.getvalue()
