from django.urls import path

from . import views

app_name = "accesslog"

urlpatterns = [
    path("district/audit/", views.audit_search, name="search"),
    path("students/<int:pk>/record.zip", views.record_download, name="record"),
]
