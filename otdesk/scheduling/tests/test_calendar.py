"""Week calendars: the therapist's, a school's and a classroom's; moving, checking and
locking a session."""

import datetime as dt
import json
import zoneinfo
from html.parser import HTMLParser

import pytest
import time_machine
from django.urls import reverse

from otdesk.accounts.models import Role
from otdesk.core import chain
from otdesk.core.models import AuditEvent
from otdesk.delivery.models import PlannedSession, Session
from otdesk.scheduling.calendar_views import _default_start
from otdesk.schools.models import NonSchoolDay, SchoolAssignment
from otdesk.students.models import TeamRole
from otdesk.testing import factories as f
from otdesk.testing.login import sign_in

pytestmark = pytest.mark.django_db
CHICAGO = zoneinfo.ZoneInfo("America/Chicago")
TODAY = dt.date(2026, 11, 18)  # a Wednesday; its week is week 2 of the four-week cycle


@pytest.fixture(autouse=True)
def on_a_wednesday():
    with time_machine.travel(dt.datetime(2026, 11, 18, 16, 0, tzinfo=CHICAGO), tick=False):
        yield


class _Cards(HTMLParser):
    """The session cards of a week page: their classes and their text, spaces collapsed."""

    def __init__(self) -> None:
        super().__init__()
        self.cards: list[tuple[str, str]] = []
        self._depth = 0
        self._classes = ""
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = dict(attrs).get("class") or ""
        if tag in {"input", "br", "img"}:
            return
        if self._depth:
            self._depth += 1
        elif tag == "li" and "cal-card" in classes.split():
            self._depth, self._classes, self._text = 1, classes, []

    def handle_endtag(self, tag: str) -> None:
        if self._depth:
            self._depth -= 1
            if not self._depth:
                self.cards.append((self._classes, " ".join(" ".join(self._text).split())))

    def handle_data(self, data: str) -> None:
        if self._depth:
            self._text.append(data)


def cards(response) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    parser = _Cards()
    parser.feed(response.content.decode())
    return parser.cards


def session(world, **kwargs) -> PlannedSession:  # type: ignore[no-untyped-def]
    """The therapist's weekly push-in with Maya in her classroom, Mondays 9:30."""
    students = kwargs.pop("students", [world.student])
    provider = kwargs.pop("provider", world.therapist)
    school = kwargs.pop("school", world.school)
    return f.make_planned(
        provider, school, students, **{"classroom": world.student.classroom, **kwargs}
    )


@pytest.fixture
def cal(world):
    """A school day 8:00–15:00 with protected reading and math, the therapist there every day."""
    for day in range(5):
        for name, kind, start, end, protected in [
            ("Arrival", "arrival", (8, 0), (8, 30), False),
            ("Reading", "reading", (8, 30), (9, 30), True),
            ("Writing", "writing", (9, 30), (10, 15), False),
            ("Math", "math", (10, 35), (11, 35), True),
            ("Centers", "centers", (12, 5), (12, 50), False),
            ("Dismissal", "dismissal", (14, 30), (15, 0), False),
        ]:
            f.make_block(
                world.school,
                weekday=day,
                name=name,
                kind=kind,
                start=dt.time(*start),
                end=dt.time(*end),
                protected=protected,
            )
    SchoolAssignment.objects.create(
        person=world.therapist, school=world.school, start_date=dt.date(2026, 8, 17)
    )
    room = world.student.classroom
    room.room = "12"
    room.save()
    return world


# The therapist's week --------------------------------------------------------------------


