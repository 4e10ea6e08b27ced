"""Logging, signing, voiding, missing and making up sessions, through services and pages."""

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from otdesk.accounts.models import Role
from otdesk.core.models import AuditEvent
from otdesk.delivery import services
from otdesk.delivery.models import (
    MissedSession,
    MissReason,
    PlannedSession,
    PolicyVersion,
    Session,
)
from otdesk.delivery.queries import compliance_rows, makeup_ledger, student_compliance
from otdesk.delivery.services import AttendeeEntry
from otdesk.district.tests.helpers import log_in, make_operator
from otdesk.schools.models import NonSchoolDay
from otdesk.students.models import TeamRole
from otdesk.students.permissions import served_students
from otdesk.testing import factories as f
from otdesk.testing.login import sign_in

pytestmark = pytest.mark.django_db
CHICAGO = zoneinfo.ZoneInfo("America/Chicago")
FRIDAY = dt.datetime(2026, 10, 9, 15, 0, tzinfo=CHICAGO)
MON, TUE, WED = dt.date(2026, 10, 5), dt.date(2026, 10, 6), dt.date(2026, 10, 7)
NINE = dt.time(9, 0)


@pytest.fixture(autouse=True)
def on_a_friday_afternoon():
    with time_machine.travel(FRIDAY, tick=False):
        yield


@pytest.fixture
def group(world):
    """Three students at Maya's school with pull-out group lines (groups of up to 3)."""
    students = []
    for name in ("Ava", "Ben", "Cal"):
        student = f.make_student(world.school, first_name=name, last_name="Group")
        iep = f.make_iep(student)
        f.make_line(
            iep,
            delivery_model="pull_out",
            location="therapy_room",
            group_size=3,
            pull_out_reason="skill_gap",
            minutes=30,
        )
        f.add_to_team(student, world.therapist, TeamRole.OT)
        students.append(student)
    return students


def log(world, students, **kwargs):
    defaults = dict(
        actor=world.therapist,
        date=MON,
        start=NINE,
        minutes=30,
        session_type="pull_out_group",
        location="therapy_room",
        school=world.school,
    )
    attendees = kwargs.pop("attendees", None) or [AttendeeEntry(student=s) for s in students]
    return services.log_session(**{**defaults, **kwargs}, attendees=attendees)


def current_week(student):
    [line_compliance] = [c for c in student_compliance(student, dt.date(2026, 10, 9))]
    return line_compliance.current


def test_group_session_credits_each_present_student_in_full(world, group):
    ava, ben, cal = group
    log(
        world,
        group,
        attendees=[
            AttendeeEntry(student=ava),
            AttendeeEntry(student=ben),
            AttendeeEntry(student=cal, attendance="absent", absence_reason="student_absent"),
        ],
    )
    assert (current_week(ava).delivered, current_week(ben).delivered) == (30, 30)
    c = current_week(cal)
    assert (c.delivered, c.missed, c.owed, c.excused, c.remaining) == (
        0,
        {"student_absent": 30},
        0,
        30,
        0,
    )
    assert MissedSession.objects.get().student == cal


def test_push_in_credits_only_students_who_got_targeted_help(world):
    other = f.make_student(world.school, first_name="Zoe", last_name="Class")
    f.make_line(f.make_iep(other), minutes=30)
    f.add_to_team(other, world.therapist, TeamRole.OT)
    log(
        world,
        [],
        session_type="push_in",
        location="general_ed",
        attendees=[
            AttendeeEntry(student=world.student, targeted_service=True),
            AttendeeEntry(student=other, targeted_service=False),
        ],
    )
    maya = [c for c in student_compliance(world.student, FRIDAY.date()) if c.line.kind == "direct"]
    assert maya[0].current.delivered == 30
    assert current_week(other).delivered == 0


