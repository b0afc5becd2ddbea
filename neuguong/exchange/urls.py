from django.urls import path

from . import views

app_name = "exchange"

urlpatterns = [
    path("codes/<int:pk>/poster.pdf", views.code_poster_pdf, name="code_poster_pdf"),
    path("codes/<int:pk>/poster.docx", views.code_poster_docx, name="code_poster_docx"),
    path("reviews/<int:pk>.docx", views.review_docx, name="review_docx"),
    path(
        "reviews/units/<int:unit_pk>/ratings.xlsx",
        views.rating_list_xlsx,
        name="rating_list_xlsx",
    ),
    path(
        "reviews/units/<int:unit_pk>/sheet.xlsx",
        views.rating_sheet_xlsx,
        name="rating_sheet_xlsx",
    ),
]
