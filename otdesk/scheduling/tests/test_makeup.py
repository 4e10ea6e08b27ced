"""The make-up planner: open times for an owed miss, booking, Today, logging, permissions."""

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from otdesk.accounts.models import Role, User
from otdesk.core.models import AuditEvent
from otdesk.delivery import services as delivery_services
from otdesk.delivery.models import (
    MissedSession,
    MissReason,
    PlannedSession,
    PolicyVersion,
    Session,
    SessionType,
)
from otdesk.delivery.queries import makeup_ledger, student_compliance
from otdesk.scheduling import makeup
from otdesk.schools.models import BlockKind, NonSchoolDay, SchoolAssignment
from otdesk.students.models import (
    DeliveryModel,
    Location,
    Period,
    PullOutReason,
    ServiceLine,
    Student,
    TeamRole,
    UnavailableTime,
)
from otdesk.testing import factories as f
from otdesk.testing.login import sign_in

CHICAGO = ZoneInfo("America/Chicago")
MON_0950 = dt.datetime(2026, 11, 23, 9, 50, tzinfo=CHICAGO)  # Monday of Thanksgiving week
MON_23, MON_30 = dt.date(2026, 11, 23), dt.date(2026, 11, 30)
T = dt.time


@dataclass
class Small:
    therapist: User
    cota: User
    teacher: User
    coordinator: User
    outsider: User
    student: Student
    other: Student
    line: ServiceLine
    miss: MissedSession
    busy: PlannedSession


@pytest.fixture
def small(db: None) -> Small:
    """Cedar Hill, a morning of three blocks (reading is protected), the therapist there on
    Mondays and Wednesdays with a session for Leo on Monday at 9:00, and Maya, who has a
    monthly pull-out line, is at speech on Mondays 10:00–10:30 and missed 30 min on
    Wednesday 18 November because the therapist was out. Wed–Fri 25–27 Nov are closed.
    District policy: make-ups within 12 days of the miss (so by Mon 30 Nov)."""
    district = f.make_district()
    PolicyVersion.objects.create(
        district=district,
        effective_from=dt.date(2026, 8, 1),
        owed={r: r in ("provider_absent", "provider_pulled") for r in MissReason.values},
        makeup_within_days=12,
    )
    for day in (25, 26, 27):
        NonSchoolDay.objects.create(district=district, date=dt.date(2026, 11, day), name="Break")
    school = f.make_school(district)
    school.short_name = "Cedar Hill"
    school.save(update_fields=["short_name"])
    for weekday in range(5):
        for name, kind, start, end, protected in [
            ("Reading", BlockKind.READING, T(8), T(9), True),
            ("Writing", BlockKind.WRITING, T(9), T(10), False),
            ("Centers", BlockKind.CENTERS, T(10), T(11), False),
        ]:
            f.make_block(
                school,
                weekday=weekday,
                name=name,
                kind=kind,
                start=start,
                end=end,
                protected=protected,
            )
    teacher = f.make_user(Role.TEACHER, district)
    room = f.make_classroom(school, teacher=teacher, grade="2")
    student = f.make_student(school, room, first_name="Maya", last_name="Lopez")
    other = f.make_student(school, room, first_name="Leo", last_name="Diaz")
    line = f.make_line(
        f.make_iep(student),
        delivery_model=DeliveryModel.PULL_OUT,
        pull_out_reason=PullOutReason.SKILL_GAP,
        location=Location.THERAPY_ROOM,
        minutes=120,
        period=Period.MONTH,
    )
    f.make_line(f.make_iep(other))
    therapist = f.make_user(Role.OT, district, username="otr")
    cota = f.make_user(Role.COTA, district, username="cota")
    coordinator = f.make_user(Role.COORDINATOR, district, username="coord")
    outsider = f.make_user(Role.OT, district, username="outsider")
    for s in (student, other):
        f.add_to_team(s, therapist, TeamRole.OT)
    f.add_to_team(student, cota, TeamRole.COTA)
    SchoolAssignment.objects.create(
        person=therapist, school=school, start_date=dt.date(2026, 8, 1), days="Mon Wed"
    )
    busy = f.make_planned(
        therapist,
        school,
        [other],
        start=T(9),
        session_type=SessionType.PULL_OUT_INDIVIDUAL,
        location=Location.THERAPY_ROOM,
        active_from=dt.date(2026, 8, 24),
    )
    UnavailableTime.objects.create(
        student=student, weekday=0, start=T(10), end=T(10, 30), reason="Speech therapy"
    )
    miss = MissedSession.objects.create(
        student=student,
        service_line=line,
        provider=therapist,
        date=dt.date(2026, 11, 18),
        minutes=30,
        reason=MissReason.PROVIDER_ABSENT,
    )
    return Small(therapist, cota, teacher, coordinator, outsider, student, other, line, miss, busy)


