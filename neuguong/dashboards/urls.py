from django.urls import path

from . import views

app_name = "dashboards"

urlpatterns = [
    path("codes/", views.codes, name="codes"),
    path("codes/units/", views.code_units, name="code_units"),
]
