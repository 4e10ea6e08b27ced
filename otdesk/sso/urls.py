from django.urls import path

from . import views

app_name = "sso"

urlpatterns = [
    path("sign-in/district/", views.start, name="start"),
    path("sign-in/district/callback/", views.callback, name="callback"),
    path("district/sign-in/", views.settings_page, name="settings"),
]
