from django.apps import AppConfig


class SchedulingConfig(AppConfig):
    name = "otdesk.scheduling"
    label = "scheduling"
    verbose_name = "Scheduling"

    def ready(self) -> None:
        # Imported here: views and panels need the app registry, which is ready only now.
        from otdesk.students.panels import register_panel

        from .setup_views import unavailable_panel

        register_panel("scheduling/setup/student_unavailable.html", unavailable_panel, order=40)
