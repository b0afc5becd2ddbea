"""URLs of the records pages (see reviews/urls.py)."""

urlpatterns: list = []
