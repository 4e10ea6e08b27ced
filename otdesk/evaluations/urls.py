from django.urls import path

from . import views

app_name = "evaluations"

urlpatterns = [
    path("evaluations/", views.dashboard, name="dashboard"),
    path("evaluations/students/<int:student>/", views.student, name="student"),
    path("evaluations/<int:pk>/", views.detail, name="detail"),
    path("evaluations/<int:pk>/edit/", views.edit, name="edit"),
    path("evaluations/<int:pk>/tests/", views.add_test, name="add_test"),
    path("evaluations/<int:pk>/report.pdf", views.pdf, name="pdf"),
    path("evaluations/tests/<int:pk>/scores/", views.scores, name="scores"),
    path("evaluations/tests/<int:pk>/remove/", views.remove_test, name="remove_test"),
]
