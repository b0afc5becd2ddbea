from django.urls import path

from . import views

app_name = "dashboards"

urlpatterns = [
    path("", views.codes, name="index"),  # replaced by the dashboard (helper A)
    path("codes/", views.codes, name="codes"),
    path("codes/units/", views.code_units, name="code_units"),
]
