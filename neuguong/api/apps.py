from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "neuguong.api"
    label = "api"
