import datetime as dt

from django import template

from otdesk.core.dates import nice_date as _nice_date

register = template.Library()


@register.filter
def nice_date(value: dt.date | None) -> str:
    return _nice_date(value)


@register.filter
def short_date(value: dt.date | None) -> str:
    return _nice_date(value, year=False)
