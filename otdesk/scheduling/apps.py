from django.apps import AppConfig


class SchedulingConfig(AppConfig):
    name = "otdesk.scheduling"
    label = "scheduling"
    verbose_name = "Scheduling"
