"""The minutes rules a team relies on: one crediting rule for make-ups, checked make-ups
and groups, excused periods, the year's cumulative position, dated policy changes."""

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
from otdesk.delivery.compliance import EXCUSED
from otdesk.delivery.crediting import made_up_minutes
from otdesk.delivery.models import MissReason, PlannedSession, PolicyVersion, SessionStudent
from otdesk.delivery.policy import Policy
from otdesk.delivery.queries import compliance_rows, makeup_ledger, open_misses, student_compliance
from otdesk.delivery.services import AttendeeEntry
from otdesk.schools.models import NonSchoolDay
from otdesk.students.models import TeamRole
from otdesk.testing import factories as f
from otdesk.testing.login import sign_in

pytestmark = pytest.mark.django_db
CHICAGO = zoneinfo.ZoneInfo("America/Chicago")
MON, TUE, WED, THU, FRI = (dt.date(2026, 10, 5) + dt.timedelta(days=n) for n in range(5))
NEXT_MON = dt.date(2026, 10, 12)
NINE = dt.time(9, 0)
ALL_OWED_BUT = {r: r in ("provider_absent", "provider_pulled") for r in MissReason.values}


def at(day: dt.date, hour: int = 15):  # type: ignore[no-untyped-def]
    return time_machine.travel(dt.datetime.combine(day, dt.time(hour), tzinfo=CHICAGO), tick=False)


def miss(world, day=MON, reason="provider_absent", student=None):  # type: ignore[no-untyped-def]
    [found] = services.record_missed_session(
        actor=world.therapist,
        students=[student or world.student],
        date=day,
        minutes=30,
        reason=reason,
    )
    return found


def log(world, attendees, **kwargs):  # type: ignore[no-untyped-def]
    defaults = dict(
        actor=world.therapist,
        date=MON,
        start=NINE,
        minutes=30,
        session_type="push_in",
        location="general_ed",
        school=world.school,
    )
    return services.log_session(**{**defaults, **kwargs}, attendees=attendees)


def direct(student, today):  # type: ignore[no-untyped-def]
    return next(c for c in student_compliance(student, today) if c.line.kind == "direct")


def week_of(item, monday):  # type: ignore[no-untyped-def]
    if item.current is not None and item.current.span.start == monday:
        return item.current
    return next(h for h in item.history if h.span.start == monday)


# 1. One crediting rule --------------------------------------------------------------


def test_makeup_without_targeted_help_credits_nothing_and_leaves_the_miss_open(world):
    with at(FRI):
        missed = miss(world)
        session = log(
            world,
            [AttendeeEntry(world.student, targeted_service=False, makeup_for=missed)],
            date=TUE,
        )
        record = SessionStudent.objects.get(session=session)
        assert record.credited_minutes == 0
        ledger = makeup_ledger(world.student)
        assert (ledger.owed, ledger.made_up, ledger.outstanding) == (30, 0, 30)
        week = week_of(direct(world.student, FRI), MON)
        assert (week.owed, week.made_up, week.outstanding, week.remaining) == (30, 0, 30, 30)
        assert open_misses([world.student], district=world.district) == {world.student.pk: [missed]}
        assert made_up_minutes(missed) == 0
        # The gap can be closed: a second make-up, with targeted help, is accepted.
        log(world, [AttendeeEntry(world.student, makeup_for=missed)], date=WED, start=NINE)
        ledger = makeup_ledger(world.student)
        assert (ledger.owed, ledger.made_up, ledger.outstanding) == (30, 30, 0)
        assert ledger.entries[0].made_up_on == [WED]  # the one that credited
        week = week_of(direct(world.student, FRI), MON)
        assert (week.made_up, week.outstanding, week.remaining) == (30, 0, 0)
        assert open_misses([world.student], district=world.district) == {}


