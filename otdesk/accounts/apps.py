from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "otdesk.accounts"
    label = "accounts"
    verbose_name = "Accounts"
