from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from neuguong.core.access import Role
from neuguong.core.text import fold

from . import tree
from .querysets import PersonQuerySet, UnitQuerySet


class UnitKind(models.TextChoices):
    PROVINCIAL_COMMITTEE = "provincial_committee", _("Tỉnh ủy")
    AFFILIATED_COMMITTEE = "affiliated_committee", _("Đảng bộ trực thuộc Tỉnh ủy")
    COMMUNE_COMMITTEE = "commune_committee", _("Đảng ủy xã, phường, đặc khu")
    ADVISORY_BOARD = "advisory_board", _("Cơ quan tham mưu, giúp việc cấp ủy")
    GRASSROOTS = "grassroots", _("Tổ chức cơ sở đảng")
    PARTY_CELL = "party_cell", _("Chi bộ")
    STATE_AGENCY = "state_agency", _("Cơ quan nhà nước")
    PUBLIC_SERVICE = "public_service", _("Đơn vị sự nghiệp công lập")
    ENTERPRISE = "enterprise", _("Doanh nghiệp")
    ARMED_FORCES = "armed_forces", _("Đơn vị lực lượng vũ trang")

    @classmethod
    def party_kinds(cls):
        return [
            cls.PROVINCIAL_COMMITTEE,
            cls.AFFILIATED_COMMITTEE,
            cls.COMMUNE_COMMITTEE,
            cls.GRASSROOTS,
            cls.PARTY_CELL,
        ]


