"""Writing, submitting and returning periodic reports.

Rules:
- Only the unit's writers (access.can_write) save and submit its report; only the level
  above (access.can_return) returns it. A retired unit, an inactive template and a
  period not yet begun take no new writing.
- A save carries the version it was based on: a stale one is a conflict and changes
  nothing. The first save creates the draft (version 0 stands for "none yet"); the
  unique (unit, kind, year, number) constraint keeps it single under a race.
- Each narrative section holds at most SECTION_MAX characters and the narrative at
  most NARRATIVE_MAX; a longer text is refused with the limit stated, nothing saved.
- Submitting locks the row, refuses a report already submitted (saying when), and
  freezes the figures (the template's counters of `tally.figures` in the programme
  period), the children's state and figures, and the deadline it is judged against.
- Returning puts a submitted report back to draft with a reason, to be fixed and sent
  again; the frozen figures go, and are frozen anew on the next submission.
- Every change is written to the audit log.
"""

from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from neuguong.core.audit import diff, log_action
from neuguong.core.errors import ConflictError, DomainError

from . import access, content, tracking
from .access import ReportKey
from .models import Report, ReportStatus

SECTION_MAX = 20_000
NARRATIVE_MAX = 100_000
REASON_MAX = 2_000
HEADER_LIMITS = {
    "symbol": 60,
    "place": 100,
    "recipients": 2_000,
    "signer_name": 150,
    "signer_title": 150,
}
HEADER_FIELDS = (*HEADER_LIMITS, "signed_on")


def thousands(n: int) -> str:
    """20000 -> "20.000", as Vietnamese writes it, whatever the active language."""
    return f"{n:,}".replace(",", ".")


def _when(moment) -> str:
    local = timezone.localtime(moment)
    return _("%(time)s ngày %(day)s") % {
        "time": local.strftime("%H:%M"),
        "day": local.strftime("%d/%m/%Y"),
    }


def _forbidden(message) -> DomainError:
    return DomainError(message, code="forbidden")


def _log(action: str, report: Report, by, **data) -> None:
    log_action(action, by=by, obj=report, unit=report.unit, **data)


# Checking input ------------------------------------------------------------------------


def _labels() -> dict[str, str]:
    return {name: str(Report._meta.get_field(name).verbose_name) for name in HEADER_FIELDS}


def clean_header(header: dict) -> dict:
    """The header fields given, trimmed and checked; unknown keys are refused."""
    labels = _labels()
    out = {}
    for name, value in header.items():
        if name not in HEADER_FIELDS:
            raise DomainError(_("Không có trường “%(name)s”.") % {"name": str(name)[:40]})
        if name == "signed_on":
            if value is not None and not isinstance(value, date):
                raise DomainError(_("Ngày ký không hợp lệ."), field=name)
            out[name] = value
            continue
        text = str(value or "").strip()
        if name != "recipients" and ("\n" in text or "\r" in text):
            text = " ".join(text.split())
        limit = HEADER_LIMITS[name]
        if len(text) > limit:
            raise DomainError(
                _("“%(label)s” tối đa %(limit)s ký tự; đã nhập %(n)s ký tự.")
                % {"label": labels[name], "limit": thousands(limit), "n": thousands(len(text))},
                field=name,
            )
        out[name] = text
    return out


def clean_narrative(key: ReportKey, narrative: dict, *, current: dict | None = None) -> dict:
    """The whole narrative after the given sections replace the current ones."""
    titles = {s.key: s.title for s in key.template.section_list()}
    merged = {k: v for k, v in (current or {}).items() if k in titles}
    for name, value in narrative.items():
        if name not in titles:
            raise DomainError(
                _("Mẫu báo cáo không có mục “%(name)s”.") % {"name": str(name)[:40]},
                field="narrative",
            )
        text = str(value or "").replace("\r\n", "\n").strip()
        if len(text) > SECTION_MAX:
            raise DomainError(
                _(
                    "Mục “%(title)s” tối đa %(limit)s ký tự; đã nhập %(n)s ký tự. "
                    "Chưa lưu gì; hãy rút gọn rồi lưu lại."
                )
                % {
                    "title": titles[name],
                    "limit": thousands(SECTION_MAX),
                    "n": thousands(len(text)),
                },
                field=f"s_{name}",
            )
        merged[name] = text
    total = sum(len(v) for v in merged.values())
    if total > NARRATIVE_MAX:
        raise DomainError(
            _(
                "Cả báo cáo tối đa %(limit)s ký tự; các mục cộng lại %(n)s ký tự. "
                "Chưa lưu gì; hãy rút gọn rồi lưu lại."
            )
            % {"limit": thousands(NARRATIVE_MAX), "n": thousands(total)},
            field="narrative",
        )
    return {k: v for k, v in merged.items() if v}


def _check_writable(key: ReportKey, by) -> None:
    if not access.can_write(by, key.unit):
        raise _forbidden(_("Chỉ người phụ trách đơn vị viết và gửi báo cáo của đơn vị."))
    if not key.unit.is_active:
        raise DomainError(_("Đơn vị đã giải thể, sáp nhập; không lập báo cáo mới."))
    if not key.template.is_active:
        raise DomainError(_("Mẫu báo cáo này đang ngừng sử dụng."))
    if key.starts_on > timezone.localdate():
        raise DomainError(
            _("Kỳ báo cáo %(period)s chưa bắt đầu (từ ngày %(day)s).")
            % {"period": key.words, "day": key.starts_on.strftime("%d/%m/%Y")},
            field="number",
        )


def _already_sent(report: Report) -> ConflictError:
    return ConflictError(
        _(
            "Báo cáo này đã được gửi lúc %(when)s; không gửi hay sửa lại được, "
            "trừ khi cấp trên trả lại."
        )
        % {"when": _when(report.submitted_at)},
        current=report,
    )


