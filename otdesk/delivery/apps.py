from django.apps import AppConfig


class DeliveryConfig(AppConfig):
    name = "otdesk.delivery"
    label = "delivery"
    verbose_name = "Service delivery"

    def ready(self) -> None:
        from otdesk.students.panels import register_panel

        from .views import student_panel_context

        register_panel("delivery/student_panel.html", student_panel_context, order=10)
