"""URLs of the upload pages (see reviews/urls.py): the rating sheet filled offline and
uploaded back (views_upload.py)."""

from django.urls import path

from . import views_upload

urlpatterns: list = [
    path("units/<int:unit_pk>/upload/", views_upload.sheet_upload, name="sheet_upload"),
]
