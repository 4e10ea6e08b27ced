from django.urls import path

from . import family_views, period_views, views

app_name = "progress"

urlpatterns = [
    path("progress/", views.caseload, name="caseload"),
    path("progress/periods/", period_views.periods, name="periods"),
    path("progress/periods/<int:period>/", period_views.period_edit, name="period_edit"),
    path(
        "progress/periods/<int:period>/delete/",
        period_views.period_delete,
        name="period_delete",
    ),
    path("progress/batch/<int:period>/", views.start_batch, name="batch"),
    path("progress/codes/", period_views.codes, name="codes"),
    path("progress/codes/<int:code>/", period_views.code_edit, name="code_edit"),
    path("progress/students/<int:student>/", views.student_reports, name="student"),
    path("progress/students/<int:student>/start/", views.start, name="start"),
    path("progress/<int:pk>/", views.report, name="report"),
    path("progress/<int:pk>/edit/", views.edit, name="edit"),
    path("progress/<int:pk>/final/", views.finalize, name="finalize"),
    path("progress/<int:pk>/addendum/", views.addendum, name="addendum"),
    path("progress/<int:pk>/pdf/", views.pdf, name="pdf"),
    path("family/progress/<int:report>/", family_views.family_report, name="family_report"),
]
