from django.urls import path

from . import views

app_name = "workload"

urlpatterns = [
    path("time/", views.time_entry, name="time"),
    path("workload/", views.my_workload, name="mine"),
    path("district/workload/", views.district_workload, name="district"),
    path("workload/report/", views.my_report, name="report"),
    path("district/workload/report/", views.district_report, name="district_report"),
]
