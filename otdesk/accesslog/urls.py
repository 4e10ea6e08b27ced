from django.urls import path

from . import views

app_name = "accesslog"

urlpatterns = [
    path("district/audit/", views.audit_search, name="search"),
    path("district/export/", views.district_export, name="district_export"),
    path("students/<int:pk>/record.zip", views.record_download, name="record"),
]
