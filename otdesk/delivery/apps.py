from django.apps import AppConfig


class DeliveryConfig(AppConfig):
    name = "otdesk.delivery"
    label = "delivery"
    verbose_name = "Service delivery"

    def ready(self) -> None:
        # Imported here, not at the top: models and views load only once the app
        # registry is ready.
        from otdesk.students.panels import register_panel

        from .views.panel import student_panel_context

        register_panel("delivery/student_panel.html", student_panel_context, order=10)
