"""URLs of the person pages (see reviews/urls.py)."""

urlpatterns: list = []
