from django.apps import AppConfig


class StandardsConfig(AppConfig):
    name = "neuguong.standards"
    label = "standards"
    verbose_name = "Chuẩn mực đạo đức"

    def ready(self):
        from . import inbox  # noqa: F401 - registers the inbox sources
