from django.urls import path

from . import views

app_name = "accesslog"

urlpatterns = [
    path("district/audit/", views.audit_search, name="search"),
]
