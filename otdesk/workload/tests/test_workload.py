"""Professional time, the workload summary and its pages."""

import datetime as dt
import zoneinfo
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from otdesk.accounts.models import Role
from otdesk.core.models import AuditEvent
from otdesk.delivery.models import ConsultationLog, MissedSession
from otdesk.programs.models import AideProgram, MonitoringCheck, TrainingEvent
from otdesk.schools.models import NonSchoolDay
from otdesk.students.models import TeamRole
from otdesk.testing import factories as f
from otdesk.testing.login import sign_in
from otdesk.workload import queries
from otdesk.workload.models import ProfessionalTime
from otdesk.workload.queries import Period
from otdesk.workload.services import log_professional_time

pytestmark = pytest.mark.django_db
CHICAGO = zoneinfo.ZoneInfo("America/Chicago")
WEDNESDAY = dt.datetime(2026, 10, 7, 15, 0, tzinfo=CHICAGO)
MON, TUE, WED, THU, FRI = (dt.date(2026, 10, d) for d in range(5, 10))
TODAY = WED
NINE = dt.time(9, 0)


@pytest.fixture(autouse=True)
def on_a_wednesday_afternoon():
    with time_machine.travel(WEDNESDAY, tick=False):
        yield


def session(world, day, minutes, *, provider=None, status="signed", planned=None):
    return f.make_session(
        provider or world.therapist,
        world.school,
        [],
        date=day,
        start=NINE,
        minutes=minutes,
        status=status,
        planned=planned,
    )


def consultation(world, day, minutes, *, voided=False, provider=None):
    return ConsultationLog.objects.create(
        provider=provider or world.therapist,
        date=day,
        minutes=minutes,
        with_whom="teacher",
        method="in_person",
        voided_at=WEDNESDAY if voided else None,
    )


def program(world):
    return AideProgram.objects.create(
        student=world.student,
        title="Scissor skills",
        activities="Cut along lines",
        instructions="Hand over the scissors",
        start_date=dt.date(2026, 9, 1),
        created_by=world.therapist,
    )


def training(world, day, minutes, *, trainer=None):
    return TrainingEvent.objects.create(
        program=program(world),
        trainee=world.aide,
        trainer=trainer or world.therapist,
        kind="modeling",
        date=day,
        minutes=minutes,
    )


def check(world, day, minutes, *, therapist=None):
    return MonitoringCheck.objects.create(
        program=program(world),
        therapist=therapist or world.therapist,
        date=day,
        minutes=minutes,
        observation="Followed the steps.",
        fidelity=4,
    )


def log_time(world, category, minutes, day=MON, **kwargs):
    return log_professional_time(
        actor=kwargs.pop("actor", world.therapist),
        date=day,
        minutes=minutes,
        category=category,
        **kwargs,
    )


def plan(world, weekday, minutes, **kwargs):
    return f.make_planned(
        kwargs.pop("provider", world.therapist),
        world.school,
        [world.student],
        weekday=weekday,
        start=NINE,
        minutes=minutes,
        **kwargs,
    )


def hours_and_shares(workload):
    return {b.key: (b.hours, b.share) for b in workload.buckets}


# The service ---------------------------------------------------------------------------


def test_log_professional_time_saves_and_audits(world):
    entry = log_time(
        world, "documentation", 45, day=TUE, student=world.student, note="  Progress report "
    )
    entry.refresh_from_db()
    assert (entry.person, entry.date, entry.minutes, entry.category, entry.student, entry.note) == (
        world.therapist,
        TUE,
        45,
        "documentation",
        world.student,
        "Progress report",
    )
    event = AuditEvent.objects.get(object_type="workload.professionaltime")
    assert (event.user, event.action, event.student_id, event.object_id, event.summary) == (
        world.therapist,
        "create",
        world.student.pk,
        entry.pk,
        "Documentation: 45 min on Tue 6 Oct 2026",
    )
    log_time(world, "travel", 20, actor=world.cota)
    assert AuditEvent.objects.filter(student_id=None).count() == 1


