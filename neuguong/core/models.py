from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """One recorded change: who did what to which object, with the before and after values.

    `unit` places the entry in the tree, so officers read the entries of their scope.
    Rows are never updated or deleted by the application.
    """

    at = models.DateTimeField(_("Thời điểm"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Người thực hiện"),
    )
    action = models.CharField(_("Thao tác"), max_length=64, db_index=True)
    object_type = models.CharField(_("Loại đối tượng"), max_length=64)
    object_id = models.CharField(_("Mã đối tượng"), max_length=64)
    object_repr = models.CharField(_("Bản ghi"), max_length=255)
    unit = models.ForeignKey(
        "organisations.Unit",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Đơn vị"),
    )
    before = models.JSONField(_("Trước"), null=True, blank=True)
    after = models.JSONField(_("Sau"), null=True, blank=True)

    class Meta:
        verbose_name = _("Nhật ký thay đổi")
        verbose_name_plural = _("Nhật ký thay đổi")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self):
        return f"{self.at:%d/%m/%Y %H:%M} {self.action} {self.object_repr}"


class LoginAttempt(models.Model):
    """Failed sign-ins per username (whether or not the name exists), for the lockout."""

    username = models.CharField(max_length=150, unique=True)
    failures = models.PositiveIntegerField(default=0)
    locked_until = models.DateTimeField(null=True, blank=True)
    last_failure_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return self.username


class ApiToken(models.Model):
    """A personal API token. Only the SHA-256 of the key is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(_("Tên"), max_length=100)
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("Mã truy cập API")
        verbose_name_plural = _("Mã truy cập API")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"


class ReminderLog(models.Model):
    """One e-mail digest of a user's inbox: at most one per user per day."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("Tài khoản"),
    )
    sent_on = models.DateField(_("Ngày gửi"))
    items = models.PositiveIntegerField(_("Số việc nhắc"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Thư nhắc việc")
        verbose_name_plural = _("Thư nhắc việc")
        constraints = [
            models.UniqueConstraint(fields=["user", "sent_on"], name="one_reminder_per_day")
        ]

    def __str__(self):
        return f"{self.user_id} {self.sent_on}"
