from django.urls import path

from . import views

app_name = "organisations"
urlpatterns = [
    path("units/", views.tree, name="tree"),
    path("units/search/", views.unit_search, name="unit_search"),
    path("units/new/", views.unit_create, name="unit_create"),
    path("units/<int:pk>/", views.unit_detail, name="unit"),
    path("units/<int:pk>/children/", views.unit_children, name="unit_children"),
    path("units/<int:pk>/people/", views.unit_people, name="unit_people"),
    path("units/<int:pk>/edit/", views.unit_edit, name="unit_edit"),
    path("units/<int:pk>/move/", views.unit_move, name="unit_move"),
    path("units/<int:pk>/retire/", views.unit_retire, name="unit_retire"),
    path("people/", views.people, name="people"),
    path("people/new/", views.person_create, name="person_create"),
    path("people/<int:pk>/", views.person_detail, name="person"),
    path("people/<int:pk>/edit/", views.person_edit, name="person_edit"),
    path("people/<int:pk>/retire/", views.person_retire, name="person_retire"),
    path("people/<int:pk>/posts/new/", views.post_create, name="post_create"),
    path("posts/<int:pk>/edit/", views.post_edit, name="post_edit"),
    path("posts/<int:pk>/delete/", views.post_delete, name="post_delete"),
    path("audit/", views.audit, name="audit"),
    path("roles/", views.roles, name="roles"),
    path("roles/new/", views.role_create, name="role_create"),
    path("roles/users/", views.user_search, name="user_search"),
    path("roles/<int:pk>/revoke/", views.role_revoke, name="role_revoke"),
]
