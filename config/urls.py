from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from neuguong.api.api import api
from neuguong.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("login/", core_views.sign_in, name="login"),
    path("logout/", core_views.sign_out, name="logout"),
    path("account/", include("neuguong.core.urls")),
    path("inbox/", core_views.inbox, name="inbox"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("", include("neuguong.organisations.urls")),
    path("programme/", include("neuguong.regulations.urls")),
    path("codes/", include("neuguong.standards.urls")),
    path("plans/", include("neuguong.commitments.urls")),
    path("reviews/", include("neuguong.reviews.urls")),
    path("status/", include("neuguong.dashboards.urls")),
    path("reports/", include("neuguong.reports.urls")),
    path("files/", include("neuguong.exchange.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