def test_calendar_week_places_each_session_on_its_day_and_row(client, cal):
    session(cal, weekday=1, start=dt.time(9, 30), minutes=30, reason="push-in during writing")
    other = f.make_student(cal.school, first_name="Jon", last_name="Kent")
    f.add_to_team(other, cal.therapist, TeamRole.OT)
    session(
        cal,
        weekday=3,
        start=dt.time(12, 50),
        minutes=45,
        session_type="pull_out_group",
        location="therapy_room",
        classroom=None,
        students=[cal.student, other],
        locked=True,
    )
    f.make_fixed_time(
        cal.therapist,
        title="Documentation",
        kind="protected",
        weekday=4,
        start=dt.time(14, 0),
        end=dt.time(15, 0),
    )
    client.force_login(cal.therapist)
    response = client.get(reverse("scheduling:my_week"))
    assert response.status_code == 200
    s = cal.school.short_name
    # Rows are 5 minutes from 8:00 (row 2): 9:30 is row 20, 12:50 is row 60, 14:00 row 74.
    assert [(c.split()[1:5], text) for c, text in cards(response)] == [
        (
            ["cal-session", "cal-col-2", "cal-at-20", "cal-len-6"],
            f"09:30–10:00 ML Room 12 · {s} Integrated (push-in) Why here: push-in during "
            "writing Move for 09:30–10:00 ML, Tuesday Lock for 09:30–10:00 ML, Tuesday",
        ),
        (
            ["cal-session", "cal-col-4", "cal-at-60", "cal-len-9"],
            f"12:50–13:35 Locked JK, ML Therapy room · {s} Pull-out, group Move for "
            "12:50–13:35 JK, ML, Thursday Unlock for 12:50–13:35 JK, ML, Thursday",
        ),
        (
            ["cal-fixed", "cal-col-5", "cal-at-74", "cal-len-12"],
            "14:00–15:00 Documentation Protected professional time",
        ),
    ]
    html = response.content.decode()
    assert '<h2 class="cal-dayhead cal-col-2" id="cal-day-2">Tue 17 Nov 2026</h2>' in html
    assert '<div class="cal-time cal-at-2 cal-len-6" aria-hidden="true">08:00</div>' in html
    assert "Maya" not in html
    assert response.context["title"] == "Your week"
    assert response.context["week_words"] == "Mon 16 Nov to Fri 20 Nov 2026"


def test_calendar_week_leaves_a_three_to_one_session_out_of_week_four(client, cal):
    session(cal, weekday=1, weeks="123")
    client.force_login(cal.therapist)
    url = reverse("scheduling:my_week")
    # 23 Nov is in week 3 of the cycle that started on 17 Aug; 30 Nov is in week 4.
    week3 = client.get(url, {"week": "2026-11-24"})
    assert [text.split(" Move")[0] for _, text in cards(week3)] == [
        f"09:30–10:00 ML Room 12 · {cal.school.short_name} Integrated (push-in) · weeks 1, 2, 3 "
        "of 4"
    ]
    week4 = client.get(url, {"week": "2026-11-30"})
    assert cards(week4) == []
    assert week4.context["week"].count == 0


def test_calendar_week_marks_closed_days_and_shows_no_sessions_on_them(client, cal):
    session(cal, weekday=3)
    NonSchoolDay.objects.create(
        district=cal.district, date=dt.date(2026, 11, 26), name="Thanksgiving"
    )
    client.force_login(cal.therapist)
    response = client.get(reverse("scheduling:my_week"), {"week": "2026-11-23"})
    html = response.content.decode()
    assert (
        '<p class="cal-closed cal-col-4 cal-at-2 cal-len-84"><span aria-hidden="true">⊘ </span>'
        "No school: Thanksgiving</p>"
    ) in html
    assert cards(response) == []
    assert response.context["title"] == "Your week of Mon 23 Nov 2026"


def test_calendar_week_shows_a_one_off_make_up_only_on_its_date(client, cal):
    session(cal, weekday=4, active_from=dt.date(2026, 11, 20), active_until=dt.date(2026, 11, 20))
    client.force_login(cal.therapist)
    this_week = client.get(reverse("scheduling:my_week"))
    next_week = client.get(reverse("scheduling:my_week"), {"week": "2026-11-27"})
    assert [c.split()[2] for c, _ in cards(this_week)] == ["cal-col-5"]
    assert cards(next_week) == []


def test_calendar_week_is_for_therapists_only(client, cal):
    for person in (cal.teacher, cal.coordinator, cal.parent, cal.aide):
        sign_in(client, person)
        assert client.get(reverse("scheduling:my_week")).status_code == 404


