"""Writing, submitting and returning reports (services.py): limits, versions, freezing
the figures and the children, lateness, and who may do what."""

from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from neuguong.core.errors import ConflictError, DomainError
from neuguong.core.models import AuditEntry
from neuguong.dashboards import tally

from .. import periods, services
from ..factories import at, make_report, report_key
from ..models import Report, ReportStatus, ReportTemplate
from ..tracking import State

pytestmark = pytest.mark.django_db
MEGABYTE = "Nội dung báo cáo rất dài. " * 42_000  # 1,092,000 characters


def _save(key, user, version=0, **sections):
    return services.save_report(
        key,
        by=user,
        version=version,
        narrative=sections or {"tinh_hinh": "Tình hình ổn định."},
        header={"signer_name": "Lê Đức Dũng", "signer_title": "Bí thư"},
    )


def _frozen(report):
    report.refresh_from_db()
    return (report.status, report.version, report.narrative, report.figures, report.submitted_at)


def test_the_first_save_starts_the_draft_and_is_audited(province, period):
    key = report_key(province.hoa_an)
    report = _save(key, province.users["unit_head"], ket_qua="Kết quả tốt.")
    assert report.status == ReportStatus.DRAFT
    assert report.version == 1
    assert report.narrative == {"ket_qua": "Kết quả tốt."}
    assert report.signer_name == "Lê Đức Dũng"
    entry = AuditEntry.objects.get(action="report.save")
    assert entry.object_id == str(report.pk)
    assert entry.after["created"] is True
    assert entry.after["sections"] == {"ket_qua": len("Kết quả tốt.")}


def test_a_save_keeps_the_sections_not_sent_and_bumps_the_version(province, period):
    key, head = report_key(province.hoa_an), province.users["unit_head"]
    _save(key, head, tinh_hinh="Một.", ket_qua="Hai.")
    report = services.save_report(key, by=head, version=1, narrative={"ket_qua": "Hai, sửa."})
    assert report.narrative == {"tinh_hinh": "Một.", "ket_qua": "Hai, sửa."}
    assert report.version == 2
    report = services.save_report(key, by=head, version=2, narrative={"tinh_hinh": "  "})
    assert report.narrative == {"ket_qua": "Hai, sửa."}


def test_a_stale_version_is_a_conflict_and_changes_nothing(province, period):
    key, head = report_key(province.hoa_an), province.users["unit_head"]
    report = _save(key, head, tinh_hinh="Bản đầu.")
    before = _frozen(report)
    with pytest.raises(ConflictError, match="vừa được người khác thay đổi"):
        services.save_report(key, by=head, version=0, narrative={"tinh_hinh": "Bản cũ."})
    assert _frozen(report) == before
    assert Report.objects.count() == 1


def test_a_one_megabyte_section_is_refused_stating_the_limit_and_nothing_changes(province, period):
    key, head = report_key(province.hoa_an), province.users["unit_head"]
    with pytest.raises(DomainError, match=r"tối đa 20\.000 ký tự") as refused:
        _save(key, head, tinh_hinh=MEGABYTE)
    assert "Tình hình chung" in refused.value.message
    assert refused.value.field == "s_tinh_hinh"
    assert not Report.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="report.").exists()

    report = _save(key, head, tinh_hinh="Ngắn gọn.")
    before = _frozen(report)
    with pytest.raises(DomainError, match=r"tối đa 20\.000 ký tự"):
        services.save_report(key, by=head, version=1, narrative={"ket_qua": MEGABYTE})
    assert _frozen(report) == before


def test_the_whole_narrative_is_limited_to_one_hundred_thousand_characters(province, period):
    key, head = report_key(province.hoa_an), province.users["unit_head"]
    sections = [s.key for s in key.template.section_list()]
    full = dict.fromkeys(sections, "x" * services.SECTION_MAX)  # 5 × 20,000 = 100,000
    report = services.save_report(key, by=head, version=0, narrative=full)
    assert sum(map(len, report.narrative.values())) == services.NARRATIVE_MAX
    template = key.template
    template.sections = [*template.sections, {"key": "them", "title": "Thêm", "hint": ""}]
    template.save()
    key = report_key(province.hoa_an)
    with pytest.raises(DomainError, match=r"Cả báo cáo tối đa 100\.000 ký tự"):
        services.save_report(key, by=head, version=1, narrative={"them": "Thêm một câu."})
    report.refresh_from_db()
    assert "them" not in report.narrative


def test_an_unknown_section_or_field_and_an_overlong_header_are_refused(province, period):
    key, head = report_key(province.hoa_an), province.users["unit_head"]
    with pytest.raises(DomainError, match="không có mục “khac”"):
        services.save_report(key, by=head, version=0, narrative={"khac": "?"})
    with pytest.raises(DomainError, match="Không có trường “status”"):
        services.save_report(key, by=head, version=0, header={"status": "submitted"})
    with pytest.raises(DomainError, match="“Số, ký hiệu” tối đa 60 ký tự"):
        services.save_report(key, by=head, version=0, header={"symbol": "1" * 61})
    assert not Report.objects.exists()


def test_only_the_units_own_writers_save_its_report(province, period):
    key = report_key(province.school)
    for persona in ("unit_head", "secretary", "supervisor", "member"):
        with pytest.raises(DomainError) as refused:
            _save(key, province.users[persona])
        assert refused.value.code == "forbidden"
    assert _save(key, province.users["admin"]).unit == province.school  # a superuser
    assert _save(report_key(province.root), province.users["org_officer"]).unit == province.root


