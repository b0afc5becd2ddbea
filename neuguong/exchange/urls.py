from django.urls import path

from . import views

app_name = "exchange"

urlpatterns = [
    path("codes/<int:pk>/poster.pdf", views.code_poster_pdf, name="code_poster_pdf"),
    path("codes/<int:pk>/poster.docx", views.code_poster_docx, name="code_poster_docx"),
]
