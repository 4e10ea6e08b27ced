"""How much free text a record takes. A model's TextField lists `text_limit(...)` in its
validators (full_clean enforces it for pages, API and commands alike) and passes the same
number as `max_length`, so the form's box stops there too."""

from django.core.validators import MaxLengthValidator
from django.utils.translation import gettext_lazy as _

NOTE_CHARS = 5_000  # one part of a note, an addendum, a consultation's summary
DESCRIPTION_CHARS = 2_000  # a strategy, a goal, a program's steps, an activity's text
REASON_CHARS = 500  # why something was voided, missed or requested


# What a person reads when a text is too long, in a form or from a service (in their
# language: the family pages are translated).
TOO_LONG = _(
    "Keep this to %(limit_value)d characters; it has %(show_value)d. "
    "Shorten it or split it over two entries."
)


def text_limit(chars: int) -> list[MaxLengthValidator]:
    """The validator list for a text field holding at most `chars` characters."""
    return [MaxLengthValidator(chars, message=TOO_LONG)]
