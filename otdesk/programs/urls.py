from django.urls import path

from . import views

app_name = "programs"

urlpatterns = [
    path("programs/", views.program_list, name="list"),
    path("programs/new/", views.program_new, name="new"),
    path("programs/<int:pk>/", views.program_detail, name="detail"),
    path("programs/<int:pk>/change/", views.program_revise, name="revise"),
    path("programs/<int:pk>/assign/", views.program_assign, name="assign"),
    path("programs/<int:pk>/training/", views.program_train, name="train"),
    path("programs/<int:pk>/check/", views.program_check, name="check"),
    path("programs/<int:pk>/log/", views.program_log, name="log"),
    path("programs/<int:pk>/devices/new/", views.at_item_new, name="at_add"),
]