def _stale(report: Report | None) -> ConflictError:
    return ConflictError(
        _("Báo cáo vừa được người khác thay đổi. Hãy xem bản mới nhất rồi làm lại."),
        current=report,
    )


def _check_version(report: Report | None, version: int | None) -> None:
    """A stale version is a conflict; version 0 stands for "not started"."""
    current = report.version if report else 0
    if version is not None and version != current:
        raise _stale(report)


# Saving ----------------------------------------------------------------------------------


def _create(key: ReportKey) -> Report:
    try:
        with transaction.atomic():
            return Report.objects.create(
                unit=key.unit, kind=key.kind, year=key.year, number=key.number
            )
    except IntegrityError:
        raise _stale(key.report()) from None


def save_report(
    key: ReportKey,
    *,
    by,
    version: int | None,
    narrative: dict | None = None,
    header: dict | None = None,
) -> Report:
    """Save the given narrative sections and header fields (the others are kept)."""
    header = clean_header(header or {})
    with transaction.atomic():
        _check_writable(key, by)
        report = key.report(for_update=True)
        if report is not None and report.is_submitted:
            raise _already_sent(report)
        _check_version(report, version)
        texts = clean_narrative(key, narrative or {}, current=report.narrative if report else {})
        created = report is None
        if created:
            report = _create(key)
        before = _header_values(report, header)
        sections = {
            k: len(texts.get(k, ""))
            for k in sorted(set(texts) | set(report.narrative))
            if texts.get(k) != report.narrative.get(k)
        }
        Report.objects.filter(pk=report.pk).update(
            narrative=texts,
            version=F("version") + (0 if created else 1),
            updated_at=timezone.now(),
            **header,
        )
        report.refresh_from_db()
        after = _header_values(report, header)
        before, after = diff(before, after)
        # The texts can be long: the log keeps the length of each section changed.
        after |= {"sections": sections} if sections else {}
        after |= {"created": True} if created else {}
        _log("report.save", report, by, before=before or None, after=after)
    return report


def _header_values(report: Report, names) -> dict:
    values = {n: getattr(report, n) for n in names}
    return {n: v.isoformat() if isinstance(v, date) else v for n, v in values.items()}


# Submitting --------------------------------------------------------------------------------


def missing_parts(report: Report) -> list[str]:
    missing = []
    if not any(str(v).strip() for v in (report.narrative or {}).values()):
        missing.append(_("Chưa viết mục nội dung nào."))
    if not report.signer_name.strip():
        missing.append(_("Chưa ghi người ký."))
    return missing


def submit_report(key: ReportKey, *, by, version: int | None = None) -> Report:
    """Send the report up: freeze its figures and its children's state."""
    with transaction.atomic():
        _check_writable(key, by)
        report = key.report(for_update=True)
        if report is None:
            raise DomainError(
                _("Báo cáo chưa có nội dung: hãy soạn và lưu trước khi gửi."), code="incomplete"
            )
        if report.is_submitted:
            raise _already_sent(report)
        _check_version(report, version)
        missing = missing_parts(report)
        if missing:
            raise DomainError(
                _("Chưa gửi được: %(parts)s") % {"parts": " ".join(missing)}, code="incomplete"
            )
        now = timezone.now()
        period = content.programme_period(key.ends_on)
        figures = content.live_figures(key, period) or {}
        children = tracking.child_rows(key.unit, key.kind, key.year, key.number, key.due_on, at=now)
        Report.objects.filter(pk=report.pk).update(
            status=ReportStatus.SUBMITTED,
            figures=figures,
            children=[row.as_json() for row in children],
            source_period=period,
            due_on=key.due_on,
            submitted_at=now,
            submitted_by=by if getattr(by, "is_authenticated", False) else None,
            version=F("version") + 1,
            updated_at=now,
        )
        report.refresh_from_db()
        _log(
            "report.submit",
            report,
            by,
            after={
                "submitted_at": now.isoformat(),
                "due_on": key.due_on.isoformat(),
                "late": report.submitted_late,
                "figures": figures,
            },
        )
    return report


def return_report(key: ReportKey, *, by, reason: str, version: int | None = None) -> Report:
    """The level above sends a submitted report back to be fixed, saying why."""
    reason = str(reason or "").strip()
    if not reason:
        raise DomainError(_("Hãy ghi lý do trả lại báo cáo."), field="reason")
    if len(reason) > REASON_MAX:
        raise DomainError(
            _("Lý do trả lại tối đa %(limit)s ký tự; đã nhập %(n)s ký tự.")
            % {"limit": thousands(REASON_MAX), "n": thousands(len(reason))},
            field="reason",
        )
    with transaction.atomic():
        if not access.can_return(by, key.unit):
            raise _forbidden(_("Chỉ cấp trên trực tiếp trả lại báo cáo của đơn vị."))
        report = key.report(for_update=True)
        if report is None or not report.is_submitted:
            raise DomainError(_("Chỉ trả lại được báo cáo đã gửi."), code="not_submitted")
        _check_version(report, version)
        now = timezone.now()
        before = {"submitted_at": report.submitted_at.isoformat(), "figures": report.figures}
        Report.objects.filter(pk=report.pk).update(
            status=ReportStatus.DRAFT,
            figures={},
            children=[],
            source_period=None,
            due_on=None,
            submitted_at=None,
            submitted_by=None,
            returned_at=now,
            returned_by=by if getattr(by, "is_authenticated", False) else None,
            return_reason=reason,
            version=F("version") + 1,
            updated_at=now,
        )
        report.refresh_from_db()
        _log("report.return", report, by, before=before, after={"reason": reason})
    return report
