"""The regulations library and the programme periods.

Regulations, their items and periods are data that officers edit; the demo loader
seeds the ones DOMAIN.md names. Other records cite a regulation's items by identity.
"""

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from neuguong.core.text import fold


class RegulationKind(models.TextChoices):
    NGHI_QUYET = "nghi_quyet", _("Nghị quyết")
    KET_LUAN = "ket_luan", _("Kết luận")
    QUY_DINH = "quy_dinh", _("Quy định")
    CHI_THI = "chi_thi", _("Chỉ thị")
    KE_HOACH = "ke_hoach", _("Kế hoạch")
    HUONG_DAN = "huong_dan", _("Hướng dẫn")
    NGHI_DINH = "nghi_dinh", _("Nghị định")


class RegulationStatus(models.TextChoices):
    IN_FORCE = "in_force", _("Còn hiệu lực")
    REPLACED = "replaced", _("Đã được thay thế")


class RegulationQuerySet(models.QuerySet):
    def search(self, text: str):
        qs = self
        for word in fold(text).split()[:8]:
            qs = qs.filter(Q(symbol_folded__contains=word) | Q(title_folded__contains=word))
        return qs


class Regulation(models.Model):
    symbol = models.CharField(_("Số, ký hiệu"), max_length=60)
    # Case- and diacritic-folded symbol: "37-qd/tw" and "37-QĐ/TW" are the same document.
    symbol_folded = models.CharField(max_length=60, unique=True, editable=False)
    kind = models.CharField(_("Loại văn bản"), max_length=20, choices=RegulationKind.choices)
    issuing_body = models.CharField(_("Cơ quan ban hành"), max_length=200)
    issued_on = models.DateField(_("Ngày ban hành"), null=True, blank=True)
    title = models.CharField(_("Trích yếu"), max_length=500)
    title_folded = models.CharField(max_length=500, editable=False)
    status = models.CharField(
        _("Hiệu lực"),
        max_length=12,
        choices=RegulationStatus.choices,
        default=RegulationStatus.IN_FORCE,
    )
    replaced_by = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="replaces",
        verbose_name=_("Được thay thế bởi"),
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RegulationQuerySet.as_manager()

    class Meta:
        verbose_name = _("Văn bản")
        verbose_name_plural = _("Văn bản")
        ordering = ["-issued_on", "symbol"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="in_force", replaced_by__isnull=True) | Q(status="replaced"),
                name="regulation_in_force_not_replaced",
            )
        ]

    def __str__(self):
        return self.symbol

    def save(self, *args, **kwargs):
        self.symbol_folded = fold(self.symbol).replace(" ", "")
        self.title_folded = fold(self.title)
        super().save(*args, **kwargs)

    @property
    def is_in_force(self) -> bool:
        return self.status == RegulationStatus.IN_FORCE


class RegulationItem(models.Model):
    """An article, standard or prohibited act of a regulation, citable by other records."""

    regulation = models.ForeignKey(
        Regulation, on_delete=models.CASCADE, related_name="items", verbose_name=_("Văn bản")
    )
    number = models.CharField(_("Điều, mục"), max_length=30)
    title = models.CharField(_("Nội dung tóm tắt"), max_length=300)
    text = models.TextField(_("Toàn văn"), blank=True)
    order = models.PositiveIntegerField(_("Thứ tự"), default=0)

    class Meta:
        verbose_name = _("Điều khoản")
        verbose_name_plural = _("Điều khoản")
        ordering = ["regulation", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["regulation", "number"], name="unique_item_number")
        ]

    def __str__(self):
        return f"{self.regulation.symbol}, {self.number}: {self.title}"


class PeriodKind(models.TextChoices):
    YEAR = "year", _("Năm")
    QUARTER = "quarter", _("Quý")
    TERM = "term", _("Nhiệm kỳ")


class PeriodQuerySet(models.QuerySet):
    def current(self):
        """The open yearly period containing today, else the latest open one, else None."""
        today = timezone.localdate()
        years = self.filter(kind=PeriodKind.YEAR, is_open=True)
        return (
            years.filter(starts_on__lte=today, ends_on__gte=today).order_by("-starts_on").first()
            or years.order_by("-starts_on").first()
            or self.order_by("-starts_on").first()
        )


class Period(models.Model):
    """A programme period: a year by default, or a quarter or a whole term."""

    kind = models.CharField(
        _("Loại kỳ"), max_length=10, choices=PeriodKind.choices, default=PeriodKind.YEAR
    )
    name = models.CharField(_("Tên kỳ"), max_length=120, unique=True)
    starts_on = models.DateField(_("Từ ngày"))
    ends_on = models.DateField(_("Đến ngày"))
    year_theme = models.TextField(_("Chuyên đề năm"), blank=True)
    term_theme = models.TextField(_("Chuyên đề toàn khóa"), blank=True)
    regulations = models.ManyToManyField(
        Regulation, blank=True, related_name="periods", verbose_name=_("Văn bản làm căn cứ")
    )
    codes_published_by = models.DateField(_("Hạn công bố chuẩn mực"), null=True, blank=True)
    plans_registered_by = models.DateField(_("Hạn đăng ký kế hoạch"), null=True, blank=True)
    plans_approved_by = models.DateField(_("Hạn phê duyệt kế hoạch"), null=True, blank=True)
    reviews_done_by = models.DateField(_("Hạn hoàn thành kiểm điểm"), null=True, blank=True)
    code_item_max_length = models.PositiveSmallIntegerField(
        _("Độ dài tối đa của một chuẩn mực (ký tự)"), default=300
    )
    # Plans submitted after plans_registered_by are accepted and marked late, unless
    # the period refuses them.
    refuse_late_plans = models.BooleanField(_("Không nhận kế hoạch nộp sau hạn"), default=False)
    is_open = models.BooleanField(_("Đang mở"), default=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PeriodQuerySet.as_manager()

    class Meta:
        verbose_name = _("Kỳ thực hiện")
        verbose_name_plural = _("Kỳ thực hiện")
        ordering = ["-starts_on", "kind"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="period_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(code_item_max_length__gte=20), name="period_item_limit_min"
            ),
        ]

    def __str__(self):
        return self.name

    def deadlines(self) -> list[tuple[str, object]]:
        return [
            (Period._meta.get_field(f).verbose_name, getattr(self, f))
            for f in (
                "codes_published_by",
                "plans_registered_by",
                "plans_approved_by",
                "reviews_done_by",
            )
        ]
