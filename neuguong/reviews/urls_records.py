"""URLs of the records pages (see reviews/urls.py): discipline records, findings and
pending matters (views_records.py)."""

from django.urls import path

from . import views_records as views

urlpatterns = [
    path("discipline/", views.discipline, name="discipline"),
    path("discipline/new/", views.discipline_new, name="discipline_new"),
    path("discipline/<int:pk>/", views.discipline_edit, name="discipline_edit"),
    path("discipline/<int:pk>/delete/", views.discipline_delete, name="discipline_delete"),
    path("findings/new/", views.finding_new, name="finding_new"),
    path("findings/<int:pk>/delete/", views.finding_delete, name="finding_delete"),
    path("pending/", views.pending, name="pending"),
    path("pending/new/", views.pending_new, name="pending_new"),
    path("pending/<int:pk>/settle/", views.pending_settle, name="pending_settle"),
]