def test_ledger_and_minutes_agree_for_every_kind_of_makeup_record(world):
    """Voided, absent and untargeted in-class make-ups credit nothing, everywhere."""
    with at(FRI):
        missed = miss(world)
        voided = log(world, [AttendeeEntry(world.student, makeup_for=missed)], date=TUE)
        services.void_session(actor=world.therapist, session=voided, reason="Wrong day")
        log(
            world,
            [
                AttendeeEntry(
                    world.student,
                    attendance="absent",
                    absence_reason="student_absent",
                    makeup_for=missed,
                )
            ],
            date=WED,
        )
        ledger = makeup_ledger(world.student)
        week = week_of(direct(world.student, FRI), MON)
        assert (ledger.made_up, ledger.outstanding) == (0, 30)
        assert (week.made_up, week.outstanding) == (0, 30)


# 2. Make-ups and groups are checked -------------------------------------------------


def test_makeup_dated_before_the_miss_is_refused(world):
    with at(FRI):
        missed = miss(world, day=WED)
        with pytest.raises(ValidationError) as info:
            log(world, [AttendeeEntry(world.student, makeup_for=missed)], date=TUE)
    assert info.value.message_dict == {
        "date": [
            "A make-up comes after the session it makes up: Maya Lopez missed Wed 7 Oct 2026, "
            "so log the make-up on that day or later."
        ]
    }
    assert SessionStudent.objects.count() == 0


def _pull_out_student(world, name, group_size):  # type: ignore[no-untyped-def]
    student = f.make_student(world.school, first_name=name, last_name="Pull")
    f.make_line(
        f.make_iep(student),
        delivery_model="pull_out",
        location="therapy_room",
        group_size=group_size,
        pull_out_reason="skill_gap",
    )
    f.add_to_team(student, world.therapist, TeamRole.OT)
    return student


def test_pull_out_group_with_an_individual_line_is_refused(world):
    solo = _pull_out_student(world, "Ivy", 1)
    pair = _pull_out_student(world, "Jon", 3)
    with at(FRI), pytest.raises(ValidationError) as info:
        log(
            world,
            [AttendeeEntry(pair), AttendeeEntry(solo)],
            session_type="pull_out_group",
            location="therapy_room",
        )
    assert info.value.messages == [
        "Ivy Pull's service line “Direct 30 min/week (pull-out)” is individual (group size "
        "1), so Ivy Pull cannot be in a pull-out group; log an individual session for Ivy Pull."
    ]
    assert SessionStudent.objects.count() == 0
    # The weekly plan keeps the same rule.
    planned = PlannedSession(
        weekday=0,
        start=NINE,
        minutes=30,
        school=world.school,
        session_type="pull_out_group",
        location="therapy_room",
        active_from=MON,
    )
    with pytest.raises(ValidationError) as info:
        services.save_planned_session(actor=world.therapist, planned=planned, students=[pair, solo])
    assert "Ivy Pull cannot be in a pull-out group" in info.value.message_dict["students"][0]


# 3. Make-ups after the period, up to the deadline ---------------------------------------


def test_makeup_after_the_period_credits_the_period_of_the_miss(world):
    with at(FRI):
        missed = miss(world, day=MON)
    with at(NEXT_MON + dt.timedelta(days=1)):
        log(world, [AttendeeEntry(world.student, makeup_for=missed)], date=NEXT_MON)
        item = direct(world.student, NEXT_MON)
        first = week_of(item, MON)
        assert (first.made_up, first.remaining, first.made_up_on) == (30, 0, [NEXT_MON])
        assert item.current.made_up == 0


def test_district_deadline_for_makeups_is_kept(world):
    PolicyVersion.objects.create(
        district=world.district,
        effective_from=dt.date(2026, 8, 1),
        owed=ALL_OWED_BUT,
        makeup_within_days=3,
    )
    with at(FRI):
        missed = miss(world, day=MON)
        [entry] = makeup_ledger(world.student).entries
        assert entry.deadline == THU
        with pytest.raises(ValidationError) as info:
            log(world, [AttendeeEntry(world.student, makeup_for=missed)], date=FRI)
    assert info.value.message_dict == {
        "date": [
            "Maya Lopez's make-up for Mon 5 Oct 2026 had to be given by Thu 8 Oct 2026 "
            "(district policy: make-ups within 3 days of the miss)."
        ]
    }


