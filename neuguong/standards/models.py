"""Each unit's ethics code (chuẩn mực đạo đức): versions, items, acknowledgements,
exemplary marks and the year-end evaluation. The rules live in services.py."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from neuguong.organisations.models import Person, Sector, Unit
from neuguong.regulations.models import Period, RegulationItem


class Relationship(models.IntegerChoices):
    """The 5 relationships a code is grouped by (the seed article, DOMAIN.md §1.3)."""

    PARTY = 1, _("Đối với Đảng, Tổ quốc và Nhân dân")
    UNIT = 2, _("Đối với cơ quan, tổ chức, đơn vị")
    COLLEAGUES = 3, _("Đối với đồng chí, đồng nghiệp")
    DUTY = 4, _("Đối với việc nêu gương và thực hiện chức trách, nhiệm vụ được giao")
    SELF = 5, _("Đối với bản thân")


class CodeStatus(models.TextChoices):
    DRAFT = "draft", _("Đang soạn")
    SUBMITTED = "submitted", _("Chờ phê duyệt")
    RETURNED = "returned", _("Bị trả lại")
    APPROVED = "approved", _("Đã phê duyệt, chờ công bố")
    PUBLISHED = "published", _("Đang áp dụng")
    SUPERSEDED = "superseded", _("Đã được thay thế")


# A unit has at most one version in each of these groups at a time.
OPEN_STATUSES = (CodeStatus.DRAFT, CodeStatus.SUBMITTED, CodeStatus.RETURNED, CodeStatus.APPROVED)
EDITABLE_STATUSES = (CodeStatus.DRAFT, CodeStatus.RETURNED)
# A version that reached these was submitted ("built or reviewed"), approved, published.
BUILT_STATUSES = (
    CodeStatus.SUBMITTED,
    CodeStatus.APPROVED,
    CodeStatus.PUBLISHED,
    CodeStatus.SUPERSEDED,
)
APPROVED_STATUSES = (CodeStatus.APPROVED, CodeStatus.PUBLISHED, CodeStatus.SUPERSEDED)
PUBLISHED_STATUSES = (CodeStatus.PUBLISHED, CodeStatus.SUPERSEDED)


class CodeSource(models.TextChoices):
    BLANK = "blank", _("Trang trắng")
    PREVIOUS = "previous", _("Phiên bản trước của đơn vị")
    EXEMPLARY = "exemplary", _("Chuẩn mực tiêu biểu cùng lĩnh vực")


class EthicsCode(models.Model):
    """One version of a unit's code. Versions are numbered 1, 2, ... per unit."""

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="ethics_codes", verbose_name=_("Đơn vị")
    )
    period = models.ForeignKey(
        Period, on_delete=models.PROTECT, related_name="ethics_codes", verbose_name=_("Kỳ")
    )
    number = models.PositiveIntegerField(_("Phiên bản"))
    status = models.CharField(
        _("Trạng thái"), max_length=12, choices=CodeStatus.choices, default=CodeStatus.DRAFT
    )
    source = models.CharField(
        _("Xây dựng từ"), max_length=12, choices=CodeSource.choices, default=CodeSource.BLANK
    )
    based_on = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Dựa trên"),
    )
    # {"2": "reason"}: relationship groups the unit marks not applicable, with the reason.
    not_applicable = models.JSONField(_("Nhóm không áp dụng"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    return_reason = models.TextField(_("Lý do trả lại"), blank=True)
    effective_from = models.DateField(_("Ngày có hiệu lực"), null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Chuẩn mực đạo đức")
        verbose_name_plural = _("Chuẩn mực đạo đức")
        ordering = ["unit", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "number"], name="unique_code_number"),
            models.UniqueConstraint(
                fields=["unit"],
                condition=Q(status__in=["draft", "submitted", "returned", "approved"]),
                name="one_open_code_per_unit",
            ),
            models.UniqueConstraint(
                fields=["unit"], condition=Q(status="published"), name="one_published_code"
            ),
        ]
        indexes = [models.Index(fields=["period", "status", "unit"], name="code_period_idx")]

    def __str__(self):
        return f"{self.unit} – v{self.number}"

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_STATUSES

    def empty_groups(self, items=None) -> list[int]:
        """Relationships with no item and not marked not applicable."""
        items = self.items.all() if items is None else items
        used = {i.relationship for i in items}
        return [
            r for r in Relationship.values if r not in used and str(r) not in self.not_applicable
        ]


class EthicsCodeItem(models.Model):
    code = models.ForeignKey(EthicsCode, on_delete=models.CASCADE, related_name="items")
    relationship = models.PositiveSmallIntegerField(_("Mối quan hệ"), choices=Relationship.choices)
    order = models.PositiveIntegerField(default=0)
    text = models.TextField(_("Nội dung chuẩn mực"))
    # The same item across versions keeps its key: the comparison of versions uses it.
    key = models.UUIDField(default=uuid.uuid4, editable=False)
    citations = models.ManyToManyField(
        RegulationItem, blank=True, related_name="+", verbose_name=_("Căn cứ")
    )

    class Meta:
        verbose_name = _("Nội dung chuẩn mực")
        verbose_name_plural = _("Nội dung chuẩn mực")
        ordering = ["relationship", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["code", "key"], name="unique_item_key")]

    def __str__(self):
        return self.text[:80]


