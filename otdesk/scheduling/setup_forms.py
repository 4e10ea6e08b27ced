"""Forms of the schedule set-up pages: bell blocks, days at schools, travel times,
meetings and protected time, students' unavailable times, group rules and weights."""

import datetime as dt
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone

from otdesk.core.dates import nice_date
from otdesk.core.forms import Form, ModelForm, SaneDatesMixin
from otdesk.core.times import (
    DAY_CODES,
    DAY_NAMES,
    codes_of,
    day_name,
    days_from_codes,
    hhmm,
    minutes_of,
    span,
)
from otdesk.delivery.forms import TimeInput
from otdesk.schools.models import (
    PROTECTED_BY_DEFAULT,
    BellBlock,
    BlockKind,
    Classroom,
    District,
    School,
    SchoolAssignment,
    Weekday,
)
from otdesk.students.forms import DateInput

from .models import FixedTime, ScheduleSettings

EARLIEST = dt.time(6, 0)
LATEST = dt.time(18, 0)
DAY_CHOICES = list(zip(DAY_CODES, DAY_NAMES, strict=True))
WEEKDAY_CHOICES = [(str(value), label) for value, label in Weekday.choices]


def _time_box(label: str) -> forms.TimeField:
    return forms.TimeField(
        label=label,
        widget=TimeInput(),
        help_text="Between 06:00 and 18:00.",
        error_messages={
            "required": f"Enter the {label.lower()} time.",
            "invalid": "Enter a time such as 09:45.",
        },
    )


def _weekdays(label: str, *, required: bool, help_text: str = "") -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label,
        choices=WEEKDAY_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=required,
        help_text=help_text,
        error_messages={"required": "Tick at least one day."},
    )


def _weekday(*, required: bool, help_text: str = "") -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label="Day",
        choices=[("", "—"), *WEEKDAY_CHOICES] if not required else WEEKDAY_CHOICES,
        coerce=int,
        empty_value=None,
        required=required,
        help_text=help_text,
        error_messages={"required": "Choose the day."},
    )


def check_times(form: forms.Form, data: dict[str, Any], *, what: str) -> None:
    """Start and end within the school's working day, end after start."""
    start, end = data.get("start"), data.get("end")
    if start is not None and not EARLIEST <= start < LATEST:
        form.add_error("start", "Enter a start from 06:00 to 18:00.")
    if end is not None and not EARLIEST < end <= LATEST:
        form.add_error("end", "Enter an end from 06:00 to 18:00.")
    if start is not None and end is not None and end <= start:
        form.add_error("end", f"The {what} must end after it starts ({hhmm(minutes_of(start))}).")


def chosen_weekdays(data: dict[str, Any]) -> list[int]:
    if "weekdays" in data:
        return sorted(int(day) for day in data.get("weekdays") or [])
    weekday = data.get("weekday")
    return [] if weekday is None else [weekday]


# Bell schedule -------------------------------------------------------------------------

PROTECT_USUAL, PROTECT_YES, PROTECT_NO = "usual", "yes", "no"