@pytest.mark.parametrize("persona", ["teacher", "aide", "parent", "coordinator"])
def test_only_therapists_log_professional_time(world, persona):
    with pytest.raises(ValidationError) as info:
        log_time(world, "travel", 30, actor=getattr(world, persona))
    assert info.value.messages == [
        "Only occupational therapists and OT assistants log professional time."
    ]
    assert ProfessionalTime.objects.count() == 0


@pytest.mark.parametrize(
    ("day", "minutes", "errors"),
    [
        (
            THU,
            30,
            {"date": ["Professional time cannot be logged for a future date."]},
        ),
        (
            TODAY - dt.timedelta(days=367),
            30,
            {"date": ["That is more than a year ago. Enter a date from Mon 6 Oct 2025 on."]},
        ),
        (MON, 0, {"minutes": ["Enter from 1 to 600 minutes (10 hours)."]}),
        (MON, 601, {"minutes": ["Enter from 1 to 600 minutes (10 hours)."]}),
        (
            THU,
            -5,
            {
                "date": ["Professional time cannot be logged for a future date."],
                "minutes": ["Enter from 1 to 600 minutes (10 hours)."],
            },
        ),
    ],
)
def test_date_and_minutes_are_checked(world, day, minutes, errors):
    with pytest.raises(ValidationError) as info:
        log_time(world, "materials", minutes, day=day)
    assert info.value.message_dict == errors
    assert ProfessionalTime.objects.count() == 0


def test_the_boundaries_are_allowed(world):
    log_time(world, "materials", 1, day=TODAY)
    log_time(world, "materials", 600, day=TODAY - dt.timedelta(days=366))
    assert ProfessionalTime.objects.count() == 2


def test_category_and_student_are_checked(world):
    with pytest.raises(ValidationError) as info:
        log_time(world, "napping", 30)
    assert info.value.message_dict == {"category": ["Choose what the time was for."]}
    with pytest.raises(ValidationError) as info:
        log_time(world, "reviewing", 30, actor=world.outsider, student=world.student)
    assert info.value.message_dict == {"student": ["Maya Lopez is not on your caseload."]}
    assert ProfessionalTime.objects.count() == 0
    log_time(world, "reviewing", 30, actor=world.cota, student=world.student)
    assert ProfessionalTime.objects.get().person == world.cota


# The summary ---------------------------------------------------------------------------


@pytest.fixture
def busy_week(world):
    """A week of everything, for the therapist, with noise that must not count."""
    wed_plan = plan(world, 2, 30)
    session(world, MON, 60)
    session(world, WED, 30, status="draft", planned=wed_plan)
    session(world, TUE, 45, status="voided")
    session(world, dt.date(2026, 10, 2), 30)  # the week before
    session(world, TUE, 50, provider=world.cota)
    consultation(world, TUE, 30)
    consultation(world, TUE, 20, voided=True)
    training(world, MON, 15)
    training(world, MON, 25, trainer=world.cota)
    check(world, TUE, 20)
    log_time(world, "travel", 40)
    log_time(world, "meetings", 60, day=TUE)
    log_time(world, "evaluations", 90, day=WED)
    log_time(world, "documentation", 25)
    log_time(world, "reviewing", 20)
    log_time(world, "training", 30, actor=world.cota)
    return wed_plan


