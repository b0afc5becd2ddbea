"""Year-end reviews and quality ratings (DOMAIN.md §5).

A Review is one person's (or one collective's) review in one place for one period:
- a party member is reviewed at their party cell under the party rule set (QĐ 124 or
  QĐ 366, by the period), and as a cadre, civil servant or public employee at their
  workplace under the state rule set (NĐ 90/48, or NĐ 335 for công chức from 2026);
- a person holding posts in several units is reviewed in each of them;
- a collective (a unit's organisation, or its leadership) is reviewed the same way and
  rated by the level above.
The steps: self-review → collective comments at the meeting → assessment and proposed
level → decision by the competent level → locked (only the decider reopens it).
The rules are in `rules/`; the quota and ceilings in `checks.py`.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from neuguong.commitments.models import CommitmentPlan, KeyTask
from neuguong.organisations.models import Person, Unit
from neuguong.regulations.models import Period, Regulation


class Level(models.IntegerChoices):
    """The four levels. A smaller number is a better level."""

    HTXS = 1, _("Hoàn thành xuất sắc nhiệm vụ")
    HTT = 2, _("Hoàn thành tốt nhiệm vụ")
    HTNV = 3, _("Hoàn thành nhiệm vụ")
    KHTNV = 4, _("Không hoàn thành nhiệm vụ")


LEVEL_SHORT = {1: "HTXS", 2: "HTT", 3: "HTNV", 4: "KHTNV"}
SHORT_LEVEL = {v: k for k, v in LEVEL_SHORT.items()}


def short(level) -> str:
    return LEVEL_SHORT.get(int(level), "") if level else ""


class PointLevel(models.TextChoices):
    """A self-assessed level of one point of section I."""

    EXCELLENT = "xuat_sac", _("Xuất sắc")
    GOOD = "tot", _("Tốt")
    AVERAGE = "trung_binh", _("Trung bình")
    POOR = "kem", _("Kém")


class Track(models.TextChoices):
    PARTY = "party", _("Xếp loại đảng viên, tổ chức đảng")
    STATE = "state", _("Xếp loại cán bộ, công chức, viên chức")


class Subject(models.TextChoices):
    PERSON = "person", _("Cá nhân")
    ORGANISATION = "organisation", _("Tập thể đơn vị, tổ chức đảng")
    LEADERSHIP = "leadership", _("Tập thể lãnh đạo, quản lý")


class ReviewStatus(models.TextChoices):
    DRAFT = "draft", _("Đang tự kiểm điểm")
    SUBMITTED = "submitted", _("Chờ họp góp ý")
    COMMENTED = "commented", _("Đã góp ý, chờ đánh giá")
    PROPOSED = "proposed", _("Đã đề xuất mức, chờ quyết định")
    DECIDED = "decided", _("Đã xếp loại")


class RuleSetQuerySet(models.QuerySet):
    def for_review(self, *, period: Period, track: str, category: str = ""):
        """The rule set that governs a review: by track, by the period's start, and the
        most specific by category (a set naming the category beats a general one)."""
        start = period.starts_on
        if not self.model.objects.exists():
            restore_national_rule_sets()
        candidates = self.filter(track=track, applies_from__lte=start).filter(
            Q(applies_until__isnull=True) | Q(applies_until__gte=start)
        )
        best = None
        for rule_set in candidates.order_by("-applies_from", "pk"):
            cats = rule_set.categories or []
            if cats and category not in cats:
                continue
            if best is None or (cats and not best.categories):
                best = rule_set
        return best


# The migrations that load national rule sets as data (each a RULE_SETS list and `add`).
RULE_SET_MIGRATIONS = ["neuguong.reviews.migrations.0002_rule_sets"]


def restore_national_rule_sets() -> None:
    """Load the national rule sets again into an empty table: the migrations put them
    there, but a database flushed since (as transactional tests do) has lost them."""
    from importlib import import_module

    from django.apps import apps

    for name in RULE_SET_MIGRATIONS:
        import_module(name).add(apps, None)


class RuleSet(models.Model):
    """A versioned rule set: data here, logic in the module it names (rules/*.py).
    Adding a rule set is a new row and a new module; no existing one changes."""

    code = models.SlugField(_("Mã"), max_length=30, unique=True)
    name = models.CharField(_("Tên"), max_length=200)
    basis = models.CharField(_("Căn cứ"), max_length=300)
    track = models.CharField(_("Loại xếp loại"), max_length=8, choices=Track.choices)
    module = models.CharField(max_length=120)
    applies_from = models.DateField(_("Áp dụng từ kỳ bắt đầu ngày"))
    applies_until = models.DateField(_("Đến kỳ bắt đầu ngày"), null=True, blank=True)
    # Person categories it governs (state track); empty: every category.
    categories = models.JSONField(default=list, blank=True)
    # Figures marked configurable in DOMAIN.md, with their defaults (rules/base.py).
    params = models.JSONField(default=dict, blank=True)
    regulation = models.ForeignKey(
        Regulation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = RuleSetQuerySet.as_manager()

    class Meta:
        verbose_name = _("Bộ quy tắc xếp loại")
        verbose_name_plural = _("Bộ quy tắc xếp loại")
        ordering = ["track", "applies_from"]

    def __str__(self):
        return self.name

    def rules(self):
        from .rules import load

        return load(self)


class ReviewMeeting(models.Model):
    """The cell's or unit's review meeting: minutes and attendance."""

    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="review_meetings")
    held_on = models.DateField(_("Ngày họp"))
    attendance_total = models.PositiveIntegerField(_("Tổng số được triệu tập"))
    attendance_present = models.PositiveIntegerField(_("Số có mặt"))
    chaired_by = models.CharField(_("Chủ trì"), max_length=150, blank=True)
    minutes = models.TextField(_("Biên bản, ý kiến chung"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Hội nghị kiểm điểm")
        verbose_name_plural = _("Hội nghị kiểm điểm")
        ordering = ["-held_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(attendance_present__lte=models.F("attendance_total")),
                name="meeting_present_le_total",
            )
        ]

    def __str__(self):
        return f"{self.unit} – {self.held_on:%d/%m/%Y}"


class ReviewQuerySet(models.QuerySet):
    def visible_to(self, user):
        from .access import reviews_visible_q

        return self.filter(reviews_visible_q(user))

    def for_period(self, period):
        return self.filter(period=period)


class Review(models.Model):
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="reviews")
    # A personal review has a person; a collective review has none.
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="reviews"
    )
    # Where the review is held: the party cell, the workplace, or the unit of a post.
    # For a collective review: the unit reviewed.
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="reviews")
    subject = models.CharField(max_length=14, choices=Subject.choices, default=Subject.PERSON)
    track = models.CharField(_("Loại xếp loại"), max_length=8, choices=Track.choices)
    rule_set = models.ForeignKey(RuleSet, on_delete=models.PROTECT, related_name="reviews")
    form = models.CharField(_("Mẫu"), max_length=4)  # 02A, 02B, 2A, 2B, 01
    post_title = models.CharField(_("Chức vụ"), max_length=150, blank=True)
    is_head = models.BooleanField(_("Người đứng đầu"), default=False)
    is_deputy = models.BooleanField(_("Cấp phó"), default=False)
    # The group of comparable people or collectives the quota counts in.
    quota_key = models.CharField(max_length=80)
    quota_label = models.CharField(max_length=200)
    plan = models.ForeignKey(
        CommitmentPlan, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        _("Trạng thái"), max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.DRAFT
    )
    # Sections II–VI.
    shortcomings = models.TextField(_("II. Hạn chế, khuyết điểm và nguyên nhân"), blank=True)
    earlier_fixes = models.TextField(
        _("III. Kết quả khắc phục hạn chế, khuyết điểm đã được kết luận"), blank=True
    )
    explanations = models.TextField(
        _("IV. Giải trình những vấn đề được gợi ý kiểm điểm"), blank=True
    )
    collective_share = models.TextField(
        _("V. Làm rõ trách nhiệm cá nhân đối với hạn chế, khuyết điểm của tập thể"), blank=True
    )
    remedies = models.TextField(_("VI. Phương hướng, biện pháp khắc phục"), blank=True)
    # Section VII and the figures the rules read.
    self_level_staff = models.PositiveSmallIntegerField(
        _("Tự xếp loại (cán bộ, công chức, viên chức)"),
        choices=Level.choices,
        null=True,
        blank=True,
    )
    self_level_party = models.PositiveSmallIntegerField(
        _("Tự xếp loại (đảng viên)"), choices=Level.choices, null=True, blank=True
    )
    self_score = models.DecimalField(
        _("Điểm tự chấm"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    general_score = models.DecimalField(
        _("Điểm tiêu chí chung"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    targets_met_percent = models.PositiveSmallIntegerField(
        _("Tỷ lệ chỉ tiêu của lĩnh vực, đơn vị phụ trách đạt được (%)"), null=True, blank=True
    )
    months_worked = models.PositiveSmallIntegerField(
        _("Số tháng công tác trong kỳ"), null=True, blank=True
    )
    maternity_leave = models.BooleanField(_("Nghỉ thai sản trong kỳ"), default=False)
    submitted_at = models.DateTimeField(null=True, blank=True)
    # The collective step.
    meeting = models.ForeignKey(
        ReviewMeeting, on_delete=models.SET_NULL, null=True, blank=True, related_name="reviews"
    )
    collective_comments = models.TextField(_("Ý kiến góp ý của tập thể"), blank=True)
    votes_htxs = models.PositiveIntegerField(_("Số phiếu HTXS"), default=0)
    votes_htt = models.PositiveIntegerField(_("Số phiếu HTT"), default=0)
    votes_htnv = models.PositiveIntegerField(_("Số phiếu HTNV"), default=0)
    votes_khtnv = models.PositiveIntegerField(_("Số phiếu KHTNV"), default=0)
    assessment = models.TextField(_("Nhận xét, đánh giá của người đứng đầu, bí thư"), blank=True)
    proposed_level = models.PositiveSmallIntegerField(
        _("Mức đề xuất"), choices=Level.choices, null=True, blank=True
    )
    proposed_score = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    proposed_at = models.DateTimeField(null=True, blank=True)
    # The decision.
    decided_level = models.PositiveSmallIntegerField(
        _("Mức xếp loại"), choices=Level.choices, null=True, blank=True
    )
    not_rated = models.BooleanField(_("Không xếp loại"), default=False)
    decided_score = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    decision_note = models.TextField(_("Ghi chú quyết định"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reopen_reason = models.TextField(_("Lý do mở lại"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReviewQuerySet.as_manager()

    class Meta:
        verbose_name = _("Kiểm điểm")
        verbose_name_plural = _("Kiểm điểm")
        ordering = ["period", "unit", "-is_head", "-is_deputy", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["period", "person", "unit", "track"],
                condition=Q(person__isnull=False),
                name="one_review_per_place",
            ),
            models.UniqueConstraint(
                fields=["period", "unit", "subject", "track"],
                condition=Q(person__isnull=True),
                name="one_collective_review",
            ),
            models.CheckConstraint(
                condition=~(Q(not_rated=True) & Q(decided_level__isnull=False)),
                name="review_not_rated_has_no_level",
            ),
        ]
        indexes = [
            models.Index(fields=["period", "quota_key", "decided_level"], name="review_quota"),
            models.Index(fields=["period", "unit", "status"], name="review_unit_status"),
            models.Index(fields=["person", "period"], name="review_person"),
        ]

    def __str__(self):
        owner = self.person.full_name if self.person_id else self.unit.name
        return f"{owner} – {self.period}"

    @property
    def is_collective(self) -> bool:
        return self.person_id is None

    @property
    def is_leader(self) -> bool:
        return self.is_head or self.is_deputy

    @property
    def is_locked(self) -> bool:
        return self.status == ReviewStatus.DECIDED

    @property
    def is_self_editable(self) -> bool:
        return self.status == ReviewStatus.DRAFT

    @property
    def decided_short(self) -> str:
        return short(self.decided_level)

    @property
    def proposed_short(self) -> str:
        return short(self.proposed_level)

    @property
    def votes(self) -> dict[int, int]:
        return {1: self.votes_htxs, 2: self.votes_htt, 3: self.votes_htnv, 4: self.votes_khtnv}


class ReviewPoint(models.Model):
    """A point of section I with its self-assessed level."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="points")
    code = models.CharField(max_length=20)
    order = models.PositiveSmallIntegerField()
    text = models.TextField(_("Nội dung tự đánh giá"), blank=True)
    self_level = models.CharField(
        _("Tự đánh giá"), max_length=12, choices=PointLevel.choices, blank=True
    )

    class Meta:
        ordering = ["review", "order"]
        constraints = [
            models.UniqueConstraint(fields=["review", "code"], name="one_point_per_code")
        ]

    def __str__(self):
        return self.code


class ReviewTask(models.Model):
    """An approved key task of the person's plan, cited by identity (its stable key)."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="tasks")
    task_key = models.UUIDField(default=uuid.uuid4)
    key_task = models.ForeignKey(KeyTask, on_delete=models.PROTECT, related_name="+")
    order = models.PositiveSmallIntegerField(default=0)
    result = models.TextField(_("Kết quả thực hiện"), blank=True)
    self_level = models.CharField(
        _("Tự đánh giá"), max_length=12, choices=PointLevel.choices, blank=True
    )
    on_time = models.BooleanField(_("Đúng tiến độ"), default=True)
    quality_ok = models.BooleanField(_("Đạt chất lượng"), default=True)
    exceeded = models.BooleanField(_("Vượt chỉ tiêu"), default=False)
    done_percent = models.PositiveSmallIntegerField(_("Tỷ lệ hoàn thành (%)"), default=100)
    quality_failures = models.PositiveSmallIntegerField(_("Số sản phẩm không đạt"), default=0)
    late_products = models.PositiveSmallIntegerField(_("Số sản phẩm chậm"), default=0)

    class Meta:
        ordering = ["review", "order"]
        constraints = [
            models.UniqueConstraint(fields=["review", "task_key"], name="one_row_per_task")
        ]

    def __str__(self):
        return self.result[:60]


class DisciplineKind(models.TextChoices):
    REPRIMAND = "reprimand", _("Khiển trách")
    WARNING = "warning", _("Cảnh cáo")
    SALARY_DEMOTION = "salary_demotion", _("Hạ bậc lương")
    DEMOTION = "demotion", _("Giáng chức")
    DISMISSAL = "dismissal", _("Cách chức")
    FORCED_RESIGNATION = "forced_resignation", _("Buộc thôi việc")
    EXPULSION = "expulsion", _("Khai trừ")
    DISSOLUTION = "dissolution", _("Giải tán (tổ chức đảng)")


class DisciplineQuerySet(models.QuerySet):
    def in_period(self, period):
        return self.filter(decided_on__gte=period.starts_on, decided_on__lte=period.ends_on)

    def counting(self):
        """The records that disqualify: not self-detected and fixed."""
        return self.filter(self_detected_fixed=False)


class Discipline(models.Model):
    """A disciplinary decision on a person or an organisation, kept by the inspection
    board. Every kind here is khiển trách or heavier."""

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="disciplines"
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="disciplines"
    )
    kind = models.CharField(_("Hình thức kỷ luật"), max_length=20, choices=DisciplineKind.choices)
    decided_on = models.DateField(_("Ngày quyết định"))
    authority = models.CharField(_("Cấp quyết định"), max_length=200)
    decision_number = models.CharField(_("Số quyết định"), max_length=60, blank=True)
    reason = models.TextField(_("Nội dung vi phạm"), blank=True)
    self_detected_fixed = models.BooleanField(
        _("Tự phát hiện và chủ động khắc phục"), default=False
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DisciplineQuerySet.as_manager()

    class Meta:
        verbose_name = _("Kỷ luật")
        verbose_name_plural = _("Kỷ luật")
        ordering = ["-decided_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False, unit__isnull=True)
                | Q(person__isnull=True, unit__isnull=False),
                name="discipline_one_subject",
            )
        ]
        indexes = [models.Index(fields=["person", "decided_on"], name="discipline_person")]

    def __str__(self):
        who = self.person.full_name if self.person_id else self.unit.name
        return f"{self.get_kind_display()} – {who} ({self.decided_on:%d/%m/%Y})"


class FindingKind(models.TextChoices):
    DEGRADATION = "degradation", _("Kết luận suy thoái, “tự diễn biến”, “tự chuyển hóa”")
    QD37_BREACH = "qd37", _("Vi phạm những điều đảng viên không được làm (Quy định 37)")
    EXEMPLARY_BREACH = "exemplary", _("Vi phạm trách nhiệm nêu gương")
    DISUNITY = "disunity", _("Kết luận mất đoàn kết nội bộ (tập thể)")


class Finding(models.Model):
    """A concluded finding that disqualifies (DOMAIN.md §5), kept by the inspection board."""

    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, null=True, blank=True, related_name="findings"
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, null=True, blank=True, related_name="findings"
    )
    kind = models.CharField(_("Nội dung kết luận"), max_length=12, choices=FindingKind.choices)
    concluded_on = models.DateField(_("Ngày kết luận"))
    authority = models.CharField(_("Cơ quan kết luận"), max_length=200)
    note = models.TextField(_("Ghi chú"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Kết luận vi phạm")
        verbose_name_plural = _("Kết luận vi phạm")
        ordering = ["-concluded_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False, unit__isnull=True)
                | Q(person__isnull=True, unit__isnull=False),
                name="finding_one_subject",
            )
        ]

    def __str__(self):
        who = self.person.full_name if self.person_id else self.unit.name
        return f"{self.get_kind_display()} – {who}"


class PendingMatter(models.Model):
    """Something about a person still being handled: it blocks the final rating of
    their reviews in the period until it is settled."""

    class Source(models.TextChoices):
        MANUAL = "manual", _("Cán bộ nhập")
        REPORT = "report", _("Đơn phản ánh, tố cáo đang xử lý")

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="pending_matters")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("Nội dung"), max_length=300)
    detail = models.TextField(_("Chi tiết"), blank=True)
    source = models.CharField(max_length=8, choices=Source.choices, default=Source.MANUAL)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    settled_at = models.DateTimeField(null=True, blank=True)
    settled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    settlement = models.TextField(_("Kết quả giải quyết"), blank=True)

    class Meta:
        verbose_name = _("Vấn đề đang xử lý")
        verbose_name_plural = _("Vấn đề đang xử lý")
        ordering = ["settled_at", "-created_at"]
        indexes = [models.Index(fields=["person", "period", "settled_at"], name="pending_open")]

    def __str__(self):
        return self.title

    @property
    def is_open(self) -> bool:
        return self.settled_at is None


class QuotaLock(models.Model):
    """One row per quota group and period. Deciding a level first updates this row, so
    two deciders in the same group run one after the other (a row lock on PostgreSQL;
    SQLite's IMMEDIATE transactions serialise writers anyway)."""

    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=80)
    version = models.PositiveBigIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["period", "key"], name="one_lock_per_group")]

    def __str__(self):
        return self.key
