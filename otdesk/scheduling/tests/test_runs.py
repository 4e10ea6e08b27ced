"""District plan runs: one plan per therapist, made in the background, with progress."""

import datetime as dt
import time
import zoneinfo

import pytest
import time_machine
from django.core.management import call_command
from django.db import OperationalError
from django_tasks_db.models import DBTaskResult

from otdesk.accounts.models import Role
from otdesk.core.models import AuditEvent
from otdesk.jobs import services as jobs
from otdesk.jobs.models import Job
from otdesk.scheduling.build import build_instance
from otdesk.scheduling.checker import violations
from otdesk.scheduling.engine import Placement, Plan
from otdesk.scheduling.models import PlanRun, PlanRunItem
from otdesk.scheduling.services import runs
from otdesk.schools.models import SchoolAssignment
from otdesk.students.models import TeamRole
from otdesk.testing import factories as f

Status = PlanRunItem.Status
OCTOBER = dt.datetime(2026, 10, 9, 15, 0, tzinfo=zoneinfo.ZoneInfo("America/Chicago"))


def add_week(world):  # type: ignore[no-untyped-def]
    """Class blocks at the world's school; the OT there Mon and Wed, the COTA Tue and Thu."""
    for day in range(5):
        for name, kind, start, end in [
            ("Reading", "reading", (8, 30), (9, 30)),
            ("Writing", "writing", (9, 30), (10, 15)),
            ("Math", "math", (10, 35), (11, 35)),
            ("Centers", "centers", (12, 5), (12, 50)),
        ]:
            f.make_block(
                world.school,
                weekday=day,
                name=name,
                kind=kind,
                start=dt.time(*start),
                end=dt.time(*end),
            )
    for person, days in [(world.therapist, "Mon Wed"), (world.cota, "Tue Thu")]:
        SchoolAssignment.objects.create(
            person=person, school=world.school, start_date=dt.date(2026, 8, 17), days=days
        )
    return world


def add_broken_therapist(world):  # type: ignore[no-untyped-def]
    """An OT whose only student carries a grade outside the list (e.g. from a bad import):
    grouping pull-out lines by grade cannot work, so making her plan raises."""
    broken = f.make_user(Role.OT, world.district, first_name="Bea", last_name="Broken")
    student = f.make_student(world.school, first_name="Zed", last_name="Odd")
    student.__class__.objects.filter(pk=student.pk).update(grade="XX")
    iep = f.make_iep(student)
    f.make_line(
        iep,
        delivery_model="pull_out",
        location="therapy_room",
        group_size=2,
        pull_out_reason="skill_gap",
    )
    f.add_to_team(student, broken, TeamRole.OT)
    return broken


@pytest.fixture
def week(world):  # type: ignore[no-untyped-def]
    return add_week(world)


@pytest.fixture
def in_october():  # type: ignore[no-untyped-def]
    with time_machine.travel(OCTOBER, tick=False):
        yield


@pytest.mark.django_db
def test_start_run_queues_one_plan_per_therapist_with_students(week, in_october):
    nobody = f.make_user(Role.COTA, week.district, username="idle")  # no students
    other = f.make_district(name="Elsewhere")
    f.add_to_team(f.make_student(f.make_school(other)), f.make_user(Role.OT, other), TeamRole.OT)
    run = runs.start_run(district=week.district, actor=week.coordinator, seconds_per_plan=5)
    items = list(run.items.order_by("provider__username"))
    assert [(i.provider.username, i.status) for i in items] == [
        ("cota", "queued"),
        ("otr", "queued"),
    ]
    assert nobody not in [i.provider for i in items]
    assert (run.district, run.started_by, run.seconds_per_plan) == (
        week.district,
        week.coordinator,
        5,
    )
    event = AuditEvent.objects.get(object_type="scheduling.planrun")
    assert (event.user, event.summary) == (
        week.coordinator,
        "Started weekly plans for 2 therapists",
    )


@pytest.mark.django_db
def test_run_item_stores_a_plan_that_keeps_every_rule(week, in_october):
    run = runs.start_run(district=week.district, actor=week.coordinator, seconds_per_plan=1)
    item = run.items.get(provider=week.therapist)
    runs.run_item(item.pk)
    item.refresh_from_db()
    assert (item.status, item.placed_minutes, item.total_minutes, item.message) == (
        "done",
        30,
        30,
        "",
    )
    assert item.started_at == item.finished_at == OCTOBER  # the clock stands still here
    [row] = item.placements
    activity, day, start, minutes, school, reason = row
    direct = week.iep.service_lines.get(kind="direct")
    assert (activity, day in (0, 2), minutes, school) == (
        f"line-{direct.pk}",
        True,
        30,
        str(week.school.pk),
    )
    assert 9 * 60 + 30 <= start <= 10 * 60 + 15 - 30  # inside the writing block
    # The wording of the reason is the engine's; the block is what the run must keep.
    assert reason.startswith("push-in during writing block: matches")
    built = build_instance(week.therapist, today=OCTOBER.date())
    plan = Plan(placements=[Placement(*r) for r in item.placements], unplaced={})
    assert violations(built.instance, plan) == []
    assert item.explanations == []
    # Only the therapist's own item ran.
    assert run.items.get(provider=week.cota).status == "queued"


