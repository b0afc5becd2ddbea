"""The periodic report pages (views.py)."""

from django.urls import path

from . import views

app_name = "reports"

REPORT = "units/<int:unit_pk>/<slug:kind>/<int:year>/<int:number>/"

urlpatterns = [
    path("", views.index, name="index"),
    path(REPORT, views.report, name="report"),
    path(REPORT + "submit/", views.submit, name="submit"),
    path(REPORT + "return/", views.give_back, name="return"),
    path(REPORT + "report.docx", views.report_docx, name="docx"),
    path(REPORT + "report.xlsx", views.report_xlsx, name="xlsx"),
]
