from django.urls import path

from . import views

app_name = "scheduling"

urlpatterns = [
    path("plan/generate/", views.generate, name="generate"),
    path("calendar/", views.feed_settings, name="feed"),
    path("calendar/new/", views.new_feed, name="feed_new"),
    path("calendar/revoke/", views.revoke_feed, name="feed_revoke"),
    path("calendar/<str:token>.ics", views.calendar_file, name="ics"),
]
