from django.urls import path

from . import views

app_name = "activities"

urlpatterns = [
    path("activities/", views.library, name="library"),
    path("activities/new/", views.activity_form, name="new"),
    path("activities/<int:pk>/", views.activity_detail, name="detail"),
    path("activities/<int:pk>/change/", views.activity_form, name="edit"),
    path("students/<int:pk>/home-program/", views.home_program_new, name="home_new"),
    path("home-programs/<int:pk>/", views.home_program_sheet, name="sheet"),
    path("home-programs/<int:pk>/pdf/", views.home_program_pdf, name="pdf"),
]
