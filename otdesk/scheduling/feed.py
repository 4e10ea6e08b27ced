"""The provider's weekly plan as an iCalendar (RFC 5545) feed.

Events carry initials and the room, never full names or notes: a phone's calendar is not
a place for children's records. Each planned slot is one weekly recurring event in the
district's time zone, with the closed days excluded; a 3:1 or alternate-week slot is one
series every fourth week for each week of the cycle it runs in; a booked make-up is a
single event.
"""

import datetime as dt

from django.db.models import Prefetch
from icalendar import Calendar, Event

from otdesk.accounts.models import User
from otdesk.core.dates import district_zone
from otdesk.delivery.models import PlannedSession, cycle_week
from otdesk.schools.models import District
from otdesk.students.models import Student
from otdesk.students.permissions import served_students


def _first_on_or_after(day: dt.date, weekday: int) -> dt.date:
    return day + dt.timedelta(days=(weekday - day.weekday()) % 7)


def provider_calendar(person: User, *, today: dt.date) -> bytes:
    return provider_feed(person, today=today)[0]


def provider_feed(person: User, *, today: dt.date) -> tuple[bytes, list[Student]]:
    """The iCalendar file and the students it names (by initials), for the access log."""
    shown: dict[int, Student] = {}
    district: District | None = person.district
    tz = district_zone(district)
    calendar = Calendar()
    calendar.add("prodid", "-//OT Desk//Weekly plan//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "OT Desk: my week")
    year_end = district.school_year_end if district else today + dt.timedelta(days=180)
    closed = set(district.non_school_days.values_list("date", flat=True)) if district else set()
    plans = (
        PlannedSession.objects.filter(provider=person)
        .select_related("school", "classroom")
        # Only the students the provider serves today: a slot outlives an ended assignment.
        .prefetch_related(Prefetch("students", queryset=served_students(person, on=today)))
        .order_by("weekday", "start")
    )
    for plan in plans:
        first = _first_on_or_after(
            max(plan.active_from, today - dt.timedelta(days=7)), plan.weekday
        )
        last = min(year_end, plan.active_until or year_end)
        if first > last:
            continue
        initials = ", ".join(s.initials for s in plan.students.all())
        room = (
            plan.classroom.room
            if plan.classroom and plan.classroom.room
            else plan.get_location_display()
        )
        kind = "make-up" if plan.makeup_for_id else plan.get_session_type_display().lower()
        if plan.active_from == plan.active_until:
            series = [(f"plan-{plan.pk}@otdesk", first, 0)]  # a one-off, e.g. a make-up
        elif plan.weeks == "1234" or district is None:
            series = [(f"plan-{plan.pk}@otdesk", first, 1)]
        else:
            # A 3:1 or alternate-week session: one series every fourth week per week it runs.
            series = []
            for week in plan.weeks:
                day = first
                while cycle_week(district.school_year_start, day) != int(week):
                    day += dt.timedelta(days=7)
                if day <= last:
                    series.append((f"plan-{plan.pk}-w{week}@otdesk", day, 4))
        shown.update({student.pk: student for student in plan.students.all() if series})
        for uid, begins, interval in series:
            event = Event()
            event.add("uid", uid)
            event.add("summary", f"OT {kind}: {initials}")
            event.add("location", f"{plan.school.short_name}, {room}")
            start = dt.datetime.combine(begins, plan.start, tzinfo=tz)
            event.add("dtstart", start)
            event.add("dtend", start + dt.timedelta(minutes=plan.minutes))
            event.add("dtstamp", dt.datetime.now(dt.UTC))
            if interval:
                until = dt.datetime.combine(last, dt.time(23, 59), tzinfo=tz).astimezone(dt.UTC)
                rule: dict[str, object] = {"freq": "weekly", "until": until}
                if interval > 1:
                    rule["interval"] = interval
                event.add("rrule", rule)
                # Closed days, and dates a plan moved this session to its own time.
                moved = {dt.date.fromisoformat(day) for day in plan.skip_dates}
                skipped = [
                    dt.datetime.combine(day, plan.start, tzinfo=tz)
                    for day in sorted(closed | moved)
                    if day.weekday() == plan.weekday
                    and begins <= day <= last
                    and (day - begins).days // 7 % interval == 0
                ]
                if skipped:
                    event.add("exdate", skipped)
            calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical(), list(shown.values())