# 4. An excused period says so -------------------------------------------------------


def test_excused_period_has_its_own_status_and_words(world, client):
    with at(FRI):
        miss(world, reason="student_absent")
        week = direct(world.student, FRI).current
        assert (week.status, week.required, week.delivered, week.excused) == (EXCUSED, 30, 0, 30)
        assert week.reason == "0 of 30 min delivered, student absent; nothing owed"
        client.force_login(world.therapist)
        minutes = client.get(reverse("delivery:compliance")).content.decode()
        assert "◆ </span>Excused</span>" in minutes
        assert "0 of 30 min delivered, student absent; nothing owed" in minutes
        assert "1 excused" in minutes
        page = client.get(reverse("students:detail", args=[world.student.pk])).content.decode()
        assert "Excused</span> <strong>Week of Mon 5 Oct:</strong> 0 of 30 min" in page
        sign_in(client, world.coordinator)
        url = reverse("delivery:district_compliance")
        assert "0 of 30 min delivered, student absent" not in client.get(url).content.decode()
        excused = client.get(url + "?status=excused").content.decode()
        assert "0 of 30 min delivered, student absent; nothing owed" in excused
        assert "Excused: 1 line." in excused


# 5. The shortfall adds up -----------------------------------------------------------


def test_cumulative_position_adds_every_ended_period(world, client):
    """Four school weeks from Mon 14 Sep to Fri 9 Oct: one delivered, one owed miss made up,
    one excused miss, one nothing (short 30), and the current week still running."""
    weeks = [dt.date(2026, 9, 14) + dt.timedelta(weeks=n) for n in range(4)]
    with at(dt.date(2026, 9, 18)):
        log(world, [AttendeeEntry(world.student)], date=weeks[0])
    with at(dt.date(2026, 9, 25)):
        owed = miss(world, day=weeks[1])
        log(world, [AttendeeEntry(world.student, makeup_for=owed)], date=weeks[1] + dt.timedelta(1))
    with at(dt.date(2026, 10, 2)):
        miss(world, day=weeks[2], reason="student_absent")
    today = dt.date(2026, 10, 13)  # a Tuesday: the week of 12 Oct is still running
    with at(today):
        pos = direct(world.student, today).position
        # Weeks of 24 Aug (the IEP starts) to 5 Oct: seven ended weeks; short in the weeks
        # of 24 Aug, 31 Aug, 7 Sep and 5 Oct.
        assert pos.since == dt.date(2026, 8, 24)
        assert (pos.periods, pos.required, pos.delivered, pos.excused) == (7, 210, 30, 30)
        assert (pos.owed, pos.made_up, pos.short, pos.behind) == (30, 30, 120, 4)
        [row] = [
            r
            for r in compliance_rows(
                district=world.district, students=world.student.__class__.objects.all(), today=today
            )
            if r.compliance.line.kind == "direct"
        ]
        assert row.position == pos
        client.force_login(world.therapist)
        text = '120 min short</strong> <span class="muted">(4 of 7 weeks)'
        assert text in client.get(reverse("delivery:compliance")).content.decode()
        page = client.get(reverse("students:detail", args=[world.student.pk])).content.decode()
        assert '<div class="tally-short"><dt>Short</dt><dd>120 min</dd></div>' in page
        sign_in(client, world.coordinator)
        district = client.get(reverse("delivery:district_compliance") + "?status=all")
        assert text in district.content.decode()


def test_yearly_line_position_counts_what_was_due_by_yesterday(world):
    line = f.make_line(
        world.iep,
        minutes=1800,
        period="year",
        delivery_model="pull_out",
        pull_out_reason="skill_gap",
        location="therapy_room",
    )
    today = dt.date(2026, 10, 13)
    with at(today):
        item = next(c for c in student_compliance(world.student, today) if c.line == line)
    # 1,800 min over the 210 school days of the year; 36 of them from the line's start on
    # Mon 24 Aug to yesterday: 1800 × 36 ÷ 210 = 308.6, so 309 min were due.
    pos = item.position
    assert (pos.to_date, pos.since, pos.periods) == (True, dt.date(2026, 8, 24), 1)
    assert (pos.required, pos.delivered, pos.short) == (309, 0, 309)


