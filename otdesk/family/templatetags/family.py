"""Template helpers of the family pages: a term linked to its glossary entry, dates in the
reader's language, and the words for the records' vocabularies."""

import datetime as dt

from django import template
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.html import format_html
from django.utils.safestring import SafeString

from otdesk.core.dates import nice_date, nice_moment
from otdesk.core.models import AuditEvent
from otdesk.students.models import DeliveryModel

from .. import plain
from ..glossary import find

register = template.Library()


@register.simple_tag
def term(slug: str, text: str = "", tap: bool = False) -> SafeString:
    """A term on a parent page, linked to its glossary entry (its anchor). `tap` for a
    link standing alone (a heading): a 44 px target."""
    glossary, entry = find(slug)
    url = reverse("family:glossary", args=[glossary.key])
    if tap:
        return format_html('<a class="tap" href="{}#{}">{}</a>', url, slug, text or entry.term)
    return format_html('<a href="{}#{}">{}</a>', url, slug, text or entry.term)


def _english() -> bool:
    return (translation.get_language() or "en").startswith("en")


@register.filter
def family_date(day: dt.date | dt.datetime | None) -> str:
    """'Tue 15 Sep 2026' in English, '15 de septiembre de 2026' in Spanish."""
    if day is None:
        return ""
    if _english():
        return nice_date(day)
    if isinstance(day, dt.datetime):
        day = timezone.localtime(day).date() if timezone.is_aware(day) else day.date()
    return formats.date_format(day, "DATE_FORMAT")


@register.filter
def family_moment(moment: dt.datetime | None) -> str:
    if moment is None:
        return ""
    if _english():
        return nice_moment(moment)
    local = timezone.localtime(moment) if timezone.is_aware(moment) else moment
    return formats.date_format(local, "DATETIME_FORMAT")


@register.filter
def access_what(event: AuditEvent) -> str:
    """What a person did with the child's record, in the parent's words."""
    return plain.access_what(event.action, event.object_type, event.summary)


@register.simple_tag
def model_means(model: str, name: str) -> str:
    """What a way of giving OT means, about this child."""
    found = plain.MODEL_MEANS.get(DeliveryModel(model)) if model in DeliveryModel.values else None
    return str(found) % {"name": name} if found is not None else ""


@register.filter
def words(value: str, table: str) -> str:
    """A stored value in the family's words: {{ line.delivery_model|words:"MODEL_NAME" }}."""
    words_of = getattr(plain, table)
    return str(words_of.get(value, words_of.get("", value)))
