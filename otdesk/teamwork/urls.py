from django.urls import path

from . import views

app_name = "teamwork"

urlpatterns = [
    path("classroom/", views.classroom, name="classroom"),
    path(
        "classroom/strategies/<int:pk>/in-place/",
        views.confirm_strategy,
        name="confirm_strategy",
    ),
    path("shared/", views.shared, name="shared"),
    path("students/<int:pk>/team-notes/", views.team_notes, name="team_notes"),
]