# 6. Policies change from a date ---------------------------------------------------------


def test_policy_change_applies_from_its_date_and_keeps_the_past(world, client):
    with at(FRI):
        before = miss(world, day=MON, reason="student_absent")
        sign_in(client, world.coordinator)
        response = client.post(
            reverse("delivery:policy"),
            {
                "effective_from": "2026-10-07",
                "owed": ["provider_absent", "provider_pulled", "student_absent"],
                "prorate_short_weeks": "on",
                "makeup_within_days": "",
                "version": "1",
            },
        )
        assert response.status_code == 302
        after = miss(world, day=WED, reason="student_absent", student=_second_student(world))
        policy = Policy.for_district(world.district)
        assert not policy.is_owed("student_absent", MON)
        assert policy.is_owed("student_absent", WED)
        ledger = makeup_ledger(world.student)
        assert (ledger.owed, ledger.outstanding) == (0, 0)  # Monday's miss stays excused
        assert direct(world.student, FRI).current.status == EXCUSED
        other = makeup_ledger(after.student)
        assert (other.owed, other.outstanding) == (30, 30)
        html = client.get(reverse("delivery:policy")).content.decode()
        assert "From Wed 7 Oct 2026" in html
        assert "Before any change: OT Desk's defaults" in html
        assert "Changed by" in html
        event = AuditEvent.objects.filter(action="update", student_id=None).latest("pk")
        assert event.summary.startswith("Minutes policy from Wed 7 Oct 2026: make-ups owed for")
    del before


def _second_student(world):  # type: ignore[no-untyped-def]
    other = f.make_student(world.school, first_name="Zed", last_name="Two")
    f.make_line(f.make_iep(other), minutes=30)
    f.add_to_team(other, world.therapist, TeamRole.OT)
    return other


def test_prorating_follows_the_policy_of_each_day(world):
    NonSchoolDay.objects.create(district=world.district, date=dt.date(2026, 9, 7), name="Labor")
    NonSchoolDay.objects.create(district=world.district, date=dt.date(2026, 10, 12), name="Fall")
    services.set_policy(
        actor=world.coordinator,
        district=world.district,
        effective_from=dt.date(2026, 10, 1),
        owed=ALL_OWED_BUT,
        prorate_short_weeks=False,
        makeup_within_days=None,
        version=world.district.policy_version,
    )
    today = dt.date(2026, 10, 16)
    with at(today):
        item = direct(world.student, today)
    assert week_of(item, dt.date(2026, 9, 7)).required == 24  # pro-rated then: 4 of 5 days
    assert week_of(item, dt.date(2026, 10, 12)).required == 30  # not pro-rated any more


def test_policy_form_refuses_no_change_and_a_date_before_the_year(world, client):
    sign_in(client, world.coordinator)
    url = reverse("delivery:policy")
    with at(FRI):
        same = client.post(
            url,
            {
                "effective_from": "2026-10-09",
                "owed": ["provider_absent", "provider_pulled"],
                "prorate_short_weeks": "on",
            },
        )
        assert same.status_code == 400
        assert "Nothing changed: these are already the rules in force on Fri 9 Oct 2026." in (
            same.content.decode()
        )
        early = client.post(
            url,
            {"effective_from": "2026-01-05", "owed": [], "makeup_within_days": "0"},
        )
        html = early.content.decode()
        assert "Enter a whole number of days from 1 to 366, or leave it blank." in html
        assert PolicyVersion.objects.count() == 0
        client.force_login(world.therapist)
        assert client.get(url).status_code == 404


# 7. Dates that belong together ----------------------------------------------------------


