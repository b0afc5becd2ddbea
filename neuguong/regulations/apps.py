from django.apps import AppConfig


class RegulationsConfig(AppConfig):
    name = "neuguong.regulations"
    label = "regulations"
    verbose_name = "Văn bản và chương trình hằng năm"
