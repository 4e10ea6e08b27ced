from django.urls import path

from . import views

app_name = "jobs"

urlpatterns = [
    path("health/", views.health, name="health"),
    path("jobs/", views.job_list, name="list"),
    path("jobs/<int:pk>/", views.job_detail, name="detail"),
    path("jobs/<int:pk>/files/<str:name>", views.job_file, name="file"),
]
