"""The hard rules for one session against what is planned and entered (moves, make-ups)."""

import datetime as dt

import pytest

from otdesk.scheduling.rules import Block, Proposal, effective_blocks, open_slots, problems
from otdesk.schools.models import NonSchoolDay, SchoolAssignment, TravelTime
from otdesk.students.models import UnavailableTime
from otdesk.testing import factories as f

TODAY = dt.date(2026, 10, 9)  # Friday


@pytest.fixture
def w(world):
    for day in range(5):
        for name, kind, start, end, protected in [
            ("Reading", "reading", (8, 30), (9, 30), True),
            ("Writing", "writing", (9, 30), (10, 15), False),
            ("Recess", "recess", (10, 15), (10, 35), False),
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
    world.other = f.make_school(world.district)
    world.other.short_name = "Oak"
    world.other.save()
    f.make_block(world.other, name="Day", kind="core", start=dt.time(8), end=dt.time(15))
    SchoolAssignment.objects.create(
        person=world.therapist, school=world.school, start_date=dt.date(2026, 8, 17), days="Mon Wed"
    )
    SchoolAssignment.objects.create(
        person=world.therapist, school=world.other, start_date=dt.date(2026, 8, 17), days="Mon"
    )
    TravelTime.objects.create(school_a=world.school, school_b=world.other, minutes=20)
    world.planned = f.make_planned(
        world.therapist, world.school, [world.student], classroom=world.student.classroom
    )
    f.make_planned(
        world.therapist,
        world.other,
        [f.make_student(world.other, first_name="Ola", last_name="Oak")],
        start=dt.time(10, 45),
        session_type="pull_out_individual",
        location="therapy_room",
    )
    return world


def proposal(w, **kwargs) -> Proposal:  # type: ignore[no-untyped-def]
    values = dict(
        provider=w.therapist,
        students=[w.student],
        school=w.school,
        session_type="pull_out_individual",
        classroom=None,
        weekday=0,
        start=dt.time(9, 30),
        minutes=30,
    )
    return Proposal(**{**values, **kwargs})  # type: ignore[arg-type]


def test_the_planned_session_fits_where_it_is(w):
    moved = proposal(w, session_type="push_in", classroom=w.student.classroom, ignore=w.planned.pk)
    assert problems(moved, today=TODAY) == []


def test_every_rule_broken_is_named(w):
    assert problems(proposal(w, weekday=1), today=TODAY) == [
        f"You are not at {w.school.short_name} on Tuesdays."
    ]
    assert problems(proposal(w, start=dt.time(7, 30)), today=TODAY) == [
        f"{w.school.short_name}'s day runs 8:30–10:35."
    ]
    assert problems(proposal(w, start=dt.time(9, 15)), today=TODAY) == [
        "It clashes with your 9:30 integrated (push-in) session (ML).",
        "It pulls Maya Lopez out of Reading (8:30–9:30), which is protected instruction.",
    ]
    assert problems(proposal(w), today=TODAY) == [
        "It clashes with your 9:30 integrated (push-in) session (ML)."
    ]
    assert problems(proposal(w, start=dt.time(10, 5)), today=TODAY) == [
        "You need 20 minutes to travel between "
        f"{w.school.short_name} and Oak, around your 10:45 pull-out, individual session (OO)."
    ]
    in_reading = proposal(
        w, weekday=2, session_type="push_in", classroom=w.student.classroom, start=dt.time(10)
    )
    assert problems(in_reading, today=TODAY) == [
        f"In-class sessions go inside one of {w.student.classroom.name}'s class blocks; "
        "10:00–10:30 is not inside one."
    ]


def test_unavailable_times_meetings_and_closed_days(w):
    UnavailableTime.objects.create(
        student=w.student, weekday=2, start=dt.time(9, 30), end=dt.time(10), reason="Speech"
    )
    f.make_fixed_time(
        w.therapist,
        title="IEP meeting",
        weekday=2,
        start=dt.time(10),
        end=dt.time(10, 30),
        date=dt.date(2026, 10, 14),
    )
    NonSchoolDay.objects.create(district=w.district, date=dt.date(2026, 10, 21), name="Fall break")
    # Every Wednesday from now on: the one-off meeting on the 14th is in the way too.
    wednesday = proposal(w, weekday=2, start=dt.time(9, 45))
    assert problems(wednesday, today=TODAY) == [
        "It clashes with your meeting “IEP meeting” on Wednesday 14 October.",
        "Maya Lopez cannot be seen 9:30–10:00 (Speech).",
    ]
    on_meeting_day = proposal(w, weekday=2, start=dt.time(9, 45), on_date=dt.date(2026, 10, 14))
    assert problems(on_meeting_day, today=TODAY) == [
        "It clashes with your meeting “IEP meeting” on Wednesday 14 October.",
        "Maya Lopez cannot be seen 9:30–10:00 (Speech).",
    ]
    closed = proposal(w, weekday=2, start=dt.time(10), on_date=dt.date(2026, 10, 21))
    assert problems(closed, today=TODAY) == ["Wednesday 21 October is not a school day."]


def test_open_slots_keep_every_rule(w):
    UnavailableTime.objects.create(
        student=w.student, weekday=2, start=dt.time(9, 30), end=dt.time(10), reason="Speech"
    )
    slots = open_slots(
        provider=w.therapist,
        students=[w.student],
        school=w.school,
        session_type="pull_out_individual",
        classroom=None,
        minutes=30,
        dates=[dt.date(2026, 10, 12), dt.date(2026, 10, 13), dt.date(2026, 10, 14)],
        today=TODAY,
        step=15,
    )
    # Monday: reading is protected, 9:30 is taken and 10:00 leaves too little time to
    # reach Oak by 10:45; Tuesday the therapist is not there; Wednesday Maya has speech
    # until 10:00.
    assert slots == [(dt.date(2026, 10, 14), dt.time(10))]


def test_a_classrooms_block_replaces_the_schools_only_where_they_overlap():

    school = [Block(0, 13 * 60 + 35, 14 * 60 + 30, "Science", "core", False)]
    room = [Block(0, 13 * 60 + 35, 14 * 60 + 15, "Room writing", "writing", False)]
    assert effective_blocks(school, room, 0) == [
        Block(0, 13 * 60 + 35, 14 * 60 + 15, "Room writing", "writing", False),
        Block(0, 14 * 60 + 15, 14 * 60 + 30, "Science", "core", False),
    ]
    middle = [Block(0, 14 * 60, 14 * 60 + 10, "Sensory break", "centers", False)]
    assert [(b.name, b.start, b.end) for b in effective_blocks(school, middle, 0)] == [
        ("Science", 13 * 60 + 35, 14 * 60),
        ("Sensory break", 14 * 60, 14 * 60 + 10),
        ("Science", 14 * 60 + 10, 14 * 60 + 30),
    ]
    assert effective_blocks(school, room, 1) == []
