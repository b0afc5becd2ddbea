"""Commitment plans (kế hoạch cá nhân cam kết tu dưỡng, rèn luyện, phấn đấu) of people
and of collectives, with their key tasks, solutions, progress and evidence.

A plan is versioned: an amendment after approval is a new version (number 2, 3, ...)
approved again; the earlier approved version becomes superseded and is kept. Key tasks
keep a `key` across versions, so the review cites a commitment by identity and the
versions are compared side by side.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from neuguong.organisations.models import Person, Unit
from neuguong.regulations.models import Period, RegulationItem
from neuguong.standards.models import EthicsCodeItem


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Đang soạn")
    SUBMITTED = "submitted", _("Chờ phê duyệt")
    RETURNED = "returned", _("Bị trả lại")
    APPROVED = "approved", _("Đã phê duyệt")
    SUPERSEDED = "superseded", _("Đã được điều chỉnh")


OPEN_PLAN_STATUSES = (PlanStatus.DRAFT, PlanStatus.SUBMITTED, PlanStatus.RETURNED)
EDITABLE_PLAN_STATUSES = (PlanStatus.DRAFT, PlanStatus.RETURNED)


class ApproverChoice(models.TextChoices):
    """Where the plans of a unit's staff are approved (a per-unit setting)."""

    DEFAULT = "default", _("Đảng viên: bí thư chi bộ; người ngoài Đảng: thủ trưởng đơn vị")
    WORKPLACE = "workplace", _("Mọi người: thủ trưởng đơn vị")
    PARTY_CELL = "party_cell", _("Đảng viên: bí thư chi bộ; người ngoài Đảng: thủ trưởng")


class PlanSettings(models.Model):
    """How one unit's plans are approved; a unit without a row uses the default."""

    unit = models.OneToOneField(Unit, on_delete=models.CASCADE, related_name="plan_settings")
    approver = models.CharField(
        _("Người phê duyệt kế hoạch cá nhân"),
        max_length=12,
        choices=ApproverChoice.choices,
        default=ApproverChoice.DEFAULT,
    )

    class Meta:
        verbose_name = _("Cách phê duyệt kế hoạch")
        verbose_name_plural = _("Cách phê duyệt kế hoạch")

    def __str__(self):
        return f"{self.unit}: {self.approver}"


class PlanQuerySet(models.QuerySet):
    def visible_to(self, user):
        from .access import plans_visible_q

        return self.filter(plans_visible_q(user))

    def for_period(self, period):
        return self.filter(period=period)


