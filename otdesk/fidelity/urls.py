from django.urls import path

from . import views

app_name = "fidelity"

urlpatterns = [
    path("reports/fidelity/", views.caseload_report, name="caseload"),
    path("reports/fidelity/student/<int:pk>/", views.student_report, name="student"),
    path("district/reports/fidelity/", views.district_report, name="district"),
]
