from django.urls import path

from . import views, views_approval, views_files

app_name = "commitments"

urlpatterns: list = [
    # A person's own plan (views.py).
    path("mine/", views.my_plan, name="my_plan"),
    path("start/", views.plan_start, name="plan_start"),
    path("<int:pk>/", views.plan_detail, name="plan"),
    path("<int:pk>/edit/", views.plan_edit, name="plan_edit"),
    path("<int:pk>/autosave/", views.plan_autosave, name="plan_autosave"),
    path("<int:pk>/submit/", views.plan_submit, name="plan_submit"),
    path("<int:pk>/amend/", views.plan_amend, name="plan_amend"),
    path("<int:pk>/compare/", views.plan_compare, name="plan_compare"),
    path("tasks/<int:pk>/progress/", views.task_progress, name="task_progress"),
    path("tasks/<int:pk>/evidence/", views.task_evidence, name="task_evidence"),
    path("evidence/<int:pk>/delete/", views.evidence_delete, name="evidence_delete"),
    # Approvers, collective plans and the unit's setting (views_approval.py).
    path("", views_approval.index, name="index"),
    path("people/", views_approval.people, name="people"),
    path("people/approve/", views_approval.approve_many, name="approve_many"),
    path("<int:pk>/decide/", views_approval.approve, name="approve"),
    path("unit/<int:pk>/", views_approval.unit_plan, name="unit_plan"),
    path("unit/<int:pk>/start/", views_approval.unit_plan_start, name="unit_plan_start"),
    path("unit/<int:pk>/settings/", views_approval.unit_settings, name="settings"),
    # Files: a plan as Word, a unit's plans as Excel, evidence (views_files.py).
    path("<int:pk>/plan.docx", views_files.plan_docx, name="plan_docx"),
    path("export.xlsx", views_files.plans_xlsx, name="plans_xlsx"),
    path("evidence/<int:pk>/", views_files.evidence_file, name="evidence_file"),
]
