from django.urls import path

from . import views, views_dashboard

app_name = "dashboards"

urlpatterns = [
    path("", views_dashboard.index, name="index"),
    path("units/<int:pk>/", views_dashboard.unit, name="unit"),
    # views_dashboard.rows_url() builds these links by hand: keep them under units/<pk>/.
    path("units/<int:pk>/rows/<slug:counter>/", views_dashboard.rows, name="rows"),
    path("codes/", views.codes, name="codes"),
    path("codes/units/", views.code_units, name="code_units"),
]
