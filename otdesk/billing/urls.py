from django.urls import path

from . import views

app_name = "billing"

urlpatterns = [
    path("billing/", views.home, name="home"),
    path("billing/export/", views.export, name="export"),
    path("billing/not-billed.csv", views.problems_csv, name="problems_csv"),
    path("billing/corrected/", views.corrected, name="corrected"),
    path("billing/codes/", views.codes, name="codes"),
    path("billing/students/", views.students, name="students"),
    path("billing/students/<int:student>/", views.student, name="student"),
    path("billing/providers/", views.providers, name="providers"),
    path("billing/my-sessions/", views.mine, name="mine"),
]
