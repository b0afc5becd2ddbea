from django.urls import path

from . import views, views_browse, views_evaluation

app_name = "standards"
urlpatterns = [
    path("", views_browse.index, name="index"),
    path("unit/<int:pk>/", views.unit_codes, name="unit_codes"),
    path("unit/<int:pk>/start/", views.code_start, name="code_start"),
    path("unit/<int:pk>/evaluate/", views_evaluation.evaluation_start, name="evaluation_start"),
    path("<int:pk>/", views.code_detail, name="code"),
    path("<int:pk>/compare/", views_browse.code_compare, name="code_compare"),
    path("<int:pk>/items/add/", views.item_add, name="item_add"),
    path("<int:pk>/not-applicable/", views.not_applicable, name="not_applicable"),
    path("<int:pk>/submit/", views.code_submit, name="code_submit"),
    path("<int:pk>/approve/", views.code_approve, name="code_approve"),
    path("<int:pk>/return/", views.code_return, name="code_return"),
    path("<int:pk>/publish/", views.code_publish, name="code_publish"),
    path("<int:pk>/acknowledge/", views.code_acknowledge, name="code_acknowledge"),
    path("<int:pk>/exemplary/", views_browse.exemplary_mark, name="exemplary_mark"),
    path("items/<int:pk>/edit/", views.item_edit, name="item_edit"),
    path("items/<int:pk>/delete/", views.item_delete, name="item_delete"),
    path("approvals/", views_browse.approvals, name="approvals"),
    path("exemplary/", views_browse.exemplary, name="exemplary"),
    path("exemplary/<int:pk>/remove/", views_browse.exemplary_unmark, name="exemplary_unmark"),
    path("evaluation/<int:pk>/", views_evaluation.evaluation, name="evaluation"),
]
