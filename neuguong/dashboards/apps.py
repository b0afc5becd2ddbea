from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _install_triggers(sender, using="default", **kwargs):
    from django.db import connections

    from .triggers import install

    install(connections[using])


class DashboardsConfig(AppConfig):
    name = "neuguong.dashboards"
    label = "dashboards"
    verbose_name = "Số liệu tổng hợp"

    def ready(self):
        post_migrate.connect(_install_triggers, sender=self, dispatch_uid="tally_triggers")
