from django.apps import AppConfig


class TeamworkConfig(AppConfig):
    name = "otdesk.teamwork"
    label = "teamwork"
    verbose_name = "Teachers and specialists"

    def ready(self) -> None:
        # Imported here: views and panels need the app registry, which is ready only now.
        from otdesk.students.panels import register_panel

        from .views import team_notes_panel

        register_panel("teamwork/student_panel.html", team_notes_panel, order=50)
