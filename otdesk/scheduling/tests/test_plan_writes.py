"""The weekly plan's writes through delivery.services: one audit event per student concerned
for a plan put into use, a moved date, a move, a lock and a make-up; calendar feeds
audited; the generator's GET leaves everything as it was; bad ids are a 404, never a 500."""

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from otdesk.accounts.models import Role
from otdesk.core.models import AuditEvent
from otdesk.delivery import services as delivery
from otdesk.delivery.models import MissedSession, PlannedSession
from otdesk.scheduling.models import CalendarFeed, PlanProposal, PlanRun, PlanRunItem
from otdesk.schools.models import SchoolAssignment
from otdesk.students.models import TeamRole
from otdesk.testing import factories as f
from otdesk.testing.login import sign_in

pytestmark = pytest.mark.django_db
CHICAGO = zoneinfo.ZoneInfo("America/Chicago")
TODAY = dt.date(2026, 11, 18)  # a Wednesday
MONDAY = dt.date(2026, 11, 23)


@pytest.fixture(autouse=True)
def on_a_wednesday():
    with time_machine.travel(dt.datetime(2026, 11, 18, 16, 0, tzinfo=CHICAGO), tick=False):
        yield


@pytest.fixture
def group(world):
    """Maya and Leo in one pull-out group of the therapist's on Mondays at 9:30."""
    leo = f.make_student(world.school, world.student.classroom, first_name="Leo")
    f.make_line(f.make_iep(leo), minutes=30)
    f.add_to_team(leo, world.therapist, TeamRole.OT)
    world.leo = leo
    world.planned = f.make_planned(
        world.therapist,
        world.school,
        [world.student, leo],
        session_type="pull_out_group",
        location="therapy_room",
    )
    return world


def events(action: str | None = None) -> list[tuple[int | None, str]]:
    rows = AuditEvent.objects.order_by("student_id", "pk")
    if action is not None:
        rows = rows.filter(action=action)
    return [(e.student_id, e.summary) for e in rows]


def test_a_move_is_audited_once_for_each_student(group):
    delivery.move_planned_session(
        actor=group.therapist,
        planned=group.planned,
        weekday=2,
        start=dt.time(10, 15),
        on_date=None,
        today=TODAY,
    )
    words = "Moved a planned session from Monday 09:30 to Wednesday 10:15 and locked it"
    assert events() == [(group.student.pk, words), (group.leo.pk, words)]


def test_a_lock_and_an_unlock_are_audited_once_for_each_student(group):
    assert delivery.set_planned_lock(actor=group.therapist, planned=group.planned, locked=True)
    # Locking a locked session changes nothing and writes nothing.
    assert not delivery.set_planned_lock(actor=group.therapist, planned=group.planned, locked=True)
    delivery.set_planned_lock(actor=group.therapist, planned=group.planned, locked=False)
    summaries = [summary.split(" the planned")[0] for _, summary in events()]
    assert [pk for pk, _ in events()] == [group.student.pk] * 2 + [group.leo.pk] * 2
    assert summaries == ["Locked", "Unlocked", "Locked", "Unlocked"]


def test_another_therapist_cannot_move_or_lock_the_session(group):
    with pytest.raises(ValidationError, match="Only the therapist whose plan it is on"):
        delivery.set_planned_lock(actor=group.cota, planned=group.planned, locked=True)
    group.planned.refresh_from_db()
    assert not group.planned.locked
    assert events() == []


def test_a_plan_put_into_use_is_audited_once_for_each_student_concerned(group):
    """Maya and Leo's old group ends; the new plan has Maya alone; both hear of it, once."""
    [new] = delivery.replace_weekly_plan(
        actor=group.therapist,
        starts_on=MONDAY,
        sessions=[
            delivery.WeeklySession(
                students=[group.student],
                weekday=1,
                start=dt.time(9, 30),
                minutes=30,
                school_id=group.school.pk,
                classroom_id=group.student.classroom_id,
                session_type="push_in",
                location="general_ed",
                active_until=dt.date(2027, 6, 30),
                reason="push-in during writing",
                weeks="1234",
            )
        ],
    )
    group.planned.refresh_from_db()
    assert group.planned.active_until == MONDAY - dt.timedelta(days=1)
    assert (new.weekday, new.start, new.active_from) == (1, dt.time(9, 30), MONDAY)
    words = "Put a weekly plan into use from Mon 23 Nov 2026: 1 sessions"
    assert events() == [(group.student.pk, words), (group.leo.pk, words)]


def test_a_moved_date_is_audited_once_for_each_student(group):
    moved = delivery.move_weekly_date(
        actor=group.therapist,
        weekly=group.planned,
        day=MONDAY,
        start=dt.time(10, 15),
        reason="Moved from 9:30: IEP meeting 9:00–10:00",
    )
    group.planned.refresh_from_db()
    assert group.planned.skip_dates == ["2026-11-23"]
    assert (moved.active_from, moved.active_until, moved.replaces) == (
        MONDAY,
        MONDAY,
        group.planned,
    )
    assert set(moved.students.all()) == {group.student, group.leo}
    words = (
        "Moved the weekly session of 9:30 on Mon 23 Nov 2026 to 10:15: Moved from 9:30: "
        "IEP meeting 9:00–10:00"
    )
    assert events() == [(group.student.pk, words), (group.leo.pk, words)]


