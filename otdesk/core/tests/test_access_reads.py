"""Every read, export and print of a student's record writes one access event per student
shown (who, what, which student, from where), and what a signed-in person is sent is
never kept by a cache (Cache-Control: no-store)."""

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.urls import reverse

from otdesk.activities.models import Activity
from otdesk.activities.services import create_home_program
from otdesk.core.models import AuditEvent
from otdesk.delivery import services as delivery
from otdesk.programs import services as programs
from otdesk.scheduling.services.feeds import new_feed
from otdesk.students.models import TeamRole
from otdesk.students.services import raise_concern
from otdesk.testing import factories as f
from otdesk.testing.login import sign_in

pytestmark = pytest.mark.django_db
FRIDAY = dt.datetime(2026, 10, 9, 15, 0, tzinfo=zoneinfo.ZoneInfo("America/Chicago"))


def sign_in_coordinator(client, user) -> None:
    """The one place these tests sign a coordinator in, past two-factor sign-in."""
    sign_in(client, user)


@pytest.fixture(autouse=True)
def on_a_friday():
    with time_machine.travel(FRIDAY, tick=False):
        yield


@pytest.fixture
def second(world):
    """A second student on the therapist's caseload, in the same school."""
    student = f.make_student(world.school, first_name="Noah", last_name="Kim")
    f.make_line(f.make_iep(student), minutes=30)
    f.add_to_team(student, world.therapist, TeamRole.OT)
    return student


def events_after(client, url: str, **params: str) -> tuple[int, list[tuple]]:
    """GET the page; the events it wrote as (who, action, what, student, summary, from)."""
    last = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    response = client.get(url, params)
    made = AuditEvent.objects.filter(pk__gt=last).order_by("pk").select_related("user")
    return response.status_code, [
        (
            e.user.username if e.user else None,
            e.action,
            e.object_type,
            e.student_id,
            e.summary,
            e.address,
        )
        for e in made
    ]


def ev(user, obj_type, student, summary, action="view"):
    return (user.username, action, obj_type, student.pk, summary, "127.0.0.1")


def test_a_group_session_page_logs_each_student_shown(client, world, second):
    session = f.make_session(world.therapist, world.school, [world.student, second])
    client.force_login(world.therapist)
    status, made = events_after(client, reverse("delivery:session", args=[session.pk]))
    assert status == 200
    summary = "Read the session and its note"
    assert sorted(made) == sorted(
        [
            ev(world.therapist, "delivery.session", world.student, summary),
            ev(world.therapist, "delivery.session", second, summary),
        ]
    )


def test_the_note_form_logs_a_read(client, world):
    session = f.make_session(world.therapist, world.school, [world.student])
    client.force_login(world.therapist)
    status, made = events_after(client, reverse("delivery:note", args=[session.pk]))
    assert status == 200
    assert made == [
        ev(world.therapist, "delivery.session", world.student, "Opened the note to edit")
    ]


def test_strategy_history_logs_a_read(client, world):
    strategy = world.student.strategies.get()
    client.force_login(world.teacher)
    url = reverse("students:strategy_history", args=[world.student.pk, strategy.pk])
    status, made = events_after(client, url)
    assert status == 200
    assert made == [
        ev(world.teacher, "students.strategy", world.student, "Read a strategy's history")
    ]


def test_the_student_page_logs_a_read_with_the_address(client, world):
    client.force_login(world.cota)
    status, made = events_after(client, reverse("students:detail", args=[world.student.pk]))
    assert status == 200
    assert made == [
        ev(world.cota, "students.student", world.student, "Opened the student's record")
    ]


@pytest.fixture
def program(world):
    return programs.create_program(
        actor=world.therapist,
        student=world.student,
        title="Hand warm-up",
        activities="Theraputty hide-and-find",
        instructions="Sit at the desk",
        times_per_week=3,
        minutes_each=10,
        start_date=dt.date(2026, 9, 21),
        goals=list(world.iep.goals.all()),
    )


def test_a_program_page_and_its_log_form_log_reads(client, world, program):
    programs.assign_implementer(
        actor=world.therapist, program=program, person=world.aide, start_date=dt.date(2026, 9, 21)
    )
    client.force_login(world.therapist)
    status, made = events_after(client, reverse("programs:detail", args=[program.pk]))
    assert (status, made) == (
        200,
        [ev(world.therapist, "programs.aideprogram", world.student, "Read the program")],
    )
    client.force_login(world.aide)
    status, made = events_after(client, reverse("programs:log", args=[program.pk]))
    assert (status, made) == (
        200,
        [ev(world.aide, "programs.aideprogram", world.student, "Log form")],
    )


@pytest.fixture
def home_program(world):
    return create_home_program(
        actor=world.therapist,
        student=world.student,
        activities=list(Activity.objects.filter(key__in=["putty-hide-find", "buttons"])),
    )


def test_a_home_program_sheet_is_a_read_and_its_pdf_a_print(client, world, home_program):
    client.force_login(world.therapist)
    kind = "activities.homeprogram"
    status, made = events_after(client, reverse("activities:sheet", args=[home_program.pk]))
    assert (status, made) == (200, [ev(world.therapist, kind, world.student, "Home program")])
    status, made = events_after(client, reverse("activities:pdf", args=[home_program.pk]))
    assert (status, made) == (200, [ev(world.therapist, kind, world.student, "PDF", "print")])


