from django.apps import AppConfig


class SsoConfig(AppConfig):
    name = "otdesk.sso"
    label = "sso"
    verbose_name = "District sign-in"