def test_calendar_week_rejects_a_date_that_is_not_one(client, cal):
    client.force_login(cal.therapist)
    assert client.get(reverse("scheduling:my_week"), {"week": "2026-13-01"}).status_code == 404


def test_calendar_week_queries_do_not_grow_with_sessions(client, cal, django_assert_num_queries):
    client.force_login(cal.therapist)
    # Thursday is still to come, so its session is checked against the rules too.
    session(cal, weekday=3)
    url = reverse("scheduling:my_week")
    client.get(url)
    with django_assert_num_queries(24 + chain.lock_statements()) as one:
        client.get(url)
    for day in (0, 1, 2, 4):
        session(cal, weekday=day, start=dt.time(12, 5))
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(url)
    assert len(cards(response)) == 5


# A school's week and a classroom's week ---------------------------------------------------


def test_calendar_school_week_shows_every_therapist_at_the_school(client, cal):
    session(cal, weekday=0)
    session(cal, weekday=0, provider=cal.cota, start=dt.time(9, 45), minutes=15)
    elsewhere = f.make_school(cal.district)
    session(cal, weekday=0, school=elsewhere, classroom=None, start=dt.time(13, 0))
    url = reverse("scheduling:school_week", args=[cal.school.pk])
    for person in (cal.therapist, cal.coordinator):
        sign_in(client, person)
        response = client.get(url)
        assert response.status_code == 200
        assert [(c.split()[2:6], text) for c, text in cards(response)] == [
            (
                ["cal-col-1", "cal-at-20", "cal-len-6", "cal-lane-1-of-2"],
                f"09:30–10:00 Olive Ot ML Room 12 · {cal.school.short_name} Integrated (push-in)",
            ),
            (
                ["cal-col-1", "cal-at-23", "cal-len-3", "cal-lane-2-of-2"],
                f"09:45–10:00 {cal.cota.display_name} ML Room 12 · {cal.school.short_name} "
                "Integrated (push-in)",
            ),
        ]


def test_calendar_school_week_is_hidden_from_others(client, cal):
    url = reverse("scheduling:school_week", args=[cal.school.pk])
    for person in (cal.outsider, cal.teacher, cal.parent, cal.cota):
        sign_in(client, person)
        assert client.get(url).status_code == 404
    other_district = f.make_user(Role.COORDINATOR, f.make_district(name="Elsewhere"))
    sign_in(client, other_district)
    assert client.get(url).status_code == 404


def test_calendar_classroom_week_shows_the_teacher_only_their_class(client, cal):
    classmate = f.make_student(
        cal.school, cal.student.classroom, first_name="Ana", last_name="Bell"
    )
    other_room = f.make_classroom(cal.school)
    stranger = f.make_student(cal.school, other_room, first_name="Zed", last_name="Young")
    for s in (classmate, stranger):
        f.add_to_team(s, cal.therapist, TeamRole.OT)
    session(
        cal,
        weekday=2,
        start=dt.time(12, 50),
        session_type="pull_out_group",
        location="therapy_room",
        classroom=None,
        students=[cal.student, classmate, stranger],
        reason="grouped by goal area",
    )
    session(cal, weekday=3, classroom=other_room, students=[stranger])
    client.force_login(cal.teacher)
    response = client.get(reverse("scheduling:classroom_week", args=[cal.student.classroom.pk]))
    assert response.status_code == 200
    assert [text for _, text in cards(response)] == [
        f"12:50–13:20 Olive Ot Ana B., Maya L., 1 other student Therapy room · "
        f"{cal.school.short_name} Pull-out, group"
    ]
    html = response.content.decode()
    assert "Zed" not in html and "grouped by goal area" not in html and "Move" not in html


def test_calendar_classroom_week_for_therapist_and_coordinator_and_not_others(client, cal):
    session(cal, weekday=2)
    url = reverse("scheduling:classroom_week", args=[cal.student.classroom.pk])
    for person in (cal.therapist, cal.cota, cal.coordinator):
        sign_in(client, person)
        response = client.get(url)
        assert response.status_code == 200
        assert [text.split(" Integrated")[0] for _, text in cards(response)] == [
            f"09:30–10:00 Olive Ot ML Room 12 · {cal.school.short_name}"
        ]
    other_teacher = f.make_user(Role.TEACHER, cal.district)
    for person in (cal.outsider, cal.parent, cal.aide, other_teacher):
        sign_in(client, person)
        assert client.get(url).status_code == 404


