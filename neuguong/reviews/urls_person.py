"""URLs of the person pages (see reviews/urls.py)."""

from django.urls import path

from . import views_person, views_person_edit

urlpatterns: list = [
    path("", views_person.mine, name="mine"),
    path("start/", views_person.start, name="start"),
    path("<int:pk>/", views_person.detail, name="detail"),
    path("<int:pk>/edit/", views_person_edit.edit, name="edit"),
    path("<int:pk>/submit/", views_person_edit.submit, name="submit"),
    path("people/<int:person_pk>/", views_person.person_file, name="person_file"),
]