def _client(user: User) -> Client:
    client = Client()
    sign_in(client, user)
    return client


def _slots(options: makeup.Options) -> list[tuple[dt.date, list[tuple[dt.time, str]]]]:
    return [(day, [(s.start, s.during) for s in slots]) for day, slots in options.days]


def test_makeup_slots_avoid_every_rule_and_stop_at_the_deadline(small: Small) -> None:
    # Mondays only (Tuesday she is elsewhere, Wed–Fri closed), never in protected reading,
    # Leo's 9:00 session or Maya's speech at 10:00, later than now today, and not past
    # 30 November, the district's deadline for this miss (Wed 2 Dec would be free).
    with time_machine.travel(MON_0950, tick=False):
        options = makeup.options_for(
            small.miss, provider=small.therapist, today=MON_23, now=T(9, 50)
        )
    assert options.state == "open"
    assert options.target.minutes == 30
    assert options.target.last_day == MON_30
    assert _slots(options) == [
        (MON_23, [(T(10, 30), "Centers")]),
        (MON_30, [(T(9, 30), "Writing"), (T(10, 30), "Centers")]),
    ]


def test_makeup_choose_prefers_the_goal_block_then_earliest_without_overlap() -> None:
    starts = [T(8, m) for m in range(0, 60, 5)] + [T(9, m) for m in range(0, 60, 5)]
    starts += [T(10, m) for m in range(0, 35, 5)]
    writing = [(9 * 60, 10 * 60)]
    assert makeup.choose(starts, minutes=30, preferred=writing, per_day=3) == [
        T(8, 0),
        T(9, 0),
        T(9, 30),
    ]
    assert makeup.choose(starts, minutes=30, preferred=[], per_day=3) == [
        T(8, 0),
        T(8, 30),
        T(9, 0),
    ]


def test_makeup_minutes_are_what_is_owed_between_15_and_60(small: Small) -> None:
    small.miss.minutes = 90
    small.miss.save(update_fields=["minutes"])
    target = makeup.target_for(small.miss)
    assert (target.to_book, target.minutes) == (90, 60)
    assert target.minutes_note == (
        "A make-up session lasts at most 60 min: book this one, then plan another for the "
        "other 30 min."
    )
    small.miss.minutes = 10
    small.miss.save(update_fields=["minutes"])
    target = makeup.target_for(small.miss)
    assert (target.to_book, target.minutes) == (10, 15)
    assert target.minutes_note == (
        "Only 10 min are owed, but a make-up session lasts at least 15 min."
    )


