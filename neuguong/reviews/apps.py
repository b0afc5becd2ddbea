from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "neuguong.reviews"
    label = "reviews"
    verbose_name = "Kiểm điểm, xếp loại"
