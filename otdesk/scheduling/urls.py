from django.urls import path

from . import calendar_views, makeup_views, run_views, views

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
    # calendars
    path("schedule/weeks/", calendar_views.calendar_index, name="calendars"),
    path("schedule/week/", calendar_views.my_week, name="my_week"),
    path("schedule/school/<int:pk>/week/", calendar_views.school_week, name="school_week"),
    path(
        "schedule/classroom/<int:pk>/week/",
        calendar_views.classroom_week,
        name="classroom_week",
    ),
    path("schedule/session/<int:pk>/move/", calendar_views.move_session, name="move"),
    path("schedule/session/<int:pk>/check/", calendar_views.check_move, name="check_move"),
    path("schedule/session/<int:pk>/lock/", calendar_views.lock_session, name="lock"),
]