class BlockForm(Form):
    """Add one block on several days at once, or (with `block`) change one block."""

    name = forms.CharField(
        max_length=60,
        help_text="As the school calls it, e.g. 'Writing block'.",
        error_messages={"required": "Enter the block's name."},
    )
    kind = forms.ChoiceField(choices=BlockKind.choices, initial=BlockKind.CORE)
    start = _time_box("Start")
    end = _time_box("End")
    classroom = forms.ModelChoiceField(
        queryset=Classroom.objects.none(),
        required=False,
        empty_label="Whole school",
        help_text="Blank for the whole school; a classroom for that class's own block.",
    )
    protected = forms.ChoiceField(
        label="Protected instruction",
        choices=[
            (
                PROTECT_USUAL,
                "As usual for the kind: protected for core instruction, reading and math",
            ),
            (PROTECT_YES, "Protected: no pull-out during this block"),
            (PROTECT_NO, "Not protected: pull-out allowed"),
        ],
        initial=PROTECT_USUAL,
        widget=forms.RadioSelect,
        help_text="Students are never pulled out of a protected block.",
    )

    def __init__(
        self,
        *args: Any,
        school: School,
        rooms: QuerySet[Classroom],
        whole_school: bool,
        block: BellBlock | None = None,
        **kwargs: Any,
    ) -> None:
        if block is not None:
            kwargs.setdefault(
                "initial",
                {
                    "name": block.name,
                    "kind": block.kind,
                    "weekday": block.weekday,
                    "start": block.start,
                    "end": block.end,
                    "classroom": block.classroom_id,
                    "protected": PROTECT_YES if block.protected else PROTECT_NO,
                },
            )
        super().__init__(*args, **kwargs)
        self.school, self.block = school, block
        if block is None:
            self.fields["weekdays"] = _weekdays(
                "Days", required=True, help_text="One block is added on each day ticked."
            )
        else:
            self.fields["weekday"] = _weekday(required=True)
        self.order_fields(["name", "kind", "weekdays", "weekday", "start", "end", "classroom"])
        classroom = self.fields["classroom"]
        assert isinstance(classroom, forms.ModelChoiceField)
        classroom.queryset = rooms
        classroom.error_messages["invalid_choice"] = (
            f"Choose a classroom of {school.name} that you may change."
        )
        if not whole_school:
            classroom.required = True
            classroom.empty_label = None
            classroom.help_text = "You change the blocks of your own classroom."
            classroom.error_messages["required"] = "Choose your classroom."

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None
        check_times(self, data, what="block")
        if data.get("protected") == PROTECT_USUAL:
            data["protected"] = data.get("kind") in PROTECTED_BY_DEFAULT
        else:
            data["protected"] = data.get("protected") == PROTECT_YES
        days = chosen_weekdays(data)
        start, end = data.get("start"), data.get("end")
        if days and start and end and end > start and not self.has_error("classroom"):
            self._check_overlap(days, start, end, data.get("classroom"))
        return data

    def _check_overlap(
        self, days: list[int], start: dt.time, end: dt.time, classroom: Classroom | None
    ) -> None:
        clashes = BellBlock.objects.filter(
            school=self.school, weekday__in=days, start__lt=end, end__gt=start
        )
        if classroom is None:
            clashes = clashes.filter(classroom__isnull=True)
            scope = "the whole-school schedule"
        else:
            clashes = clashes.filter(classroom=classroom)
            scope = f"{classroom.name}'s schedule"
        if self.block is not None:
            clashes = clashes.exclude(pk=self.block.pk)
        for clash in clashes.order_by("weekday", "start"):
            first, last = minutes_of(clash.start), minutes_of(clash.end)
            self.add_error(
                "start",
                f"This overlaps {clash.name} on {day_name(clash.weekday)} "
                f"{span(first, last - first)} in {scope}. Change the "
                "times or that block first.",
            )


# Days at each school -------------------------------------------------------------------