def test_makeup_booking_creates_a_locked_one_off_session(small: Small) -> None:
    with time_machine.travel(MON_0950, tick=False):
        response = _client(small.therapist).post(
            reverse("scheduling:makeup_book", args=[small.miss.pk]),
            {"date": "2026-11-30", "start": "09:30"},
        )
    assert response.status_code == 302
    assert response["Location"] == "/today/?week=2026-11-30"
    planned = PlannedSession.objects.get(makeup_for=small.miss)
    assert (
        planned.provider,
        planned.weekday,
        planned.start,
        planned.minutes,
        planned.active_from,
        planned.active_until,
        planned.locked,
        planned.reason,
        planned.session_type,
        planned.location,
        planned.classroom,
        planned.school,
        list(planned.students.all()),
    ) == (
        small.therapist,
        0,
        T(9, 30),
        30,
        MON_30,
        MON_30,
        True,
        "make-up for Wed 18 Nov",
        SessionType.PULL_OUT_INDIVIDUAL,
        Location.THERAPY_ROOM,
        None,
        small.student.school,
        [small.student],
    )
    event = AuditEvent.objects.get(object_type="delivery.plannedsession", object_id=planned.pk)
    assert (event.action, event.student_id, event.summary) == (
        AuditEvent.Action.CREATE,
        small.student.pk,
        "Booked a make-up on Mon 30 Nov 2026 09:30 for the miss of Wed 18 Nov 2026",
    )
    # Booked in full: the plan page shows the booking and offers no more times.
    with time_machine.travel(MON_0950, tick=False):
        page = _client(small.therapist).get(reverse("scheduling:makeup_plan", args=[small.miss.pk]))
        options = makeup.options_for(
            small.miss, provider=small.therapist, today=MON_23, now=T(9, 50)
        )
    assert options.state == "booked"
    assert "Booked: Mon 30 Nov 09:30" in page.content.decode()
    assert ">Book<" not in page.content.decode()


def test_makeup_booked_shows_on_today_and_logging_it_credits_the_miss(small: Small) -> None:
    with time_machine.travel(MON_0950, tick=False):
        planned = makeup.book_makeup(
            actor=small.therapist, miss=small.miss, day=MON_30, start=T(9, 30), today=MON_23
        )
        student_page = _client(small.therapist).get(
            reverse("students:detail", args=[small.student.pk])
        )
    assert "Booked: Mon 30 Nov 09:30" in student_page.content.decode()
    client = _client(small.therapist)
    with time_machine.travel(dt.datetime(2026, 11, 30, 10, 5, tzinfo=CHICAGO), tick=False):
        week = client.get("/today/?week=2026-11-30")
        text = week.content.decode()
        assert "09:30–10:00 · 30 min" in text
        assert "Booked make-up for Wed 18 Nov" in text
        assert f'action="/today/{planned.pk}/log/"' in text
        details = client.get(f"/sessions/new/?planned={planned.pk}&date=2026-11-30")
        assert details.context["title"] == "Log a make-up session"
        assert details.context["rows"][0].makeup_for == str(small.miss.pk)
        response = client.post(f"/today/{planned.pk}/log/", {"date": "2026-11-30"})
    assert response.status_code == 302
    session = Session.objects.get(planned=planned)
    record = session.attendees.get()
    assert (record.student, record.makeup_for, record.service_line) == (
        small.student,
        small.miss,
        small.line,
    )
    entry = makeup_ledger(small.student).entries[0]
    assert (entry.made_up, entry.outstanding, entry.made_up_on) == (30, 0, [MON_30])
    with time_machine.travel(dt.datetime(2026, 11, 30, 10, 5, tzinfo=CHICAGO), tick=False):
        page = client.get(reverse("students:detail", args=[small.student.pk])).content.decode()
    assert "30 min made up on Mon 30 Nov 2026" in page
    assert "Booked: Mon 30 Nov" not in page
    assert reverse("scheduling:makeup_plan", args=[small.miss.pk]) not in page


