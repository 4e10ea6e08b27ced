import datetime as dt
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from otdesk.core.dates import nice_date
from otdesk.core.times import DAY_NAMES, SCHOOL_DAYS, days_from_codes


def validate_timezone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(f"'{value}' is not a time zone name, e.g. America/Chicago.")


class District(models.Model):
    class DayKind(models.TextChoices):
        CALENDAR = "calendar", "calendar days"
        SCHOOL = "school", "school days"

    name = models.CharField(max_length=120)
    timezone = models.CharField(
        max_length=64, default="America/Chicago", validators=[validate_timezone]
    )
    school_year_start = models.DateField(help_text="First day of the school year.")
    school_year_end = models.DateField(help_text="Last day of the school year.")
    initial_evaluation_days = models.PositiveSmallIntegerField(
        default=60, help_text="Days allowed from consent to the initial evaluation (set by state)."
    )
    initial_evaluation_day_kind = models.CharField(
        max_length=8,
        choices=DayKind.choices,
        default=DayKind.CALENDAR,
        help_text="Whether those are calendar or school days (set by state).",
    )
    cota_cosign_required = models.BooleanField(
        default=True,
        help_text="A COTA's session notes wait for the supervising OT's co-signature.",
    )
    sourced_id = models.CharField(
        "roster id",
        max_length=64,
        blank=True,
        help_text="OneRoster sourcedId of the district's own org, set by the first import.",
    )
    supervision_every_days = models.PositiveSmallIntegerField(
        default=30,
        help_text="Days allowed between supervision contacts of a COTA (set by state rules).",
    )
    policy_version = models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text="Goes up by one at every change of the minutes policy (edit conflicts).",
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(school_year_end__gt=models.F("school_year_start")),
                name="district_year_end_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        start, end = self.school_year_start, self.school_year_end
        if start and end and end <= start:
            raise ValidationError({"school_year_end": "The school year must end after it starts."})


class NonSchoolDay(models.Model):
    """A weekday on which the district's schools are closed (holiday, break, PD day)."""

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="non_school_days")
    date = models.DateField()
    name = models.CharField(max_length=80)

    class Meta:
        ordering = ["date"]
        constraints = [
            models.UniqueConstraint(fields=["district", "date"], name="unique_non_school_day")
        ]

    def __str__(self) -> str:
        return f"{nice_date(self.date)} — {self.name}"


class School(models.Model):
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="schools")
    name = models.CharField(max_length=120)
    short_name = models.CharField(max_length=20, help_text="Used on calendars and phone screens.")
    address = models.CharField(max_length=200, blank=True)
    sourced_id = models.CharField(
        "roster id", max_length=64, blank=True, help_text="OneRoster sourcedId of the school."
    )
    # False once the district's roster no longer lists the school; nothing is deleted.
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Weekday(models.IntegerChoices):
    """A school day as records store it (0 = Monday), named by core/times.py."""

    MONDAY = 0, DAY_NAMES[0]
    TUESDAY = 1, DAY_NAMES[1]
    WEDNESDAY = 2, DAY_NAMES[2]
    THURSDAY = 3, DAY_NAMES[3]
    FRIDAY = 4, DAY_NAMES[4]


class BlockKind(models.TextChoices):
    ARRIVAL = "arrival", "Arrival"
    CORE = "core", "Core instruction"
    WRITING = "writing", "Writing"
    MATH = "math", "Math"
    READING = "reading", "Reading"
    SPECIALS = "specials", "Specials (art, music, PE)"
    RECESS = "recess", "Recess"
    LUNCH = "lunch", "Lunch"
    CENTERS = "centers", "Centers / stations"
    DISMISSAL = "dismissal", "Dismissal"


