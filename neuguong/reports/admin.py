"""The report templates are data the administrator edits here (sections, counters,
deadline, in use or not); each change is written to the audit log. Reports themselves
are written on the app's pages, which check access."""

from django.contrib import admin

from neuguong.core.audit import diff, log_action, snapshot

from .models import ReportTemplate

FIELDS = ["title", "sections", "counters", "due_days", "is_active"]


@admin.register(ReportTemplate)
class ReportTemplateAdmin(admin.ModelAdmin):
    list_display = ["kind", "title", "due_days", "is_active", "updated_at"]
    list_filter = ["is_active"]
    fields = ["kind", *FIELDS]
    readonly_fields = ["kind"]

    def has_add_permission(self, request):
        return False  # one template per kind, loaded by the migration

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        before = snapshot(ReportTemplate.objects.get(pk=obj.pk), FIELDS) if obj.pk else {}
        super().save_model(request, obj, form, change)
        before, after = diff(before, snapshot(obj, FIELDS))
        log_action("report_template.update", by=request.user, obj=obj, before=before, after=after)
