"""The demo district's schedule: its constraints are there and its weekly plans keep them."""

import datetime as dt

import pytest

from otdesk.delivery.models import PlannedSession
from otdesk.demo.generate import generate_demo
from otdesk.scheduling.models import FixedTime
from otdesk.scheduling.rules import Proposal, problems
from otdesk.schools.models import BellBlock, TravelTime
from otdesk.students.models import UnavailableTime

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 30)  # a Monday


def test_demo_constraints_exist_and_the_plans_keep_every_rule():
    generate_demo(today=TODAY)
    assert sorted(TravelTime.objects.values_list("minutes", flat=True)) == [15, 20, 25]
    assert sorted(FixedTime.objects.values_list("provider__username", "title", "date")) == [
        ("ot.alvarez", "Documentation", None),
        ("ot.alvarez", "IEP meeting", dt.date(2026, 12, 1)),
        ("ot.brooks", "Documentation", None),
        ("ot.brooks", "IEP meeting", dt.date(2026, 12, 1)),
    ]
    assert UnavailableTime.objects.count() == 3
    assert BellBlock.objects.filter(classroom__isnull=False).count() == 5
    broken = []
    for plan in PlannedSession.objects.filter(active_until__isnull=True).select_related(
        "provider", "school", "classroom"
    ):
        found = problems(
            Proposal(
                provider=plan.provider,
                students=list(plan.students.all()),
                school=plan.school,
                session_type=plan.session_type,
                classroom=plan.classroom,
                weekday=plan.weekday,
                start=plan.start,
                minutes=plan.minutes,
                ignore=plan.pk,
                weeks=plan.weeks,
            ),
            today=TODAY,
        )
        if found:
            broken.append((str(plan), found))
    assert broken == []


def test_on_a_thursday_the_meeting_tomorrow_keeps_clear_of_fridays_documentation():
    generate_demo(today=dt.date(2026, 12, 3))
    for username in ("ot.alvarez", "ot.brooks"):
        friday = FixedTime.objects.filter(provider__username=username, weekday=4)
        documentation = friday.get(title="Documentation")
        meeting = friday.get(title="IEP meeting", date=dt.date(2026, 12, 4))
        assert meeting.end <= documentation.start or documentation.end <= meeting.start
