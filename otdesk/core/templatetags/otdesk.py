import datetime as dt

from django import template

from otdesk.core.dates import nice_date as _nice_date
from otdesk.core.dates import nice_moment as _nice_moment

register = template.Library()


@register.filter
def nice_date(value: dt.date | None) -> str:
    """'Tue 1 Dec 2026' (a date and time gives its local day)."""
    return _nice_date(value)


@register.filter
def short_date(value: dt.date | None) -> str:
    """'Tue 1 Dec', where the year goes without saying."""
    return _nice_date(value, year=False)


@register.filter
def nice_moment(value: dt.datetime | None) -> str:
    """'Tue 1 Dec 2026, 14:05' in local time."""
    return _nice_moment(value)
