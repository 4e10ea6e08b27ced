from django.urls import path

from . import views

app_name = "roster"

urlpatterns = [
    path("district/roster/", views.roster_home, name="home"),
    path("district/roster/sample.zip", views.roster_sample, name="sample"),
    path("district/roster/spreadsheet/", views.roster_csv, name="csv"),
    path("district/roster/<int:pk>/", views.roster_detail, name="detail"),
    path("district/roster/<int:pk>/columns/", views.roster_columns, name="columns"),
    path("district/roster/<int:pk>/import/", views.roster_import, name="import"),
]
