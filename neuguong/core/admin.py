from django.contrib import admin

from .models import AuditEntry, LoginAttempt


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["at", "actor", "action", "object_repr"]
    list_filter = ["action"]
    search_fields = ["object_repr", "action"]
    date_hierarchy = "at"
    list_select_related = ["actor"]
    raw_id_fields = ["unit"]

    # The log is append-only, even for administrators.
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(LoginAttempt)
class LoginAttemptAdmin(admin.ModelAdmin):
    """Administrators unlock a username by deleting its row."""

    list_display = ["username", "failures", "locked_until", "last_failure_at"]
    search_fields = ["username"]

    def has_add_permission(self, request):
        return False
