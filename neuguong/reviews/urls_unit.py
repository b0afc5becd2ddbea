"""URLs of the unit pages (see reviews/urls.py)."""

urlpatterns: list = []
