from django.urls import path

from . import views

app_name = "retention"

urlpatterns = [
    path("students/<int:pk>/destroy/", views.destroy, name="destroy"),
    path("students/<int:pk>/legal-hold/", views.hold, name="hold"),
    path("students/<int:pk>/legal-hold/lift/", views.lift, name="lift"),
    path("district/destructions/", views.destructions, name="destructions"),
    path("district/destructions/<str:reference>/", views.destruction, name="destruction"),
]
