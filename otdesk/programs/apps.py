from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "otdesk.programs"
    label = "programs"
    verbose_name = "Aide programs"

    def ready(self) -> None:
        # Imported here: models may be imported only once the app registry is ready.
        from otdesk.students.panels import register_panel

        from .panels import student_programs

        register_panel("programs/student_panel.html", student_programs, order=20)