def test_workload_adds_each_source_into_its_bucket(world, busy_week):
    workload = queries.provider_workload(world.therapist, MON, FRI, TODAY)
    assert hours_and_shares(workload) == {
        "direct": (Decimal("1.5"), 23),  # 60 + 30, not the voided 45
        "consultation": (Decimal("0.5"), 8),  # 30, not the voided 20
        "programs": (Decimal("0.6"), 9),  # 15 training + 20 check = 35 min
        "evaluations": (Decimal("1.5"), 23),
        "meetings": (Decimal("1.0"), 15),
        "professional": (Decimal("0.8"), 12),  # 25 documentation + 20 reviewing = 45 min
        "travel": (Decimal("0.7"), 10),  # 40 min
    }
    assert (workload.total_minutes, workload.total_hours) == (390, Decimal("6.5"))
    assert workload.caseload == 1
    assert workload.sentence("This week") == (
        "This week: 6.5 hours logged, 23% direct service, 8% consultation, "
        "9% aide-program support, 23% evaluations, 15% meetings, 12% professional time, "
        "10% travel."
    )
    cota = queries.provider_workload(world.cota, MON, FRI, TODAY)
    assert cota.minutes == {"direct": 50, "programs": 25, "professional": 30}


def test_scheduled_counts_open_planned_sessions_from_today_on(world, busy_week):
    plan(world, 2, 25)  # today, not logged: still ahead
    plan(world, 3, 40)  # Thursday is a holiday
    NonSchoolDay.objects.create(district=world.district, date=THU, name="PD day")
    plan(world, 4, 45)  # Friday
    plan(world, 4, 35, active_until=THU)  # ended before Friday
    plan(world, 4, 50, active_from=dt.date(2026, 10, 12))  # starts next week
    plan(world, 0, 30)  # Monday is past: logged or not, it is no longer scheduled
    missed = plan(world, 2, 20)  # recorded as missed today
    MissedSession.objects.create(
        student=world.student,
        service_line=world.iep.service_lines.first(),
        provider=world.therapist,
        planned=missed,
        date=WED,
        minutes=20,
        reason="student_absent",
    )
    plan(world, 4, 30, provider=world.cota)
    workload = queries.provider_workload(world.therapist, MON, FRI, TODAY)
    assert (workload.scheduled_minutes, workload.scheduled_hours) == (70, Decimal("1.2"))
    assert workload.total_minutes == 390  # scheduled time is not logged time
    assert workload.sentence("This week").endswith(
        "10% travel. 1.2 hours of planned sessions are still scheduled."
    )
    past = queries.provider_workload(
        world.therapist, dt.date(2026, 9, 28), dt.date(2026, 10, 2), TODAY
    )
    assert past.scheduled_minutes == 0
    month = queries.provider_workload(
        world.therapist, dt.date(2026, 10, 1), dt.date(2026, 10, 31), TODAY
    )
    # This week's 70, then the three full weeks from Mon 12 to Fri 30 Oct, where every plan
    # is open: Monday 30, Wednesday 30 + 25 + 20, Thursday 40, Friday 45 + 50.
    assert month.scheduled_minutes == 70 + 3 * (30 + 75 + 40 + 95) == 790


def test_nothing_logged_reads_plainly(world):
    workload = queries.provider_workload(world.therapist, MON, FRI, TODAY)
    assert [b.share for b in workload.buckets] == [0] * 7
    assert workload.sentence("This week") == "This week: nothing logged yet."


def test_rounding_is_half_up():
    assert [queries.hours(m) for m in (0, 3, 45, 50, 81, 87)] == [
        Decimal("0.0"),
        Decimal("0.1"),
        Decimal("0.8"),
        Decimal("0.8"),
        Decimal("1.4"),
        Decimal("1.5"),
    ]
    assert [queries.percent(p, 8) for p in (0, 1, 3, 8)] == [0, 13, 38, 100]
    assert queries.percent(5, 0) == 0


def test_periods_are_school_weeks_and_calendar_months():
    week = Period.containing("week", dt.date(2026, 10, 10))  # a Saturday
    assert (week.first, week.last, week.label) == (MON, FRI, "Week of Mon 5 Oct 2026")
    assert (week.previous.first, week.next.first) == (dt.date(2026, 9, 28), dt.date(2026, 10, 12))
    assert week.is_current(TODAY)
    assert week.next.name(TODAY) == "in the week of Mon 12 Oct 2026"
    month = Period.containing("month", dt.date(2026, 12, 15))
    assert (month.first, month.last, month.label) == (
        dt.date(2026, 12, 1),
        dt.date(2026, 12, 31),
        "December 2026",
    )
    assert (month.previous.first, month.next.first) == (dt.date(2026, 11, 1), dt.date(2027, 1, 1))
    assert month.name(TODAY) == "in December 2026"
    assert Period.containing("month", TODAY).name(TODAY) == "this month"