def test_calendar_index_lists_what_each_person_may_open(client, cal):
    client.force_login(cal.teacher)
    response = client.get(reverse("scheduling:calendars"))
    assert [c.name for c in response.context["classrooms"]] == [cal.student.classroom.name]
    assert response.context["schools"] == []
    sign_in(client, cal.coordinator)
    assert client.get(reverse("scheduling:calendars")).context["schools"] == [cal.school]
    client.force_login(cal.parent)
    assert client.get(reverse("scheduling:calendars")).status_code == 404


# Checking, moving and locking --------------------------------------------------------------


def test_calendar_check_says_exactly_which_rules_a_place_breaks(client, cal):
    planned = session(
        cal, weekday=0, session_type="pull_out_individual", location="therapy_room", classroom=None
    )
    session(cal, weekday=1, start=dt.time(12, 5))
    client.force_login(cal.therapist)
    url = reverse("scheduling:check_move", args=[planned.pk])
    fits = client.get(url, {"day": "2026-11-17", "start": "09:30"})
    assert fits.status_code == 200
    assert json.loads(fits.content) == {"ok": True, "problems": []}
    clash = client.get(url, {"day": "1", "start": "12:15"})
    assert json.loads(clash.content) == {
        "ok": False,
        "problems": ["It clashes with your 12:05 integrated (push-in) session (ML)."],
    }
    reading = client.get(url, {"day": "2026-11-17", "start": "08:45"})
    assert json.loads(reading.content) == {
        "ok": False,
        "problems": [
            "It pulls Maya Lopez out of Reading (8:30–9:30), which is protected instruction."
        ],
    }
    bad = client.get(url, {"day": "Saturday", "start": "9"})
    assert bad.status_code == 400
    assert json.loads(bad.content) == {
        "ok": False,
        "problems": ["Give a school day and a start time such as 09:30."],
    }


def test_calendar_check_move_and_lock_belong_to_the_sessions_therapist(client, cal):
    planned = session(cal)
    urls = [
        ("get", reverse("scheduling:check_move", args=[planned.pk]) + "?day=1&start=09:30"),
        ("get", reverse("scheduling:move", args=[planned.pk])),
        ("post", reverse("scheduling:lock", args=[planned.pk])),
    ]
    for person, status in [(cal.coordinator, 403), (cal.teacher, 403), (cal.outsider, 404)]:
        sign_in(client, person)
        for method, url in urls:
            assert (
                getattr(client, method)(
                    url, {"locked": "1"} if method == "post" else {}
                ).status_code
                == status
            )
    planned.refresh_from_db()
    assert planned.locked is False


def test_calendar_move_with_a_problem_warns_and_saves_only_when_confirmed(client, cal):
    planned = session(cal, weekday=0)
    session(cal, weekday=1, start=dt.time(9, 30))
    client.force_login(cal.therapist)
    url = reverse("scheduling:move", args=[planned.pk])
    # Arriving from a drop on Tuesday 9:45: the warning shows at once.
    shown = client.get(url, {"day": "2026-11-17", "start": "09:45"})
    html = shown.content.decode()
    assert "This move breaks a rule" in html
    assert shown.context["problems"] == [
        "It clashes with your 9:30 integrated (push-in) session (ML)."
    ]
    assert 'name="confirm" value="1|09:45|"' in html
    # Saving without confirming shows the warning again and changes nothing.
    again = client.post(url, {"day": "1", "start": "09:45"})
    assert again.status_code == 200
    assert again.context["problems"] == shown.context["problems"]
    planned.refresh_from_db()
    assert (planned.weekday, planned.start, planned.locked) == (0, dt.time(9, 30), False)
    # "Move anyway" for a time other than the one checked checks again.
    other = client.post(url, {"day": "1", "start": "09:40", "confirm": "1|09:45|"})
    assert other.context["problems"] == shown.context["problems"]
    planned.refresh_from_db()
    assert planned.weekday == 0
    done = client.post(
        url, {"day": "1", "start": "09:45", "confirm": "1|09:45|", "next": "/schedule/week/"}
    )
    assert done.status_code == 302 and done["Location"] == "/schedule/week/"
    planned.refresh_from_db()
    assert (planned.weekday, planned.start, planned.locked, planned.reason) == (
        1,
        dt.time(9, 45),
        True,
        "moved by the therapist",
    )


