"""The date range of a report: the form, and the default (the district's reporting
period covering today, else the school year to date). The workload report uses it too."""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django import forms

from otdesk.core.dates import nice_date
from otdesk.core.forms import Form, SaneDatesMixin
from otdesk.schools.models import District, ReportingPeriod
from otdesk.students.forms import DateInput

# A report covers at most two school years: longer ranges are typos.
LONGEST_DAYS = 731


class RangeForm(SaneDatesMixin, Form):
    start = forms.DateField(
        label="From", widget=DateInput(), error_messages={"required": "Enter the first day."}
    )
    end = forms.DateField(
        label="To", widget=DateInput(), error_messages={"required": "Enter the last day."}
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if isinstance(start, dt.date) and isinstance(end, dt.date):
            if end < start:
                self.add_error("end", "The last day must be on or after the first day.")
            elif (end - start).days >= LONGEST_DAYS:
                self.add_error("end", "Choose a range of at most two years.")
        return data


@dataclass(frozen=True)
class ReportRange:
    start: dt.date
    end: dt.date
    name: str  # "Quarter 2", "School year to date", "" for a range someone typed

    @property
    def words(self) -> str:
        """'Quarter 2, Mon 2 Nov 2026 – Fri 22 Jan 2027'."""
        span = f"{nice_date(self.start)} – {nice_date(self.end)}"
        return f"{self.name}, {span}" if self.name else span


def default_range(district: District | None, today: dt.date) -> ReportRange:
    """The district's reporting period covering today, else the school year to date."""
    if district is None:
        return ReportRange(today, today, "Today")
    period = ReportingPeriod.objects.filter(
        district=district, start_date__lte=today, end_date__gte=today
    ).first()
    if period is not None:
        return ReportRange(period.start_date, period.end_date, period.name)
    start = district.school_year_start if district.school_year_start <= today else today
    return ReportRange(start, today, "School year to date")


def presets(district: District | None, today: dt.date) -> list[ReportRange]:
    """Quick choices: each reporting period begun by today, the school year to date and
    last month (within the school year)."""
    if district is None:
        return []
    found = [
        ReportRange(p.start_date, p.end_date, p.name)
        for p in ReportingPeriod.objects.filter(district=district, start_date__lte=today).order_by(
            "start_date"
        )
    ]
    if district.school_year_start <= today:
        found.append(
            ReportRange(
                district.school_year_start,
                min(today, district.school_year_end),
                "School year to date",
            )
        )
    last_day = today.replace(day=1) - dt.timedelta(days=1)
    first_day = last_day.replace(day=1)
    if district.school_year_start <= last_day and first_day <= district.school_year_end:
        found.append(ReportRange(first_day, last_day, f"{last_day:%B}"))
    return found


def outside_the_year(district: District | None, start: dt.date, end: dt.date) -> str:
    """Why a range holds no school day of the district's year ('' when it does)."""
    if district is None:
        return ""
    year_start, year_end = district.school_year_start, district.school_year_end
    if end < year_start or start > year_end:
        return (
            f"These dates are outside the school year ({nice_date(year_start)} – "
            f"{nice_date(year_end)}): no minutes are mandated then. Choose dates inside it."
        )
    return ""


def report_range(
    params: Mapping[str, Any], district: District | None, today: dt.date
) -> tuple[RangeForm, ReportRange | None]:
    """The range in start= and end= (a page's query, a command's options; None with the
    form's errors when it is wrong), else the default range."""
    chosen = default_range(district, today)
    if params.get("start") is None and params.get("end") is None:
        form = RangeForm(initial={"start": chosen.start, "end": chosen.end})
        return form, chosen
    form = RangeForm(params)
    if not form.is_valid():
        return form, None
    start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    problem = outside_the_year(district, start, end)
    if problem:
        form.add_error(None, problem)
        return form, None
    if (start, end) == (chosen.start, chosen.end):
        return form, chosen
    return form, ReportRange(start, end, "")