def test_district_workload_compares_every_therapist(world, busy_week):
    other_school = f.make_school(world.district)
    kid = f.make_student(other_school)
    f.add_to_team(kid, world.cota, TeamRole.COTA)
    f.add_to_team(kid, world.outsider, TeamRole.OT, end_date=dt.date(2026, 9, 30))  # ended
    elsewhere = f.make_district(name="Elsewhere")
    f.make_user(Role.OT, elsewhere)
    rows = queries.district_workload(world.district, MON, FRI, TODAY)
    by_name = {row.person.username: row for row in rows}
    assert [row.person for row in rows] == sorted(
        [world.therapist, world.cota, world.outsider], key=lambda u: (u.last_name, u.first_name)
    )
    assert {name: (r.total_minutes, r.caseload) for name, r in by_name.items()} == {
        "otr": (390, 1),
        "cota": (105, 2),
        "outsider": (0, 0),
    }
    assert hours_and_shares(by_name["cota"]) == {
        "direct": (Decimal("0.8"), 48),  # 50 of 105 min
        "consultation": (Decimal("0.0"), 0),
        "programs": (Decimal("0.4"), 24),  # 25
        "evaluations": (Decimal("0.0"), 0),
        "meetings": (Decimal("0.0"), 0),
        "professional": (Decimal("0.5"), 29),  # 30
        "travel": (Decimal("0.0"), 0),
    }
    assert hours_and_shares(by_name["otr"]) == hours_and_shares(
        queries.provider_workload(world.therapist, MON, FRI, TODAY)
    )
    totals = queries.district_totals(rows, MON, FRI)
    assert (totals.total_minutes, totals.minutes["direct"]) == (495, 140)


def _district_queries(world) -> int:
    with CaptureQueriesContext(connection) as ctx:
        rows = queries.district_workload(world.district, MON, FRI, TODAY)
        [row.buckets for row in rows]
    return len(ctx.captured_queries)


def test_district_workload_query_count_is_constant(world):
    for person in (world.cota, world.outsider):
        person.role = Role.TEACHER
        person.save(update_fields=["role"])
    session(world, MON, 30)
    log_time(world, "travel", 20)
    plan(world, 4, 30)
    assert len(queries.district_workload(world.district, MON, FRI, TODAY)) == 1
    one = _district_queries(world)
    for n in range(4):
        ot = f.make_user(Role.OT, world.district)
        f.add_to_team(world.student, ot, TeamRole.OT)
        session(world, TUE, 30 + n, provider=ot)
        consultation(world, TUE, 15, provider=ot)
        training(world, TUE, 10, trainer=ot)
        check(world, TUE, 10, therapist=ot)
        log_professional_time(actor=ot, date=TUE, minutes=25, category="meetings")
        plan(world, 4, 30, provider=ot)
    assert len(queries.district_workload(world.district, MON, FRI, TODAY)) == 5
    assert _district_queries(world) == one


# Pages ---------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["teacher", "aide", "parent", "coordinator"])
def test_therapist_pages_are_404_for_everyone_else(client, world, persona):
    sign_in(client, getattr(world, persona))
    for name in ("workload:time", "workload:mine"):
        assert client.get(reverse(name)).status_code == 404, name
    assert client.post(reverse("workload:time"), {"minutes": "30"}).status_code == 404