def test_calendar_move_that_fits_saves_at_once_and_locks(client, cal):
    planned = session(cal, weekday=0, reason="push-in during writing block")
    client.force_login(cal.therapist)
    response = client.post(
        reverse("scheduling:move", args=[planned.pk]), {"day": "2", "start": "09:35"}
    )
    assert response.status_code == 302 and response["Location"] == "/schedule/week/"
    planned.refresh_from_db()
    assert (planned.weekday, planned.start, planned.locked, planned.reason) == (
        2,
        dt.time(9, 35),
        True,
        "moved by the therapist",
    )
    assert PlannedSession.objects.count() == 1
    event = AuditEvent.objects.get(object_id=planned.pk, object_type="delivery.plannedsession")
    assert (event.user, event.student_id, event.summary) == (
        cal.therapist,
        cal.student.pk,
        "Moved a planned session from Monday 09:30 to Wednesday 09:35 and locked it",
    )


def test_calendar_move_keeps_logged_history_on_the_old_session(client, cal):
    planned = session(cal, weekday=0)
    logged = Session.objects.create(
        provider=cal.therapist,
        planned=planned,
        date=dt.date(2026, 11, 16),
        start=dt.time(9, 30),
        minutes=30,
        session_type="push_in",
        location="general_ed",
        school=cal.school,
    )
    client.force_login(cal.therapist)
    client.post(reverse("scheduling:move", args=[planned.pk]), {"day": "3", "start": "09:30"})
    old, new = PlannedSession.objects.order_by("pk")
    assert (old.weekday, old.active_from, old.active_until, old.locked) == (
        0,
        dt.date(2026, 9, 1),
        dt.date(2026, 11, 17),
        False,
    )
    assert (new.weekday, new.active_from, new.active_until, new.locked) == (
        3,
        TODAY,
        None,
        True,
    )
    assert list(new.students.all()) == [cal.student]
    logged.refresh_from_db()
    assert logged.planned == old


def test_calendar_move_form_explains_mistakes_next_to_the_field(client, cal):
    planned = session(
        cal, active_from=dt.date(2026, 11, 20), active_until=dt.date(2026, 11, 20), weekday=4
    )
    client.force_login(cal.therapist)
    url = reverse("scheduling:move", args=[planned.pk])
    response = client.post(url, {"date": "2026-11-21", "start": ""})
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "date": ["Choose a school day, Monday to Friday."],
        "start": ["Enter the start."],
    }
    past = client.post(url, {"date": "2026-11-16", "start": "09:30"})
    assert past.context["form"].errors == {
        "date": ["Choose today (Wed 18 Nov 2026) or a later date."]
    }
    late = client.post(url, {"date": "2026-11-19", "start": "23:55", "confirm": "1"})
    assert late.context["form"].errors == {
        "start": [
            "A 30-minute session fits between 06:00 and 18:00; choose a start in the school day."
        ]
    }
    odd = client.post(url, {"date": "2026-11-19", "start": "09:31"})
    assert odd.context["form"].errors == {
        "start": ["Start on a whole five minutes, such as 09:30 or 09:35."]
    }
    moved = client.post(url, {"date": "2026-11-19", "start": "09:30"})
    assert moved.status_code == 302
    planned.refresh_from_db()
    assert (planned.weekday, planned.active_from, planned.active_until) == (
        3,
        dt.date(2026, 11, 19),
        dt.date(2026, 11, 19),
    )


def test_calendar_move_ignores_an_unsafe_next_address(client, cal):
    planned = session(cal)
    client.force_login(cal.therapist)
    response = client.post(
        reverse("scheduling:move", args=[planned.pk]),
        {"day": "2", "start": "09:30", "next": "https://evil.example/"},
    )
    assert response["Location"] == "/schedule/week/"


