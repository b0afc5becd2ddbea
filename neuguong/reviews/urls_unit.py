"""URLs of the unit pages (see reviews/urls.py): views_unit.py and views_unit_steps.py."""

from django.urls import path

from . import views_unit, views_unit_steps

urlpatterns: list = [
    # The units followed, a unit's rating sheet, and the work on it (views_unit.py).
    path("units/", views_unit.units, name="units"),
    path("units/<int:unit_pk>/", views_unit.sheet, name="sheet"),
    path("units/<int:unit_pk>/open/", views_unit.open_round, name="open_round"),
    path("units/<int:unit_pk>/collective/", views_unit.collective_start, name="collective_start"),
    path("units/<int:unit_pk>/meeting/", views_unit.meeting, name="meeting"),
    path("units/<int:unit_pk>/decide/", views_unit.sheet_decide, name="sheet_decide"),
    # The steps on one review (views_unit_steps.py).
    path("<int:pk>/comments/", views_unit_steps.comments, name="comments"),
    path("<int:pk>/propose/", views_unit_steps.propose, name="propose"),
    path("<int:pk>/decide/", views_unit_steps.decide, name="decide"),
    path("<int:pk>/reopen/", views_unit_steps.reopen, name="reopen"),
    path("<int:pk>/return/", views_unit_steps.give_back, name="return"),
]
