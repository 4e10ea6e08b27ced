"""Putting a plan into use from a page: the start-date form, the preview of what it
changes (a dry run of services.use_plan) and the messages after, shared by the generator
and a district run's proposal."""

import datetime as dt
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from otdesk.accounts.models import User
from otdesk.core.dates import nice_date
from otdesk.core.forms import Form, SaneDatesMixin
from otdesk.students.forms import DateInput

from . import services


class UseForm(SaneDatesMixin, Form):
    """When a plan starts. The changes for that date are shown before it is used."""

    starts_on = forms.DateField(
        label="Starts on",
        widget=DateInput(),
        help_text="Your plan as it is runs until the day before, so today’s sessions stay "
        "as they are.",
        error_messages={
            "required": "Enter the date the new plan starts.",
            "invalid": "Enter the date the new plan starts, such as 2026-12-07.",
        },
    )
    previewed = forms.DateField(required=False, widget=forms.HiddenInput)
    made = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, user: User, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        district = user.district
        self.last = district.school_year_end if district is not None else None

    def clean_starts_on(self) -> dt.date:
        day: dt.date = self.cleaned_data["starts_on"]
        if day <= self.today:
            raise ValidationError(
                f"Choose a date after today ({nice_date(self.today)}): today's sessions stay "
                "as they are."
            )
        if self.last is not None and day > self.last:
            raise ValidationError(
                f"Choose a date in this school year, which ends {nice_date(self.last)}."
            )
        return day


def use_form(user: User, today: dt.date, made: str, data: Any = None) -> UseForm:
    start = services.first_start(user, today=today)
    return UseForm(
        data,
        user=user,
        today=today,
        initial={"starts_on": start, "previewed": start, "made": made},
    )


def preview(
    user: User,
    rows: list[list[Any]],
    starts_on: dt.date,
    today: dt.date,
) -> tuple[services.PlanUse | None, list[str]]:
    """What using the plan from starts_on would do (a dry run of the real thing), or the
    rules it now breaks."""
    try:
        use = services.use_plan(
            provider=user,
            placements=services.placements_of(rows),
            starts_on=starts_on,
            today=today,
            dry_run=True,
        )
    except services.PlanNoLongerFits as exc:
        return None, exc.problems
    return use, []


def announce_use(request: HttpRequest, use: services.PlanUse) -> None:
    """After 'Use this plan': what changed, in messages on the next page."""
    messages.success(
        request,
        f"Your weekly plan now has {use.created} generated sessions from "
        f"{nice_date(use.starts_on)}; your earlier plan runs until "
        f"{nice_date(use.last_old_day)}.",
    )
    if use.moved:
        messages.info(
            request,
            f"{len(use.moved)} date{'s' if len(use.moved) != 1 else ''} got "
            f"{'their' if len(use.moved) != 1 else 'its'} own time because of a one-off "
            "meeting or session: " + " ".join(change.words for change in use.moved),
        )
    for text in [c.words for c in use.unkept] + use.weekly_problems + use.not_started:
        messages.warning(request, text)


def starts_for(form: UseForm) -> dt.date | None:
    """The date the page previews: the one asked for, or the default."""
    if form.is_bound:
        return form.cleaned_data.get("starts_on") if form.is_valid() else None
    start: dt.date = form.initial["starts_on"]
    return start