def test_makeup_double_booking_the_same_time_is_refused(small: Small) -> None:
    second = MissedSession.objects.create(
        student=small.student,
        service_line=small.line,
        provider=small.therapist,
        date=dt.date(2026, 11, 18),  # a second session missed that day
        minutes=30,
        reason=MissReason.PROVIDER_PULLED,
    )
    client = _client(small.therapist)
    with time_machine.travel(MON_0950, tick=False):
        makeup.book_makeup(
            actor=small.therapist, miss=small.miss, day=MON_30, start=T(9, 30), today=MON_23
        )
        with pytest.raises(ValidationError) as caught:
            makeup.book_makeup(
                actor=small.therapist, miss=second, day=MON_30, start=T(9, 30), today=MON_23
            )
        response = client.post(
            reverse("scheduling:makeup_book", args=[second.pk]),
            {"date": "2026-11-30", "start": "09:30"},
        )
    assert caught.value.messages == [makeup.TAKEN]
    assert response.status_code == 409
    assert "That time was just taken; pick another." in response.content.decode()
    assert PlannedSession.objects.filter(makeup_for=second).count() == 0
    # A time that never fitted (an altered form) says which rule it breaks.
    with time_machine.travel(MON_0950, tick=False), pytest.raises(ValidationError) as caught:
        makeup.book_makeup(
            actor=small.therapist, miss=second, day=MON_30, start=T(5, 0), today=MON_23
        )
    [message] = caught.value.messages
    school = small.student.school.short_name
    assert message == f"That time does not fit: {school}'s day runs 8:00–11:00."
    # The page shows what is still open: 9:30 on the 30th is gone.
    assert _slots(response.context["options"]) == [
        (MON_23, [(T(10, 30), "Centers")]),
        (MON_30, [(T(10, 30), "Centers")]),
    ]


def test_makeup_outside_the_window_is_refused(small: Small) -> None:
    with time_machine.travel(MON_0950, tick=False), pytest.raises(ValidationError) as caught:
        makeup.book_makeup(
            actor=small.therapist,
            miss=small.miss,
            day=dt.date(2026, 12, 2),
            start=T(9, 30),
            today=MON_23,
        )
    assert caught.value.messages == [
        "Choose a time from now to Mon 30 Nov 2026, the last day a make-up for this miss may "
        "be given."
    ]


def test_makeup_cancel_removes_the_booking_and_is_audited(small: Small) -> None:
    with time_machine.travel(MON_0950, tick=False):
        planned = makeup.book_makeup(
            actor=small.therapist, miss=small.miss, day=MON_30, start=T(9, 30), today=MON_23
        )
        pk = planned.pk
        assert (
            _client(small.cota).post(reverse("scheduling:makeup_cancel", args=[pk])).status_code
            == 403
        )
        assert (
            _client(small.teacher).post(reverse("scheduling:makeup_cancel", args=[pk])).status_code
            == 403
        )
        assert (
            _client(small.outsider).post(reverse("scheduling:makeup_cancel", args=[pk])).status_code
            == 404
        )
        response = _client(small.therapist).post(reverse("scheduling:makeup_cancel", args=[pk]))
    assert response.status_code == 302
    assert response["Location"] == f"/makeups/{small.miss.pk}/plan/"
    assert not PlannedSession.objects.filter(pk=pk).exists()
    event = AuditEvent.objects.filter(object_id=pk, action=AuditEvent.Action.VOID).get()
    assert event.summary == (
        "Cancelled the make-up booked on Mon 30 Nov 2026 09:30 for the miss of Wed 18 Nov 2026"
    )


def test_makeup_cancel_refused_once_logged(small: Small) -> None:
    with time_machine.travel(MON_0950, tick=False):
        planned = makeup.book_makeup(
            actor=small.therapist, miss=small.miss, day=MON_30, start=T(9, 30), today=MON_23
        )
    with time_machine.travel(dt.datetime(2026, 11, 30, 10, 5, tzinfo=CHICAGO), tick=False):
        client = _client(small.therapist)
        client.post(f"/today/{planned.pk}/log/", {"date": "2026-11-30"})
        with pytest.raises(ValidationError) as caught:
            delivery_services.cancel_makeup(actor=small.therapist, planned=planned)
    assert caught.value.messages == [
        "This make-up is already logged (or recorded as missed); void that entry instead."
    ]
    assert PlannedSession.objects.filter(pk=planned.pk).exists()


def test_makeup_no_slot_because_no_day_at_school_is_left(small: Small) -> None:
    # Monday 30 November after school: the month ends before her next day at Cedar Hill.
    with time_machine.travel(dt.datetime(2026, 11, 30, 12, 0, tzinfo=CHICAGO), tick=False):
        response = _client(small.therapist).get(
            reverse("scheduling:makeup_plan", args=[small.miss.pk])
        )
    options = response.context["options"]
    assert (options.state, options.why_none, options.obstacles) == (
        "none",
        "No open time before Mon 30 Nov: your days at Cedar Hill are Monday and Wednesday, "
        "and none is left before then.",
        [],
    )
    assert "No open time before Mon 30 Nov" in response.content.decode()


