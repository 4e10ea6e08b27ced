from django.urls import path

from . import proposal_views, views

app_name = "students"

urlpatterns = [
    path("caseload/", views.caseload, name="caseload"),
    path("team/", views.team_queue, name="team_queue"),
    path("concerns/<int:concern_id>/answer/", views.concern_answer, name="concern_answer"),
    path("requests/<int:request_id>/decide/", views.request_decide, name="request_decide"),
    path("students/<int:pk>/concerns/new/", views.concern_new, name="concern_new"),
    path(
        "students/<int:pk>/strategies/<int:strategy_id>/history/",
        views.strategy_history,
        name="strategy_history",
    ),
    path(
        "students/<int:pk>/strategies/<int:strategy_id>/review/",
        views.strategy_review,
        name="strategy_review",
    ),
    path(
        "students/<int:pk>/strategies/<int:strategy_id>/reviews/<int:review_id>/decide/",
        proposal_views.decide_proposal,
        name="proposal_decide",
    ),
    path("students/<int:pk>/", views.student_detail, name="detail"),
    path("students/<int:pk>/iep/", views.iep_edit, name="iep_edit"),
    path("students/<int:pk>/lines/new/", views.service_line_form, name="line_add"),
    path("students/<int:pk>/lines/<int:line_id>/", views.service_line_form, name="line_edit"),
    path("students/<int:pk>/goals/new/", views.goal_form, name="goal_add"),
    path("students/<int:pk>/goals/<int:goal_id>/", views.goal_form, name="goal_edit"),
    path("students/<int:pk>/strategies/new/", views.strategy_form, name="strategy_add"),
    path(
        "students/<int:pk>/strategies/<int:strategy_id>/",
        views.strategy_form,
        name="strategy_edit",
    ),
]
