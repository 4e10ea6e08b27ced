from django.urls import path

from . import (
    calendar_views,
    feed_views,
    generate_views,
    makeup_views,
    move_views,
    run_views,
    setup_views,
)

app_name = "scheduling"

urlpatterns = [
    path("plan/generate/", generate_views.generate, name="generate"),
    path("plan/generate/use/", generate_views.use_proposal, name="use_proposal"),
    path("plan/generate/drop/", generate_views.drop_proposal, name="drop_proposal"),
    path("calendar/", feed_views.feed_settings, name="feed"),
    path("calendar/new/", feed_views.new_feed, name="feed_new"),
    path("calendar/revoke/", feed_views.revoke_feed, name="feed_revoke"),
    path("calendar/<str:token>.ics", feed_views.calendar_file, name="ics"),
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
    path("schedule/session/<int:pk>/move/", move_views.move_session, name="move"),
    path("schedule/session/<int:pk>/check/", move_views.check_move, name="check_move"),
    path("schedule/session/<int:pk>/lock/", move_views.lock_session, name="lock"),
    # set-up
    path("schedule/setup/", setup_views.hub, name="setup"),
    path("schedule/setup/school/<int:pk>/", setup_views.school_blocks, name="setup_school"),
    path("schedule/setup/school/<int:pk>/add/", setup_views.block_add, name="setup_block_add"),
    path("schedule/setup/block/<int:pk>/", setup_views.block_edit, name="setup_block"),
    path(
        "schedule/setup/block/<int:pk>/remove/",
        setup_views.block_remove,
        name="setup_block_remove",
    ),
    path("schedule/setup/days/", setup_views.days, name="setup_days"),
    path("schedule/setup/travel/", setup_views.travel, name="setup_travel"),
    path("schedule/setup/fixed/", setup_views.fixed_list, name="setup_fixed"),
    path("schedule/setup/fixed/add/", setup_views.fixed_add, name="setup_fixed_add"),
    path("schedule/setup/fixed/<int:pk>/", setup_views.fixed_edit, name="setup_fixed_edit"),
    path(
        "schedule/setup/fixed/<int:pk>/remove/",
        setup_views.fixed_remove,
        name="setup_fixed_remove",
    ),
    path("schedule/setup/rules/", setup_views.rules, name="setup_rules"),
    path(
        "students/<int:pk>/unavailable/add/",
        setup_views.unavailable_add,
        name="unavailable_add",
    ),
    path(
        "students/<int:pk>/unavailable/<int:item>/remove/",
        setup_views.unavailable_remove,
        name="unavailable_remove",
    ),
]
