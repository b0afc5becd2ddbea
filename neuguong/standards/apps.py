from django.apps import AppConfig


class StandardsConfig(AppConfig):
    name = "neuguong.standards"
    label = "standards"
    verbose_name = "Chuẩn mực đạo đức"