@pytest.mark.django_db
def test_run_item_explains_what_a_therapist_without_school_days_cannot_place(week, in_october):
    SchoolAssignment.objects.filter(person=week.therapist).delete()
    run = runs.start_run(district=week.district, actor=week.coordinator, seconds_per_plan=1)
    item = run.items.get(provider=week.therapist)
    runs.run_item(item.pk)
    item.refresh_from_db()
    assert (item.status, item.placed_minutes, item.total_minutes, item.placements) == (
        "done",
        0,
        30,
        [],
    )
    assert item.explanations == [
        f"Maya Lopez: 30 min a week could not be placed: the therapist has no day at "
        f"{week.school.name}."
    ]


@pytest.mark.django_db
def test_a_failing_plan_is_marked_failed_in_words(week, in_october, caplog):
    broken = add_broken_therapist(week)
    run = runs.start_run(district=week.district, actor=week.coordinator, seconds_per_plan=1)
    item = run.items.get(provider=broken)
    runs.run_item(item.pk)
    item.refresh_from_db()
    assert (item.status, item.placements, item.finished_at) == ("failed", [], OCTOBER)
    assert item.message == (
        "This plan could not be made because of an unexpected error (ValueError); it is "
        "written in the server log. The therapist can still generate a plan from their "
        "Plan page."
    )
    assert "Plan run item" in caplog.text
    # Running it again does nothing: only queued items are taken.
    runs.run_item(item.pk)
    item.refresh_from_db()
    assert item.status == "failed"


@pytest.mark.django_db
def test_run_item_of_a_removed_therapist_does_nothing(week, in_october):
    run = runs.start_run(district=week.district, actor=week.coordinator, seconds_per_plan=1)
    item = run.items.get(provider=week.cota)
    week.cota.delete()
    runs.run_item(item.pk)  # no error
    assert list(run.items.values_list("provider__username", flat=True)) == ["otr"]


def wait_for(run_id: int, seconds: float = 60) -> PlanRun:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            run = PlanRun.objects.get(pk=run_id)
        except OperationalError:  # the in-memory test database's table lock: look again
            run = None
        if run is not None and run.finished_at is not None:
            return run
        time.sleep(0.2)
    raise AssertionError(f"plan run {run_id} did not finish in {seconds} s")


@pytest.mark.django_db(transaction=True)
def test_a_run_makes_every_plan_on_the_task_queue(world):
    add_week(world)
    broken = add_broken_therapist(world)
    run = runs.start_run(district=world.district, actor=world.coordinator, seconds_per_plan=1)
    assert jobs.run_pending() == 1  # what a worker (manage.py run_worker) does
    run = wait_for(run.pk)
    got = {
        i.provider.username: (i.status, i.placed_minutes, i.total_minutes)
        for i in run.items.select_related("provider")
    }
    assert got == {
        "otr": ("done", 30, 30),
        # Maya has an OT and a COTA; nobody plans her yet, so she is in the OT's plan only.
        "cota": ("done", 0, 0),
        broken.username: ("failed", 0, 0),
    }
    job = run.job
    job.refresh_from_db()
    assert (job.kind, job.status, job.done, job.total, job.attempts) == (
        "scheduling.plan_run",
        "done",
        3,
        3,
        1,
    )
    assert job.result == {"ready": 2, "failed": 1}
    assert (job.label, job.owner, job.district) == (
        "Weekly plans for 3 therapists",
        world.coordinator,
        world.district,
    )
    for item in run.items.filter(status="done"):
        assert item.started_at is not None
        assert item.started_at <= item.finished_at <= run.finished_at
        built = build_instance(item.provider, today=dt.date.today())
        plan = Plan(placements=[Placement(*r) for r in item.placements], unplaced={})
        assert violations(built.instance, plan) == []