def test_pull_out_without_a_pull_out_line_or_reason_is_refused(world):
    with pytest.raises(ValidationError) as info:
        log(world, [world.student], session_type="pull_out_individual")
    assert info.value.message_dict == {
        "pull_out_reason": [
            "Maya Lopez's IEP has no pull-out service. Give the reason for taking them out "
            "of class, or log the session as push-in."
        ]
    }
    assert Session.objects.count() == 0
    session = log(
        world, [world.student], session_type="pull_out_individual", pull_out_reason="equipment"
    )
    assert session.attendees.get().service_line.delivery_model == "push_in"


def test_individual_pull_out_has_one_student(world, group):
    with pytest.raises(ValidationError) as info:
        log(world, group[:2], session_type="pull_out_individual")
    assert info.value.message_dict["session_type"] == [
        "An individual pull-out session has one student; choose 'Pull-out, group' for more."
    ]


def test_group_larger_than_the_iep_allows_is_refused(world, group):
    extra = f.make_student(world.school, first_name="Dee", last_name="Group")
    f.make_line(
        f.make_iep(extra),
        delivery_model="pull_out",
        location="therapy_room",
        group_size=3,
        pull_out_reason="skill_gap",
    )
    f.add_to_team(extra, world.therapist, TeamRole.OT)
    with pytest.raises(ValidationError) as info:
        log(world, [*group, extra])
    assert info.value.messages == [
        "Ava Group's IEP allows groups of at most 3; this session has 4 students."
    ]
    assert Session.objects.count() == 0


def test_future_dates_and_closed_days_are_refused(world):
    with pytest.raises(ValidationError) as info:
        log(world, [world.student], date=dt.date(2026, 10, 12), session_type="push_in")
    assert info.value.message_dict == {"date": ["A session cannot be logged for a future date."]}
    NonSchoolDay.objects.create(district=world.district, date=TUE, name="PD day")
    with pytest.raises(ValidationError) as info:
        log(world, [world.student], date=TUE, session_type="push_in")
    assert info.value.message_dict == {
        "date": ["Tue 6 Oct 2026 is not a school day in Test District."]
    }


def test_a_student_not_on_the_caseload_is_refused(world):
    stranger = f.make_student(world.school)
    f.make_line(f.make_iep(stranger))
    with pytest.raises(ValidationError) as info:
        log(world, [stranger], session_type="push_in")
    assert info.value.messages == [f"{stranger.full_name} is not on your caseload."]


def test_sign_then_amend_then_void(world):
    session = log(world, [world.student], session_type="push_in", subjective="Tired today")
    services.sign_session(actor=world.therapist, session=session)
    assert session.status == "signed"
    with pytest.raises(ValidationError, match="already signed or voided"):
        services.sign_session(actor=world.therapist, session=session)
    services.add_addendum(actor=world.therapist, session=session, text="Also used a slant board.")
    assert [a.text for a in session.addenda.all()] == ["Also used a slant board."]
    with pytest.raises(ValidationError) as info:
        services.void_session(actor=world.therapist, session=session, reason="  ")
    assert info.value.message_dict == {"reason": ["Say why this entry is a mistake."]}
    services.void_session(actor=world.therapist, session=session, reason="Wrong student")
    session.refresh_from_db()
    assert (session.status, session.void_reason, session.subjective) == (
        "voided",
        "Wrong student",
        "Tired today",
    )
    assert Session.objects.count() == 1  # nothing is deleted
    maya = [c for c in student_compliance(world.student, FRIDAY.date()) if c.line.kind == "direct"]
    assert maya[0].current.delivered == 0
    actions = list(AuditEvent.objects.order_by("pk").values_list("action", flat=True))
    assert actions == ["create", "update", "update", "void"]


def test_voiding_a_session_voids_the_absences_it_recorded(world, group):
    session = log(
        world,
        group[:1],
        attendees=[AttendeeEntry(group[0], attendance="absent", absence_reason="student_refused")],
    )
    services.void_session(actor=world.therapist, session=session, reason="Logged twice")
    assert MissedSession.objects.get().voided_at is not None
    assert makeup_ledger(group[0]).entries == []