def test_therapist_pages_need_sign_in(client, world):
    for name in ("workload:time", "workload:mine", "workload:district"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"].startswith("/login/")


def test_therapist_pages_are_the_owners(client, world, busy_week):
    client.force_login(world.therapist)
    assert client.get(reverse("workload:time")).status_code == 200
    html = client.get(reverse("workload:mine")).content.decode()
    assert "<h1>Your workload this week</h1>" in html
    assert (
        "This week: 6.5 hours logged, 23% direct service, 8% consultation, "
        "9% aide-program support, 23% evaluations, 15% meetings, 12% professional time, "
        "10% travel."
    ) in html
    assert '<progress max="100" value="23"' in html
    assert 'data-label="Hours" class="num">1.5 h</td>' in html
    assert "style=" not in html
    client.force_login(world.cota)
    html = client.get(reverse("workload:mine")).content.decode()
    assert "This week: 1.8 hours logged, 48% direct service" in html


def test_on_a_sunday_the_month_link_opens_this_month(client, world):
    """Sunday 6 Dec belongs to the week of Mon 30 Nov, yet "Show the month" means December."""
    with time_machine.travel(dt.datetime(2026, 12, 6, 15, 0, tzinfo=CHICAGO), tick=False):
        client.force_login(world.therapist)
        html = client.get(reverse("workload:mine")).content.decode()
        assert "<h1>Your workload this week</h1>" in html
        assert 'href="?period=month&amp;date=2026-12-06"' in html
        month = client.get(reverse("workload:mine"), {"period": "month", "date": "2026-12-06"})
        assert "<h1>Your workload this month</h1>" in month.content.decode()


def test_workload_periods_and_bad_values(client, world, busy_week):
    client.force_login(world.therapist)
    url = reverse("workload:mine")
    html = client.get(url, {"period": "month", "date": "2026-10-20"}).content.decode()
    assert "<h1>Your workload this month</h1>" in html
    assert "This month: 7.0 hours logged" in html  # the week plus 30 min on Fri 2 Oct
    assert 'href="?period=month&amp;date=2026-09-01"' in html
    assert 'href="?period=month&amp;date=2026-11-01"' in html
    assert 'href="?period=week&amp;date=2026-10-07"' in html
    html = client.get(url, {"date": "2026-09-23"}).content.decode()
    assert "<h1>Your workload in the week of Mon 21 Sep 2026</h1>" in html
    assert "Week of Mon 21 Sep 2026: nothing logged yet." in html
    html = client.get(url, {"period": "month", "date": "2026-08-03"}).content.decode()
    assert "<h1>Your workload in August 2026</h1>" in html
    html = client.get(url, {"period": "month", "date": "2026-08-10"}).content.decode()
    # August 2026 starts on a Saturday: the week link opens its first Monday.
    assert 'href="?period=week&amp;date=2026-08-03"' in html
    for bad in ({"period": "year"}, {"date": "2026-13-01"}, {"date": "0001-01-01"}):
        assert client.get(url, bad).status_code == 404, bad
    sign_in(client, world.coordinator)
    assert client.get(reverse("workload:district"), {"period": "day"}).status_code == 404


def test_district_page_is_the_coordinators(client, world, busy_week):
    url = reverse("workload:district")
    for persona in ("therapist", "cota", "teacher", "aide", "parent"):
        sign_in(client, getattr(world, persona))
        assert client.get(url).status_code == 404, persona
    world.coordinator.district = None
    world.coordinator.save(update_fields=["district"])
    sign_in(client, world.coordinator)
    assert client.get(url).status_code == 404
    world.coordinator.district = world.district
    world.coordinator.save(update_fields=["district"])
    html = client.get(url).content.decode()
    assert "<h1>Therapists’ workload this week</h1>" in html
    assert html.count('data-label="Therapist"') == 3
    assert "Olive Ot" in html
    assert (
        "This week, all therapists together: 8.3 hours logged, 28% direct service" in html
    )  # 495 min; 140 direct
    assert 'data-label="Caseload" class="num">1 student</td>' in html


def test_district_page_query_count_is_constant(client, world):
    sign_in(client, world.coordinator)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("workload:district")).status_code == 200
        return len(ctx.captured_queries)

    one = count()
    for _ in range(4):
        ot = f.make_user(Role.OT, world.district)
        session(world, TUE, 30, provider=ot)
        log_professional_time(actor=ot, date=TUE, minutes=25, category="travel")
    assert count() == one