def test_calendar_lock_and_unlock(client, cal):
    planned = session(cal)
    client.force_login(cal.therapist)
    url = reverse("scheduling:lock", args=[planned.pk])
    assert client.get(url).status_code == 405
    response = client.post(url, {"locked": "1", "next": "/schedule/week/?week=2026-11-23"})
    assert response["Location"] == "/schedule/week/?week=2026-11-23"
    planned.refresh_from_db()
    assert planned.locked is True
    week = client.get(reverse("scheduling:my_week"))
    assert "Unlock for 09:30–10:00 ML, Monday" in next(t for _, t in cards(week))
    client.post(url, {"locked": "0"})
    planned.refresh_from_db()
    assert planned.locked is False
    assert list(
        AuditEvent.objects.filter(object_type="delivery.plannedsession", object_id=planned.pk)
        .order_by("pk")
        .values_list("summary", flat=True)
    ) == [
        "Locked the planned session Monday 09:30 Integrated (push-in)",
        "Unlocked the planned session Monday 09:30 Integrated (push-in)",
    ]


@pytest.mark.parametrize("view", ["school_week", "classroom_week"])
def test_calendar_shared_weeks_queries_do_not_grow_with_sessions(
    client, cal, view, django_assert_num_queries
):
    sign_in(client, cal.coordinator)
    target = cal.school if view == "school_week" else cal.student.classroom
    url = reverse(f"scheduling:{view}", args=[target.pk])
    session(cal, weekday=0)
    client.get(url)
    with django_assert_num_queries(11 + chain.lock_statements()) as one:
        client.get(url)
    for day in range(1, 5):
        session(cal, weekday=day, provider=cal.cota, start=dt.time(12, 5))
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(url)
    assert len(cards(response)) == 5


def test_calendar_move_leaves_a_logged_one_off_on_its_date(client, cal):
    planned = session(
        cal, weekday=0, active_from=dt.date(2026, 11, 16), active_until=dt.date(2026, 11, 16)
    )
    Session.objects.create(
        provider=cal.therapist,
        planned=planned,
        date=dt.date(2026, 11, 16),
        start=dt.time(9, 30),
        minutes=30,
        session_type="push_in",
        location="general_ed",
        school=cal.school,
    )
    client.force_login(cal.therapist)
    response = client.post(
        reverse("scheduling:move", args=[planned.pk]),
        {"date": "2026-11-19", "start": "09:30", "confirm": "3|09:30|2026-11-19"},
    )
    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == [
        "This one-off session is already logged or missed, so it stays on its date. "
        "Book a new make-up instead."
    ]
    planned.refresh_from_db()
    assert (planned.active_from, planned.locked) == (dt.date(2026, 11, 16), False)


def test_calendar_opens_on_the_coming_week_at_the_weekend():

    assert _default_start(dt.date(2026, 11, 28)) == dt.date(2026, 11, 30)  # Saturday
    assert _default_start(dt.date(2026, 11, 29)) == dt.date(2026, 11, 30)  # Sunday
    assert _default_start(dt.date(2026, 11, 27)) == dt.date(2026, 11, 23)  # Friday


def test_calendar_flags_a_session_that_breaks_a_rule_entered_later(client, cal):

    planned = session(cal)
    client.force_login(cal.therapist)
    url = reverse("scheduling:my_week")
    assert "Breaks a rule that day" not in client.get(url).content.decode()
    f.make_fixed_time(
        cal.therapist,
        title="IEP meeting",
        weekday=planned.weekday,
        start=planned.start,
        end=dt.time(10, 30),
        date=dt.date(2026, 11, 23),  # next Monday
    )
    this_week = client.get(url).content.decode()
    next_week = client.get(url, {"week": "2026-11-23"})
    assert "Breaks a rule that day" not in this_week
    assert (
        "<strong>⚠ Breaks a rule that day:</strong> It clashes with your meeting “IEP meeting” "
        "on Monday 23 November." in next_week.content.decode()
    )