def test_reevaluation_before_the_iep_starts_is_refused(world, client):
    client.force_login(world.therapist)
    url = reverse("students:iep_edit", args=[world.student.pk])
    with at(FRI):
        response = client.post(
            url,
            {
                "start_date": "2026-08-24",
                "end_date": "2027-08-20",
                "annual_review_due": "2027-08-20",
                "reevaluation_due": "2026-05-01",
            },
        )
    assert response.status_code == 400
    assert (
        "The re-evaluation is due after the IEP starts (Mon 24 Aug 2026); check the year."
        in response.content.decode()
    )
    world.iep.refresh_from_db()
    assert world.iep.reevaluation_due == dt.date(2028, 5, 1)


# 11. The district table: search, filters, paging, fixed queries -------------------------


def _district_queries(client, query=""):  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("delivery:district_compliance") + query)
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


def test_district_table_pages_searches_and_filters_in_fixed_queries(world, client):
    sign_in(client, world.coordinator)
    with at(FRI):
        one, _ = _district_queries(client, "?status=all")
        for n in range(13):  # 13 more students with two lines each: 28 lines in all
            student = f.make_student(world.school, first_name=f"Kid{n:02d}", last_name="Many")
            iep = f.make_iep(student)
            f.make_line(iep, minutes=30)
            f.make_line(
                iep, kind="consultation", delivery_model="consultation", minutes=60, period="month"
            )
            f.add_to_team(student, world.therapist, TeamRole.OT)
            miss(world, student=student, reason="provider_pulled")
        many, html = _district_queries(client, "?status=all")
        assert many == one
        assert "All lines: 28 lines, 1–25 shown." in html
        assert "Page 1 of 2" in html and "page=2" in html
        _, second = _district_queries(client, "?status=all&page=2")
        assert "All lines: 28 lines, 26–28 shown." in second
        assert second.count('data-label="Student"') == 3
        _, found = _district_queries(client, "?status=all&q=kid07")
        assert "All lines: 2 lines." in found
        assert "Kid07 Many" in found and "Maya Lopez" not in found
        _, mine = _district_queries(client, f"?status=all&provider={world.therapist.pk}")
        assert "All lines: 28 lines" in mine
        _, nobody = _district_queries(client, f"?status=all&provider={world.outsider.pk}")
        assert "No line matches: all lines." in nobody
        # Ids that are not ids are ignored, never a server error.
        _, odd = _district_queries(client, "?school=%C2%B2&provider=abc&page=zz&status=nope")
        assert "Behind and at risk:" in odd


def test_district_table_never_shows_another_districts_student(world, client):
    """The table reads students through students_visible_to: naming another district's
    school (or its therapist) in the address filters down to nobody."""
    elsewhere = f.make_district(name="Elsewhere")
    school = f.make_school(elsewhere)
    student = f.make_student(school, first_name="Zed", last_name="Faraway")
    f.make_line(f.make_iep(student), minutes=30)
    therapist = f.make_user(Role.OT, elsewhere, username="far-ot")
    f.add_to_team(student, therapist, TeamRole.OT)
    sign_in(client, world.coordinator)
    with at(FRI):
        for query in (
            "?status=all",
            f"?status=all&school={school.pk}",
            f"?status=all&provider={therapist.pk}",
            "?status=all&q=Zed",
        ):
            _, html = _district_queries(client, query)
            assert "Faraway" not in html and school.name not in html
        _, html = _district_queries(client, "?status=all")
        assert "Maya Lopez" in html


def test_form_says_when_a_makeup_credits_nothing(world, client):
    client.force_login(world.therapist)
    with at(FRI):
        missed = miss(world)
        key = f"s{world.student.pk}"
        response = client.post(
            reverse("delivery:log"),
            {
                "date": "2026-10-06",
                "start": "09:00",
                "minutes": "30",
                "session_type": "push_in",
                "location": "general_ed",
                "students": [str(world.student.pk)],
                f"{key}-attendance": "present",
                f"{key}-makeup": str(missed.pk),
            },
            follow=True,
        )
    html = response.content.decode()
    assert "This session credits nothing for Maya Lopez, so the miss of Mon 5 Oct 2026 stays " in (
        html
    )
    assert (
        "Nothing credited to Direct 30 min/week (push-in) · make-up for Mon 5 Oct 2026, which "
        "stays open" in html
    )