class DaysForm(Form):
    """The weekdays of each of the therapist's active school assignments."""

    def __init__(self, *args: Any, assignments: list[SchoolAssignment], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.assignments = assignments
        for assignment in assignments:
            current = codes_of(days_from_codes(assignment.days)).split()
            self.fields[self.field_name(assignment)] = forms.MultipleChoiceField(
                label=f"Days at {assignment.school.name}",
                choices=DAY_CHOICES,
                widget=forms.CheckboxSelectMultiple,
                initial=current or list(DAY_CODES),
                error_messages={"required": f"Tick at least one day at {assignment.school.name}."},
            )

    @staticmethod
    def field_name(assignment: SchoolAssignment) -> str:
        return f"days_{assignment.pk}"

    def days_of(self, assignment: SchoolAssignment) -> str:
        """'Mon Wed', in weekday order, as SchoolAssignment.days stores it."""
        return codes_of(days_from_codes(" ".join(self.cleaned_data[self.field_name(assignment)])))


# Travel times --------------------------------------------------------------------------


class TravelForm(Form):
    """Minutes between each pair of the district's schools; blank keeps the default."""

    def __init__(
        self,
        *args: Any,
        pairs: list[tuple[School, School]],
        current: dict[tuple[int, int], int],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.pairs = pairs
        for a, b in pairs:
            self.fields[self.field_name(a, b)] = forms.IntegerField(
                label=f"{a.name} and {b.name}",
                required=False,
                min_value=0,
                max_value=180,
                initial=current.get((a.pk, b.pk)),
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
                error_messages={
                    "invalid": "Enter whole minutes, e.g. 20.",
                    "min_value": "Enter from 0 to 180 minutes.",
                    "max_value": "Enter from 0 to 180 minutes.",
                },
            )

    @staticmethod
    def field_name(a: School, b: School) -> str:
        return f"pair_{a.pk}_{b.pk}"

    def rows(self) -> list[tuple[School, School, forms.BoundField]]:
        return [(a, b, self[self.field_name(a, b)]) for a, b in self.pairs]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # Every pair's box is on the page (blank or not); a form without them is not one we
        # sent, and saving it would clear every travel time.
        missing = [name for a, b in self.pairs if (name := self.field_name(a, b)) not in self.data]
        if missing:
            raise ValidationError(
                "The form came back without every pair of schools; nothing was saved. "
                "Reload the page and try again."
            )
        return data


# Meetings and protected time -----------------------------------------------------------


def school_day_problem(district: District | None, day: dt.date) -> str | None:
    """Why a date is not a school day of the district, or None when it is one."""
    if day.weekday() >= 5:
        return f"{nice_date(day)} is a weekend day. Choose a school day."
    if district is None:
        return None
    if not district.school_year_start <= day <= district.school_year_end:
        return (
            f"{nice_date(day)} is outside the school year "
            f"({nice_date(district.school_year_start)} to {nice_date(district.school_year_end)})."
        )
    closed = district.non_school_days.filter(date=day).first()
    if closed is not None:
        return f"Schools are closed on {nice_date(day)} ({closed.name}). Choose a school day."
    return None


class FixedTimeForm(SaneDatesMixin, Form):
    """A weekly time on one or more days, or a one-off on a date (with `fixed`: change one)."""

    title = forms.CharField(
        max_length=80,
        help_text="e.g. 'IEP meeting' or 'Documentation'.",
        error_messages={"required": "Enter a title."},
    )
    kind = forms.ChoiceField(
        choices=FixedTime.Kind.choices,
        widget=forms.RadioSelect,
        initial=FixedTime.Kind.MEETING,
        help_text="Protected time is for documentation, planning or travel you keep free.",
    )
    date = forms.DateField(
        label="Date of a one-off",
        required=False,
        widget=DateInput(),
        help_text="Only for a one-off, e.g. an IEP meeting. Its day comes from the date.",
        error_messages={"invalid": "Enter a date such as 2026-12-03."},
    )
    start = _time_box("Start")
    end = _time_box("End")
    school = forms.ModelChoiceField(
        queryset=School.objects.none(),
        required=False,
        empty_label="Not at a school",
        help_text="Where it happens, so the plan leaves travel time.",
    )

    def __init__(
        self,
        *args: Any,
        district: District | None,
        fixed: FixedTime | None = None,
        **kwargs: Any,
    ) -> None:
        if fixed is not None:
            kwargs.setdefault(
                "initial",
                {
                    "title": fixed.title,
                    "kind": fixed.kind,
                    "weekday": None if fixed.date else fixed.weekday,
                    "date": fixed.date,
                    "start": fixed.start,
                    "end": fixed.end,
                    "school": fixed.school_id,
                },
            )
        super().__init__(*args, **kwargs)
        self.district, self.fixed = district, fixed
        if fixed is None:
            self.fields["weekdays"] = _weekdays(
                "Every week on",
                required=False,
                help_text="For a weekly time; one is added on each day ticked. "
                "Leave blank for a one-off on a date.",
            )
        else:
            self.fields["weekday"] = _weekday(
                required=False, help_text="For a weekly time. Leave blank for a one-off."
            )
        self.order_fields(["title", "kind", "weekdays", "weekday", "date", "start", "end"])
        school = self.fields["school"]
        assert isinstance(school, forms.ModelChoiceField)
        school.queryset = (
            School.objects.filter(district=district) if district else School.objects.none()
        )
        school.error_messages["invalid_choice"] = "Choose one of your district's schools."

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        check_times(self, data, what="time")
        day: dt.date | None = data.get("date")
        days_field = "weekdays" if "weekdays" in self.fields else "weekday"
        days = chosen_weekdays(data)
        if day is not None:
            if days and (self.fixed is None or days != [day.weekday()]):
                self.add_error(
                    days_field, "Leave the days blank for a one-off: its day comes from the date."
                )
            if day < timezone.localdate():
                self.add_error("date", f"{nice_date(day)} has passed. Enter today or a later date.")
            elif (problem := school_day_problem(self.district, day)) is not None:
                self.add_error("date", problem)
            data["days"] = [day.weekday()]
        elif not self.has_error("date"):
            if not days:
                self.add_error(
                    days_field, "Tick the days of a weekly time, or enter the date of a one-off."
                )
            data["days"] = days
        return data


# Students' unavailable times -----------------------------------------------------------


class UnavailableForm(Form):
    weekdays = _weekdays("Days", required=True, help_text="One time is added on each day ticked.")
    start = _time_box("Start")
    end = _time_box("End")
    reason = forms.CharField(
        max_length=80,
        help_text="e.g. 'Speech therapy' or 'Nurse: medication'. Shown to the student's team.",
        error_messages={"required": "Enter the reason."},
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        assert data is not None
        check_times(self, data, what="time")
        return data


# Group rules and preference weights ----------------------------------------------------

WEIGHT_HELP = {
    "weight_goal_block": "Higher puts push-in sessions in the class block that fits the "
    "student's goals (fine-motor goals during writing) more often.",
    "weight_fewer_switches": "Higher keeps you at one school for longer stretches, with "
    "fewer trips between schools in a day.",
    "weight_even_spread": "Higher spreads a student's sessions over the week instead of "
    "on neighbouring days.",
    "weight_groups": "Higher makes more group sessions where the IEPs allow a group, "
    "which frees time for other work.",
}


def _whole(label: str, low: int, high: int, help_text: str, words: str) -> forms.IntegerField:
    message = f"{words} from {low} to {high}."
    return forms.IntegerField(
        label=label,
        min_value=low,
        max_value=high,
        help_text=help_text,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": message,
            "invalid": message,
            "min_value": message,
            "max_value": message,
        },
    )


class ScheduleSettingsForm(ModelForm):
    grade_band = _whole(
        "Grades apart in one group",
        0,
        12,
        "Students in one group are at most this many grades apart (0: the same grade).",
        "Enter a number of grades",
    )
    max_group_size = _whole(
        "Largest group",
        1,
        8,
        "Never more students in a group than this, whatever the IEPs allow.",
        "Enter a group size",
    )

    class Meta:
        model = ScheduleSettings
        fields = [
            "grade_band",
            "shared_goal_area",
            "max_group_size",
            *ScheduleSettings.WEIGHTS,
        ]
        labels = {"shared_goal_area": "Group only students who share a goal area"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields[
            "shared_goal_area"
        ].help_text = "e.g. two students working on fine motor; off allows any mix."
        for name in ScheduleSettings.WEIGHTS:
            label = str(self.fields[name].label)
            self.fields[name] = _whole(
                label[:1].upper() + label[1:],
                0,
                10,
                f"0 ignores it, 10 matters most. {WEIGHT_HELP[name]}",
                "Enter a weight",
            )
