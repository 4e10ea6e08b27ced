"""The district plan run pages and the therapist's proposed plan: who may see them, the
form's rules, progress, and using a proposal."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from otdesk.accounts.models import Role
from otdesk.core.models import AuditEvent
from otdesk.delivery.models import PlannedSession
from otdesk.jobs.models import Job
from otdesk.scheduling.models import PlanRun, PlanRunItem
from otdesk.scheduling.services import runs
from otdesk.schools.models import SchoolAssignment
from otdesk.testing import factories as f
from otdesk.testing.login import sign_in

from .test_runs import OCTOBER, add_week

pytestmark = pytest.mark.django_db
RUNS = reverse("scheduling:district_runs")


@pytest.fixture(autouse=True)
def in_october():  # type: ignore[no-untyped-def]
    with time_machine.travel(OCTOBER, tick=False):
        yield


@pytest.fixture
def week(world):  # type: ignore[no-untyped-def]
    return add_week(world)


@pytest.fixture
def made(week):  # type: ignore[no-untyped-def]
    """A run whose plans are made (run here, without the background thread)."""
    run = runs.start_run(district=week.district, actor=week.coordinator, seconds_per_plan=5)
    for item in run.items.all():
        runs.run_item(item.pk)
    runs.finish_runs([run.pk])
    run.refresh_from_db()
    return run


def html(response) -> str:  # type: ignore[no-untyped-def]
    return response.content.decode()


def test_coordinator_sees_the_runs_page_with_the_therapists_to_plan(client, made, week):
    sign_in(client, week.coordinator)
    response = client.get(RUNS)
    assert response.status_code == 200
    page = html(response)
    assert f"For 2 therapists: Olive Ot, {week.cota.display_name}." in page
    assert "Finished: 2 ready" in page
    assert reverse("scheduling:district_run", args=[made.pk]) in page
    assert "Generate plans for every therapist" in page


def test_runs_pages_are_the_coordinators_only(client, made, week):
    detail = reverse("scheduling:district_run", args=[made.pk])
    for persona in ("therapist", "cota", "outsider"):  # therapists of the district
        sign_in(client, getattr(week, persona))
        assert client.get(RUNS).status_code == 403
        assert client.post(RUNS, {"seconds_per_plan": 10}).status_code == 403
        assert client.get(detail).status_code == 403
    for persona in ("teacher", "aide", "parent"):
        sign_in(client, getattr(week, persona))
        assert client.get(RUNS).status_code == 404
        assert client.get(detail).status_code == 404
    other = f.make_district(name="Elsewhere")
    for role in (Role.COORDINATOR, Role.OT):
        sign_in(client, f.make_user(role, other))
        assert client.get(detail).status_code == 404
    sign_in(client, f.make_user(Role.COORDINATOR, other))
    assert "No plans made yet." in html(client.get(RUNS))
    assert PlanRun.objects.count() == 1


def test_starting_a_run_queues_the_plans_and_opens_its_page(client, week):
    sign_in(client, week.coordinator)
    response = client.post(RUNS, {"seconds_per_plan": 12})
    run = PlanRun.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("scheduling:district_run", args=[run.pk])
    assert (run.seconds_per_plan, run.started_by, run.items.count()) == (12, week.coordinator, 2)
    page = html(client.get(response.url))
    assert "Making weekly plans for 2 therapists." in page
    assert "0 of 2 plans ready" in page
    assert page.count("Not started yet") == 2
    assert 'hx-trigger="every 2s"' in page


@pytest.mark.parametrize(
    "value, error",
    [
        ("4", "Give each plan at least 5 seconds."),
        ("61", "Give each plan at most 60 seconds."),
        ("ten", "Enter a whole number of seconds, from 5 to 60."),
        ("", "Enter how many seconds to spend on each plan, from 5 to 60."),
    ],
)
def test_seconds_per_plan_are_5_to_60(client, week, value, error):
    sign_in(client, week.coordinator)
    response = client.post(RUNS, {"seconds_per_plan": value})
    page = html(response)
    assert response.status_code == 200
    assert f'<a href="#id_seconds_per_plan">Seconds per plan: {error}</a>' in page
    assert f'<span aria-hidden="true">✖ </span>{error}</p>' in page
    assert PlanRun.objects.count() == 0


def test_no_second_run_while_one_is_working(client, week):
    runs.start_run(district=week.district, actor=week.coordinator)
    sign_in(client, week.coordinator)
    page = html(client.post(RUNS, {"seconds_per_plan": 10}))
    assert "The plans started at 15:00 are still being made." in page
    assert PlanRun.objects.count() == 1


def test_no_run_without_therapists_with_students(client, world):
    world.student.team.all().delete()
    sign_in(client, world.coordinator)
    page = html(client.post(RUNS, {"seconds_per_plan": 10}))
    assert "No therapist in the district has students yet, so there is nothing to plan." in page
    assert PlanRun.objects.count() == 0


def test_run_page_shows_progress_while_working_and_stops_refreshing_when_done(client, week):
    run = runs.start_run(district=week.district, actor=week.coordinator, seconds_per_plan=5)
    runs.run_item(run.items.get(provider=week.therapist).pk)
    run.items.filter(provider=week.cota).update(
        status="running",
        started_at=OCTOBER - dt.timedelta(seconds=3),
        placed_minutes=10,
        total_minutes=30,
    )
    sign_in(client, week.coordinator)
    url = reverse("scheduling:district_run", args=[run.pk])
    page = html(client.get(url))
    assert "<strong>Working:</strong> 1 of 2 plans ready." in page
    assert 'hx-trigger="every 2s"' in page
    cota_item = run.items.get(provider=week.cota)
    assert (
        f'<progress id="placed-{cota_item.pk}" max="30" value="10" '
        f'aria-label="Minutes placed for {week.cota.display_name}">33%</progress>'
    ) in page
    assert "placed 10 of 30 minutes" in page
    assert "placed 30 of 30 minutes" in page
    assert "Time so far: 0.0 s on the clock; 3.0 s spent on the plans in all." in page
    # htmx asks for the progress part only.
    part = html(client.get(url, headers={"HX-Request": "true"}))
    assert part.lstrip().startswith('<div id="run-progress"')
    assert "<h1>" not in part
    # The job's own progress is on the page too, polled while the job works.
    assert f'hx-get="/jobs/{run.job_id}/" hx-trigger="every 1s"' in page
    run.items.filter(provider=week.cota).update(status="failed", message="It broke.")
    runs.finish_runs([run.pk])
    Job.objects.filter(pk=run.job_id).update(status="done", done=2)  # the job finished too
    page = html(client.get(url))
    assert "<strong>Finished:</strong> 1 of 2 plans ready, 1 failed." in page
    assert "It broke." in page
    assert "hx-trigger" not in page


def test_run_list_queries_do_not_grow_with_runs(client, week):
    sign_in(client, week.coordinator)
    runs.start_run(district=week.district, actor=week.coordinator)
    with CaptureQueriesContext(connection) as one:
        client.get(RUNS)
    PlanRun.objects.filter(district=week.district).update(finished_at=OCTOBER)
    for _ in range(3):
        runs.start_run(district=week.district, actor=week.coordinator)
    with CaptureQueriesContext(connection) as four:
        page = html(client.get(RUNS))
    assert page.count("Working: 0 of 2 ready") == 3
    assert len(four) == len(one)


def test_therapist_sees_the_notice_and_the_proposal(client, made, week):
    item = made.items.get(provider=week.therapist)
    client.force_login(week.therapist)
    plan_page = html(client.get(reverse("delivery:plan")))
    url = reverse("scheduling:run_proposal", args=[item.pk])
    assert (
        f'Your coordinator generated a plan for you on Fri 9 Oct 2026: <a href="{url}">review '
        "it</a>."
    ) in plan_page
    page = html(client.get(url))
    assert "The plan proposed for you on Fri 9 Oct 2026" in page
    assert "30 of 30 minutes a week placed." in page
    assert 'data-label="Students">Maya Lopez</td>' in page
    assert "Use this plan" in page


def test_a_proposal_is_its_therapists_only(client, made, week):
    url = reverse("scheduling:run_proposal", args=[made.items.get(provider=week.therapist).pk])
    for persona in ("cota", "outsider", "coordinator", "teacher", "parent", "aide"):
        sign_in(client, getattr(week, persona))
        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 404
    assert PlannedSession.objects.count() == 0


MONDAY = {"starts_on": "2026-10-12", "previewed": "2026-10-12"}  # the next school day


def test_using_the_proposal_applies_it_and_records_it(client, made, week):
    item = made.items.get(provider=week.therapist)
    client.force_login(week.therapist)
    url = reverse("scheduling:run_proposal", args=[item.pk])
    page = html(client.get(url))
    assert 'name="starts_on" value="2026-10-12"' in page
    assert (
        "From <strong>Mon 12 Oct 2026</strong> your week gets 1 generated session. The "
        "unlocked sessions of your current plan run until Sun 11 Oct 2026," in page
    )
    response = client.post(url, MONDAY)
    assert (response.status_code, response.url) == (302, reverse("delivery:plan"))
    item.refresh_from_db()
    assert item.applied_at == OCTOBER
    [planned] = PlannedSession.objects.filter(provider=week.therapist)
    _activity, day, start, minutes, _school, reason = item.placements[0]
    assert (planned.weekday, planned.start, planned.minutes, planned.reason) == (
        day,
        dt.time(start // 60, start % 60),
        minutes,
        reason,
    )
    assert planned.active_from == dt.date(2026, 10, 12)
    assert list(planned.students.all()) == [week.student]
    event = AuditEvent.objects.get(object_type="scheduling.planrunitem")
    assert (event.user, event.object_id, event.summary) == (
        week.therapist,
        item.pk,
        f"Used the weekly plan proposed by the district run {made.pk}: 1 sessions",
    )
    plan_page = html(client.get(reverse("delivery:plan")))
    assert "Your coordinator generated a plan" not in plan_page
    assert "You started using this plan on Fri 9 Oct 2026." in html(client.get(url))
    # A second press changes nothing.
    client.post(url, MONDAY)
    assert PlannedSession.objects.filter(provider=week.therapist).count() == 1


def test_a_plan_that_no_longer_fits_is_refused(client, made, week):
    item = made.items.get(provider=week.therapist)
    day = item.placements[0][1]
    # The therapist's days changed: she is no longer at the school on the planned day.
    other = "Tue Thu" if day in (0, 2) else "Mon Wed"
    SchoolAssignment.objects.filter(person=week.therapist).update(days=other)
    client.force_login(week.therapist)
    response = client.post(reverse("scheduling:run_proposal", args=[item.pk]), MONDAY)
    page = html(response)
    assert response.status_code == 409
    assert "This plan no longer fits" in page
    assert f'<a href="{reverse("scheduling:generate")}">Generate a fresh plan</a>' in page
    assert "Use this plan</button>" not in page
    item.refresh_from_db()
    assert item.applied_at is None
    assert PlannedSession.objects.count() == 0


def test_failed_or_waiting_plans_are_not_proposed(client, week):
    run = runs.start_run(district=week.district, actor=week.coordinator)
    item = run.items.get(provider=week.therapist)
    client.force_login(week.therapist)
    url = reverse("scheduling:run_proposal", args=[item.pk])
    assert client.get(url).status_code == 404
    PlanRunItem.objects.filter(pk=item.pk).update(status="failed")
    assert client.get(url).status_code == 404
    assert "Your coordinator generated" not in html(client.get(reverse("delivery:plan")))


def test_coordinator_nav_has_weekly_plans(client, week):
    sign_in(client, week.coordinator)
    assert f'<a href="{RUNS}">Weekly plans</a>' in html(client.get(reverse("more")))


def test_run_page_compares_the_clock_with_the_time_spent_on_plans(client, made, week):
    start = OCTOBER - dt.timedelta(seconds=20)
    PlanRun.objects.filter(pk=made.pk).update(
        created_at=start, finished_at=start + dt.timedelta(seconds=11)
    )
    for item, seconds in zip(made.items.order_by("pk"), (9, 11), strict=True):
        PlanRunItem.objects.filter(pk=item.pk).update(
            started_at=start, finished_at=start + dt.timedelta(seconds=seconds)
        )
    sign_in(client, week.coordinator)
    page = html(client.get(reverse("scheduling:district_run", args=[made.pk])))
    assert (
        "Time taken: 11.0 s on the clock; 20 s spent on the plans in all. Making two at a time "
        "was 1.8 times as fast as one after another."
    ) in page


def test_a_run_proposal_starts_on_the_date_chosen_once_its_changes_are_shown(client, made, week):
    item = made.items.get(provider=week.therapist)
    url = reverse("scheduling:run_proposal", args=[item.pk])
    client.force_login(week.therapist)
    # Today is refused: today's sessions stay as they are.
    response = client.post(url, {"starts_on": "2026-10-09", "previewed": "2026-10-12"})
    assert response.status_code == 400
    assert (
        "Choose a date after today (Fri 9 Oct 2026): today&#x27;s sessions stay as they are."
        in html(response)
    )
    # Another date is first shown, not used.
    response = client.post(url, {"starts_on": "2026-10-19", "previewed": "2026-10-12"})
    assert response.status_code == 200
    assert "From <strong>Mon 19 Oct 2026</strong>" in html(response)
    assert not PlannedSession.objects.exists()
    response = client.post(url, {"starts_on": "2026-10-19", "previewed": "2026-10-19"})
    assert response.status_code == 302
    assert PlannedSession.objects.get().active_from == dt.date(2026, 10, 19)
