from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "otdesk.activities"
    label = "activities"
    verbose_name = "Activity library"

    def ready(self) -> None:
        # Imported here: models may be imported only once the app registry is ready.
        from otdesk.students.panels import register_panel

        from .panels import student_home_programs

        register_panel("activities/student_panel.html", student_home_programs, order=30)