class CommitmentPlan(models.Model):
    period = models.ForeignKey(
        Period, on_delete=models.PROTECT, related_name="plans", verbose_name=_("Kỳ")
    )
    # A personal plan has a person; a collective plan has none (it is the unit's).
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plans",
        verbose_name=_("Cán bộ, đảng viên"),
    )
    # Personal plans: where they are approved (the party cell or the workplace).
    # Collective plans: the unit whose plan it is (approved by the level above).
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="plans", verbose_name=_("Đơn vị")
    )
    # The person's workplace when the plan was started (a head sees their staff's plans).
    workplace = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    number = models.PositiveIntegerField(_("Phiên bản"), default=1)
    status = models.CharField(
        _("Trạng thái"), max_length=12, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    is_leader = models.BooleanField(_("Kế hoạch của người đứng đầu, cấp phó"), default=False)
    amends = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Điều chỉnh phiên bản"),
    )
    amendment_reason = models.TextField(_("Lý do điều chỉnh"), blank=True)
    # Sections of the form (DOMAIN.md §4).
    political_stance = models.TextField(_("Về tư tưởng chính trị"), blank=True)
    ethics_note = models.TextField(_("Về đạo đức, lối sống (nội dung khác)"), blank=True)
    theme_study = models.TextField(_("Học tập và làm theo chuyên đề năm"), blank=True)
    discipline_family = models.TextField(
        _("Về ý thức tổ chức kỷ luật, trách nhiệm nêu gương, gia đình"), blank=True
    )
    leadership = models.TextField(_("Về lãnh đạo, chỉ đạo, quản lý"), blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    is_late = models.BooleanField(_("Nộp sau hạn"), default=False)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    return_reason = models.TextField(_("Lý do trả lại"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("Kế hoạch cam kết")
        verbose_name_plural = _("Kế hoạch cam kết")
        ordering = ["period", "unit", "person", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "person", "number"],
                condition=Q(person__isnull=False),
                name="plan_person_number",
            ),
            models.UniqueConstraint(
                fields=["period", "unit", "number"],
                condition=Q(person__isnull=True),
                name="plan_collective_number",
            ),
            # At most one open version and one approved version per owner and period.
            models.UniqueConstraint(
                fields=["period", "person"],
                condition=Q(person__isnull=False, status__in=["draft", "submitted", "returned"]),
                name="one_open_personal_plan",
            ),
            models.UniqueConstraint(
                fields=["period", "person"],
                condition=Q(person__isnull=False, status="approved"),
                name="one_approved_personal_plan",
            ),
            models.UniqueConstraint(
                fields=["period", "unit"],
                condition=Q(person__isnull=True, status__in=["draft", "submitted", "returned"]),
                name="one_open_collective_plan",
            ),
            models.UniqueConstraint(
                fields=["period", "unit"],
                condition=Q(person__isnull=True, status="approved"),
                name="one_approved_collective_plan",
            ),
        ]
        indexes = [
            models.Index(fields=["period", "unit", "status"], name="plan_unit_idx"),
            models.Index(fields=["period", "workplace", "status"], name="plan_workplace_idx"),
            models.Index(fields=["person", "period"], name="plan_person_idx"),
        ]

    def __str__(self):
        owner = self.person.full_name if self.person_id else self.unit.name
        return f"{owner} – {self.period} (v{self.number})"

    @property
    def is_collective(self) -> bool:
        return self.person_id is None

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE_PLAN_STATUSES


class EthicsCommitment(models.Model):
    """A line of the ethics-and-lifestyle section: an item of the unit's code, a QĐ 144
    standard, or the person's own words."""

    plan = models.ForeignKey(CommitmentPlan, on_delete=models.CASCADE, related_name="ethics")
    code_item = models.ForeignKey(
        EthicsCodeItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    regulation_item = models.ForeignKey(
        RegulationItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    text = models.TextField(_("Nội dung"))
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self):
        return self.text[:80]


class TaskStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Chưa thực hiện")
    IN_PROGRESS = "in_progress", _("Đang thực hiện")
    DONE = "done", _("Đã hoàn thành")
    EXCEEDED = "exceeded", _("Vượt kế hoạch")
    BEHIND = "behind", _("Chậm tiến độ")


class KeyTask(models.Model):
    """A key task (nhiệm vụ trọng tâm): target, deadline, expected product, solutions."""

    plan = models.ForeignKey(CommitmentPlan, on_delete=models.CASCADE, related_name="tasks")
    key = models.UUIDField(default=uuid.uuid4, editable=False)
    order = models.PositiveIntegerField(default=0)
    title = models.TextField(_("Nhiệm vụ trọng tâm"))
    target = models.TextField(_("Chỉ tiêu, mục tiêu"), blank=True)
    deadline = models.DateField(_("Thời hạn"), null=True, blank=True)
    product = models.TextField(_("Sản phẩm dự kiến"), blank=True)
    # The progress during the year (the latest report; the history is in TaskProgress).
    progress_status = models.CharField(
        _("Tiến độ"), max_length=12, choices=TaskStatus.choices, default=TaskStatus.NOT_STARTED
    )
    progress_percent = models.PositiveSmallIntegerField(_("Tỷ lệ hoàn thành (%)"), default=0)

    class Meta:
        ordering = ["order", "id"]
        constraints = [models.UniqueConstraint(fields=["plan", "key"], name="unique_task_key")]

    def __str__(self):
        return self.title[:80]


class Solution(models.Model):
    task = models.ForeignKey(KeyTask, on_delete=models.CASCADE, related_name="solutions")
    text = models.TextField(_("Giải pháp cụ thể"))
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "id"]

    def __str__(self):
        return self.text[:80]


class TaskProgress(models.Model):
    """One progress report on a key task (kept: the history of the year)."""

    task = models.ForeignKey(KeyTask, on_delete=models.CASCADE, related_name="progress")
    status = models.CharField(_("Tiến độ"), max_length=12, choices=TaskStatus.choices)
    percent = models.PositiveSmallIntegerField(_("Tỷ lệ hoàn thành (%)"))
    note = models.TextField(_("Ghi chú"), blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    reported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-reported_at", "-id"]

    def __str__(self):
        return f"{self.task_id}: {self.status} {self.percent}%"


def evidence_path(instance, filename):
    # The stored name says nothing about the person or the content.
    return f"evidence/{instance.task.plan.period_id}/{uuid.uuid4().hex}"


class Evidence(models.Model):
    """A file proving progress on a key task. Checked by content, not by name."""

    task = models.ForeignKey(KeyTask, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to=evidence_path)
    name = models.CharField(_("Tên tệp"), max_length=200)
    kind = models.CharField(_("Loại tệp"), max_length=10)  # pdf, png, jpeg, docx, xlsx, pptx
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self):
        return self.name


class CopyFlag(models.Model):
    """A key task whose text nearly matches another plan's task: informs the approver."""

    class Source(models.TextChoices):
        SAME_UNIT = "same_unit", _("Trùng với kế hoạch của người khác cùng đơn vị")
        PREVIOUS = "previous", _("Trùng với kế hoạch kỳ trước của chính người này")

    plan = models.ForeignKey(CommitmentPlan, on_delete=models.CASCADE, related_name="copy_flags")
    task = models.ForeignKey(KeyTask, on_delete=models.CASCADE, related_name="+")
    other_task = models.ForeignKey(KeyTask, on_delete=models.CASCADE, related_name="+")
    source = models.CharField(max_length=12, choices=Source.choices)
    similarity = models.FloatField()

    class Meta:
        ordering = ["-similarity", "id"]

    def __str__(self):
        return f"{self.task_id} ~ {self.other_task_id} ({self.similarity:.2f})"


class TaskSignature(models.Model):
    """Locality-sensitive hashes of a submitted key task's text: tasks that share a band
    are candidates for the copy check, found by one index lookup."""

    task = models.ForeignKey(KeyTask, on_delete=models.CASCADE, related_name="+")
    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    band = models.BigIntegerField()

    class Meta:
        indexes = [models.Index(fields=["period", "unit", "band"], name="task_band_idx")]

    def __str__(self):
        return f"{self.task_id}: {self.band}"