def test_makeup_no_slot_because_the_days_left_are_full(small: Small) -> None:
    UnavailableTime.objects.create(
        student=small.student, weekday=0, start=T(9), end=T(10), reason="Reading group"
    )
    UnavailableTime.objects.create(
        student=small.student, weekday=0, start=T(10, 30), end=T(11), reason="Library"
    )
    with time_machine.travel(MON_0950, tick=False):
        options = makeup.options_for(
            small.miss, provider=small.therapist, today=MON_23, now=T(9, 50)
        )
    assert options.state == "none"
    assert options.why_none == (
        "No open time before Mon 30 Nov: your days at Cedar Hill are Monday and Wednesday, "
        "and Mon 23 Nov and Mon 30 Nov are both full — no 30 free minutes fit the rules."
    )
    assert options.obstacles == [
        "Maya Lopez cannot be seen 10:00–10:30 (Speech therapy).",
        "Maya Lopez cannot be seen 9:00–10:00 (Reading group).",
        "Maya Lopez cannot be seen 10:30–11:00 (Library).",
    ]


def test_makeup_not_owed_miss_offers_nothing(small: Small) -> None:
    small.miss.reason = MissReason.STUDENT_ABSENT
    small.miss.save(update_fields=["reason"])
    with time_machine.travel(MON_0950, tick=False):
        response = _client(small.therapist).get(
            reverse("scheduling:makeup_plan", args=[small.miss.pk])
        )
        with pytest.raises(ValidationError):
            makeup.book_makeup(
                actor=small.therapist, miss=small.miss, day=MON_30, start=T(9, 30), today=MON_23
            )
    assert response.context["options"].state == "not_owed"
    assert "No make-up is owed for this missed session" in response.content.decode()


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("therapist", 200),
        ("cota", 200),
        ("outsider", 404),
        ("teacher", 403),
        ("coordinator", 403),
    ],
)
def test_makeup_plan_page_permissions(small: Small, who: str, status: int) -> None:
    with time_machine.travel(MON_0950, tick=False):
        response = _client(getattr(small, who)).get(
            reverse("scheduling:makeup_plan", args=[small.miss.pk])
        )
    assert response.status_code == status


@pytest.mark.parametrize(("who", "status"), [("outsider", 404), ("teacher", 403)])
def test_makeup_booking_permissions(small: Small, who: str, status: int) -> None:
    with time_machine.travel(MON_0950, tick=False):
        response = _client(getattr(small, who)).post(
            reverse("scheduling:makeup_book", args=[small.miss.pk]),
            {"date": "2026-11-30", "start": "09:30"},
        )
    assert response.status_code == status
    assert PlannedSession.objects.filter(makeup_for=small.miss).count() == 0


def test_makeup_voided_miss_is_not_found(small: Small) -> None:
    small.miss.voided_at = MON_0950
    small.miss.save(update_fields=["voided_at"])
    response = _client(small.therapist).get(reverse("scheduling:makeup_plan", args=[small.miss.pk]))
    assert response.status_code == 404


def test_makeup_entry_points_link_to_the_planner(small: Small) -> None:
    url = reverse("scheduling:makeup_plan", args=[small.miss.pk])
    with time_machine.travel(MON_0950, tick=False):
        page = _client(small.therapist).get(reverse("students:detail", args=[small.student.pk]))
        teacher_page = _client(small.teacher).get(
            reverse("students:detail", args=[small.student.pk])
        )
        # Recording a miss on Today links each owed miss to the planner.
        response = _client(small.therapist).post(
            f"/today/{small.busy.pk}/missed/?date=2026-11-23",
            {
                "date": "2026-11-23",
                "minutes": "30",
                "students": [small.other.pk],
                "reason": MissReason.PROVIDER_PULLED,
                "detail": "",
            },
            follow=True,
        )
    assert f'href="{url}"' in page.content.decode()
    assert url not in teacher_page.content.decode()
    new_miss = MissedSession.objects.get(student=small.other)
    assert (
        f'Plan a make-up: <a href="/makeups/{new_miss.pk}/plan/">Leo Diaz</a>.'
        in response.content.decode()
    )