def test_consultations_log_each_student_shown(client, world, second):
    log = delivery.log_consultation(
        actor=world.therapist,
        date=dt.date(2026, 10, 7),
        minutes=20,
        with_whom=["teacher"],
        method="in_person",
        students=[world.student, second],
    )
    client.force_login(world.therapist)
    status, made = events_after(client, reverse("delivery:consultation", args=[log.pk]))
    kind = "delivery.consultationlog"
    assert (status, made) == (
        200,
        [
            ev(world.therapist, kind, world.student, "Read the consultation"),
            ev(world.therapist, kind, second, "Read the consultation"),
        ],
    )
    status, made = events_after(client, reverse("delivery:consultations"))
    listed = "Listed your consultations"
    assert (status, made) == (
        200,
        [
            ev(world.therapist, "students.student", world.student, listed),
            ev(world.therapist, "students.student", second, listed),
        ],
    )


def test_the_minutes_pages_log_one_event_per_student_shown(client, world, second):
    # The first student has two lines (direct and consultation): one event all the same.
    minutes = "Minutes delivered and owed"
    client.force_login(world.therapist)
    status, made = events_after(client, reverse("delivery:compliance"))
    assert status == 200
    assert sorted(made) == sorted(
        [
            ev(world.therapist, "students.student", world.student, minutes),
            ev(world.therapist, "students.student", second, minutes),
        ]
    )
    sign_in_coordinator(client, world.coordinator)
    status, made = events_after(client, reverse("delivery:district_compliance"), status="all")
    assert status == 200
    assert sorted(made) == sorted(
        [
            ev(world.coordinator, "students.student", world.student, minutes),
            ev(world.coordinator, "students.student", second, minutes),
        ]
    )
    # A page of the table that shows nobody logs nothing.
    status, made = events_after(
        client, reverse("delivery:district_compliance"), q="Nobody-by-that-name"
    )
    assert (status, made) == (200, [])


def test_week_calendars_log_each_student_on_them(client, world, second):
    f.make_planned(world.therapist, world.school, [world.student, second], weekday=1)
    client.force_login(world.therapist)
    status, made = events_after(client, reverse("scheduling:my_week"))
    assert status == 200
    assert sorted(made) == sorted(
        [
            ev(world.therapist, "students.student", world.student, "Calendar: Your week"),
            ev(world.therapist, "students.student", second, "Calendar: Your week"),
        ]
    )


def test_a_teachers_classroom_week_logs_only_the_students_it_names(client, world, second):
    f.make_planned(world.therapist, world.school, [world.student, second], weekday=1)
    classroom = world.student.classroom
    client.force_login(world.teacher)
    url = reverse("scheduling:classroom_week", args=[classroom.pk])
    status, made = events_after(client, url)
    assert status == 200
    [(who, action, kind, student_id, summary, address)] = made
    assert (who, action, kind, student_id, address) == (
        world.teacher.username,
        "view",
        "students.student",
        world.student.pk,
        "127.0.0.1",
    )
    assert summary.startswith(f"Calendar: OT in {classroom.name}")


def test_the_calendar_feed_logs_each_student_in_it_for_its_owner(client, world, second):
    f.make_planned(world.therapist, world.school, [world.student, second], weekday=1)
    feed = new_feed(actor=world.therapist)
    status, made = events_after(client, reverse("scheduling:ics", args=[feed.token]))
    assert status == 200
    assert sorted(made) == sorted(
        [
            ev(world.therapist, "students.student", world.student, "Calendar feed"),
            ev(world.therapist, "students.student", second, "Calendar feed"),
        ]
    )


def test_an_audited_write_records_the_address_of_the_request(client, world):
    client.force_login(world.teacher)
    url = reverse("students:concern_new", args=[world.student.pk])
    client.post(url, {"text": "Struggles to hold the pencil", "area": ""})
    event = AuditEvent.objects.get(action="create", object_type="students.concern")
    assert (event.user, event.address) == (world.teacher, "127.0.0.1")


def test_work_outside_a_request_records_no_address(world):
    concern = raise_concern(actor=world.teacher, student=world.student, text="Tired today")
    event = AuditEvent.objects.get(object_type="students.concern", object_id=concern.pk)
    assert (event.user, event.address) == (world.teacher, None)


# Cache-Control ---------------------------------------------------------------------------


def test_pages_and_pdfs_for_a_signed_in_person_are_never_stored(client, world, home_program):
    session = f.make_session(world.therapist, world.school, [world.student])
    client.force_login(world.therapist)
    for url in (
        reverse("students:detail", args=[world.student.pk]),
        reverse("delivery:session", args=[session.pk]),
        reverse("delivery:note", args=[session.pk]),
        reverse("activities:pdf", args=[home_program.pk]),
        reverse("delivery:compliance"),
    ):
        response = client.get(url)
        assert (url, response.status_code, response["Cache-Control"]) == (url, 200, "no-store")


def test_the_calendar_feed_keeps_its_own_caching(client, world):
    # Fetched by calendar apps without a sign-in; it names students by initials only.
    response = client.get(reverse("scheduling:ics", args=[new_feed(actor=world.therapist).token]))
    assert (response.status_code, response["Cache-Control"]) == (200, "private, max-age=900")