def test_time_form_shows_errors_then_logs(client, world):
    client.force_login(world.therapist)
    url = reverse("workload:time")
    html = client.get(url).content.decode()
    assert 'value="2026-10-07"' in html
    assert 'type="radio" name="category" value="travel"' in html
    assert "Maya Lopez (" in html
    data = {"date": "2026-10-08", "minutes": "0", "student": "", "note": "Sensory handout"}
    response = client.post(url, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Please fix 2 things before saving" in html
    assert "Enter from 1 to 600 minutes (10 hours)." in html
    assert "Choose what the time was for." in html
    assert ProfessionalTime.objects.count() == 0
    data.update(minutes="45", category="materials")
    response = client.post(url, data)  # the date is tomorrow: the service says no
    assert response.status_code == 400
    assert "Professional time cannot be logged for a future date." in response.content.decode()
    assert ProfessionalTime.objects.count() == 0
    data.update(date="2026-10-06", student=str(world.student.pk))
    response = client.post(url, data, follow=True)
    assert response.redirect_chain == [(url, 302)]
    html = response.content.decode()
    assert "Logged 45 min of making or acquiring materials on Tue 6 Oct 2026." in html
    entry = ProfessionalTime.objects.get()
    assert (entry.date, entry.minutes, entry.category, entry.student, entry.note) == (
        TUE,
        45,
        "materials",
        world.student,
        "Sensory handout",
    )
    assert 'data-label="Minutes" class="num">45 min</td>' in html
    assert "0.8 hours (45 min) of professional time this week." in html


def test_time_form_offers_only_the_caseload(client, world):
    other = f.make_student(world.school, first_name="Zed", last_name="Else")
    client.force_login(world.therapist)
    html = client.get(reverse("workload:time")).content.decode()
    assert "Zed Else" not in html
    response = client.post(
        reverse("workload:time"),
        {"date": "2026-10-06", "minutes": "30", "category": "reviewing", "student": other.pk},
    )
    assert response.status_code == 400
    assert "Choose a student on your caseload." in response.content.decode()
    assert ProfessionalTime.objects.count() == 0


def test_weekend_time_says_where_it_counts(client, world):
    client.force_login(world.cota)
    response = client.post(
        reverse("workload:time"),
        {"date": "2026-10-03", "minutes": "60", "category": "research"},
        follow=True,
    )
    assert (
        "Logged 60 min of researching treatment methods on Sat 3 Oct 2026. Weekend time counts "
        "in the month view of your workload, not a week."
    ) in response.content.decode()
    week = queries.provider_workload(world.cota, MON, FRI, TODAY)
    month = queries.provider_workload(
        world.cota, dt.date(2026, 10, 1), dt.date(2026, 10, 31), TODAY
    )
    assert (week.total_minutes, month.minutes) == (0, {"professional": 60})


def test_scheduled_line_follows_the_period(client, world):
    plan(world, 4, 45)
    client.force_login(world.therapist)
    url = reverse("workload:mine")
    html = client.get(url).content.decode()
    assert (
        "Still scheduled: <strong>0.8 h</strong> of planned sessions from Wed 7 Oct 2026 to "
        "Fri 9 Oct 2026 that are not logged yet."
    ) in html
    html = client.get(url, {"date": "2026-10-14"}).content.decode()
    assert "from Mon 12 Oct 2026 to Fri 16 Oct 2026" in html
    html = client.get(url, {"date": "2026-09-30"}).content.decode()
    assert "This week is over, so nothing is still scheduled." in html
