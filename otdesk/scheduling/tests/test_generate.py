"""Generating a therapist's weekly plan from the database, and using it."""

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.urls import reverse

from otdesk.delivery.models import PlannedSession
from otdesk.scheduling.build import build_instance
from otdesk.scheduling.checker import violations
from otdesk.scheduling.cpsat import solve_cpsat
from otdesk.schools.models import BellBlock, SchoolAssignment

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_october():
    when = dt.datetime(2026, 10, 9, 15, 0, tzinfo=zoneinfo.ZoneInfo("America/Chicago"))
    with time_machine.travel(when, tick=False):
        yield


@pytest.fixture
def week(world):
    for day in range(5):
        for name, kind, start, end in [
            ("Reading", "reading", (8, 30), (9, 30)),
            ("Writing", "writing", (9, 30), (10, 15)),
            ("Math", "math", (10, 35), (11, 35)),
            ("Centers", "centers", (12, 5), (12, 50)),
        ]:
            BellBlock.objects.create(
                school=world.school,
                weekday=day,
                name=name,
                kind=kind,
                start=dt.time(*start),
                end=dt.time(*end),
            )
    SchoolAssignment.objects.create(
        person=world.therapist,
        school=world.school,
        start_date=dt.date(2026, 8, 17),
        days="Mon Wed",
    )
    return world


def use_plan(client, shown):  # type: ignore[no-untyped-def]
    """Press 'Use this plan' on the page shown."""
    return client.post(reverse("scheduling:generate"), {"plan": shown.context["token"]})


def test_an_old_or_altered_proposal_is_not_used(client, week):
    client.force_login(week.therapist)
    response = client.post(reverse("scheduling:generate"), {"plan": "made-up"})
    assert response.status_code == 200
    assert [str(m) for m in response.context["messages"]] == [
        "That proposal is too old to use. Here is a fresh one: check it again."
    ]
    assert not PlannedSession.objects.exists()


def test_generated_plan_puts_the_fine_motor_push_in_in_writing(week):
    built = build_instance(week.therapist, today=dt.date(2026, 10, 9))
    plan = solve_cpsat(built.instance, seconds=5, seed=1, workers=1)
    assert violations(built.instance, plan) == []
    [p] = plan.placements
    assert (p.day in (0, 2), p.minutes) == (True, 30)
    assert p.reason == "push-in during writing block: matches the manipulation / fine motor goal"


def test_using_the_plan_replaces_unlocked_sessions_and_keeps_locked(client, week):
    kept = PlannedSession.objects.create(
        provider=week.therapist,
        weekday=0,
        start=dt.time(9, 30),
        minutes=30,
        school=week.school,
        session_type="push_in",
        location="general_ed",
        active_from=dt.date(2026, 9, 1),
        locked=True,
    )
    kept.students.set([week.student])
    from otdesk.students.models import TeamRole
    from otdesk.testing import factories as f

    ben = f.make_student(week.school, week.student.classroom, first_name="Ben", last_name="B")
    f.make_line(f.make_iep(ben), minutes=30)
    f.add_to_team(ben, week.therapist, TeamRole.OT)
    client.force_login(week.therapist)
    response = client.get(reverse("scheduling:generate"))
    # Maya's weekly session is the locked one: only Ben's line is placed.
    assert "30 of 30 minutes a week placed" in response.content.decode()
    assert use_plan(client, response).status_code == 302
    current = PlannedSession.objects.exclude(active_until__lt=dt.date(2026, 10, 9)).order_by("pk")
    assert [list(p.students.all()) for p in current] == [[week.student], [ben]]
    assert current[0] == kept
    new = current[1]
    assert (new.weekday, new.start) != (0, dt.time(9, 30))  # the locked time stays free
    assert new.reason.startswith("push-in during")
    assert new.active_until == ben.ieps.get().service_lines.get().end_date  # ends with the line
    for persona in ("teacher", "aide", "parent", "coordinator"):
        client.force_login(getattr(week, persona))
        assert client.get(reverse("scheduling:generate")).status_code == 404


def test_pull_out_group_lines_are_grouped_by_school_grade_and_goal_area(client, week):
    from otdesk.scheduling.build import build_instance as build
    from otdesk.students.models import TeamRole
    from otdesk.testing import factories as f

    made = []
    for first, grade, area in [
        ("Ava", "2", "fine_motor"),
        ("Ben", "3", "fine_motor"),
        ("Cal", "5", "fine_motor"),
        ("Dee", "2", "sensory"),
    ]:
        student = f.make_student(week.school, first_name=first, last_name="Group", grade=grade)
        iep = f.make_iep(student)
        f.make_line(
            iep,
            delivery_model="pull_out",
            location="therapy_room",
            group_size=3,
            pull_out_reason="skill_gap",
        )
        f.make_goal(iep, area=area)
        f.add_to_team(student, week.therapist, TeamRole.OT)
        made.append(student)
    built = build(week.therapist, today=dt.date(2026, 10, 9))
    groups = sorted(
        sorted(s.iep.student.known_as for s in unit)
        for unit in built.lines.values()
        if unit[0].delivery_model == "pull_out"
    )
    # Ava and Ben: close grades, both fine motor. Cal is three grades up; Dee's goal differs.
    assert groups == [["Ava", "Ben"], ["Cal"], ["Dee"]]
    client.force_login(week.therapist)
    assert use_plan(client, client.get(reverse("scheduling:generate"))).status_code == 302
    grouped = PlannedSession.objects.get(session_type="pull_out_group")
    assert sorted(s.known_as for s in grouped.students.all()) == ["Ava", "Ben"]


def test_a_one_off_meeting_on_a_planned_session_is_named(client, week):
    from otdesk.scheduling.models import FixedTime

    # Monday mornings are kept for documentation, so Maya's session lands on Wednesday.
    FixedTime.objects.create(
        provider=week.therapist,
        kind="protected",
        title="Documentation",
        weekday=0,
        start=dt.time(8),
        end=dt.time(13),
    )
    FixedTime.objects.create(
        provider=week.therapist,
        title="IEP meeting",
        weekday=2,
        start=dt.time(9),
        end=dt.time(10),
        date=dt.date(2026, 10, 14),
    )
    client.force_login(week.therapist)
    response = client.get(reverse("scheduling:generate"))
    assert response.context["meetings"] == [
        "Wed 14 Oct 2026, IEP meeting 09:00–10:00: Maya Lopez at 09:30 that day"
    ]
    assert "One-off meetings in the way" in response.content.decode()
