from django.urls import path

from . import views

app_name = "roster"

urlpatterns = [
    path("district/roster/", views.roster_home, name="home"),
    path("district/roster/sample.zip", views.roster_sample, name="sample"),
    path("district/roster/<int:pk>/", views.roster_detail, name="detail"),
    path("district/roster/<int:pk>/import/", views.roster_import, name="import"),
]
