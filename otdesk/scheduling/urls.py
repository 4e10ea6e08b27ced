from django.urls import path

from . import makeup_views, run_views, views

app_name = "scheduling"

urlpatterns = [
    path("plan/generate/", views.generate, name="generate"),
    path("calendar/", views.feed_settings, name="feed"),
    path("calendar/new/", views.new_feed, name="feed_new"),
    path("calendar/revoke/", views.revoke_feed, name="feed_revoke"),
    path("calendar/<str:token>.ics", views.calendar_file, name="ics"),
    # make-ups
    path("makeups/<int:miss_id>/plan/", makeup_views.plan, name="makeup_plan"),
    path("makeups/<int:miss_id>/book/", makeup_views.book, name="makeup_book"),
    path("makeups/booked/<int:pk>/cancel/", makeup_views.cancel, name="makeup_cancel"),
    # district runs
    path("district/plans/", run_views.district_runs, name="district_runs"),
    path("district/plans/<int:run_id>/", run_views.district_run, name="district_run"),
    path("plan/run/<int:item_id>/", run_views.proposal, name="run_proposal"),
]
