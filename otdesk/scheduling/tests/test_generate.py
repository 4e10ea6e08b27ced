"""Generating a therapist's weekly plan from the database, keeping the proposal, and using
it so that it keeps every rule on every date from its first day."""

import datetime as dt
import json
import os
import subprocess
import sys
import zoneinfo
from pathlib import Path

import pytest
import time_machine
from django.db.models import F
from django.urls import reverse
from icalendar import Calendar

from otdesk.accounts.models import Role
from otdesk.core.dates import nice_date
from otdesk.core.models import AuditEvent
from otdesk.delivery.calendar import Span
from otdesk.delivery.compliance import ComplianceSource
from otdesk.delivery.models import MissedSession, MissReason, PlannedSession
from otdesk.scheduling import rules, services
from otdesk.scheduling.build import build_instance
from otdesk.scheduling.checker import violations
from otdesk.scheduling.cpsat import solve_cpsat
from otdesk.scheduling.models import CalendarFeed, FixedTime, PlanProposal
from otdesk.schools.models import SchoolAssignment
from otdesk.students.models import TeamRole
from otdesk.testing import factories as f
from otdesk.testing.login import sign_in

pytestmark = pytest.mark.django_db
GENERATE = reverse("scheduling:generate")
USE = reverse("scheduling:use_proposal")
DROP = reverse("scheduling:drop_proposal")
TODAY = dt.date(2026, 10, 9)  # a Friday, at 15:00
MONDAY = dt.date(2026, 10, 12)  # the next school day
WEDNESDAY = dt.date(2026, 10, 14)


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
            f.make_block(
                world.school,
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


@pytest.fixture
def wednesdays(week):
    """Monday mornings are kept for documentation, so Maya's push-in lands on Wednesday
    at 9:30 in writing (her fine-motor goal)."""
    f.make_fixed_time(
        week.therapist, kind="protected", title="Documentation", start=dt.time(8), end=dt.time(13)
    )
    return week


def html(response) -> str:  # type: ignore[no-untyped-def]
    return response.content.decode()


def make(client):  # type: ignore[no-untyped-def]
    """Press 'Make a plan'; the page it leads to."""
    response = client.post(GENERATE)
    assert (response.status_code, response.url) == (302, GENERATE)
    return client.get(GENERATE)


def use(client, day: dt.date = MONDAY):  # type: ignore[no-untyped-def]
    """Press 'Use this plan' with the start date shown."""
    proposal = PlanProposal.objects.get()
    return client.post(
        USE,
        {
            "starts_on": day.isoformat(),
            "previewed": day.isoformat(),
            "made": proposal.created_at.isoformat(),
        },
    )


def weekly(provider):  # type: ignore[no-untyped-def]
    """The provider's weekly sessions (not one-offs) from Monday on."""
    return (
        PlannedSession.objects.filter(provider=provider)
        .exclude(active_until__lt=MONDAY)
        .exclude(active_from=F("active_until"))
    )


def test_the_page_solves_only_when_asked_and_keeps_the_proposal(client, week):
    client.force_login(week.therapist)
    page = html(client.get(GENERATE))
    assert '<button type="submit" class="primary">Make a plan</button>' in page
    assert "Use this plan" not in page
    assert not PlanProposal.objects.exists()
    page = html(make(client))
    proposal = PlanProposal.objects.get(provider=week.therapist)
    assert "30 of 30 minutes a week placed" in page
    assert "Made Fri 9 Oct 2026 at 15:00" in page
    # Loading the page again shows the same proposal; nothing is solved again.
    again = html(client.get(GENERATE))
    assert PlanProposal.objects.get().created_at == proposal.created_at
    table = page[page.index("<table") :]
    assert again[again.index("<table") :] == table
    event = AuditEvent.objects.get(object_type="scheduling.planproposal")
    assert event.summary == "Made a weekly plan proposal: 30 of 30 minutes a week placed"


def test_the_same_facts_give_the_same_plan(client, week):
    for first in ("Ben", "Cal", "Dee"):
        student = f.make_student(week.school, week.student.classroom, first_name=first)
        f.make_line(f.make_iep(student), minutes=30)
        f.add_to_team(student, week.therapist, TeamRole.OT)
    first = services.make_proposal(provider=week.therapist, today=TODAY)
    placements, fingerprint = first.placements, first.fingerprint
    again = services.make_proposal(provider=week.therapist, today=TODAY)
    assert (again.placements, again.fingerprint) == (placements, fingerprint)
    assert PlanProposal.objects.count() == 1
    client.force_login(week.therapist)
    client.post(GENERATE)
    messages = [str(m) for m in client.get(GENERATE).context["messages"]]
    assert messages == [
        "Nothing the plan is made from has changed since the last proposal, so the plan is "
        "the same."
    ]
    # A changed fact changes the fingerprint, and the page says the proposal is behind.
    f.make_fixed_time(week.therapist, title="Team", weekday=2)
    page = html(client.get(GENERATE))
    assert "Something has changed since this plan was made" in page
    assert services.inputs_fingerprint(build_instance(week.therapist, today=TODAY)) != (fingerprint)


SOLVE_IN_A_FRESH_PROCESS = """
import dataclasses, json, sys
sys.path.insert(0, {root!r})
from bench.scheduling import planted
from otdesk.scheduling.cpsat import solve_cpsat
from otdesk.scheduling.engine import fingerprint
instance = planted(20, 2, 1)
plan = solve_cpsat(instance, seconds=60, seed=1, workers=1, deterministic=0.3)
rows = sorted(map(dataclasses.astuple, plan.placements))
print(json.dumps([fingerprint(instance), rows, plan.status]))
"""


def test_a_week_gives_the_same_plan_whatever_the_string_hashes():
    """Python salts string hashes per process: nothing in the instance, the greedy plan or
    the search may depend on the order of a set or dict of strings."""
    root = str(Path(__file__).resolve().parents[3])
    results = []
    for seed in ("1", "2"):
        out = subprocess.run(
            [sys.executable, "-c", SOLVE_IN_A_FRESH_PROCESS.format(root=root)],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        results.append(json.loads(out.stdout))
    assert results[0] == results[1]
    assert results[0][2] == "feasible"  # stopped by the deterministic limit, not optimal


def test_a_proposal_is_dropped_and_the_weekly_plan_stays(client, week):
    client.force_login(week.therapist)
    make(client)
    response = client.post(DROP)
    assert (response.status_code, response.url) == (302, GENERATE)
    assert not PlanProposal.objects.exists()
    assert not PlannedSession.objects.exists()
    assert [str(m) for m in client.get(GENERATE).context["messages"]] == [
        "Dropped the proposal. Your weekly plan is as it was."
    ]


def test_the_generator_is_the_therapists_own(client, week):
    client.force_login(week.therapist)
    make(client)
    for persona in ("teacher", "aide", "parent", "coordinator"):
        sign_in(client, getattr(week, persona))
        assert client.get(GENERATE).status_code == 404
        assert client.post(GENERATE).status_code == 404
        assert client.post(USE, {"starts_on": "2026-10-12"}).status_code == 404
        assert client.post(DROP).status_code == 404
    # Another therapist sees no proposal but her own, and cannot use or drop this one.
    client.force_login(week.outsider)
    assert "Make a plan" in html(client.get(GENERATE))
    client.post(DROP)
    response = client.post(USE, {"starts_on": "2026-10-12", "previewed": "2026-10-12"})
    assert response.status_code == 302
    assert PlanProposal.objects.get().provider == week.therapist
    assert not PlannedSession.objects.exists()


def test_generated_plan_puts_the_fine_motor_push_in_in_writing(week):
    built = build_instance(week.therapist, today=TODAY)
    plan = solve_cpsat(built.instance, seconds=5, seed=1, workers=1)
    assert violations(built.instance, plan) == []
    [p] = plan.placements
    assert (p.day in (0, 2), p.minutes) == (True, 30)
    assert p.reason == "push-in during writing block: matches the manipulation / fine motor goal"


def test_using_the_plan_replaces_unlocked_sessions_and_keeps_locked(client, week):
    kept = f.make_planned(week.therapist, week.school, [week.student], locked=True)
    ben = f.make_student(week.school, week.student.classroom, first_name="Ben", last_name="B")
    f.make_line(f.make_iep(ben), minutes=30)
    f.add_to_team(ben, week.therapist, TeamRole.OT)
    client.force_login(week.therapist)
    # Maya's weekly session is the locked one: only Ben's line is placed.
    assert "30 of 30 minutes a week placed" in html(make(client))
    assert use(client).status_code == 302
    current = weekly(week.therapist).order_by("pk")
    assert [list(p.students.all()) for p in current] == [[week.student], [ben]]
    assert current[0] == kept
    new = current[1]
    assert (new.weekday, new.start) != (0, dt.time(9, 30))  # the locked time stays free
    assert new.reason.startswith("push-in during")
    assert new.active_from == MONDAY
    assert new.active_until == ben.ieps.get().service_lines.get().end_date  # ends with the line
    assert not PlanProposal.objects.exists()  # used up


def test_todays_sessions_stay_and_the_plan_starts_on_the_next_school_day(client, wednesdays):
    week = wednesdays
    today = f.make_planned(
        week.therapist,
        week.school,
        [week.student],
        weekday=4,  # Friday: today, not logged yet
        start=dt.time(15, 30),
        session_type="pull_out_individual",
        location="therapy_room",
    )
    client.force_login(week.therapist)
    page = html(make(client))
    assert 'name="starts_on" value="2026-10-12"' in page
    assert "From <strong>Mon 12 Oct 2026</strong> your week gets 1 generated session" in page
    response = use(client)
    assert (response.status_code, response.url) == (302, reverse("delivery:plan"))
    today.refresh_from_db()
    # Today's session is where it was, and happens today; the old plan ends on Sunday.
    assert (today.start, today.active_until) == (dt.time(15, 30), dt.date(2026, 10, 11))
    assert today.active_on(TODAY)
    [new] = weekly(week.therapist).filter(active_from=MONDAY)
    assert (new.weekday, new.start) == (2, dt.time(9, 30))
    assert [str(m) for m in client.get(reverse("delivery:plan")).context["messages"]] == [
        "Your weekly plan now has 1 generated sessions from Mon 12 Oct 2026; your earlier "
        "plan runs until Sun 11 Oct 2026."
    ]
    event = AuditEvent.objects.filter(summary__startswith="Put a weekly plan").get()
    assert event.summary == "Put a weekly plan into use from Mon 12 Oct 2026: 1 sessions"


@pytest.mark.parametrize(
    "day, error",
    [
        ("2026-10-09", "Choose a date after today (Fri 9 Oct 2026): today&#x27;s sessions stay"),
        ("2026-10-01", "Choose a date after today (Fri 9 Oct 2026): today&#x27;s sessions stay"),
        ("2027-08-02", "Choose a date in this school year, which ends"),
        ("", "Enter the date the new plan starts."),
        ("next week", "Enter the date the new plan starts, such as 2026-12-07."),
    ],
)
def test_a_plan_never_starts_today_or_earlier(client, week, day, error):
    client.force_login(week.therapist)
    make(client)
    response = client.post(USE, {"starts_on": day, "previewed": day})
    assert response.status_code == 400
    assert error in html(response)
    assert not PlannedSession.objects.exists()
    assert PlanProposal.objects.exists()


def test_another_start_date_is_shown_before_it_is_used(client, wednesdays):
    client.force_login(wednesdays.therapist)
    make(client)
    made = PlanProposal.objects.get().created_at.isoformat()
    response = client.post(
        USE, {"starts_on": "2026-10-21", "previewed": "2026-10-12", "made": made}
    )
    assert response.status_code == 200
    assert "From <strong>Wed 21 Oct 2026</strong>" in html(response)
    assert not PlannedSession.objects.exists()
    use(client, dt.date(2026, 10, 21))
    assert PlannedSession.objects.get().active_from == dt.date(2026, 10, 21)


def _miss_with_makeup(week, student, day: dt.date, start: dt.time) -> PlannedSession:  # type: ignore[no-untyped-def]
    miss = MissedSession.objects.create(
        student=student,
        service_line=student.ieps.get().service_lines.filter(kind="direct").get(),
        provider=week.therapist,
        date=dt.date(2026, 10, 7),
        minutes=30,
        reason=MissReason.PROVIDER_ABSENT,
    )
    makeup = f.make_planned(
        week.therapist,
        week.school,
        [student],
        weekday=day.weekday(),
        start=start,
        session_type="pull_out_individual",
        location="therapy_room",
        active_from=day,
        active_until=day,
        locked=True,
        makeup_for=miss,
    )
    return makeup


def test_one_offs_in_the_weeks_ahead_get_their_own_moved_session(client, wednesdays):
    week = wednesdays
    ben = f.make_student(week.school, week.student.classroom, first_name="Ben", last_name="B")
    f.make_line(f.make_iep(ben), minutes=30)
    f.make_fixed_time(
        week.therapist,
        title="IEP meeting",
        weekday=2,
        start=dt.time(9),
        end=dt.time(10),
        date=WEDNESDAY,
    )
    # A booked make-up for another student on Maya's time a week later, and a whole day
    # of training the week after: nothing fits that day.
    _miss_with_makeup(week, ben, dt.date(2026, 10, 21), dt.time(9, 45))
    f.make_fixed_time(
        week.therapist,
        title="District training",
        weekday=2,
        start=dt.time(7),
        end=dt.time(16),
        date=dt.date(2026, 10, 28),
    )
    client.force_login(week.therapist)
    page = html(make(client))
    moves = [
        "Wed 14 Oct 2026: Maya Lopez moves from 9:30 to 8:30 that day (IEP meeting 9:00–10:00).",
        "Wed 21 Oct 2026: Maya Lopez moves from 9:30 to 9:00 that day "
        "(make-up session (BB) 9:45–10:15).",
    ]
    unkept = (
        "Wed 28 Oct 2026: Maya Lopez at 9:30 falls on District training 7:00–16:00, and no "
        "other time that day keeps every rule. Move it from your week calendar, or record it "
        "as missed."
    )
    # The summary names every change before the plan is used.
    for text in moves:
        assert text in page
    assert f"Not kept: {unkept}" in page
    assert use(client).status_code == 302
    [weekly_session] = weekly(week.therapist)
    assert (weekly_session.weekday, weekly_session.start) == (2, dt.time(9, 30))
    assert weekly_session.skip_dates == ["2026-10-14", "2026-10-21"]
    moved = list(weekly_session.moved_dates.order_by("active_from"))
    assert [(m.active_from, m.active_until, m.start, m.reason) for m in moved] == [
        (WEDNESDAY, WEDNESDAY, dt.time(8, 30), "Moved from 9:30: IEP meeting 9:00–10:00"),
        (
            dt.date(2026, 10, 21),
            dt.date(2026, 10, 21),
            dt.time(9),
            "Moved from 9:30: make-up session (BB) 9:45–10:15",
        ),
    ]
    assert [list(m.students.all()) for m in moved] == [[week.student]] * 2
    messages = [str(m) for m in client.get(reverse("delivery:plan")).context["messages"]]
    assert messages[1] == (
        "2 dates got their own time because of a one-off meeting or session: " + " ".join(moves)
    )
    assert messages[2] == unkept
    # On every date of the term, each of the therapist's sessions keeps every rule but the
    # day nothing fits.
    sessions = list(PlannedSession.objects.filter(provider=week.therapist))
    broken = []
    day = MONDAY
    while day <= dt.date(2026, 12, 18):
        for planned in sessions:
            if planned.active_on(day):
                found = rules.problems(
                    rules.Proposal(
                        provider=week.therapist,
                        students=list(planned.students.all()),
                        school=planned.school,
                        session_type=planned.session_type,
                        classroom=planned.classroom,
                        weekday=planned.weekday,
                        start=planned.start,
                        minutes=planned.minutes,
                        on_date=day,
                        ignore=planned.pk,
                    ),
                    today=TODAY,
                )
                if found:
                    broken.append((day, planned.start))
        day += dt.timedelta(days=1)
    assert broken == [(dt.date(2026, 10, 28), dt.time(9, 30))]
    # Today and the week calendar show why the session moved.
    today_page = html(client.get(reverse("delivery:week") + "?week=2026-10-14"))
    assert "Moved from 9:30: IEP meeting 9:00–10:00" in today_page
    calendar = html(client.get(reverse("scheduling:my_week") + "?week=2026-10-14"))
    assert "Moved from 9:30: IEP meeting 9:00–10:00" in calendar
    assert "Breaks a rule" not in calendar
    # The weekly plan says which dates each session skips, and when the moved ones happen.
    plan_page = html(client.get(reverse("delivery:plan")))
    ends = nice_date(weekly_session.active_until)
    assert (
        f"From Mon 12 Oct 2026, until {ends}, not on Wed 14 Oct 2026, Wed 21 Oct 2026</p>"
    ) in plan_page
    assert "On Wed 14 Oct 2026 only</p>" in plan_page


def test_a_students_one_off_with_another_therapist_moves_the_session(client, wednesdays):
    week = wednesdays
    f.make_planned(
        f.make_user(Role.OT, week.district, username="ot.two"),
        week.school,
        [week.student],
        weekday=2,
        session_type="pull_out_individual",
        location="therapy_room",
        active_from=WEDNESDAY,
        active_until=WEDNESDAY,
    )
    client.force_login(week.therapist)
    assert (
        "Wed 14 Oct 2026: Maya Lopez moves from 9:30 to 9:00 that day (Maya&#x27;s session "
        "with another therapist 9:30–10:00)."
    ) in html(make(client))


def test_the_next_plan_replaces_the_moved_sessions_from_its_start(client, wednesdays):
    week = wednesdays
    for day in (WEDNESDAY, dt.date(2026, 10, 21)):
        f.make_fixed_time(
            week.therapist,
            title="IEP meeting",
            weekday=2,
            start=dt.time(9),
            end=dt.time(10),
            date=day,
        )
    client.force_login(week.therapist)
    make(client)
    use(client)
    first = weekly(week.therapist).get()
    assert first.skip_dates == ["2026-10-14", "2026-10-21"]
    # A week later, a new plan from Mon 19 Oct: the moved 21 Oct goes with the old plan.
    with time_machine.travel(
        dt.datetime(2026, 10, 16, 15, tzinfo=zoneinfo.ZoneInfo("America/Chicago")), tick=False
    ):
        FixedTime.objects.filter(date=dt.date(2026, 10, 21)).delete()
        client.force_login(week.therapist)  # a week later: a new sign-in (idle limit)
        make(client)
        use(client, dt.date(2026, 10, 19))
    first.refresh_from_db()
    assert (first.active_until, first.skip_dates) == (dt.date(2026, 10, 18), ["2026-10-14"])
    assert list(
        PlannedSession.objects.filter(replaces__isnull=False).values_list("active_from", flat=True)
    ) == [WEDNESDAY]
    second = PlannedSession.objects.get(active_from=dt.date(2026, 10, 19))
    assert (second.weekday, second.start, second.skip_dates) == (2, dt.time(9, 30), [])


def test_a_proposal_that_no_longer_fits_is_not_used(client, wednesdays):
    client.force_login(wednesdays.therapist)
    make(client)
    SchoolAssignment.objects.filter(person=wednesdays.therapist).update(days="Mon Tue")
    page = html(client.get(GENERATE))
    assert "This plan no longer fits" in page
    assert "Use this plan</button>" not in page
    response = use(client)
    assert response.status_code == 409
    assert not PlannedSession.objects.exists()


def test_pull_out_group_lines_are_grouped_by_school_grade_and_goal_area(client, week):
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
    built = build_instance(week.therapist, today=TODAY)
    groups = sorted(
        sorted(s.iep.student.known_as for s in unit)
        for unit in built.lines.values()
        if unit[0].delivery_model == "pull_out"
    )
    # Ava and Ben: close grades, both fine motor. Cal is three grades up; Dee's goal differs.
    assert groups == [["Ava", "Ben"], ["Cal"], ["Dee"]]
    client.force_login(week.therapist)
    make(client)
    assert use(client).status_code == 302
    grouped = PlannedSession.objects.get(session_type="pull_out_group")
    assert sorted(s.known_as for s in grouped.students.all()) == ["Ava", "Ben"]


def test_a_moved_date_counts_once_in_the_minutes_planned_and_the_feed(client, wednesdays):
    week = wednesdays
    f.make_fixed_time(
        week.therapist,
        title="IEP meeting",
        weekday=2,
        start=dt.time(9),
        end=dt.time(10),
        date=WEDNESDAY,
    )
    client.force_login(week.therapist)
    make(client)
    use(client)
    line = week.student.ieps.get().service_lines.get(kind="direct")
    source = ComplianceSource(
        district=week.district, lines=[line], first=MONDAY, last=MONDAY, today=TODAY
    )
    # The week of the meeting: the moved session, not the weekly one as well.
    assert source.planned_left(line, Span("week", MONDAY, dt.date(2026, 10, 18))) == 30
    client.post(reverse("scheduling:feed_new"))
    feed = Calendar.from_ical(
        client.get(f"/calendar/{CalendarFeed.objects.get().token}.ics").content
    )
    events = {str(e["UID"]): e for e in feed.walk("VEVENT")}
    weekly_event = events[f"plan-{weekly(week.therapist).get().pk}@otdesk"]
    assert [d.dt.date() for d in weekly_event["EXDATE"].dts] == [WEDNESDAY]
    moved = PlannedSession.objects.get(replaces__isnull=False)
    assert events[f"plan-{moved.pk}@otdesk"].decoded("DTSTART").time() == dt.time(8, 30)


def test_a_second_press_of_use_changes_nothing(client, wednesdays):
    client.force_login(wednesdays.therapist)
    make(client)
    made = PlanProposal.objects.get().created_at.isoformat()
    form = {"starts_on": "2026-10-12", "previewed": "2026-10-12", "made": made}
    assert client.post(USE, form).status_code == 302
    ids = list(PlannedSession.objects.values_list("pk", flat=True))
    response = client.post(USE, form)
    assert (response.status_code, response.url) == (302, GENERATE)
    assert list(PlannedSession.objects.values_list("pk", flat=True)) == ids
    assert [str(m) for m in client.get(GENERATE).context["messages"]][-1] == (
        "That proposal was already used or dropped. Make a plan to see a new one."
    )


def test_a_locked_session_on_a_one_off_is_named_not_moved(client, wednesdays):
    week = wednesdays
    ben = f.make_student(week.school, week.student.classroom, first_name="Ben", last_name="B")
    f.make_line(f.make_iep(ben), minutes=30)
    f.add_to_team(ben, week.therapist, TeamRole.OT)
    kept = f.make_planned(
        week.therapist,
        week.school,
        [ben],
        weekday=2,
        start=dt.time(10, 35),
        classroom=week.student.classroom,
        locked=True,
    )
    f.make_fixed_time(
        week.therapist,
        title="IEP meeting",
        weekday=2,
        start=dt.time(10, 30),
        end=dt.time(11),
        date=WEDNESDAY,
    )
    client.force_login(week.therapist)
    page = html(make(client))
    assert (
        "Not kept: Wed 14 Oct 2026: your locked session with Ben B at 10:35 falls on IEP "
        "meeting 10:30–11:00. Move it from your week calendar, or record it as missed."
    ) in page
    use(client)
    kept.refresh_from_db()
    assert (kept.start, kept.skip_dates, kept.active_until) == (dt.time(10, 35), [], None)


def test_a_page_opened_before_a_newer_plan_does_not_use_it_unseen(client, wednesdays):
    client.force_login(wednesdays.therapist)
    make(client)
    form = {"starts_on": "2026-10-12", "previewed": "2026-10-12", "made": "2026-10-09T19:00"}
    response = client.post(USE, form)
    assert response.status_code == 200
    assert [str(m) for m in response.context["messages"]] == [
        "A newer plan was made since that page was opened: check it, then use it."
    ]
    assert not PlannedSession.objects.exists()
