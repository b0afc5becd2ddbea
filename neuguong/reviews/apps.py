from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "neuguong.reviews"
    label = "reviews"
    verbose_name = "Kiểm điểm, xếp loại"

    def ready(self):
        from . import inbox  # noqa: F401  (registers the inbox sources)
