"""Template filters of the progress pages."""

from django import template
from django.utils.translation import gettext

register = template.Library()


@register.filter
def code_words(label: str) -> str:
    """A progress code in the reader's language: the district's default codes have their
    Spanish in the catalogue; words a district typed itself are shown as typed."""
    return gettext(label) if label else ""
