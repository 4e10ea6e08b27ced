"""Free text in delivery records has a length limit (core/limits.py), enforced by the
services for every caller (pages, commands, API) and shown in plain words."""

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from otdesk.core.limits import NOTE_CHARS, REASON_CHARS
from otdesk.delivery import services
from otdesk.delivery.models import Addendum, ConsultationLog, MissedSession, Session
from otdesk.delivery.services import AttendeeEntry

pytestmark = pytest.mark.django_db
FRIDAY = dt.datetime(2026, 10, 9, 15, 0, tzinfo=zoneinfo.ZoneInfo("America/Chicago"))
MON = dt.date(2026, 10, 5)


def too_long(chars: int) -> str:
    return (
        f"Keep this to {chars} characters; it has {chars + 1}. "
        "Shorten it or split it over two entries."
    )


@pytest.fixture(autouse=True)
def on_a_friday():
    with time_machine.travel(FRIDAY, tick=False):
        yield


def log(world, **note) -> Session:
    return services.log_session(
        actor=world.therapist,
        date=MON,
        start=dt.time(9),
        minutes=30,
        session_type="push_in",
        location="general_ed",
        school=world.school,
        **({"attendees": [AttendeeEntry(student=world.student)]} | note),
    )


@pytest.mark.parametrize("part", ["activities", "subjective", "objective", "assessment", "plan"])
def test_each_part_of_a_note_is_limited_when_logged_and_when_written(world, part):
    with pytest.raises(ValidationError) as info:
        log(world, **{part: "x" * (NOTE_CHARS + 1)})
    assert info.value.message_dict == {part: [too_long(NOTE_CHARS)]}
    assert Session.objects.count() == 0
    session = log(world, **{part: "x" * NOTE_CHARS})
    with pytest.raises(ValidationError) as info:
        services.update_note(
            actor=world.therapist, session=session, note={part: "y" * (NOTE_CHARS + 1)}, sign=False
        )
    assert info.value.message_dict == {part: [too_long(NOTE_CHARS)]}
    services.update_note(
        actor=world.therapist, session=session, note={part: "y" * NOTE_CHARS}, sign=False
    )
    session.refresh_from_db()
    assert getattr(session, part) == "y" * NOTE_CHARS


def test_a_two_megabyte_addendum_on_a_signed_note_is_refused(world, client):
    session = log(world, sign=True)
    with pytest.raises(ValidationError) as info:
        services.add_addendum(actor=world.therapist, session=session, text="x" * 2_000_000)
    assert info.value.messages == [
        f"Keep this to {NOTE_CHARS} characters; it has 2000000. "
        "Shorten it or split it over two entries."
    ]
    client.force_login(world.therapist)
    response = client.post(
        reverse("delivery:addendum", args=[session.pk]), {"text": "x" * 2_000_000}, follow=True
    )
    assert (
        f"Keep this to {NOTE_CHARS} characters; it has 2000000. "
        "Shorten it or split it over two entries."
    ) in response.content.decode()
    assert Addendum.objects.count() == 0
    services.add_addendum(actor=world.therapist, session=session, text="x" * NOTE_CHARS)
    assert Addendum.objects.get().text == "x" * NOTE_CHARS


def test_a_void_reason_is_limited(world):
    session = log(world)
    with pytest.raises(ValidationError) as info:
        services.void_session(
            actor=world.therapist, session=session, reason="x" * (REASON_CHARS + 1)
        )
    assert info.value.messages == [too_long(REASON_CHARS)]
    session.refresh_from_db()
    assert session.status == Session.Status.DRAFT
    services.void_session(actor=world.therapist, session=session, reason="x" * REASON_CHARS)
    session.refresh_from_db()
    assert (session.status, session.void_reason) == (Session.Status.VOIDED, "x" * REASON_CHARS)


def test_a_long_void_reason_fits_the_absences_it_voids_too(world):
    """An absence in the session takes the session's reason after 'Session voided: ', cut
    to its own size (PostgreSQL refuses a longer value; SQLite would keep it)."""
    absent = AttendeeEntry(
        student=world.student, attendance="absent", absence_reason="student_absent"
    )
    session = log(world, attendees=[absent])
    services.void_session(actor=world.therapist, session=session, reason="y" * REASON_CHARS)
    [absence] = session.absences.all()
    assert absence.voided_at is not None
    assert (
        absence.void_reason == ("Session voided: " + "y" * REASON_CHARS)[: REASON_CHARS - 1] + "…"
    )
    assert len(absence.void_reason) == REASON_CHARS


def test_the_session_page_refuses_a_long_void_reason_in_plain_words(world, client):
    session = log(world)
    client.force_login(world.therapist)
    response = client.post(
        reverse("delivery:void", args=[session.pk]),
        {"reason": "x" * (REASON_CHARS + 1)},
        follow=True,
    )
    assert too_long(REASON_CHARS) in response.content.decode()
    session.refresh_from_db()
    assert session.status == Session.Status.DRAFT


def miss(world, **kwargs) -> MissedSession:
    [missed] = services.record_missed_session(
        actor=world.therapist,
        students=[world.student],
        date=MON,
        minutes=30,
        reason="provider_pulled",
        **kwargs,
    )
    return missed


def test_a_miss_note_and_its_void_reason_are_limited(world):
    with pytest.raises(ValidationError) as info:
        miss(world, detail="x" * 201)
    assert info.value.message_dict == {"detail": [too_long(200)]}
    missed = miss(world, detail="x" * 200)
    with pytest.raises(ValidationError) as info:
        services.void_missed_session(
            actor=world.therapist, miss=missed, reason="x" * (REASON_CHARS + 1)
        )
    assert info.value.messages == [too_long(REASON_CHARS)]
    services.void_missed_session(actor=world.therapist, miss=missed, reason="x" * REASON_CHARS)
    missed.refresh_from_db()
    assert missed.void_reason == "x" * REASON_CHARS


@pytest.mark.parametrize("part", ["discussed", "new_concerns", "follow_up"])
def test_a_consultations_summary_is_limited(world, part):
    def consult(text: str) -> ConsultationLog:
        return services.log_consultation(
            actor=world.therapist,
            date=MON,
            minutes=20,
            with_whom=["teacher"],
            method="in_person",
            students=[world.student],
            **{part: text},
        )

    with pytest.raises(ValidationError) as info:
        consult("x" * (NOTE_CHARS + 1))
    assert info.value.message_dict == {part: [too_long(NOTE_CHARS)]}
    assert ConsultationLog.objects.count() == 0
    log = consult("x" * NOTE_CHARS)
    assert getattr(log, part) == "x" * NOTE_CHARS
    with pytest.raises(ValidationError) as info:
        services.void_consultation(actor=world.therapist, log=log, reason="x" * (REASON_CHARS + 1))
    assert info.value.messages == [too_long(REASON_CHARS)]
    services.void_consultation(actor=world.therapist, log=log, reason="x" * REASON_CHARS)


def test_the_consultation_form_says_a_summary_is_too_long(world, client):
    client.force_login(world.therapist)
    response = client.post(
        reverse("delivery:consult_add"),
        {
            "date": MON.isoformat(),
            "minutes": "20",
            "with_whom": ["teacher"],
            "method": "in_person",
            "students": [str(world.student.pk)],
            "discussed": "x" * (NOTE_CHARS + 1),
        },
    )
    assert response.status_code == 400
    assert too_long(NOTE_CHARS) in response.content.decode()
    assert ConsultationLog.objects.count() == 0
