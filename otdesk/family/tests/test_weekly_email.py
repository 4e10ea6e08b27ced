"""The weekly email to guardians who asked for it, in their language."""

import datetime as dt
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import CommandError, call_command

from otdesk.accounts.models import Role
from otdesk.core.models import AuditEvent
from otdesk.delivery.models import MissedSession, MissReason, SessionStudent
from otdesk.family.weekly import week_before
from otdesk.students.models import TeamRole
from otdesk.testing import factories as f

# Monday 12 Oct 2026: the email covers Mon 5 – Sun 11 Oct.
MONDAY = dt.datetime(2026, 10, 12, 6, 0, tzinfo=ZoneInfo("America/Chicago"))


def test_week_before():
    assert week_before(dt.date(2026, 10, 12)) == (dt.date(2026, 10, 5), dt.date(2026, 10, 11))
    assert week_before(dt.date(2026, 10, 18)) == (dt.date(2026, 10, 5), dt.date(2026, 10, 11))


@pytest.fixture
def week(world):
    line = world.iep.service_lines.get(minutes=30)
    f.make_session(world.therapist, world.school, [world.student], date=dt.date(2026, 10, 5))
    f.make_session(
        world.therapist, world.school, [world.student], date=dt.date(2026, 10, 9), minutes=20
    )
    f.make_session(  # last week: not in this email
        world.therapist, world.school, [world.student], date=dt.date(2026, 9, 30)
    )
    owed = MissedSession.objects.create(
        student=world.student,
        service_line=line,
        provider=world.therapist,
        date=dt.date(2026, 10, 7),
        minutes=30,
        reason=MissReason.PROVIDER_ABSENT,
    )
    MissedSession.objects.create(
        student=world.student,
        service_line=line,
        provider=world.therapist,
        date=dt.date(2026, 9, 16),
        minutes=30,
        reason=MissReason.STUDENT_ABSENT,
    )
    makeup = f.make_session(
        world.therapist, world.school, [world.student], date=dt.date(2026, 10, 8), minutes=30
    )
    SessionStudent.objects.filter(session=makeup).update(makeup_for=owed)
    return world


def run(**options):
    out = StringIO()
    with time_machine.travel(MONDAY, tick=False):
        call_command("send_weekly_family_email", stdout=out, **options)
    return out.getvalue()


def test_only_guardians_who_opted_in_get_it(week):
    week.parent.email = "mother@example.com"
    week.parent.save()
    assert run() == "Sent 0 weekly emails for 2026-10-05 to 2026-10-11.\n"
    week.parent.weekly_email = True
    week.parent.save()
    teacher = week.teacher
    teacher.weekly_email, teacher.email = True, "t@example.com"
    teacher.save()
    assert run() == "Sent 1 weekly email for 2026-10-05 to 2026-10-11.\n"
    [message] = mail.outbox
    assert message.to == ["mother@example.com"]
    assert message.subject == "OT at school: the week of Mon 5 Oct 2026 to Sun 11 Oct 2026"
    body = message.body
    assert "== Maya ==" in body
    assert "Sessions given: 2 (50 minutes)." in body
    assert "Make-up sessions given: 1 (30 minutes)." in body
    assert (
        "- Wed 7 Oct 2026: 30 minutes, missed because the therapist was absent; this time "
        "is owed and will be made up." in body
    )
    assert "16 Sep" not in body
    assert "/family/" in body
    exported = AuditEvent.objects.get(action="export")
    assert (exported.user, exported.student_id, exported.summary) == (
        None,
        week.student.pk,
        f"Weekly email to {week.parent.display_name} (mother@example.com)",
    )


def test_in_the_guardians_language_with_every_child(week):
    week.parent.email, week.parent.weekly_email, week.parent.language = "m@example.com", True, "es"
    week.parent.save()
    quiet = f.make_student(week.school, first_name="Leo")
    f.add_to_team(quiet, week.parent, TeamRole.GUARDIAN, relationship="Mother")
    no_email = f.make_user(Role.GUARDIAN, week.district, weekly_email=True)
    f.add_to_team(week.student, no_email, TeamRole.GUARDIAN, relationship="Father")
    run(base_url="https://otdesk.example.org/")
    [message] = mail.outbox
    assert message.subject.startswith("Terapia ocupacional en la escuela: la semana del 5 de")
    body = message.body
    assert "Sesiones dadas: 2 (50 minutos)." in body
    assert "se perdió porque la terapeuta faltó; este tiempo se debe y se repondrá." in body
    assert "== Leo ==\nEsta semana no hubo sesiones planificadas ni dadas." in body
    assert "https://otdesk.example.org/family/" in body


def test_a_bad_date_is_refused_plainly(world):
    with pytest.raises(CommandError, match=r"--today must be a date written YYYY-MM-DD\."):
        call_command("send_weekly_family_email", today="12/10/2026")
