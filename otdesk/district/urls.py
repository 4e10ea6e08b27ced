from django.urls import path

from . import team_views, views

app_name = "district"

urlpatterns = [
    path("district/", views.hub, name="hub"),
    path("district/schools/", views.schools, name="schools"),
    path("district/schools/add/", views.school_add, name="school_add"),
    path("district/schools/<int:pk>/", views.school_edit, name="school_edit"),
    path("district/closed-days/", views.closed_days_page, name="closed_days"),
    path(
        "district/closed-days/<int:pk>/remove/",
        views.closed_day_remove,
        name="closed_day_remove",
    ),
    path("district/rules/", views.rules, name="rules"),
    path("district/team/", team_views.team_list, name="team"),
    path("district/team/student/<int:pk>/", team_views.student_team, name="student_team"),
    path("district/team/assignment/<int:pk>/end/", team_views.end_assignment, name="team_end"),
    path(
        "district/team/assignment/<int:pk>/dates/",
        team_views.change_dates,
        name="team_dates",
    ),
]
