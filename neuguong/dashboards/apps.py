from django.apps import AppConfig


class DashboardsConfig(AppConfig):
    name = "neuguong.dashboards"
    label = "dashboards"
    verbose_name = "Số liệu tổng hợp"