def test_provider_absence_is_owed_and_a_makeup_in_the_next_week_pays_it(world):
    [miss] = services.record_missed_session(
        actor=world.therapist,
        students=[world.student],
        date=MON,
        minutes=30,
        reason="provider_absent",
    )
    ledger = makeup_ledger(world.student)
    assert (ledger.owed, ledger.made_up, ledger.outstanding) == (30, 0, 30)
    with time_machine.travel(dt.datetime(2026, 10, 13, 15, 0, tzinfo=CHICAGO), tick=False):
        log(
            world,
            [],
            date=dt.date(2026, 10, 13),
            session_type="push_in",
            attendees=[AttendeeEntry(world.student, makeup_for=miss)],
        )
        ledger = makeup_ledger(world.student)
        assert (ledger.owed, ledger.made_up, ledger.outstanding) == (30, 30, 0)
        assert ledger.entries[0].made_up_on == [dt.date(2026, 10, 13)]
        [direct] = [
            c
            for c in student_compliance(world.student, dt.date(2026, 10, 13))
            if c.line.kind == "direct"
        ]
        first_week = next(h for h in direct.history if h.span.start == MON)
        assert (first_week.delivered, first_week.made_up, first_week.remaining) == (0, 30, 0)
        assert direct.current.delivered == 0  # the make-up counts in the week of the miss
        with pytest.raises(ValidationError) as info:
            log(
                world,
                [],
                date=dt.date(2026, 10, 13),
                start=dt.time(13, 0),
                session_type="push_in",
                attendees=[AttendeeEntry(world.student, makeup_for=miss)],
            )
        assert info.value.messages == [
            "Maya Lopez's missed session of Mon 5 Oct 2026 is already made up."
        ]


def test_policy_decides_what_is_owed(world):
    services.record_missed_session(
        actor=world.therapist,
        students=[world.student],
        date=MON,
        minutes=30,
        reason="student_unavailable",
        detail="state testing",
    )
    assert makeup_ledger(world.student).owed == 0
    owed = {reason: True for reason in MissReason.values}
    services.set_policy(
        actor=world.coordinator,
        district=world.district,
        effective_from=MON,
        owed=owed,
        prorate_short_weeks=True,
        makeup_within_days=None,
        version=world.district.policy_version,
    )
    assert makeup_ledger(world.student).owed == 30
    assert makeup_ledger(world.student).outstanding == 30


def test_same_planned_session_cannot_be_missed_twice(world):
    planned = make_plan(world)
    services.record_missed_session(
        actor=world.therapist,
        students=[world.student],
        date=MON,
        minutes=30,
        reason="school_closure",
        planned=planned,
    )
    with pytest.raises(ValidationError) as info:
        services.record_missed_session(
            actor=world.therapist,
            students=[world.student],
            date=MON,
            minutes=30,
            reason="school_closure",
            planned=planned,
        )
    assert info.value.messages == [
        "Maya Lopez's session on Mon 5 Oct 2026 is already recorded as missed."
    ]


def make_plan(world, weekday=0, students=None, **kwargs) -> PlannedSession:
    planned = PlannedSession(
        weekday=weekday,
        start=NINE,
        minutes=30,
        school=world.school,
        session_type=kwargs.pop("session_type", "push_in"),
        location="general_ed",
        active_from=dt.date(2026, 9, 1),
        **kwargs,
    )
    return services.save_planned_session(
        actor=world.therapist, planned=planned, students=students or [world.student]
    )


# Pages ---------------------------------------------------------------------------------


