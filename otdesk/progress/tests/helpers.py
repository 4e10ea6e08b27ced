"""Shared set-up of the progress tests: a reporting period, a goal with levels, sessions
with goal data."""

import datetime as dt
from zoneinfo import ZoneInfo

from otdesk.delivery.models import GoalData
from otdesk.progress import services
from otdesk.schools.models import ReportingPeriod
from otdesk.testing import factories as f

NOW = dt.datetime(2026, 11, 3, 12, 0, tzinfo=ZoneInfo("America/Chicago"))
Q1 = (dt.date(2026, 8, 17), dt.date(2026, 10, 30))


def period(world, name="Quarter 1", start=Q1[0], end=Q1[1]) -> ReportingPeriod:
    return services.save_period(
        actor=world.coordinator,
        period=ReportingPeriod(district=world.district, name=name, start_date=start, end_date=end),
    )


def writing_goal(world):
    return f.make_goal(
        world.iep,
        area="visual_motor",
        description="Will copy a sentence with letters on the line.",
        baseline="Copies phrases with 40% of letters on the line.",
        target="Copies a sentence with 80% of letters on the line.",
        measurement="Work samples",
    )


def data(world, goal, day: dt.date, correct: int, trials: int = 10, **kw):
    session = f.make_session(world.therapist, world.school, [world.student], date=day, **kw)
    record = session.attendees.get()
    return GoalData.objects.create(record=record, goal=goal, trials=trials, correct=correct)


# Nine sessions, Mondays from 31 Aug: 40, 40, 40, 50, 60, 50, 70, 70, 70 percent correct.
SERIES = [4, 4, 4, 5, 6, 5, 7, 7, 7]


def nine_sessions(world, goal):
    for n, correct in enumerate(SERIES):
        data(world, goal, dt.date(2026, 8, 31) + dt.timedelta(weeks=n), correct)