class BellBlock(models.Model):
    """A named block of a school's bell schedule on one weekday."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="bell_blocks")
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    name = models.CharField(max_length=60)
    kind = models.CharField(max_length=20, choices=BlockKind.choices, default=BlockKind.CORE)
    start = models.TimeField()
    end = models.TimeField()
    classroom = models.ForeignKey(
        "Classroom",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="blocks",
        help_text="Only this classroom's block; blank for the whole school.",
    )
    protected = models.BooleanField(
        "protected instruction",
        default=False,
        help_text="Core instruction a student must not be pulled out of.",
    )

    class Meta:
        ordering = ["school", "weekday", "start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")), name="block_end_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.start:%H:%M}–{self.end:%H:%M} {self.name}"

    def clean(self) -> None:
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": "The block must end after it starts."})
        classroom = self.classroom if self.classroom_id else None
        if classroom is not None and self.school_id and classroom.school_id != self.school_id:
            raise ValidationError({"classroom": "That classroom is in another school."})


PROTECTED_BY_DEFAULT = {BlockKind.CORE, BlockKind.READING, BlockKind.MATH}


class TravelTime(models.Model):
    """Minutes a therapist needs between two schools (the same either way)."""

    school_a = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    school_b = models.ForeignKey(School, on_delete=models.CASCADE, related_name="+")
    minutes = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["school_a", "school_b"], name="unique_travel_pair"),
            models.CheckConstraint(
                condition=Q(minutes__lte=180), name="travel_at_most_three_hours"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.school_a} – {self.school_b}: {self.minutes} min"

    def clean(self) -> None:
        if self.school_a_id and self.school_a_id == self.school_b_id:
            raise ValidationError({"school_b": "Choose two different schools."})
        if self.minutes is not None and self.minutes > 180:
            raise ValidationError({"minutes": "Travel takes at most 180 minutes."})


class Grade(models.TextChoices):
    PREK = "PK", "Pre-K"
    K = "K", "Kindergarten"
    G1 = "1", "Grade 1"
    G2 = "2", "Grade 2"
    G3 = "3", "Grade 3"
    G4 = "4", "Grade 4"
    G5 = "5", "Grade 5"
    G6 = "6", "Grade 6"
    G7 = "7", "Grade 7"
    G8 = "8", "Grade 8"
    G9 = "9", "Grade 9"
    G10 = "10", "Grade 10"
    G11 = "11", "Grade 11"
    G12 = "12", "Grade 12"
    TRANSITION = "T", "Transition (18–21)"


class Classroom(models.Model):
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="classrooms")
    name = models.CharField(max_length=80, help_text="e.g. 'Room 12 — Grade 2'.")
    room = models.CharField(max_length=20, blank=True)
    grade = models.CharField(max_length=2, choices=Grade.choices, blank=True)
    is_special_education = models.BooleanField(default=False)
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="classrooms_taught",
    )
    sourced_id = models.CharField("roster id", max_length=64, blank=True)
    # False once the district's roster no longer lists the class; nothing is deleted.
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["school", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.school.short_name})"


class SchoolAssignment(models.Model):
    """A staff member working at a school, e.g. an OT there on Mondays and Wednesdays."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="school_assignments"
    )
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="staff_assignments")
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)
    days = models.CharField(
        max_length=20, blank=True, help_text="Weekdays at this school, e.g. 'Mon Wed'."
    )

    class Meta:
        ordering = ["school", "start_date"]

    def __str__(self) -> str:
        return f"{self.person} at {self.school}"

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "The end date must be on or after the start date."})

    def active_on(self, day: dt.date) -> bool:
        return self.start_date <= day and (self.end_date is None or day <= self.end_date)

    @property
    def weekdays(self) -> list[int]:
        """The school days worked there (0 = Monday); no days written means every day."""
        return days_from_codes(self.days) or list(SCHOOL_DAYS)


class ReportingPeriod(models.Model):
    """A stretch of the school year the district reports progress on (at least as often
    as report cards): the IEP progress reports and the parent summary are per period."""

    district = models.ForeignKey(
        District, on_delete=models.CASCADE, related_name="reporting_periods"
    )
    name = models.CharField(max_length=60, help_text="As families know it, e.g. Quarter 2.")
    start_date = models.DateField()
    end_date = models.DateField()

    class Meta:
        ordering = ["district", "start_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "start_date"], name="one_reporting_period_per_start"
            ),
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="reporting_period_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({nice_date(self.start_date)} – {nice_date(self.end_date)})"

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "A reporting period must end after it starts."})