@pytest.mark.django_db(transaction=True)
def test_run_plans_command_makes_queued_plans_and_finishes_the_run(world):
    add_week(world)
    # A run whose thread never started (the server restarted): queued items only.
    run = PlanRun.objects.create(
        district=world.district, started_by=world.coordinator, seconds_per_plan=1
    )
    queued = PlanRunItem.objects.create(run=run, provider=world.therapist)
    stuck = PlanRunItem.objects.create(
        run=run,
        provider=world.cota,
        status=Status.RUNNING,
        started_at=dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC),
        placed_minutes=15,
    )
    call_command("run_plans")
    queued.refresh_from_db()
    stuck.refresh_from_db()
    run.refresh_from_db()
    assert (queued.status, queued.placed_minutes) == ("done", 30)
    # The COTA's plan leaves Maya to the OT (nobody plans her yet).
    assert (stuck.status, stuck.placed_minutes) == ("done", 0)
    assert run.finished_at is not None


@pytest.mark.django_db(transaction=True)
def test_a_run_started_again_after_its_worker_died_remakes_the_half_made_plan(world):
    add_week(world)
    run = runs.start_run(district=world.district, actor=world.coordinator, seconds_per_plan=1)
    # The first worker made the COTA's plan, was half-way through the OT's, and died; the
    # other workers put the job's task back on the queue (otdesk/jobs/worker.py).
    PlanRunItem.objects.filter(run=run, provider=world.cota).update(
        status=Status.DONE, finished_at=dt.datetime(2026, 10, 9, 20, 0, tzinfo=dt.UTC)
    )
    half = run.items.get(provider=world.therapist)
    PlanRunItem.objects.filter(pk=half.pk).update(
        status=Status.RUNNING,
        started_at=dt.datetime(2026, 10, 9, 20, 0, tzinfo=dt.UTC),
        placed_minutes=15,
    )
    Job.objects.filter(pk=run.job_id).update(attempts=1, status="queued")
    assert jobs.run_pending() == 1
    half.refresh_from_db()
    run.refresh_from_db()
    assert (half.status, half.placed_minutes) == ("done", 30)
    assert run.finished_at is not None
    job = Job.objects.get(pk=run.job_id)
    assert (job.status, job.attempts, job.done, job.total) == ("done", 2, 2, 2)
    assert job.result == {"ready": 2, "failed": 0}


@pytest.mark.django_db(transaction=True)
def test_a_run_in_two_shares_makes_each_plan_once(world, settings):
    settings.OTDESK_PLAN_RUN_SHARES = 2  # two workers
    add_week(world)
    run = runs.start_run(district=world.district, actor=world.coordinator, seconds_per_plan=1)
    shares = list(Job.objects.filter(kind="scheduling.plan_run").order_by("pk"))
    assert [j.label for j in shares] == [
        "Weekly plans for 2 therapists (share 1 of 2)",
        "Weekly plans for 2 therapists (share 2 of 2)",
    ]
    assert run.job_id == shares[0].pk
    assert jobs.run_pending() == 2  # one worker here takes both shares, one after the other
    run.refresh_from_db()
    items = list(run.items.all())
    assert {(i.status, i.claimed_by) for i in items} == {("done", shares[0].pk)}
    assert run.finished_at is not None
    for job in shares:
        job.refresh_from_db()
        assert (job.status, job.result) == ("done", {"ready": 2, "failed": 0})


@pytest.mark.django_db(transaction=True)
def test_a_share_started_again_puts_back_only_its_own_half_made_plans(world, settings):
    settings.OTDESK_PLAN_RUN_SHARES = 2
    add_week(world)
    run = runs.start_run(district=world.district, actor=world.coordinator, seconds_per_plan=1)
    dead, alive = Job.objects.filter(kind="scheduling.plan_run").order_by("pk")
    started = dt.datetime(2026, 10, 9, 20, 0, tzinfo=dt.UTC)
    # The second share's worker is still making the COTA's plan; the first share's worker
    # died half-way through the OT's, and its task is back on the queue.
    theirs = run.items.get(provider=world.cota)
    mine = run.items.get(provider=world.therapist)
    PlanRunItem.objects.filter(pk=theirs.pk).update(
        status=Status.RUNNING, started_at=started, placed_minutes=10, claimed_by=alive.pk
    )
    PlanRunItem.objects.filter(pk=mine.pk).update(
        status=Status.RUNNING, started_at=started, placed_minutes=15, claimed_by=dead.pk
    )
    DBTaskResult.objects.filter(pk=alive.task_result_id).update(status="RUNNING")
    Job.objects.filter(pk=dead.pk).update(attempts=1, status="queued")
    assert jobs.run_pending() == 1  # the dead share only
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert (mine.status, mine.placed_minutes, mine.claimed_by) == ("done", 30, dead.pk)
    assert (theirs.status, theirs.placed_minutes, theirs.claimed_by) == ("running", 10, alive.pk)
    run.refresh_from_db()
    assert run.finished_at is None  # the COTA's plan is still being made
