"""Dates as OT Desk writes them to people: 'Tue 1 Dec', with the year where it matters
('Tue 1 Dec 2026'). Machine-facing dates (form values, URLs, CSV, JSON, ICS) stay ISO.
Every message, page and record title uses these functions or the template filters
`nice_date`, `short_date` and `nice_moment` built on them (core/templatetags/otdesk.py)."""

import datetime as dt

from django.utils import timezone


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
