"""Form behaviour every app shares."""

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.forms.boundfield import BoundWidget
from django.utils import timezone

EARLIEST = dt.date(2000, 1, 1)
YEARS_AHEAD = 5


class SaneDatesMixin:
    """Every date a form takes lies between 2000 and five years from now, so a typo such as
    year 0001 or 9999 is caught with a message instead of skewing a report."""

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean()  # type: ignore[misc]
        today = timezone.localdate()
        latest = today.replace(year=today.year + YEARS_AHEAD)
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
