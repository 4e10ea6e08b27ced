from django.apps import AppConfig


class DistrictConfig(AppConfig):
    name = "otdesk.district"
    label = "district"
    verbose_name = "District pages"
