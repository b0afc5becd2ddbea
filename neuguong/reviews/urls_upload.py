"""URLs of the upload pages (see reviews/urls.py)."""

urlpatterns: list = []
