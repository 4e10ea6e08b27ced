"""The demo therapist makes a plan, sees what it changes on the dates of a one-off meeting
and a booked make-up in the weeks ahead, uses it, and finds every week of her calendar
keeping every rule, with today's sessions as they were."""

import datetime as dt
import re

import pytest
from django.db.models import Q
from django.utils import timezone
from playwright.sync_api import expect

from otdesk.accounts.models import User
from otdesk.core.dates import nice_date
from otdesk.core.times import time_of
from otdesk.delivery.calendar import SchoolCalendar
from otdesk.delivery.models import MissedSession, MissReason, PlannedSession, cycle_week
from otdesk.demo.generate import DEMO_PASSWORD, generate_demo
from otdesk.scheduling import services
from otdesk.scheduling.build import build_instance
from otdesk.scheduling.calendar_grid import build_week, plans_in_week
from otdesk.scheduling.models import FixedTime, PlanProposal
from otdesk.students.models import PULL_OUT_MODELS
from otdesk.testing import factories as f
from otdesk.testing.browser import assert_accessible, assert_fits_width, screenshot, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _date_of(placement, weeks: str, after: dt.date, calendar: SchoolCalendar) -> dt.date:  # type: ignore[no-untyped-def]
    """The first school day after `after` on which the proposed session happens."""
    day = after + dt.timedelta(days=(placement.day - after.weekday()) % 7)
    while not (calendar.is_school_day(day) and str(cycle_week(calendar.year_start, day)) in weeks):
        day += dt.timedelta(days=7)
    return day


def _today(user: User, today: dt.date) -> list[tuple[int, dt.time, int]]:
    return sorted(
        (p.pk, p.start, p.minutes)
        for p in PlannedSession.objects.filter(provider=user)
        if p.active_on(today)
    )


def test_a_plan_put_into_use_keeps_every_rule_in_the_weeks_ahead(page, live_server):
    today = timezone.localdate()
    generate_demo(today=today)
    alvarez = User.objects.get(username="ot.alvarez")
    assert alvarez.district is not None
    calendar = SchoolCalendar.for_district(alvarez.district)
    todays = _today(alvarez, today)
    sign_in(page, live_server.url, "ot.alvarez", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/plan/generate/")
    page.get_by_role("button", name="Make a plan").click()
    expect(page.locator(".lede")).to_contain_text("minutes a week placed")

    # A one-off IEP meeting and a booked make-up land on two of the proposed sessions.
    proposal = PlanProposal.objects.get(provider=alvarez)
    built = build_instance(alvarez, today=today)
    weeks = {a.key: a.weeks for a in built.instance.activities}
    candidates = [
        services.placements_of([row])[0]
        for row in sorted(proposal.placements, key=lambda r: (r[1], r[2]))[::6]
    ]
    start = services.first_start(alvarez, today=today)

    def free(day: dt.date, begins: int) -> bool:
        """Nothing of the therapist's own (a meeting, protected time) is there already."""
        there = FixedTime.objects.filter(provider=alvarez, weekday=day.weekday()).filter(
            Q(date=None) | Q(date=day)
        )
        return not any(
            f.start.hour * 60 + f.start.minute < begins + 30
            and begins < f.end.hour * 60 + f.end.minute
            for f in there
        )

    # The meeting goes on a proposed session's date where the demo has nothing else then.
    first, meeting_day = next(
        (c, day)
        for c in candidates
        for day in [_date_of(c, weeks[c.activity], start + dt.timedelta(days=7), calendar)]
        if free(day, c.start)
    )
    second = next(c for c in candidates if c is not first)
    f.make_fixed_time(
        alvarez,
        title="IEP meeting",
        weekday=meeting_day.weekday(),
        date=meeting_day,
        start=time_of(first.start),
        end=time_of(first.start + 30),
    )
    makeup_day = _date_of(second, weeks[second.activity], meeting_day, calendar)
    # The make-up is for one of that session's students, in the same kind of session (so
    # it keeps the student's own rules): only the therapist's time clashes.
    line = built.lines[second.activity][0]
    makeup_student = line.iep.student
    pull_out = line.delivery_model in PULL_OUT_MODELS
    miss = MissedSession.objects.create(
        student=makeup_student,
        service_line=line,
        provider=alvarez,
        date=today - dt.timedelta(days=1),
        minutes=second.minutes,
        reason=MissReason.PROVIDER_ABSENT,
    )
    f.make_planned(
        alvarez,
        makeup_student.school,
        [makeup_student],
        weekday=makeup_day.weekday(),
        start=time_of(second.start),
        minutes=second.minutes,
        classroom=None if pull_out else makeup_student.classroom,
        session_type="pull_out_individual" if pull_out else "push_in",
        location="therapy_room" if pull_out else line.location,
        active_from=makeup_day,
        active_until=makeup_day,
        locked=True,
        makeup_for=miss,
    )

    page.reload()
    changes = page.locator(".plan-changes li")
    expect(changes.filter(has_text=f"{nice_date(meeting_day)}:")).to_contain_text("(IEP meeting")
    expect(changes.filter(has_text=f"{nice_date(makeup_day)}:")).to_contain_text("(make-up session")
    expect(page.get_by_label("Starts on")).to_have_value(start.isoformat())
    assert_accessible(page)
    assert_fits_width(page)
    screenshot(page, f"plan-use-preview-{page.width_name}")
    page.get_by_role("button", name="Use this plan").click()
    page.wait_for_url(re.compile(r"/plan/$"))
    expect(page.locator(".messages")).to_contain_text("got their own time because of a one-off")
    assert_accessible(page)

    # Today's sessions are as they were.
    assert _today(alvarez, today) == todays
    # Every week from this one to the week after the make-up: no two of her sessions at
    # once, none on a meeting, nothing breaking a rule.
    monday = today - dt.timedelta(days=today.weekday())
    last = makeup_day + dt.timedelta(days=7)
    while monday <= last:
        page.goto(f"{live_server.url}/schedule/week/?week={monday.isoformat()}")
        page.get_by_role("heading", name=re.compile("^Your week")).wait_for()
        expect(page.locator(".cal-breaks")).to_have_count(0)
        week = build_week(
            plans=plans_in_week(monday).filter(provider=alvarez),
            week_start=monday,
            district=alvarez.district,
            schools=[],
            fixed=FixedTime.objects.filter(provider=alvarez),
        )
        for day in week.days:
            cards = sorted(day.cards, key=lambda c: c.first)
            for i, card in enumerate(cards):
                for other in cards[i + 1 :]:
                    assert other.first >= card.first + card.length, (
                        f"{day.date}: {card.time} {card.title} and {other.time} {other.title}"
                    )
        if monday <= meeting_day < monday + dt.timedelta(days=7):
            expect(page.locator(".cal-reason", has_text="IEP meeting")).to_have_count(1)
            assert_accessible(page)
            assert_fits_width(page)
            screenshot(page, f"plan-use-week-{page.width_name}")
        monday += dt.timedelta(days=7)
