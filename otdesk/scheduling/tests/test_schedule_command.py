"""`otdesk schedule`: a therapist's week as text (the Schedule page's cards, closed days
named) or their calendar feed, with the access log written under their name."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from otdesk.core.models import AuditEvent
from otdesk.scheduling.tests.test_calendar import cal, on_a_wednesday, session  # noqa: F401
from otdesk.schools.models import NonSchoolDay
from otdesk.testing import factories as f

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("schedule", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_the_week_as_text_names_sessions_fixed_times_and_closed_days(cal):  # noqa: F811
    session(cal, weekday=1)
    f.make_fixed_time(
        cal.therapist,
        title="Documentation",
        kind="protected",
        weekday=4,
        start=dt.time(14, 0),
        end=dt.time(15, 0),
    )
    NonSchoolDay.objects.create(district=cal.district, date=dt.date(2026, 11, 16), name="PD day")
    text = run("--as", cal.therapist.username)
    s = cal.school.short_name
    assert text.splitlines() == [
        f"{cal.therapist.display_name}: week of Mon 16 Nov 2026",
        "",
        "Mon 16 Nov 2026",
        "  Closed: PD day",
        "",
        "Tue 17 Nov 2026",
        f"  09:30–10:00  ML · Room 12 · {s} · Integrated (push-in)",
        "",
        "Wed 18 Nov 2026",
        "  Nothing planned",
        "",
        "Thu 19 Nov 2026",
        "  Nothing planned",
        "",
        "Fri 20 Nov 2026",
        "  14:00–15:00  Documentation · Protected professional time",
        "",
        "1 session planned.",
    ]
    event = AuditEvent.objects.get(summary="Schedule (command line)")
    assert (event.user, event.student_id) == (cal.therapist, cal.student.pk)


def test_the_feed_and_refusals(cal):  # noqa: F811
    session(cal, weekday=1)
    assert run("--as", cal.therapist.username, "--format", "ics").startswith("BEGIN:VCALENDAR")
    cases = [
        (["--as", "nobody"], "No active person has the username nobody."),
        (["--as", cal.teacher.username], "is not a therapist: only OTs and COTAs"),
        (["--as", cal.therapist.username, "--week", "next"], "--week must be a date"),
        (["--as", cal.therapist.username, "--week", "2040-01-01"], "within five years"),
    ]
    for args, message in cases:
        with pytest.raises(CommandError) as refused:
            run(*args)
        assert message in str(refused.value)
