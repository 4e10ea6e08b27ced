import datetime as dt
from typing import Any

from django import template
from django.utils.html import format_html

from otdesk.core import idempotency
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


@register.simple_tag(takes_context=True)
def once_key(context: dict[str, Any]) -> str:
    """The hidden field of a form's one-time key (core/idempotency.py): a new key, or the
    one the form was sent with when it comes back with errors."""
    request = context.get("request")
    sent = request.POST.get(idempotency.FIELD, "") if request is not None else ""
    key = sent if idempotency.KEY.fullmatch(sent) else idempotency.new_key()
    return format_html('<input type="hidden" name="{}" value="{}">', idempotency.FIELD, key)
