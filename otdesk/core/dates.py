"""Dates as OT Desk writes them to people: 'Tue 1 Dec', with the year where it matters
('Tue 1 Dec 2026'). Machine-facing dates (form values, URLs, CSV, JSON, ICS) stay ISO.
Every message, page and record title uses these functions or the template filters
`nice_date`, `short_date` and `nice_moment` built on them (core/templatetags/otdesk.py).

Local time is the district's: each District names its time zone, and "today", session
times, due dates and calendars follow it. For a request the zone is active already
(core/middleware.DistrictTimeZoneMiddleware, from the signed-in person's district), so
`timezone.localdate()`, `localtime()` and the template filters follow it. Work outside a
request (a background thread, a management command) has no person: it names the district
with `district_today(district)` or runs inside `with in_district_zone(district):`.
settings.TIME_ZONE is only the fallback for a person without a district."""

import datetime as dt
import zoneinfo
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol

from django.utils import timezone


class HasTimeZone(Protocol):
    """A district (schools.District): core names no model of another app."""

    timezone: str


def zone_named(name: str | None) -> zoneinfo.ZoneInfo | dt.tzinfo:
    """The zone called `name` ('Pacific/Honolulu'); the site's default (settings.TIME_ZONE)
    when the name is empty or not a zone (District.timezone is validated, so only old or
    hand-edited rows get here)."""
    if name:
        try:
            return zoneinfo.ZoneInfo(name)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            pass
    return timezone.get_default_timezone()


def district_zone(district: HasTimeZone | None) -> zoneinfo.ZoneInfo | dt.tzinfo:
    """The district's time zone (the site's default without a district)."""
    return zone_named(district.timezone if district is not None else None)


def district_today(district: HasTimeZone | None) -> dt.date:
    """Today's date where the district is, whatever zone is active."""
    return timezone.localdate(timezone=district_zone(district))


def district_now(district: HasTimeZone | None) -> dt.datetime:
    """The present moment on the district's clocks."""
    return timezone.localtime(timezone=district_zone(district))


@contextmanager
def in_district_zone(district: HasTimeZone | None) -> Iterator[None]:
    """Within the block, local time (localdate, localtime, templates) is the district's."""
    with timezone.override(district_zone(district)):
        yield


def _local(value: dt.date) -> dt.date:
    if isinstance(value, dt.datetime):
        return (timezone.localtime(value) if timezone.is_aware(value) else value).date()
    return value


def nice_date(day: dt.date | None, *, year: bool = True) -> str:
    """A date as people write it: 'Tue 15 Sep 2026', or 'Tue 15 Sep' with year=False.
    A date and time gives the local day it fell on."""
    if day is None:
        return ""
    day = _local(day)
    text = f"{day:%a} {day.day} {day:%b}"
    return f"{text} {day.year}" if year else text


def nice_moment(moment: dt.datetime | None) -> str:
    """A date and time in local time: 'Tue 15 Sep 2026, 14:05'."""
    if moment is None:
        return ""
    local = timezone.localtime(moment) if timezone.is_aware(moment) else moment
    return f"{nice_date(local.date())}, {local:%H:%M}"


def years_after(day: dt.date, years: int) -> dt.date:
    """The same date `years` later (or earlier, when negative); a 29 February falls on
    28 February in a year without one."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)
