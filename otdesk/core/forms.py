"""Form behaviour every app shares."""

import datetime as dt
from typing import Any

from django import forms
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
