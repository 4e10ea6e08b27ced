from django.apps import AppConfig


class RetentionConfig(AppConfig):
    name = "otdesk.retention"
    label = "retention"
    verbose_name = "Retention and destruction"
