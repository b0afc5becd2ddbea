from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    name = "neuguong.exchange"
    label = "exchange"
    verbose_name = "Xuất, nhập tệp"