def test_a_period_not_yet_begun_takes_no_writing(province, period):
    today = timezone.localdate()
    key = report_key(province.hoa_an, "yearly", today.year + 1, 1)
    with pytest.raises(DomainError, match="chưa bắt đầu"):
        _save(key, province.users["unit_head"])
    assert not Report.objects.exists()


def test_submitting_freezes_the_template_counters_of_the_tally(province, period):
    key, head = report_key(province.hoa_an), province.users["unit_head"]
    _save(key, head)
    report = services.submit_report(key, by=head, version=1)
    expected = tally.figures(province.hoa_an, period)
    template = ReportTemplate.objects.for_kind("monthly")
    assert report.figures == {c: expected[c] for c in template.counters}
    assert report.figures["units"] == 4 and report.figures["people"] == 4
    assert report.source_period == period
    assert report.status == ReportStatus.SUBMITTED
    assert report.due_on == key.due_on == periods.date_range("monthly", 2026, 10)[1] + timedelta(5)
    entry = AuditEntry.objects.get(action="report.submit")
    assert entry.after["figures"] == report.figures


def test_a_report_submitted_twice_is_refused_and_nothing_is_duplicated(province, period):
    key, head = report_key(province.hoa_an), province.users["unit_head"]
    _save(key, head)
    report = services.submit_report(key, by=head, version=1)
    before = _frozen(report)
    with pytest.raises(ConflictError, match="Báo cáo này đã được gửi lúc") as refused:
        services.submit_report(key, by=head, version=report.version)
    local = timezone.localtime(report.submitted_at)
    assert local.strftime("%H:%M ngày %d/%m/%Y") in refused.value.message
    with pytest.raises(ConflictError, match="đã được gửi"):
        services.save_report(key, by=head, version=report.version, narrative={"ket_qua": "Sửa"})
    assert _frozen(report) == before
    assert Report.objects.count() == 1
    assert AuditEntry.objects.filter(action="report.submit").count() == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        Report.objects.create(unit=province.hoa_an, kind="monthly", year=2026, number=10)


def test_submitting_freezes_each_childs_state_and_figures(province, period):
    key, head = report_key(province.hoa_an), province.users["unit_head"]
    due = key.due_on
    school = make_report(
        province.school, submitted_at=at(due.year, due.month, due.day), figures={"units": 2}
    )
    _save(key, head)
    report = services.submit_report(key, by=head, version=1)
    rows = {row["name"]: row for row in report.children}
    assert rows["Đảng bộ Trường THPT Hòa An"]["state"] == State.ON_TIME
    assert rows["Đảng bộ Trường THPT Hòa An"]["figures"] == {"units": 2}
    assert rows["Chi bộ Thôn Đông"]["state"] == State.MISSING
    assert rows["Chi bộ Thôn Đông"]["overdue"] == (timezone.localdate() > due)
    # Later changes below do not touch what was sent.
    Report.objects.filter(pk=school.pk).update(figures={"units": 99})
    make_report(province.dong)
    report.refresh_from_db()
    assert {r["name"]: r["state"] for r in report.children}["Chi bộ Thôn Đông"] == State.MISSING


def test_an_incomplete_report_is_not_submitted(province, period):
    key, head = report_key(province.hoa_an), province.users["unit_head"]
    with pytest.raises(DomainError, match="hãy soạn và lưu"):
        services.submit_report(key, by=head)
    services.save_report(key, by=head, version=0, narrative={"tinh_hinh": "Có."})
    with pytest.raises(DomainError, match="Chưa ghi người ký"):
        services.submit_report(key, by=head, version=1)
    assert Report.objects.get().status == ReportStatus.DRAFT


def test_the_level_above_returns_a_report_which_is_fixed_and_sent_again(province, period):
    key = report_key(province.school)
    secretary, head = province.users["secretary"], province.users["unit_head"]
    admin = province.users["admin"]
    _save(key, admin)
    sent = services.submit_report(key, by=admin, version=1)
    with pytest.raises(DomainError) as refused:
        services.return_report(key, by=secretary, reason="Sai số liệu")
    assert refused.value.code == "forbidden"
    with pytest.raises(DomainError, match="lý do"):
        services.return_report(key, by=head, reason="  ")
    assert _frozen(sent)[0] == ReportStatus.SUBMITTED

    back = services.return_report(key, by=head, reason="Bổ sung kết quả.", version=sent.version)
    assert back.status == ReportStatus.DRAFT
    assert back.return_reason == "Bổ sung kết quả."
    assert back.figures == {} and back.submitted_at is None
    assert AuditEntry.objects.get(action="report.return").after == {"reason": "Bổ sung kết quả."}
    with pytest.raises(DomainError, match="Chỉ trả lại được báo cáo đã gửi"):
        services.return_report(key, by=head, reason="Lần nữa")

    fixed = services.save_report(
        key, by=admin, version=back.version, narrative={"ket_qua": "Đã bổ sung."}
    )
    again = services.submit_report(key, by=admin, version=fixed.version)
    assert again.status == ReportStatus.SUBMITTED
    assert again.figures == {c: tally.figures(province.school, period)[c] for c in again.figures}
    assert Report.objects.count() == 1


def test_a_report_sent_after_its_deadline_is_late_and_before_it_on_time(province, period):
    head = province.users["unit_head"]
    old = report_key(province.hoa_an, "monthly", 2025, 1)
    _save(old, head)
    late = services.submit_report(old, by=head, version=1)
    assert late.submitted_late
    assert late.source_period is None and late.figures == {}  # no programme period in 2025
    today = timezone.localdate()
    current = report_key(province.hoa_an, "monthly", today.year, today.month)
    _save(current, head)
    assert not services.submit_report(current, by=head, version=1).submitted_late
