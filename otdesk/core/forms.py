"""Form behaviour every app shares."""

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.forms.boundfield import BoundWidget
from django.utils import timezone

from .dates import years_after
from .limits import TOO_LONG

EARLIEST = dt.date(2000, 1, 1)
YEARS_AHEAD = 5

# The largest whole number a box takes when its form names no range of its own: what
# every database OT Desk runs on stores in its smallest integer column (PostgreSQL's
# smallint). Without a bound a 20-digit number reaches the database and fails there.
NUMBER_CAP = 32767


def range_message(low: int, high: int) -> str:
    return f"Enter a whole number from {low} to {high}."


def whole_number(
    *, low: int, high: int, message: str | None = None, **kwargs: Any
) -> forms.IntegerField:
    """A whole-number box with its range, and one plain sentence for any number outside
    it, however many digits (and for text that is not a number)."""
    message = message or range_message(low, high)
    errors = {"invalid": message, "min_value": message, "max_value": message}
    errors |= kwargs.pop("error_messages", {})
    kwargs.setdefault("widget", forms.NumberInput(attrs={"inputmode": "numeric"}))
    return forms.IntegerField(min_value=low, max_value=high, error_messages=errors, **kwargs)


def bound_numbers(fields: Mapping[str, forms.Field]) -> None:
    """Give every whole-number field a range and a plain out-of-range message: a field with
    no upper bound gets NUMBER_CAP, one with no lower bound 0, and a bound without a
    message of the form's own gets 'Enter a whole number from 1 to 600.' (Django's own,
    'Ensure this value is less than or equal to 2147483647', never shows)."""
    for field in fields.values():
        if not isinstance(field, forms.IntegerField):
            continue
        if field.max_value is None:
            field.max_value = NUMBER_CAP
            field.validators.append(MaxValueValidator(NUMBER_CAP))
            field.widget.attrs["max"] = str(NUMBER_CAP)
        if field.min_value is None:
            field.min_value = 0
            field.validators.append(MinValueValidator(0))
            field.widget.attrs["min"] = "0"
        message = range_message(int(field.min_value), int(field.max_value))
        for code in ("min_value", "max_value"):
            field.error_messages.setdefault(code, message)


def plain_lengths(fields: Mapping[str, forms.Field]) -> None:
    """A text box with a size says it in the words core/limits.py uses everywhere
    (Django's 'Ensure this value has at most 2000 characters' never shows)."""
    for field in fields.values():
        if isinstance(field, forms.CharField) and field.max_length is not None:
            field.error_messages["max_length"] = TOO_LONG


class PlainNumbersMixin:
    """Every form in OT Desk (through Form and ModelForm below): its number boxes have a
    range and say so plainly, and its text boxes say plainly how long they may be.
    Fields a subclass adds after __init__ are bounded before validation."""

    fields: dict[str, forms.Field]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        bound_numbers(self.fields)
        plain_lengths(self.fields)

    def full_clean(self) -> None:
        bound_numbers(self.fields)
        plain_lengths(self.fields)
        super().full_clean()  # type: ignore[misc]


class Form(PlainNumbersMixin, forms.Form):
    """The base of every plain form in OT Desk."""


class ModelForm(PlainNumbersMixin, forms.ModelForm):
    """The base of every model form in OT Desk."""


class SaneDatesMixin:
    """Every date a form takes lies between 2000 and five years from now, so a typo such as
    year 0001 or 9999 is caught with a message instead of skewing a report."""

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean()  # type: ignore[misc]
        today = timezone.localdate()
        latest = years_after(today, YEARS_AHEAD)  # not .replace: 29 February
        for name, field in self.fields.items():  # type: ignore[attr-defined]
            value = data.get(name)
            out_of_range = isinstance(value, dt.date) and not EARLIEST <= value <= latest
            if isinstance(field, forms.DateField) and out_of_range:
                self.add_error(  # type: ignore[attr-defined]
                    name, f"Enter a date between {EARLIEST.year} and {latest.year}."
                )
        return data


@dataclass
class Picker:
    """A long checkbox list in two parts: the choices that matter now, shown, and the rest
    in a disclosure (which works without JavaScript) with a search box over it."""

    field: forms.BoundField
    shown: list[BoundWidget]
    rest: list[BoundWidget]
    rest_label: str
    search_label: str
    rest_open: bool = False


def picker(
    field: forms.BoundField,
    shown: Iterable[Any],
    *,
    rest_label: str,
    search_label: str,
    open_when_none_shown: bool = False,
) -> Picker:
    """Split a checkbox field's choices: those in `shown` (objects or values) and every
    ticked one come first, in the field's order; the rest follow behind the disclosure."""
    wanted = {str(getattr(item, "pk", item)) for item in shown}
    first: list[BoundWidget] = []
    rest: list[BoundWidget] = []
    for widget in field.subwidgets:
        if str(widget.data["value"]) in wanted or widget.data["selected"]:
            first.append(widget)
        else:
            rest.append(widget)
    return Picker(
        field=field,
        shown=first,
        rest=rest,
        rest_label=rest_label,
        search_label=search_label,
        rest_open=open_when_none_shown and not first,
    )