class ExemplaryCode(models.Model):
    """A published code an officer shows as an example for a sector."""

    code = models.ForeignKey(EthicsCode, on_delete=models.CASCADE, related_name="exemplary_marks")
    sector = models.ForeignKey(
        Sector, on_delete=models.PROTECT, related_name="+", verbose_name=_("Lĩnh vực")
    )
    note = models.CharField(_("Ghi chú"), max_length=300, blank=True)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    marked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Chuẩn mực tiêu biểu")
        verbose_name_plural = _("Chuẩn mực tiêu biểu")
        constraints = [
            models.UniqueConstraint(fields=["code", "sector"], name="unique_exemplary_mark")
        ]

    def __str__(self):
        return f"{self.code} ({self.sector})"


class Acknowledgement(models.Model):
    """A person read the published version of their unit's code (who, when, which)."""

    code = models.ForeignKey(EthicsCode, on_delete=models.CASCADE, related_name="acknowledgements")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    acknowledged_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["code", "person"], name="unique_acknowledgement")
        ]
        indexes = [models.Index(fields=["person", "code"], name="ack_person_idx")]

    def __str__(self):
        return f"{self.person_id} – {self.code_id}"


class ItemResult(models.TextChoices):
    MET = "met", _("Đạt")
    PARTLY = "partly", _("Đạt một phần")
    NOT_MET = "not_met", _("Không đạt")


class EvaluationStatus(models.TextChoices):
    DRAFT = "draft", _("Đang đánh giá")
    DECIDED = "decided", _("Đã chốt kết quả")


class CodeEvaluation(models.Model):
    """The unit's year-end evaluation of how it carried out its published code."""

    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="code_evaluations", verbose_name=_("Đơn vị")
    )
    period = models.ForeignKey(
        Period, on_delete=models.PROTECT, related_name="code_evaluations", verbose_name=_("Kỳ")
    )
    code = models.ForeignKey(
        EthicsCode,
        on_delete=models.PROTECT,
        related_name="evaluations",
        verbose_name=_("Phiên bản"),
    )
    status = models.CharField(
        _("Trạng thái"),
        max_length=10,
        choices=EvaluationStatus.choices,
        default=EvaluationStatus.DRAFT,
    )
    overall = models.CharField(
        _("Kết quả chung"), max_length=10, choices=ItemResult.choices, blank=True
    )
    comment = models.TextField(_("Nhận xét chung"), blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Đánh giá thực hiện chuẩn mực")
        verbose_name_plural = _("Đánh giá thực hiện chuẩn mực")
        constraints = [
            models.UniqueConstraint(fields=["unit", "period"], name="one_evaluation_per_period")
        ]
        indexes = [models.Index(fields=["period", "status", "unit"], name="evaluation_period_idx")]

    def __str__(self):
        return f"{self.unit} – {self.period}"

    @property
    def is_decided(self) -> bool:
        return self.status == EvaluationStatus.DECIDED


class CodeEvaluationItem(models.Model):
    evaluation = models.ForeignKey(CodeEvaluation, on_delete=models.CASCADE, related_name="items")
    item = models.ForeignKey(EthicsCodeItem, on_delete=models.PROTECT, related_name="+")
    result = models.CharField(_("Kết quả"), max_length=10, choices=ItemResult.choices, blank=True)
    evidence = models.TextField(_("Minh chứng"), blank=True)
    comment = models.TextField(_("Nhận xét"), blank=True)

    class Meta:
        ordering = ["item__relationship", "item__order", "item_id"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "item"], name="unique_evaluated_item")
        ]

    def __str__(self):
        return f"{self.evaluation_id}: {self.item_id} {self.result}"
