"""The provider's weekly plan as an iCalendar (RFC 5545) feed.

Events carry initials and the room, never full names or notes: a phone's calendar is not
a place for children's records. Each planned slot is one weekly recurring event in the
district's time zone, with the closed days excluded.
"""

import datetime as dt
import zoneinfo

from icalendar import Calendar, Event

from otdesk.accounts.models import User
from otdesk.delivery.models import PlannedSession
from otdesk.schools.models import District


def _first_on_or_after(day: dt.date, weekday: int) -> dt.date:
    return day + dt.timedelta(days=(weekday - day.weekday()) % 7)


def provider_calendar(person: User, *, today: dt.date) -> bytes:
    district: District | None = person.district
    tz = zoneinfo.ZoneInfo(district.timezone if district else "UTC")
    calendar = Calendar()
    calendar.add("prodid", "-//OT Desk//Weekly plan//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "OT Desk: my week")
    year_end = district.school_year_end if district else today + dt.timedelta(days=180)
    closed = set(district.non_school_days.values_list("date", flat=True)) if district else set()
    plans = (
        PlannedSession.objects.filter(provider=person)
        .select_related("school", "classroom")
        .prefetch_related("students")
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
        event = Event()
        event.add("uid", f"plan-{plan.pk}@otdesk")
        event.add("summary", f"OT {plan.get_session_type_display().lower()}: {initials}")
        event.add("location", f"{plan.school.short_name}, {room}")
        start = dt.datetime.combine(first, plan.start, tzinfo=tz)
        event.add("dtstart", start)
        event.add("dtend", start + dt.timedelta(minutes=plan.minutes))
        event.add("dtstamp", dt.datetime.now(dt.UTC))
        until = dt.datetime.combine(last, dt.time(23, 59), tzinfo=tz).astimezone(dt.UTC)
        event.add("rrule", {"freq": "weekly", "until": until})
        skipped = [
            dt.datetime.combine(day, plan.start, tzinfo=tz)
            for day in sorted(closed)
            if day.weekday() == plan.weekday and first <= day <= last
        ]
        if skipped:
            event.add("exdate", skipped)
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()
