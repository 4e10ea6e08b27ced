from django.apps import AppConfig


class BillingConfig(AppConfig):
    name = "otdesk.billing"
    label = "billing"
    verbose_name = "Medicaid billing"