def test_makeup_push_in_line_prefers_the_blocks_that_match_the_goals(small: Small) -> None:
    # A push-in line: the make-up goes in Maya's class, in a class block, and her
    # fine-motor goal puts writing and centers times before the earlier reading one.
    small.line.delivery_model = DeliveryModel.PUSH_IN
    small.line.location = Location.GENERAL_ED
    small.line.pull_out_reason = ""
    small.line.save(update_fields=["delivery_model", "location", "pull_out_reason"])
    f.make_goal(small.line.iep)
    with time_machine.travel(MON_0950, tick=False):
        options = makeup.options_for(
            small.miss, provider=small.therapist, today=MON_23, now=T(9, 50)
        )
    target = options.target
    assert (target.session_type, target.classroom, target.location) == (
        SessionType.PUSH_IN,
        small.student.classroom,
        Location.GENERAL_ED,
    )
    assert _slots(options) == [
        (MON_23, [(T(10, 30), "Centers")]),
        (MON_30, [(T(8, 0), "Reading"), (T(9, 30), "Writing"), (T(10, 30), "Centers")]),
    ]
    with time_machine.travel(MON_0950, tick=False):
        planned = makeup.book_makeup(
            actor=small.therapist, miss=small.miss, day=MON_30, start=T(9, 30), today=MON_23
        )
    assert (planned.session_type, planned.classroom, planned.location) == (
        SessionType.PUSH_IN,
        small.student.classroom,
        Location.GENERAL_ED,
    )


def test_makeup_for_an_ended_period_is_planned_and_credits_the_period_of_the_miss(
    small: Small,
) -> None:
    """Without a district deadline a make-up may wait until the IEP ends: on Tuesday 1
    December the November miss still gets times (Wednesday 2 December is free), and the
    make-up, logged in December, counts in November."""
    PolicyVersion.objects.all().delete()
    tue = dt.datetime(2026, 12, 1, 8, 0, tzinfo=CHICAGO)
    with time_machine.travel(tue, tick=False):
        options = makeup.options_for(
            small.miss, provider=small.therapist, today=tue.date(), now=T(8, 0)
        )
        assert options.state == "open"
        assert options.target.last_day == dt.date(2027, 6, 4)  # the school year's end
        assert options.target.period.label == "November 2026"
        wed = dt.date(2026, 12, 2)
        assert _slots(options)[0] == (
            wed,
            [(T(9, 0), "Writing"), (T(9, 30), "Writing"), (T(10, 0), "Centers")],
        )
        planned = makeup.book_makeup(
            actor=small.therapist, miss=small.miss, day=wed, start=T(9, 0), today=tue.date()
        )
    with time_machine.travel(dt.datetime(2026, 12, 2, 9, 45, tzinfo=CHICAGO), tick=False):
        response = _client(small.therapist).post(
            f"/today/{planned.pk}/log/", {"date": "2026-12-02"}
        )
        assert response.status_code == 302

        [item] = student_compliance(small.student, wed)
        november = next(h for h in item.history if h.span.label == "November 2026")
        assert (november.made_up, november.made_up_on) == (30, [wed])
        assert item.current.made_up == 0  # not in December


def test_makeup_after_the_district_deadline_says_so(small: Small) -> None:
    """Make-ups within 12 days of the miss: on Tuesday 1 December the deadline has passed."""
    tue = dt.datetime(2026, 12, 1, 8, 0, tzinfo=CHICAGO)
    with time_machine.travel(tue, tick=False):
        options = makeup.options_for(
            small.miss, provider=small.therapist, today=tue.date(), now=T(8, 0)
        )
    assert (options.state, options.why_none) == (
        "none",
        "A make-up for this miss had to be given by Mon 30 Nov (the end of the IEP or the "
        "district's deadline for make-ups), so none can be planned now. The team may weigh "
        "the minutes for compensatory services.",
    )
