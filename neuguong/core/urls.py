from django.contrib.auth import views as auth_views
from django.urls import path

from . import views
from .forms import BoundedPasswordChangeForm

urlpatterns = [
    path("", views.account, name="account"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
    path(
        "password/",
        auth_views.PasswordChangeView.as_view(form_class=BoundedPasswordChangeForm),
        name="password_change",
    ),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
]
