"""The report pages: the overview, one report with its editor, figures and
consolidation, sending with confirmation, returning, and bad input."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from neuguong.organisations.factories import make_person, make_unit

from ..factories import at, make_report, report_key
from ..models import Report, ReportStatus

pytestmark = pytest.mark.django_db
MEGABYTE = "Nội dung báo cáo rất dài. " * 42_000


def url(unit, name="reports:report", kind="monthly", year=2026, number=10):
    return reverse(name, args=(unit.pk, kind, year, number))


def overview(kind="monthly", year=2026, number=10, **extra):
    query = f"?kind={kind}&year={year}&number={number}"
    return reverse("reports:index") + query + "".join(f"&{k}={v}" for k, v in extra.items())


def figures(html: str, table: str = "report-figures", attr: str = "data-counter") -> dict:
    part = html[html.index(f'id="{table}"') :]
    part = part[: part.index("</table>")]
    return {c: int(v) for c, v in re.findall(rf'{attr}="(\w+)">(\d+)<', part)}


def editor(report=None, version=0, **sections):
    data = {
        "version": version,
        "symbol": "15-BC/CB",
        "place": "Hòa An",
        "signed_on": "",
        "recipients": "- Đảng ủy (b/c);\n- Lưu.",
        "signer_title": "T/M CHI BỘ, BÍ THƯ",
        "signer_name": "Trần Thị Bình",
    }
    return data | {f"s_{k}": v for k, v in (sections or {"tinh_hinh": "Ổn định."}).items()}


def sent_children(province):
    due = report_key(province.hoa_an).due_on
    make_report(
        province.school,
        submitted_at=at(due.year, due.month, due.day),
        figures={"units": 2, "people": 2},
        symbol="7-BC/ĐU",
    )
    make_report(
        province.dong,
        submitted_at=at(due.year, due.month, due.day + 3),
        figures={"units": 1, "people": 2},
    )


# The overview ------------------------------------------------------------------------------


def test_the_overview_shows_the_heads_report_and_who_below_has_sent(province, period, client_for):
    make_report(province.school, submitted_at=at(2026, 11, 3))
    make_report(province.dong)
    page = client_for("unit_head").get(overview())
    assert page.status_code == 200
    text = page.content.decode()
    assert "Hạn gửi lên cấp trên: 05/11/2026." in text
    assert "Đảng ủy xã Hòa An" in text and "Viết báo cáo" in text
    assert "Đã gửi đúng hạn" in text and "Đang soạn" in text
    assert '<span class="report-counts__n">1/2</span>' in text
    assert url(province.school) in text
    # Following a child's own children.
    below = client_for("unit_head").get(overview(unit=province.school.pk))
    assert "Chi bộ Tổ Toán" in below.content.decode()


def test_the_overview_defaults_to_the_latest_ended_period(province, period, client_for):
    page = client_for("secretary").get(reverse("reports:index"))
    assert page.status_code == 200
    today = timezone.localdate()
    month = today.month - 1 or 12
    assert f'aria-current="page">Tháng {month}<' in page.content.decode()


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?kind=weekly", "Không có loại báo cáo “weekly”"),
        ("?kind=monthly&year=1999", "Năm báo cáo phải từ 2000 đến 2100"),
        ("?kind=monthly&year=abc", "Năm báo cáo phải từ 2000 đến 2100"),
        ("?kind=quarterly&year=2026&number=5", "Quý phải từ 1 đến 4"),
        ("?kind=monthly&year=2026&number=13", "Tháng phải từ 1 đến 12"),
    ],
)
def test_the_overview_names_a_choice_that_does_not_exist(
    province, period, client_for, query, message
):
    page = client_for("unit_head").get(reverse("reports:index") + query)
    assert page.status_code == 400
    assert message in page.content.decode()
    assert not Report.objects.exists()


def test_following_a_unit_outside_the_scope_is_not_found(province, period, client_for):
    head = client_for("unit_head")
    assert head.get(overview(unit=province.khu3.pk)).status_code == 404
    assert head.get(overview(unit="x")).status_code == 404
    assert client_for("member").get(overview()).status_code == 403


def test_the_overview_costs_the_same_queries_however_many_children(province, period, client_for):
    head = client_for("unit_head")
    head.get(overview())

    def cost():
        with CaptureQueriesContext(connection) as queries:
            assert head.get(overview()).status_code == 200
        return len(queries)

    before = cost()
    for i in range(15):
        cell = make_unit(f"Chi bộ {i}", parent=province.hoa_an, code=f"HA-{i}")
        if i % 2:
            make_report(cell, submitted_at=at(2026, 11, 2))
    assert cost() == before


# One report ----------------------------------------------------------------------------------


def test_a_period_or_unit_that_does_not_exist_is_not_found(province, period, client_for):
    head = client_for("unit_head")
    assert head.get(url(province.hoa_an, number=13)).status_code == 404
    assert head.get(url(province.hoa_an, kind="quarterly", number=5)).status_code == 404
    assert head.get(url(province.hoa_an, kind="weekly")).status_code == 404
    assert head.get(url(province.hoa_an, year=1999)).status_code == 404
    assert head.get(url(province.khu3)).status_code == 404
    assert head.get(url(province.hoa_an, "reports:docx", number=13)).status_code == 404


def test_the_writer_gets_the_editor_and_a_reader_the_text(province, period, client_for):
    make_report(province.maths, narrative={"ket_qua": "Dạy tốt, học tốt."})
    writer = client_for("secretary").get(url(province.maths)).content.decode()
    assert 'name="s_tinh_hinh"' in writer and 'maxlength="20000"' in writer
    assert 'enctype="multipart/form-data"' in writer
    reader = client_for("unit_head").get(url(province.maths)).content.decode()
    assert 'name="s_tinh_hinh"' not in reader
    assert "Dạy tốt, học tốt." in reader


def test_saving_then_sending_after_confirmation(province, period, client_for):
    secretary = client_for("secretary")
    saved = secretary.post(url(province.maths), editor(tinh_hinh="Chi bộ ổn định."))
    assert saved.status_code == 302
    report = Report.objects.get()
    assert report.narrative == {"tinh_hinh": "Chi bộ ổn định."}
    assert report.symbol == "15-BC/CB" and report.version == 1

    # "Save and send" saves, then asks for confirmation.
    confirm = secretary.post(
        url(province.maths, "reports:submit"), editor(version=1, ket_qua="Dạy tốt.")
    )
    assert confirm.status_code == 200
    assert "Xác nhận gửi báo cáo" in confirm.content.decode()
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT and report.narrative["ket_qua"] == "Dạy tốt."

    sent = secretary.post(url(province.maths, "reports:submit"), {"confirm": "1", "version": 2})
    assert sent.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED

    again = secretary.post(url(province.maths, "reports:submit"), {"confirm": "1", "version": 3})
    assert again.status_code == 409
    assert "Báo cáo này đã được gửi lúc" in again.content.decode()
    assert Report.objects.count() == 1
    report.refresh_from_db()
    assert report.version == 3


def test_an_incomplete_report_is_not_sent(province, period, client_for):
    make_report(province.maths, signer_name="")
    page = client_for("secretary").post(
        url(province.maths, "reports:submit"), {"confirm": "1", "version": 1}
    )
    assert page.status_code == 400
    assert "Chưa ghi người ký" in page.content.decode()
    assert Report.objects.get().status == ReportStatus.DRAFT


def test_a_one_megabyte_section_from_the_page_is_refused_stating_the_limit(
    province, period, client_for
):
    page = client_for("secretary").post(url(province.maths), editor(tinh_hinh=MEGABYTE))
    assert page.status_code == 400
    text = page.content.decode()
    assert "Mục “Tình hình chung” tối đa 20.000 ký tự; đã nhập 1.091.999 ký tự." in text
    assert not Report.objects.exists()


def test_a_body_over_djangos_limit_is_answered_with_the_limits(
    province, period, client_for, settings
):
    make_report(province.maths)
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100_000
    for name in ("reports:report", "reports:submit"):
        page = client_for("secretary").post(
            url(province.maths, name), editor(version=1, tinh_hinh="x" * 200_000)
        )
        assert page.status_code == 413
        assert "Mỗi mục tối đa 20.000 ký tự" in page.content.decode()
    report = Report.objects.get()
    assert report.version == 1 and report.narrative == {"tinh_hinh": "Ổn định."}


def test_a_stale_save_is_a_conflict_that_keeps_the_input(province, period, client_for):
    make_report(province.maths)
    page = client_for("secretary").post(url(province.maths), editor(tinh_hinh="Bản của tôi."))
    assert page.status_code == 409
    text = page.content.decode()
    assert "vừa được người khác thay đổi" in text and "Bản của tôi." in text
    assert 'name="version" value="1"' in text
    assert Report.objects.get().narrative == {"tinh_hinh": "Ổn định."}


def test_the_consolidation_shows_the_children_their_figures_and_the_sum(
    province, period, client_for
):
    sent_children(province)
    page = client_for("unit_head").get(url(province.hoa_an))
    text = page.content.decode()
    own, below = figures(text), figures(text, attr="data-children")
    assert own["units"] == 4 and own["people"] == 4
    assert below["units"] == 3 and below["people"] == 4
    assert "Đã gửi muộn" in text and "Đã gửi đúng hạn" in text and "7-BC/ĐU" in text
    assert figures(text, f"child-{province.school.pk}-figures") == {"units": 2, "people": 2}
    assert url(province.school) in text and url(province.dong) in text


def test_a_sent_report_keeps_its_figures_and_a_draft_follows_the_system(
    province, period, client_for
):
    admin = client_for("admin")
    admin.post(url(province.school), editor(tinh_hinh="Ổn định."))
    admin.post(url(province.school, "reports:submit"), {"confirm": "1", "version": 1})
    before = figures(admin.get(url(province.school)).content.decode())
    make_person("Người Mới", workplace=province.school, party_cell=province.maths)
    after = figures(admin.get(url(province.school)).content.decode())
    assert after == before
    live = figures(admin.get(url(province.maths)).content.decode())
    assert live["people"] == before["people"] + 1


def test_without_a_programme_period_the_page_says_so(province, client_for):
    page = client_for("unit_head").get(url(province.hoa_an))
    assert page.status_code == 200
    assert "Không có số liệu: chưa có kỳ chương trình năm nào chứa ngày 31/10/2026" in (
        page.content.decode()
    )
    for name in ("reports:docx", "reports:xlsx"):
        assert client_for("unit_head").get(url(province.hoa_an, name)).status_code == 200


def test_the_level_above_returns_a_report_with_a_reason(province, period, client_for):
    make_report(province.school, submitted_at=at(2026, 11, 2))
    head = client_for("unit_head")
    refused = head.post(url(province.school, "reports:return"), {"reason": ""})
    assert refused.status_code == 400
    assert "Hãy ghi lý do trả lại báo cáo." in refused.content.decode()
    assert Report.objects.get().status == ReportStatus.SUBMITTED
    done = head.post(url(province.school, "reports:return"), {"reason": "Bổ sung số liệu."})
    assert done.status_code == 302
    report = Report.objects.get()
    assert report.status == ReportStatus.DRAFT and report.return_reason == "Bổ sung số liệu."
    page = client_for("admin").get(url(province.school)).content.decode()
    assert "Bổ sung số liệu." in page and 'name="s_tinh_hinh"' in page
