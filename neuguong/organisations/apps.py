from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "neuguong.organisations"
    label = "organisations"
    verbose_name = "Tổ chức và con người"
