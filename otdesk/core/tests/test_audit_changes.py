"""A change to a student's record keeps the values before and after (only the fields that
changed); an addition keeps its values."""

import datetime as dt
import zoneinfo

import pytest
import time_machine

from otdesk.core.models import AuditEvent
from otdesk.students import services
from otdesk.students.models import (
    Implementer,
    ServiceLine,
    Strategy,
    StrategyCategory,
    StrategyReview,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def on_a_friday():
    when = dt.datetime(2026, 10, 9, 15, 0, tzinfo=zoneinfo.ZoneInfo("America/Chicago"))
    with time_machine.travel(when, tick=False):
        yield


def newest(kind: str) -> AuditEvent:
    return AuditEvent.objects.filter(object_type=kind).latest("pk")


def test_a_changed_service_line_keeps_before_and_after(world):
    line = ServiceLine.objects.filter(iep=world.iep, kind="direct").get()
    line.minutes = 45
    line.notes = "Fine motor focus"
    services.save_service_line(actor=world.therapist, line=line)
    event = newest("students.serviceline")
    assert (event.action, event.user) == ("update", world.therapist)
    assert event.before == {"minutes": 30, "notes": ""}
    assert event.after == {"minutes": 45, "notes": "Fine motor focus"}


def test_saving_without_a_change_records_no_values(world):
    goal = world.iep.goals.get()
    services.save_goal(actor=world.therapist, goal=goal)
    event = newest("students.goal")
    assert (event.action, event.before, event.after) == ("update", None, None)


def test_changed_iep_dates_are_kept_as_dates_in_words_a_machine_reads(world):
    iep = world.iep
    old_review = iep.annual_review_due
    iep.annual_review_due = old_review - dt.timedelta(days=7)
    services.save_iep(actor=world.therapist, iep=iep)
    event = newest("students.iep")
    assert event.before == {"annual_review_due": old_review.isoformat()}
    assert event.after == {"annual_review_due": iep.annual_review_due.isoformat()}


def test_a_new_strategy_keeps_its_values(world):
    strategy = Strategy(
        student=world.student,
        category=StrategyCategory.WRITING_TOOL,
        implementer=Implementer.TEACHER,
        description="Slant board for writing",
        start_date=dt.date(2026, 10, 5),
        review_every_days=30,
    )
    services.save_strategy(actor=world.therapist, strategy=strategy)
    event = newest("students.strategy")
    assert event.action == "create"
    assert event.before is None
    assert event.after is not None
    assert event.after["description"] == "Slant board for writing"
    assert event.after["next_review_date"] == "2026-11-04"


def test_a_review_that_rewrites_a_strategy_keeps_its_old_wording(world):
    strategy = world.student.strategies.get()
    old = strategy.description
    services.review_strategy(
        actor=world.therapist,
        strategy=strategy,
        date=dt.date(2026, 10, 8),
        outcome=StrategyReview.Outcome.MODIFY,
        observed="Works with a shorter timer",
        consulted="Teacher",
        new_description="Timer set to 3 minutes",
    )
    event = newest("students.strategy")
    assert event.before is not None and event.after is not None
    assert (event.before["description"], event.after["description"]) == (
        old,
        "Timer set to 3 minutes",
    )
    assert event.after["status"] == "modified"
    assert (
        event.after["next_review_date"]
        == (dt.date(2026, 10, 8) + dt.timedelta(days=strategy.review_every_days)).isoformat()
    )