def test_week_page_lists_the_plan_and_quick_log_logs_it(client, world):
    make_plan(world, weekday=0)
    client.force_login(world.therapist)
    html = client.get(reverse("delivery:week")).content.decode()
    assert "Mon 5 Oct 2026" in html
    assert "Log as planned" in html
    assert "1 planned session to log." in html
    plan = PlannedSession.objects.get()
    response = client.post(reverse("delivery:quick_log", args=[plan.pk]), {"date": "2026-10-05"})
    assert response.status_code == 302
    session = Session.objects.get()
    assert (session.date, session.minutes, session.planned, session.status) == (
        MON,
        30,
        plan,
        "draft",
    )
    html = client.get(reverse("delivery:week")).content.decode()
    assert "Nothing waiting to be logged this week." in html
    assert "View note" in html


def test_missed_page_records_a_provider_absence(client, world):
    plan = make_plan(world, weekday=2)
    client.force_login(world.therapist)
    url = reverse("delivery:missed", args=[plan.pk]) + "?date=2026-10-07"
    assert client.get(url).status_code == 200
    response = client.post(url, {"date": "2026-10-07", "minutes": "30", "students": []})
    assert response.status_code == 400
    assert "Choose why the session was missed." in response.content.decode()
    assert MissedSession.objects.count() == 0
    response = client.post(
        url,
        {
            "date": "2026-10-07",
            "minutes": "30",
            "reason": "provider_absent",
            "students": [world.student.pk],
        },
        follow=True,
    )
    assert "A make-up of 30 min is owed to each." in response.content.decode()
    assert makeup_ledger(world.student).outstanding == 30


def test_log_form_with_a_bad_row_saves_nothing(client, world):
    client.force_login(world.therapist)
    url = reverse("delivery:log") + f"?student={world.student.pk}"
    html = client.get(url).content.decode()
    assert "Maya Lopez" in html
    data = {
        "date": "2026-10-05",
        "start": "09:00",
        "minutes": "30",
        "session_type": "push_in",
        "location": "general_ed",
        "students": [world.student.pk],
        f"s{world.student.pk}-attendance": "absent",
        f"s{world.student.pk}-why": "",
    }
    response = client.post(url, data)
    assert response.status_code == 400
    assert "Say why Maya Lopez was absent." in response.content.decode()
    assert Session.objects.count() == 0
    data[f"s{world.student.pk}-attendance"] = "present"
    data[f"s{world.student.pk}-targeted"] = "on"
    goal = world.iep.goals.get()
    data[f"s{world.student.pk}-g{goal.pk}-trials"] = "5"
    data[f"s{world.student.pk}-g{goal.pk}-correct"] = "4"
    data[f"s{world.student.pk}-g{goal.pk}-assist"] = "verbal"
    data["sign"] = "on"
    response = client.post(url, data)
    assert response.status_code == 302
    session = Session.objects.get()
    assert session.status == "signed"
    datum = session.attendees.get().goal_data.get()
    assert (datum.trials, datum.correct, datum.assistance) == (5, 4, "verbal")


def test_session_page_access(client, world):
    session = log(world, [world.student], session_type="push_in")
    url = reverse("delivery:session", args=[session.pk])
    client.force_login(world.therapist)
    assert client.get(url).status_code == 200
    for persona in ("outsider", "teacher", "aide", "parent", "coordinator"):
        sign_in(client, getattr(world, persona))
        assert client.get(url).status_code == 404, persona
        assert client.post(reverse("delivery:sign", args=[session.pk])).status_code == 404
    client.force_login(world.cota)  # on the team: may read the note, not sign it
    assert client.get(url).status_code == 200
    assert client.post(reverse("delivery:sign", args=[session.pk])).status_code == 403
    assert (
        client.post(reverse("delivery:void", args=[session.pk]), {"reason": "x"}).status_code == 403
    )


@pytest.mark.parametrize("persona", ["teacher", "aide", "parent", "coordinator"])
def test_provider_pages_are_404_for_everyone_else(client, world, persona):
    sign_in(client, getattr(world, persona))
    for name in ("delivery:week", "delivery:log", "delivery:plan", "delivery:compliance"):
        assert client.get(reverse(name)).status_code == 404, name


