"""The district at scale (otdesk/demo/scale.py): its staff grow with it, every record hangs
together, its pages open, and the command refuses what it cannot do."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Count, F
from django.test import Client
from django.utils import timezone

from otdesk.accounts.models import Role, User
from otdesk.delivery.models import (
    ConsultationStudent,
    MissedSession,
    PlannedSession,
    Session,
    SessionStudent,
)
from otdesk.demo.scale import generate_district, weekly_sessions
from otdesk.programs.models import AideProgram, ImplementationLog
from otdesk.schools.models import Classroom, School
from otdesk.students.models import IEP, ServiceLine, Student, TeamMember
from otdesk.testing.login import sign_in

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 12, 2)


@pytest.fixture
def scale():
    return generate_district(students=120, today=TODAY, prefix="big")


def test_the_staff_grow_with_the_students(scale):
    district = scale.district
    people = dict(
        User.objects.filter(district=district)
        .values_list("role")
        .annotate(n=Count("pk"))
        .values_list("role", "n")
    )
    assert people == {
        Role.OT: 3,  # one for every 50 students
        Role.TEACHER: 5,  # one for every 25
        Role.AIDE: 3,  # one for every two classrooms
        Role.GUARDIAN: 120,
        Role.COORDINATOR: 1,
    }
    assert School.objects.filter(district=district).count() == 1
    assert Classroom.objects.filter(school__district=district).count() == 5
    assert [len(c.students) for c in scale.caseloads] == [50, 50, 20]
    assert Student.objects.filter(school__district=district).count() == 120
    # This year's IEP and last year's for each student, each with a direct and a
    # consultation line.
    assert IEP.objects.filter(student__school__district=district, status="active").count() == 120
    assert IEP.objects.filter(student__school__district=district, status="ended").count() == 120
    assert ServiceLine.objects.filter(iep__student__school__district=district).count() == 480
    assert TeamMember.objects.filter(student__school__district=district).count() == 120 * 3 + 24
    assert AideProgram.objects.filter(student__school__district=district).count() == 24


def test_about_a_hundred_sessions_a_student_each_crediting_the_line_in_force(scale):
    district = scale.district
    sessions = Session.objects.filter(school__district=district)
    assert scale.counts["sessions"] == sessions.count()
    assert sessions.count() == 12_140  # about 100 a student
    records = SessionStudent.objects.filter(session__school__district=district)
    assert records.count() == sessions.count()  # one student each
    # Every record credits its student's line, in force on the session's day.
    wrong = records.exclude(service_line__iep__student=F("student")).count()
    assert wrong == 0
    outside = (
        records.filter(session__date__lt=F("service_line__start_date")).count()
        + records.filter(session__date__gt=F("service_line__end_date")).count()
    )
    assert outside == 0
    # No therapist is in two places at once.
    twice = sessions.values("provider", "date", "start").annotate(n=Count("pk")).filter(n__gt=1)
    assert list(twice) == []
    # Only a therapist's own misses are made up, each at most once.
    makeups = records.filter(makeup_for__isnull=False)
    assert makeups.count() == scale.counts["make-ups"] > 0
    assert set(makeups.values_list("makeup_for__reason", flat=True)) <= {
        "provider_absent",
        "provider_pulled",
    }
    assert makeups.values("makeup_for").distinct().count() == makeups.count()
    assert (
        MissedSession.objects.filter(student__school__district=district).count()
        == (scale.counts["missed sessions"])
    )
    assert (
        ConsultationStudent.objects.filter(student__school__district=district).count()
        == (scale.counts["consultations"])
    )
    assert (
        ImplementationLog.objects.filter(program__student__school__district=district).count()
        == (scale.counts["program logs"])
    )
    # This year's sessions follow the weekly plan; a student is seen once a day at most.
    assert (
        sessions.filter(date__gte=district.school_year_start, planned__isnull=True)
        .exclude(activities="Make-up session")
        .count()
        == 0
    )
    per_day = (
        PlannedSession.objects.filter(provider__district=district)
        .values("students", "weekday")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
    )
    assert list(per_day) == []


def test_weekly_sessions_spread_a_rate_evenly():
    assert weekly_sessions(days_open=[100] * 6, target=int(6 * 100 / 5 * 0.94 * 2.5)) == [
        2,
        3,
        2,
        3,
        2,
        3,
    ]
    assert weekly_sessions(days_open=[100, 100], target=10_000) == [5, 5]


def test_its_pages_open_for_a_therapist_and_the_coordinator(scale, settings):
    client = Client()
    therapist = scale.caseloads[0].therapist
    client.force_login(therapist)
    student = scale.caseloads[0].students[0]
    with timezone.override(scale.district.timezone):
        for url in ["/today/", "/caseload/", f"/students/{student.pk}/", "/minutes/", "/workload/"]:
            assert client.get(url).status_code == 200, url
        coordinator = Client()
        sign_in(coordinator, scale.coordinator)
        assert coordinator.get("/district/minutes/").status_code == 200


def test_the_command_says_what_it_made_and_refuses_what_it_cannot():
    out = io.StringIO()
    call_command(
        "load_district", "--students", "30", "--today", "2026-12-02", "--quiet", stdout=out
    )
    text = out.getvalue()
    assert text.startswith("Loaded 'Scale Unified School District' in ")
    assert ": 30 students, 1 therapists, " in text
    assert "scale.coordinator        District coordinator" in text
    with pytest.raises(CommandError, match=r"People named scale\.\* exist already"):
        call_command("load_district", "--students", "30", "--quiet", stdout=io.StringIO())
    assert School.objects.count() == 1  # the refused run left nothing
    for args, words in [
        (["--students", "0"], "--students must be between 1 and 20000."),
        (["--students", "10", "--sessions", "99999"], "--sessions must be between 1 and 4,500"),
        (["--prefix", "Big-1"], "--prefix must be up to 20 lowercase letters."),
        (["--today", "soon"], "--today must be a date written YYYY-MM-DD, not 'soon'."),
    ]:
        with pytest.raises(CommandError, match=words.replace(".", r"\.").replace("(", r"\(")):
            call_command("load_district", *args, "--quiet", stdout=io.StringIO())
