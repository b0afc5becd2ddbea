from django.apps import AppConfig


class CommitmentsConfig(AppConfig):
    name = "neuguong.commitments"
    label = "commitments"
    verbose_name = "Kế hoạch cam kết"

    def ready(self):
        from . import inbox  # noqa: F401  (registers the inbox sources)
