import datetime as dt

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.db.models import Count

from otdesk.accounts.models import Role, User
from otdesk.delivery.models import MissedSession, PlannedSession, Session, SessionStudent
from otdesk.delivery.queries import week_worklist
from otdesk.demo.generate import generate_demo, holidays, school_year_containing
from otdesk.schools.models import BellBlock, School
from otdesk.students.models import (
    DeliveryModel,
    Goal,
    Period,
    ServiceLine,
    SkillArea,
    Strategy,
    StrategyCategory,
    Student,
)

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 28)


def fingerprint() -> list[tuple]:
    return [
        (s.first_name, s.last_name, s.grade, s.school.name, s.date_of_birth)
        for s in Student.objects.select_related("school").order_by("sourced_id")
    ] + [
        (line.iep.student.sourced_id, line.summary, line.start_date)
        for line in ServiceLine.objects.select_related("iep__student").order_by("pk")
    ]


def test_demo_is_deterministic():
    runs = []
    for _ in range(2):
        with transaction.atomic():
            generate_demo(seed=7, today=TODAY, students=20)
            runs.append(fingerprint())
            transaction.set_rollback(True)
    assert len(runs[0]) > 20
    assert runs[0] == runs[1]


def test_demo_covers_every_model_period_area_and_category():
    generate_demo(seed=2026, today=TODAY)
    # 60 students with an IEP, and two referred to OT whose initial evaluation is under way.
    assert Student.objects.filter(ieps__isnull=False).distinct().count() == 60
    assert list(
        Student.objects.filter(ieps__isnull=True)
        .order_by("last_name")
        .values_list("first_name", "evaluations__kind")
    ) == [("Elio", "initial"), ("Noor", "initial")]
    assert School.objects.count() == 3
    assert User.objects.filter(role=Role.OT).count() == 2
    assert User.objects.filter(role=Role.COTA).count() == 1
    assert set(ServiceLine.objects.values_list("delivery_model", flat=True)) == set(DeliveryModel)
    assert set(ServiceLine.objects.values_list("period", flat=True)) == set(Period)
    assert ServiceLine.objects.filter(three_one=True).exists()
    assert set(ServiceLine.objects.values_list("kind", flat=True)) == {"direct", "consultation"}
    assert set(Goal.objects.values_list("area", flat=True)) == set(SkillArea)
    assert set(Strategy.objects.values_list("category", flat=True)) == set(StrategyCategory)
    assert set(Strategy.objects.values_list("iep_status", flat=True)) == set(Strategy.IEPStatus)
    assert BellBlock.objects.filter(school__short_name="Maple Grove", weekday=0).count() == 10
    for line in ServiceLine.objects.select_related("iep"):
        line.full_clean()  # every generated line obeys the form rules
    every_student_has_an_ot = Student.objects.filter(team__role="ot").distinct().count()
    assert every_student_has_an_ot == 62


def test_school_year_and_holidays():
    start, end = school_year_containing(TODAY)
    assert (start, end) == (dt.date(2026, 8, 17), dt.date(2027, 6, 4))
    closed = dict(holidays(start))
    assert closed[dt.date(2026, 9, 7)] == "Labor Day"
    assert closed[dt.date(2026, 11, 26)] == "Thanksgiving"
    assert closed[dt.date(2026, 12, 21)] == "Winter break"
    assert closed[dt.date(2027, 1, 18)] == "Martin Luther King Jr. Day"
    assert all(day.weekday() < 5 for day in closed)


def test_load_demo_command_loads_once_and_prints_logins(capsys):
    call_command("load_demo", "--if-empty", "--students", "6", "--today", "2026-11-28")
    printed = capsys.readouterr()
    out = printed.out
    assert "with 6 students" in out
    # The progress bar is on stderr, each part named, so a script keeps stdout clean.
    assert "] 1/11 Students and IEPs" in printed.err
    assert "[##############################] 11/11 Done" in printed.err
    assert "ot.alvarez" in out and "otdesk-demo" in out
    call_command("load_demo", "--if-empty")
    out = capsys.readouterr().out
    assert "the demo was not loaded" in out
    assert "ot.alvarez" in out
    assert Student.objects.filter(ieps__isnull=False).count() == 6


def test_load_demo_explains_a_bad_date():
    with pytest.raises(CommandError, match="--today must be a date written YYYY-MM-DD"):
        call_command("load_demo", "--today", "28/11/2026")


def test_demo_has_a_semester_of_delivery_history():
    generate_demo(seed=2026, today=TODAY)
    assert PlannedSession.objects.count() >= 45
    with_iep = Student.objects.filter(ieps__isnull=False)
    assert with_iep.filter(planned_sessions__isnull=True).count() == 0
    assert Session.objects.filter(status="signed").count() > 400
    assert Session.objects.filter(status="voided").count() == 2
    assert set(Session.objects.values_list("session_type", flat=True)) == {
        "push_in",
        "co_teaching",
        "pull_out_individual",
        "pull_out_group",
    }
    reasons = dict(MissedSession.objects.values_list("reason").annotate(n=Count("id")))
    assert set(reasons) == {
        "student_absent",
        "student_unavailable",
        "provider_absent",
        "provider_pulled",
        "school_closure",
        "student_refused",
    }
    assert SessionStudent.objects.filter(makeup_for__isnull=False).count() > 10
    assert SessionStudent.objects.filter(targeted_service=False, attendance="present").exists()
    # The last school day before 'today' is left to log, so Today has work on first run.
    alvarez = User.objects.get(username="ot.alvarez")
    days = week_worklist(alvarez, dt.date(2026, 11, 23), TODAY)
    states = [item.state for _, _, items in days for item in items]
    assert "todo" in states and "logged" in states