def test_a_make_up_booked_and_cancelled_is_audited_for_its_student(group):
    miss = MissedSession.objects.create(
        student=group.student,
        provider=group.therapist,
        service_line=group.iep.service_lines.filter(kind="direct").get(),
        date=dt.date(2026, 11, 16),
        minutes=30,
        reason="provider_absent",
    )
    planned = delivery.book_makeup(
        actor=group.therapist,
        miss=miss,
        booking=delivery.MakeupBooking(
            day=MONDAY,
            start=dt.time(12, 5),
            minutes=30,
            classroom_id=None,
            session_type="pull_out_individual",
            location="therapy_room",
            reason="make-up for Mon 16 Nov",
        ),
    )
    assert (planned.locked, planned.makeup_for, list(planned.students.all())) == (
        True,
        miss,
        [group.student],
    )
    delivery.cancel_makeup(actor=group.therapist, planned=planned)
    assert not PlannedSession.objects.filter(pk=planned.pk).exists()
    assert events() == [
        (
            group.student.pk,
            "Booked a make-up on Mon 23 Nov 2026 12:05 for the miss of Mon 16 Nov 2026",
        ),
        (
            group.student.pk,
            "Cancelled the make-up booked on Mon 23 Nov 2026 12:05 for the miss of Mon 16 Nov 2026",
        ),
    ]


def test_a_new_feed_and_a_revoked_one_are_audited(client, world):
    client.force_login(world.therapist)
    assert client.post(reverse("scheduling:feed_new")).status_code == 302
    first = CalendarFeed.objects.get()
    assert client.post(reverse("scheduling:feed_new")).status_code == 302
    second = CalendarFeed.objects.get(revoked_at__isnull=True)
    assert client.post(reverse("scheduling:feed_revoke")).status_code == 302
    rows = AuditEvent.objects.filter(object_type="scheduling.calendarfeed").order_by("pk")
    assert [(e.action, e.object_id, e.student_id, e.summary) for e in rows] == [
        ("create", first.pk, None, "Made a new calendar feed link"),
        ("void", first.pk, None, "Revoked a calendar feed link"),
        ("create", second.pk, None, "Made a new calendar feed link"),
        ("void", second.pk, None, "Revoked a calendar feed link"),
    ]
    assert not CalendarFeed.objects.filter(revoked_at__isnull=True).exists()


def test_the_generator_get_solves_nothing_and_leaves_nothing_written(client, world):
    SchoolAssignment.objects.create(
        person=world.therapist, school=world.school, start_date=dt.date(2026, 8, 17)
    )
    for day in range(5):
        f.make_block(world.school, weekday=day, start=dt.time(9), end=dt.time(11))
    client.force_login(world.therapist)
    url = reverse("scheduling:generate")
    assert client.get(url).status_code == 200
    assert not PlanProposal.objects.exists()  # the page offers the button; nothing is solved
    client.post(url)
    proposal = PlanProposal.objects.get()
    before = (AuditEvent.objects.count(), PlannedSession.objects.count())
    # What the plan is made from changes; a GET shows the kept proposal (with its preview,
    # a dry run) and solves nothing again.
    f.make_fixed_time(world.therapist, weekday=2, start=dt.time(9), end=dt.time(10))
    page = client.get(url).content.decode()
    again = PlanProposal.objects.get()
    assert (again.created_at, again.placements) == (proposal.created_at, proposal.placements)
    assert (AuditEvent.objects.count(), PlannedSession.objects.count()) == before
    assert "Use this plan" in page


def test_an_unusual_digit_in_an_id_is_a_404_not_a_server_error(client, world):
    SchoolAssignment.objects.create(
        person=world.therapist, school=world.school, start_date=dt.date(2026, 8, 17)
    )
    client.force_login(world.therapist)
    url = reverse("scheduling:setup_block_add", args=[world.school.pk])
    response = client.get(f"{url}?classroom=²")
    assert response.status_code == 404
    assert b"No such classroom in this school." in response.content
    room = world.student.classroom
    assert client.get(f"{url}?classroom={room.pk}").status_code == 200
    assert client.get(f"{url}?classroom=").status_code == 200


def test_a_run_proposal_with_an_odd_activity_key_still_shows(client, world):
    """Stored keys are read with the one id parser: 'line-²' names no line, and the page
    says so rather than failing."""
    run = PlanRun.objects.create(district=world.district, started_by=world.coordinator)
    item = PlanRunItem.objects.create(
        run=run,
        provider=world.therapist,
        status=PlanRunItem.Status.DONE,
        placements=[["line-²", 0, 570, 30, str(world.school.pk), "push-in"]],
    )
    client.force_login(world.therapist)
    response = client.get(reverse("scheduling:run_proposal", args=[item.pk]))
    assert response.status_code in (200, 409)
    assert "A student no longer on your caseload" in response.content.decode()


def test_a_coordinator_is_refused_the_generator(client, world):
    assert world.coordinator.role == Role.COORDINATOR
    sign_in(client, world.coordinator)
    assert client.get(reverse("scheduling:generate")).status_code == 404