def test_log_form_for_a_student_not_served_is_404(client, world):
    client.force_login(world.outsider)
    response = client.get(reverse("delivery:log") + f"?student={world.student.pk}")
    assert response.status_code == 404


def test_policy_page_is_the_coordinators(client, world):
    url = reverse("delivery:policy")
    client.force_login(world.therapist)
    assert client.get(url).status_code == 404
    sign_in(client, world.coordinator)
    html = client.get(url).content.decode()
    assert "Provider absent" in html
    response = client.post(
        url,
        {
            "effective_from": "2026-10-09",
            "owed": ["provider_absent", "student_absent"],
            "prorate_short_weeks": "on",
            "version": "1",
        },
    )
    assert response.status_code == 302
    assert PolicyVersion.objects.get().owed == {
        "student_absent": True,
        "student_unavailable": False,
        "provider_absent": True,
        "provider_pulled": False,
        "school_closure": False,
        "student_refused": False,
    }


def test_district_table_is_the_coordinators(client, world):
    log(world, [world.student], session_type="push_in")
    client.force_login(world.therapist)
    assert client.get(reverse("delivery:district_compliance")).status_code == 404
    sign_in(client, world.coordinator)
    html = client.get(reverse("delivery:district_compliance")).content.decode()
    assert "Minutes across the district" in html
    assert "Consult 60 min/month" in html  # behind: no consultation logged yet
    assert "Direct 30 min/week (push-in)" not in html  # on track: shown with status=all
    html = client.get(reverse("delivery:district_compliance") + "?status=all").content.decode()
    assert "Direct 30 min/week (push-in)" in html
    assert "Olive Ot" in html
    assert "30 min" in html


def test_caseload_dashboard_rows_worst_first(world, group):
    log(world, group[:1])  # Ava gets her 30 minutes
    rows = compliance_rows(
        district=world.district,
        students=served_students(world.therapist),
        today=FRIDAY.date(),
    )
    names = [(r.student.known_as, r.compliance.status, r.compliance.remaining) for r in rows]
    assert names[-1] == ("Ava", "on_track", 0)
    assert {n[0] for n in names[:-1]} == {"Maya", "Ben", "Cal"}
    assert all(status == "behind" for _, status, _ in names[:-1])


def _dashboard_queries(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("delivery:compliance"))
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_caseload_dashboard_query_count_is_constant(client, world):
    make_plan(world)
    log(world, [world.student], session_type="push_in")
    client.force_login(world.therapist)
    one = _dashboard_queries(client)
    for n in range(29):
        student = f.make_student(world.school)
        iep = f.make_iep(student)
        f.make_line(iep)
        f.add_to_team(student, world.therapist, TeamRole.OT)
        log(world, [student], session_type="push_in", date=MON if n % 2 else WED)
        make_plan(world, weekday=n % 5, students=[student])
    html = client.get(reverse("delivery:compliance")).content.decode()
    assert html.count('data-label="Student"') == 31  # 30 direct lines and Maya's consult line
    assert _dashboard_queries(client) == one


def test_student_page_shows_minutes_and_ledger_to_the_therapist_only(client, world):
    log(world, [world.student], session_type="push_in")
    client.force_login(world.therapist)
    html = client.get(reverse("students:detail", args=[world.student.pk])).content.decode()
    assert "Minutes delivered" in html
    assert "Make-up ledger" in html
    assert "Week of Mon 5 Oct" in html
    client.force_login(world.teacher)
    html = client.get(reverse("students:detail", args=[world.student.pk])).content.decode()
    assert "Minutes delivered" not in html


def test_role_is_checked_for_coordinator_nav(client, world):
    sign_in(client, world.coordinator)
    html = client.get(reverse("students:caseload")).content.decode()
    assert "Minutes policy" in html
    assert world.coordinator.role == Role.COORDINATOR


