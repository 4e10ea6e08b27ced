from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "otdesk.api"
    label = "api"
    verbose_name = "JSON API and its tokens"