class Sector(models.Model):
    """A field of work (lĩnh vực): propaganda, health, education, procuracy, coal, ..."""

    code = models.SlugField(_("Mã"), max_length=40, unique=True)
    name = models.CharField(_("Tên lĩnh vực"), max_length=120)

    class Meta:
        verbose_name = _("Lĩnh vực")
        verbose_name_plural = _("Lĩnh vực")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Area(models.Model):
    """A territory (địa bàn): a commune, ward or special zone."""

    code = models.SlugField(_("Mã"), max_length=40, unique=True)
    name = models.CharField(_("Tên địa bàn"), max_length=120)

    class Meta:
        verbose_name = _("Địa bàn")
        verbose_name_plural = _("Địa bàn")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Unit(models.Model):
    code = models.CharField(_("Mã đơn vị"), max_length=40, unique=True)
    name = models.CharField(_("Tên đơn vị"), max_length=255)
    name_folded = models.CharField(max_length=255, db_index=True, editable=False)
    kind = models.CharField(_("Loại đơn vị"), max_length=32, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("Đơn vị cấp trên"),
    )
    # Null only between the insert and the update that sets it (ids make the path).
    path = models.CharField(max_length=252, unique=True, null=True, editable=False)  # noqa: DJ001
    sectors = models.ManyToManyField(
        Sector, blank=True, related_name="units", verbose_name=_("Lĩnh vực")
    )
    areas = models.ManyToManyField(
        Area, blank=True, related_name="units", verbose_name=_("Địa bàn")
    )
    is_active = models.BooleanField(_("Đang hoạt động"), default=True)
    retired_on = models.DateField(_("Ngày giải thể, sáp nhập"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("Đơn vị")
        verbose_name_plural = _("Đơn vị")
        ordering = ["path"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name_folded = fold(self.name)
        super().save(*args, **kwargs)

    @property
    def depth(self) -> int:
        return tree.depth_of(self.path or "")

    @property
    def is_party_organisation(self) -> bool:
        return self.kind in UnitKind.party_kinds()

    def subtree_q(self, prefix: str = "") -> Q:
        low, high = tree.subtree_bounds(self.path)
        return Q(**{f"{prefix}path__gte": low, f"{prefix}path__lt": high})

    def is_in_subtree_of(self, other: "Unit") -> bool:
        return bool(self.path and other.path and self.path.startswith(other.path))

    def ancestors(self):
        """From the root down to the parent, in one query."""
        return Unit.objects.filter(pk__in=tree.ancestor_ids(self.path)).order_by("path")

    def descendants(self):
        return Unit.objects.filter(self.subtree_q()).exclude(pk=self.pk)


class PersonCategory(models.TextChoices):
    CAN_BO = "can_bo", _("Cán bộ")
    CONG_CHUC = "cong_chuc", _("Công chức")
    VIEN_CHUC = "vien_chuc", _("Viên chức")
    NGUOI_LAO_DONG = "nguoi_lao_dong", _("Người lao động")


class PartyStatus(models.TextChoices):
    OFFICIAL = "official", _("Đảng viên chính thức")
    PROBATIONARY = "probationary", _("Đảng viên dự bị")


class Gender(models.TextChoices):
    MALE = "male", _("Nam")
    FEMALE = "female", _("Nữ")


class Person(models.Model):
    code = models.CharField(_("Mã cán bộ"), max_length=40, unique=True)
    full_name = models.CharField(_("Họ và tên"), max_length=150)
    name_folded = models.CharField(max_length=150, db_index=True, editable=False)
    gender = models.CharField(_("Giới tính"), max_length=8, choices=Gender.choices, blank=True)
    birth_date = models.DateField(_("Ngày sinh"), null=True, blank=True)
    category = models.CharField(
        _("Đối tượng"), max_length=20, choices=PersonCategory.choices, blank=True
    )
    workplace = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name=_("Đơn vị công tác"),
    )
    party_cell = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="party_members",
        verbose_name=_("Chi bộ sinh hoạt"),
    )
    party_status = models.CharField(
        _("Tư cách đảng viên"), max_length=16, choices=PartyStatus.choices, blank=True
    )
    party_join_date = models.DateField(_("Ngày vào Đảng"), null=True, blank=True)
    management_unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="managed_people",
        verbose_name=_("Cấp ủy quản lý (diện quản lý)"),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name=_("Tài khoản"),
    )
    is_active = models.BooleanField(_("Đang công tác"), default=True)
    left_on = models.DateField(_("Ngày nghỉ, chuyển đi"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("Cán bộ, đảng viên")
        verbose_name_plural = _("Cán bộ, đảng viên")
        ordering = ["name_folded", "id"]
        indexes = [
            # Who is (still) in a unit, read from the index alone: the status of codes
            # checks every active person of every unit that applies one.
            models.Index(fields=["workplace", "is_active"], name="person_workplace_active"),
            models.Index(fields=["party_cell", "is_active"], name="person_cell_active"),
        ]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        self.name_folded = fold(self.full_name)
        super().save(*args, **kwargs)

    @property
    def is_party_member(self) -> bool:
        return bool(self.party_status)

    def eighteenth_birthday(self) -> date | None:
        if not self.birth_date:
            return None
        b = self.birth_date
        try:
            return b.replace(year=b.year + 18)
        except ValueError:  # 29 February
            return b.replace(year=b.year + 18, day=28)


class Post(models.Model):
    """A post a person holds in a unit. A person may hold several at once."""

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="posts", verbose_name=_("Người giữ")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="posts", verbose_name=_("Đơn vị")
    )
    title = models.CharField(_("Chức vụ"), max_length=150)
    is_head = models.BooleanField(_("Người đứng đầu"), default=False)
    is_deputy = models.BooleanField(_("Cấp phó"), default=False)
    start_date = models.DateField(_("Từ ngày"), null=True, blank=True)
    end_date = models.DateField(_("Đến ngày"), null=True, blank=True)

    class Meta:
        verbose_name = _("Chức vụ")
        verbose_name_plural = _("Chức vụ")
        ordering = ["-is_head", "-is_deputy", "title"]
        indexes = [models.Index(fields=["unit", "is_head"])]
        constraints = [
            models.CheckConstraint(
                condition=~(Q(is_head=True) & Q(is_deputy=True)),
                name="post_not_head_and_deputy",
            ),
        ]

    def __str__(self):
        return f"{self.title} – {self.unit}"

    @property
    def is_current(self) -> bool:
        return self.end_date is None or self.end_date >= timezone.localdate()


class RoleAssignment(models.Model):
    """A role a user holds on a unit (and so on every unit below it)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="role_assignments",
        verbose_name=_("Tài khoản"),
    )
    role = models.CharField(_("Vai trò"), max_length=20, choices=Role.choices)
    unit = models.ForeignKey(
        Unit, on_delete=models.CASCADE, related_name="role_assignments", verbose_name=_("Đơn vị")
    )
    sectors = models.ManyToManyField(
        Sector, blank=True, related_name="+", verbose_name=_("Lĩnh vực phụ trách")
    )
    areas = models.ManyToManyField(
        Area, blank=True, related_name="+", verbose_name=_("Địa bàn phụ trách")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Phân quyền")
        verbose_name_plural = _("Phân quyền")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "unit"], name="unique_role_on_unit")
        ]

    def __str__(self):
        return f"{self.get_role_display()} – {self.unit}"


class PersonNameToken(models.Model):
    """One folded word of a person's name (and their code), for the people search.

    Search matches each typed word as a prefix of some token: an index range scan,
    where LIKE '%word%' on the name would read every row. Kept by
    services.index_person_names (and the demo loader), never by save().
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+", db_index=False)
    token = models.CharField(max_length=40)

    class Meta:
        indexes = [
            # Find people by word: a range of tokens.
            models.Index(fields=["token", "person"], name="person_token_idx"),
            # Check one person's words (and delete them): a range within a person.
            models.Index(fields=["person", "token"], name="token_of_person_idx"),
        ]

    def __str__(self):
        return self.token