def test_draft_note_is_written_then_signed_and_locked(client, world):
    session = log(world, [world.student], session_type="push_in")
    url = reverse("delivery:note", args=[session.pk])
    client.force_login(world.cota)
    assert client.get(url).status_code == 403
    client.force_login(world.outsider)
    assert client.get(url).status_code == 404
    client.force_login(world.therapist)
    assert client.get(url).status_code == 200
    sent = {"objective": "Copied 4 of 5 letters on the line.", "sign": "on", "version": "1"}
    response = client.post(url, sent)
    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.objective, session.status) == ("Copied 4 of 5 letters on the line.", "signed")
    response = client.post(url, {"objective": "Changed after signing"}, follow=True)
    assert "This note is signed; add an addendum instead." in response.content.decode()
    session.refresh_from_db()
    assert session.objective == "Copied 4 of 5 letters on the line."


def test_admin_lists_delivery_records_and_never_deletes(client, world):
    session = log(world, [world.student], session_type="push_in")
    log_in(client, make_operator())
    for name in ("session", "missedsession", "plannedsession", "policyversion"):
        assert client.get(reverse(f"admin:delivery_{name}_changelist")).status_code == 200
    assert (
        client.get(reverse("admin:delivery_session_delete", args=[session.pk])).status_code == 403
    )


def test_a_planned_session_is_logged_or_missed_once_a_day(client, world):
    plan = make_plan(world, weekday=0)
    client.force_login(world.therapist)
    url = reverse("delivery:quick_log", args=[plan.pk])
    client.post(url, {"date": "2026-10-05"})
    response = client.post(url, {"date": "2026-10-05"}, follow=True)
    assert "This planned session is already logged for Mon 5 Oct 2026." in response.content.decode()
    assert Session.objects.count() == 1
    with pytest.raises(ValidationError) as info:
        services.record_missed_session(
            actor=world.therapist,
            students=[world.student],
            date=MON,
            minutes=30,
            reason="provider_absent",
            planned=plan,
        )
    assert "already logged for Mon 5 Oct 2026" in info.value.messages[0]
    services.record_missed_session(
        actor=world.therapist,
        students=[world.student],
        date=dt.date(2026, 9, 28),
        minutes=30,
        reason="provider_absent",
        planned=plan,
    )
    response = client.post(url, {"date": "2026-09-28"}, follow=True)
    assert "recorded as missed on Mon 28 Sep 2026; void that first." in response.content.decode()


def test_silly_weeks_dates_and_numbers_get_messages_not_errors(client, world):
    client.force_login(world.therapist)
    assert client.get(reverse("delivery:week") + "?week=9999-12-31").status_code == 404
    response = client.get(reverse("delivery:plan_session") + "?students=99999999999999999999")
    assert response.status_code in (200, 400)
    response = client.post(
        reverse("delivery:log"),
        {
            "date": "0001-01-01",
            "start": "09:00",
            "minutes": "30",
            "session_type": "push_in",
            "location": "general_ed",
            "students": [world.student.pk],
        },
    )
    assert response.status_code == 400
    assert "Enter a date between 2000 and 2031." in response.content.decode()


def test_a_miss_recorded_by_mistake_is_voided_with_a_reason(client, world):
    [miss] = services.record_missed_session(
        actor=world.therapist,
        students=[world.student],
        date=MON,
        minutes=30,
        reason="provider_absent",
    )
    url = reverse("delivery:void_missed", args=[miss.pk])
    client.force_login(world.outsider)
    assert client.post(url, {"reason": "x"}).status_code == 404
    client.force_login(world.therapist)
    html = client.get(reverse("students:detail", args=[world.student.pk])).content.decode()
    assert "Void this missed session" in html
    response = client.post(url, {"reason": "Session did happen"}, follow=True)
    assert "Voided. The missed session no longer counts." in response.content.decode()
    miss.refresh_from_db()
    assert miss.void_reason == "Session did happen"
    assert makeup_ledger(world.student).owed == 0
