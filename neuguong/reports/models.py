"""Periodic reports (DOMAIN.md §7): each unit reports to its parent every month,
quarter, half year, nine months and year. Figures are filled in from the system (the
kept tallies of the programme period), the narrative is written by the unit, and the
children's reports are consolidated.

- `ReportTemplate`: one per kind; its sections, the counters of its figures table and
  its deadline (days after the period ends) are data, edited in the admin.
- `Report`: one per (unit, kind, year, number). A draft shows live figures; submitting
  freezes the figures, the children's state and the deadline it was judged against.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from neuguong.organisations.models import Unit
from neuguong.regulations.models import Period

from . import periods


class ReportKind(models.TextChoices):
    MONTHLY = periods.MONTHLY, _("Báo cáo tháng")
    QUARTERLY = periods.QUARTERLY, _("Báo cáo quý")
    HALF_YEAR = periods.HALF_YEAR, _("Báo cáo 6 tháng")
    NINE_MONTHS = periods.NINE_MONTHS, _("Báo cáo 9 tháng")
    YEARLY = periods.YEARLY, _("Báo cáo năm")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Đang soạn")
    SUBMITTED = "submitted", _("Đã gửi")


KIND_ORDER = {kind: index for index, kind in enumerate(periods.KINDS)}
MAX_SECTIONS = 15


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    hint: str = ""


# The migrations that load the default templates as data (each with an `add`).
TEMPLATE_MIGRATIONS = ["neuguong.reports.migrations.0002_templates"]


def restore_default_templates() -> None:
    """Load the default templates again into an empty table: the migration put them
    there, but a database flushed since (as transactional tests do) has lost them."""
    from importlib import import_module

    from django.apps import apps

    for name in TEMPLATE_MIGRATIONS:
        import_module(name).add(apps, None)


class ReportTemplateQuerySet(models.QuerySet):
    def ensure(self):
        if not self.model.objects.exists():
            restore_default_templates()
        return self

    def active(self):
        return sorted(self.ensure().filter(is_active=True), key=lambda t: KIND_ORDER[t.kind])

    def for_kind(self, kind: str):
        return self.ensure().filter(kind=kind).first()


class ReportTemplate(models.Model):
    kind = models.CharField(
        _("Loại báo cáo"), max_length=12, choices=ReportKind.choices, unique=True
    )
    title = models.CharField(
        _("Trích yếu"),
        max_length=300,
        help_text=_("Đứng trước kỳ báo cáo, ví dụ “Kết quả thực hiện trách nhiệm nêu gương”."),
    )
    sections = models.JSONField(
        _("Các mục nội dung"),
        default=list,
        help_text=_("Danh sách {“key”, “title”, “hint”}: mã mục, tên mục, gợi ý nội dung."),
    )
    counters = models.JSONField(
        _("Các chỉ tiêu số liệu"),
        default=list,
        help_text=_("Tên các chỉ tiêu lấy từ hệ thống (xem dashboards.models.COUNTERS)."),
    )
    due_days = models.PositiveSmallIntegerField(_("Hạn gửi (số ngày sau khi hết kỳ)"), default=5)
    is_active = models.BooleanField(_("Đang sử dụng"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReportTemplateQuerySet.as_manager()

    class Meta:
        verbose_name = _("Mẫu báo cáo định kỳ")
        verbose_name_plural = _("Mẫu báo cáo định kỳ")
        constraints = [
            models.CheckConstraint(condition=Q(due_days__lte=365), name="report_due_days_max")
        ]

    def __str__(self):
        return str(self.get_kind_display())

    def clean(self):
        from neuguong.dashboards.models import COUNTERS

        errors = {}
        sections = self.sections if isinstance(self.sections, list) else None
        keys = []
        for entry in sections or []:
            ok = isinstance(entry, dict) and isinstance(entry.get("key"), str)
            ok = ok and isinstance(entry.get("title"), str) and entry["title"].strip()
            ok = ok and isinstance(entry.get("hint", ""), str)
            if not ok or not entry["key"].isidentifier() or len(entry["key"]) > 40:
                sections = None
                break
            keys.append(entry["key"])
        if not sections or len(keys) != len(set(keys)) or len(keys) > MAX_SECTIONS:
            errors["sections"] = _(
                "Cần từ 1 đến %(n)s mục, mỗi mục có “key” (chữ không dấu, số, “_”; không "
                "trùng nhau), “title” và có thể có “hint”."
            ) % {"n": MAX_SECTIONS}
        counters = self.counters if isinstance(self.counters, list) else None
        if not counters or len(set(map(str, counters))) != len(counters):
            errors["counters"] = _("Cần ít nhất một chỉ tiêu, không trùng nhau.")
        elif unknown := [c for c in counters if c not in COUNTERS]:
            errors["counters"] = _("Không có chỉ tiêu: %(names)s.") % {
                "names": ", ".join(map(str, unknown))
            }
        if errors:
            raise ValidationError(errors)

    def section_list(self) -> list[Section]:
        return [Section(s["key"], s["title"], s.get("hint", "")) for s in self.sections]

    def due_on(self, kind: str, year: int, number: int) -> date:
        return periods.date_range(kind, year, number)[1] + timedelta(days=self.due_days)


class ReportQuerySet(models.QuerySet):
    def for_period(self, kind: str, year: int, number: int):
        return self.filter(kind=kind, year=year, number=number)


class Report(models.Model):
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="periodic_reports")
    kind = models.CharField(_("Loại báo cáo"), max_length=12, choices=ReportKind.choices)
    year = models.PositiveSmallIntegerField(_("Năm"))
    number = models.PositiveSmallIntegerField(_("Kỳ trong năm"))
    status = models.CharField(
        _("Tình trạng"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    # {section key: text}
    narrative = models.JSONField(default=dict, blank=True)
    # Frozen at submission: {counter: value} of the template's counters, the children's
    # state and figures (tracking.ChildRow.as_json), the programme period the figures
    # came from and the deadline the report was judged against.
    figures = models.JSONField(default=dict, blank=True)
    children = models.JSONField(default=list, blank=True)
    source_period = models.ForeignKey(
        Period, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    due_on = models.DateField(_("Hạn gửi"), null=True, blank=True)
    # The document's header and footer (Nghị định 30/2020).
    symbol = models.CharField(_("Số, ký hiệu"), max_length=60, blank=True)
    place = models.CharField(_("Địa danh"), max_length=100, blank=True)
    signed_on = models.DateField(_("Ngày ký"), null=True, blank=True)
    recipients = models.TextField(_("Nơi nhận"), blank=True)
    signer_name = models.CharField(_("Người ký"), max_length=150, blank=True)
    signer_title = models.CharField(_("Chức vụ người ký"), max_length=150, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    returned_at = models.DateTimeField(null=True, blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    return_reason = models.TextField(_("Lý do trả lại"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("Báo cáo định kỳ")
        verbose_name_plural = _("Báo cáo định kỳ")
        ordering = ["-year", "kind", "-number", "unit__path"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "kind", "year", "number"], name="report_one_per_unit_period"
            ),
            models.CheckConstraint(
                condition=Q(year__gte=periods.MIN_YEAR, year__lte=periods.MAX_YEAR)
                & (
                    Q(kind=periods.MONTHLY, number__gte=1, number__lte=12)
                    | Q(kind=periods.QUARTERLY, number__gte=1, number__lte=4)
                    | Q(
                        kind__in=[periods.HALF_YEAR, periods.NINE_MONTHS, periods.YEARLY],
                        number=1,
                    )
                ),
                name="report_period_valid",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(submitted_at__isnull=False),
                name="report_submitted_has_time",
            ),
        ]
        indexes = [models.Index(fields=["kind", "year", "number"], name="report_period_idx")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.period_words} – {self.unit}"

    @property
    def period_words(self) -> str:
        return periods.words(self.kind, self.year, self.number)

    @property
    def is_submitted(self) -> bool:
        return self.status == ReportStatus.SUBMITTED

    @property
    def submitted_late(self) -> bool:
        return bool(
            self.is_submitted
            and self.due_on
            and timezone.localdate(self.submitted_at) > self.due_on
        )
