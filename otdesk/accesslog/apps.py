from django.apps import AppConfig


class AccessLogConfig(AppConfig):
    name = "otdesk.accesslog"
    label = "accesslog"
    verbose_name = "Access log search"
