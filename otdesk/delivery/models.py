"""What was planned, delivered and missed: the evidence behind minutes compliance."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from otdesk.core.dates import nice_date, nice_moment
from otdesk.core.fields import version_column
from otdesk.core.limits import NOTE_CHARS, REASON_CHARS, TOO_LONG, text_limit
from otdesk.core.times import hhmm, minutes_of, time_of
from otdesk.schools.models import Classroom, District, School, Weekday
from otdesk.students.models import (
    Concern,
    Goal,
    Location,
    PullOutReason,
    ServiceLine,
    Strategy,
    Student,
)

from .choices import (
    IN_CLASS_TYPES,
    Assistance,
    Attendance,
    ConsultMethod,
    ConsultWith,
    MissReason,
    SessionType,
)

# A short text over its max_length gets the same plain words as a long one over its limit.
PLAIN_MAX_LENGTH = {"max_length": TOO_LONG}


def note_text(
    verbose_name: str | None = None, *, help_text: str = ""
) -> "models.TextField[str, str]":
    """A part of a note or summary: free text of at most NOTE_CHARS, optional."""
    return models.TextField(
        verbose_name,
        blank=True,
        max_length=NOTE_CHARS,
        validators=text_limit(NOTE_CHARS),
        help_text=help_text,
    )


class PolicyVersion(models.Model):
    """The district's minutes rules from a date on: which misses owe a make-up, whether
    short weeks are pro-rated, and how long a make-up may wait. A change never rewrites
    the past: each day follows the version in force on it."""

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="policy_versions")
    effective_from = models.DateField("in force from")
    owed = models.JSONField(
        help_text="For each miss reason, whether a make-up is owed, e.g. {'provider_absent': true}."
    )
    prorate_short_weeks = models.BooleanField(
        default=True,
        help_text="Required minutes shrink in weeks with a holiday. When off, only closed weeks "
        "and service lines that start or end mid-period are pro-rated.",
    )
    makeup_within_days = models.PositiveSmallIntegerField(
        "make-ups within (days)",
        null=True,
        blank=True,
        help_text="Days after the miss by which its make-up must be given; blank: until the "
        "IEP ends.",
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["district", "effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "effective_from"], name="one_policy_version_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.district} policy from {nice_date(self.effective_from)}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if (
            not isinstance(self.owed, dict)
            or set(self.owed) != set(MissReason.values)
            or not all(isinstance(v, bool) for v in self.owed.values())
        ):
            errors["owed"] = "Say for every reason whether a make-up is owed."
        if self.makeup_within_days is not None and not 1 <= self.makeup_within_days <= 366:
            errors["makeup_within_days"] = (
                "Give a number of days from 1 to 366, or leave it blank for the IEP's end."
            )
        if errors:
            raise ValidationError(errors)


WEEK_WORDS = {
    "1234": "",
    "123": "weeks 1–3 of every 4 (3:1)",
    "13": "every other week (weeks 1 and 3 of 4)",
    "24": "every other week (weeks 2 and 4 of 4)",
    "1": "week 1 of every 4",
    "2": "week 2 of every 4",
    "3": "week 3 of every 4",
    "4": "week 4 of every 4",
}


def cycle_week(year_start: dt.date, day: dt.date) -> int:
    """1 to 4: which week of the four-week cycle a day falls in (week 1 starts the year)."""
    first_monday = year_start - dt.timedelta(days=year_start.weekday())
    return (day - first_monday).days // 7 % 4 + 1


def plan_active_on(
    day: dt.date,
    *,
    weekday: int,
    active_from: dt.date,
    active_until: dt.date | None,
    weeks: str,
    skip_dates: list[str],
    year_start: dt.date | None,
) -> bool:
    """Whether a weekly planned session takes place on the day (its fields given one by
    one, for callers that read thousands of them as values; year_start is needed only
    when it skips weeks of the cycle)."""
    return (
        day.weekday() == weekday
        and active_from <= day
        and (active_until is None or day <= active_until)
        and (
            weeks == "1234"
            or (year_start is not None and str(cycle_week(year_start, day)) in weeks)
        )
        and day.isoformat() not in skip_dates
    )


def _is_iso_date(text: str) -> bool:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


class PlannedSession(models.Model):
    """One recurring slot of a provider's weekly plan."""

    provider = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="planned_sessions"
    )
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    start = models.TimeField()
    minutes = models.PositiveSmallIntegerField()
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="planned_sessions")
    classroom = models.ForeignKey(
        Classroom, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    session_type = models.CharField(
        "delivery model", max_length=24, choices=SessionType.choices, default=SessionType.PUSH_IN
    )
    location = models.CharField(max_length=20, choices=Location.choices)
    students = models.ManyToManyField(Student, related_name="planned_sessions")
    active_from = models.DateField()
    active_until = models.DateField(null=True, blank=True)
    locked = models.BooleanField(
        default=False, help_text="Kept where it is when the schedule is generated again."
    )
    reason = models.CharField(
        "why it is here", max_length=200, blank=True, help_text="Filled in by the schedule builder."
    )
    weeks = models.CharField(
        "weeks of each four-week cycle",
        max_length=4,
        default="1234",
        help_text="e.g. '123' for a 3:1 line: weeks 1 to 3 of every four, counted from the "
        "first week of the school year.",
    )
    makeup_for = models.ForeignKey(
        "MissedSession",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="booked_makeups",
        help_text="A one-off make-up session booked for this miss.",
    )
    # A plan put into use keeps every rule on every date: where a weekly session falls on
    # a one-off meeting or session, that date gets its own moved session (a one-off that
    # `replaces` the weekly one there) and the weekly session skips it.
    skip_dates = models.JSONField(
        "dates it does not happen",
        default=list,
        blank=True,
        help_text="ISO dates (e.g. '2026-12-03') on which this weekly session was moved.",
    )
    replaces = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="moved_dates",
        help_text="The weekly session this one-off stands in for on its date, when a plan "
        "moved it there; the next plan put into use replaces it.",
    )

    class Meta:
        ordering = ["weekday", "start"]

    def __str__(self) -> str:
        start = hhmm(minutes_of(self.start))
        return f"{self.get_weekday_display()} {start} {self.get_session_type_display()}"

    @property
    def end(self) -> dt.time:
        return time_of(minutes_of(self.start) + self.minutes)

    def active_on(self, day: dt.date) -> bool:
        return plan_active_on(
            day,
            weekday=self.weekday,
            active_from=self.active_from,
            active_until=self.active_until,
            weeks=self.weeks,
            skip_dates=self.skip_dates,
            year_start=self.school.district.school_year_start if self.weeks != "1234" else None,
        )

    def dates_words(self, today: dt.date) -> str:
        """When it happens, where that is not simply every week from now on: 'on Thu 3 Dec
        2026 only', 'from Mon 7 Dec 2026', 'until Fri 4 Dec 2026', 'not on Thu 10 Dec 2026'."""
        if self.active_from == self.active_until:
            return f"on {nice_date(self.active_from)} only"
        words = []
        if self.active_from > today:
            words.append(f"from {nice_date(self.active_from)}")
        if self.active_until is not None:
            words.append(f"until {nice_date(self.active_until)}")
        skipped = sorted(
            day
            for day in map(dt.date.fromisoformat, self.skip_dates)
            if day >= today and (self.active_until is None or day <= self.active_until)
        )
        if skipped:
            words.append("not on " + ", ".join(nice_date(day) for day in skipped))
        return ", ".join(words)

    @property
    def weeks_words(self) -> str:
        """'' for every week, else e.g. 'weeks 1–3 of every 4 (3:1)'."""
        if self.active_from == self.active_until:
            return ""
        return WEEK_WORDS.get(self.weeks, f"weeks {', '.join(self.weeks)} of every 4")

    def cycle_week(self, day: dt.date) -> int:
        """1 to 4: the week of the four-week cycle, counted from the school year's start."""
        return cycle_week(self.school.district.school_year_start, day)

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.minutes is not None and not 5 <= self.minutes <= 240:
            errors["minutes"] = "A session lasts from 5 to 240 minutes."
        if self.active_until and self.active_from and self.active_until < self.active_from:
            errors["active_until"] = "The plan must end on or after it starts."
        classroom = self.classroom if self.classroom_id else None
        if classroom is not None and self.school_id and classroom.school_id != self.school_id:
            errors["classroom"] = "That classroom is in another school."
        if (
            not self.weeks
            or set(self.weeks) - set("1234")
            or len(set(self.weeks)) != len(self.weeks)
        ):
            errors["weeks"] = "Give the weeks of the cycle as digits 1 to 4, e.g. '123'."
        if not isinstance(self.skip_dates, list) or not all(
            isinstance(day, str) and _is_iso_date(day) for day in self.skip_dates
        ):
            errors["skip_dates"] = "Give the dates it does not happen as a list of dates."
        if errors:
            raise ValidationError(errors)


class Session(models.Model):
    """A delivered (or attempted) direct service session, individual or group."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Not signed"
        SIGNED = "signed", "Signed"
        VOIDED = "voided", "Voided"

    provider = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="sessions"
    )
    planned = models.ForeignKey(
        PlannedSession, null=True, blank=True, on_delete=models.SET_NULL, related_name="sessions"
    )
    date = models.DateField()
    start = models.TimeField()
    minutes = models.PositiveSmallIntegerField()
    session_type = models.CharField("delivery model", max_length=24, choices=SessionType.choices)
    location = models.CharField(max_length=20, choices=Location.choices)
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="sessions")
    pull_out_reason = models.CharField(
        "reason for pull-out", max_length=12, choices=PullOutReason.choices, blank=True
    )
    activities = note_text()
    subjective = note_text(help_text="What the student or staff reported.")
    objective = note_text(help_text="What you observed and measured.")
    assessment = note_text(help_text="What it means for the goals.")
    plan = note_text(help_text="What comes next.")
    library_activities = models.ManyToManyField(
        "activities.Activity", blank=True, related_name="sessions", verbose_name="activities used"
    )
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.DRAFT)
    version = version_column()
    created_at = models.DateTimeField(auto_now_add=True)
    signed_at = models.DateTimeField(null=True, blank=True)
    voided_at = models.DateTimeField(null=True, blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    void_reason = models.CharField(
        max_length=REASON_CHARS, blank=True, error_messages=PLAIN_MAX_LENGTH
    )

    class Meta:
        ordering = ["-date", "-start"]
        # By date: a district's sessions of a period (the district compliance tables).
        indexes = [models.Index(fields=["provider", "date"]), models.Index(fields=["date"])]
        constraints = [
            models.CheckConstraint(condition=Q(minutes__gt=0), name="session_minutes_positive")
        ]

    def __str__(self) -> str:
        return f"{self.get_session_type_display()} on {nice_date(self.date)}, {self.minutes} min"

    @property
    def is_in_class(self) -> bool:
        return self.session_type in IN_CLASS_TYPES

    def clean(self) -> None:
        if self.minutes is not None and not 5 <= self.minutes <= 240:
            raise ValidationError({"minutes": "A session lasts from 5 to 240 minutes."})


class SessionStudent(models.Model):
    """One student's part in a session: attendance, the line credited, and a make-up link."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendees")
    student = models.ForeignKey(Student, on_delete=models.PROTECT, related_name="session_records")
    service_line = models.ForeignKey(
        ServiceLine, null=True, blank=True, on_delete=models.PROTECT, related_name="credits"
    )
    attendance = models.CharField(
        max_length=8, choices=Attendance.choices, default=Attendance.PRESENT
    )
    absence_reason = models.CharField(
        max_length=24, choices=MissReason.choices, blank=True, help_text="When absent."
    )
    targeted_service = models.BooleanField(
        "targeted service delivered",
        default=True,
        help_text="Push-in and co-teaching credit a student only when they got targeted help.",
    )
    makeup_for = models.ForeignKey(
        "MissedSession",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="makeups",
        help_text="The missed session this one makes up for.",
    )

    class Meta:
        verbose_name, verbose_name_plural = "attendance record", "attendance records"
        ordering = ["student__last_name"]
        constraints = [
            models.UniqueConstraint(fields=["session", "student"], name="one_record_per_student")
        ]

    def __str__(self) -> str:
        return f"{self.student} — {self.get_attendance_display()}"

    @property
    def credited_minutes(self) -> int:
        """Minutes this record credits (to its line, or to the miss it makes up)."""
        # Imported here: crediting.py imports these models.
        from .crediting import credited_minutes

        return credited_minutes(
            status=self.session.status,
            session_type=self.session.session_type,
            minutes=self.session.minutes,
            attendance=self.attendance,
            targeted_service=self.targeted_service,
        )


class GoalData(models.Model):
    """Data on one goal for one student in one session."""

    record = models.ForeignKey(SessionStudent, on_delete=models.CASCADE, related_name="goal_data")
    goal = models.ForeignKey(Goal, on_delete=models.PROTECT, related_name="session_data")
    trials = models.PositiveSmallIntegerField(null=True, blank=True)
    correct = models.PositiveSmallIntegerField(null=True, blank=True)
    assistance = models.CharField(
        "level of assistance", max_length=16, choices=Assistance.choices, blank=True
    )

    class Meta:
        verbose_name, verbose_name_plural = "goal data entry", "goal data entries"
        constraints = [
            models.UniqueConstraint(fields=["record", "goal"], name="one_goal_entry_per_record")
        ]

    def __str__(self) -> str:
        return f"{self.goal}: {self.correct}/{self.trials}"

    def clean(self) -> None:
        if self.trials is not None and self.correct is not None and self.correct > self.trials:
            raise ValidationError({"correct": "Correct cannot be more than the trials."})


class Addendum(models.Model):
    """A correction or addition to a signed note; the note itself never changes."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="addenda")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    text = models.TextField(max_length=NOTE_CHARS, validators=text_limit(NOTE_CHARS))

    class Meta:
        ordering = ["at"]
        verbose_name_plural = "addenda"

    def __str__(self) -> str:
        return f"Addendum by {self.author} at {nice_moment(self.at)}"


class MissedSession(models.Model):
    """A planned session a student did not get, with the reason."""

    student = models.ForeignKey(Student, on_delete=models.PROTECT, related_name="missed_sessions")
    service_line = models.ForeignKey(ServiceLine, on_delete=models.PROTECT, related_name="misses")
    provider = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="missed_sessions"
    )
    planned = models.ForeignKey(
        PlannedSession, null=True, blank=True, on_delete=models.SET_NULL, related_name="misses"
    )
    session = models.ForeignKey(
        Session,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="absences",
        help_text="The session the student was absent from, when recorded there.",
    )
    date = models.DateField()
    minutes = models.PositiveSmallIntegerField()
    reason = models.CharField(max_length=24, choices=MissReason.choices)
    detail = models.CharField(
        max_length=200,
        blank=True,
        error_messages=PLAIN_MAX_LENGTH,
        help_text="e.g. 'state testing' or 'field trip to the zoo'.",
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    voided_at = models.DateTimeField(null=True, blank=True)
    void_reason = models.CharField(
        max_length=REASON_CHARS, blank=True, error_messages=PLAIN_MAX_LENGTH
    )

    class Meta:
        ordering = ["-date"]
        indexes = [models.Index(fields=["date"])]
        constraints = [
            models.CheckConstraint(condition=Q(minutes__gt=0), name="miss_minutes_positive")
        ]

    def __str__(self) -> str:
        return f"{self.student} missed {self.minutes} min on {nice_date(self.date)}"

    def clean(self) -> None:
        if self.minutes is not None and not 5 <= self.minutes <= 240:
            raise ValidationError({"minutes": "A missed session lasts from 5 to 240 minutes."})


class ConsultationLog(models.Model):
    """Time the therapist spent with the team about one or more students."""

    provider = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="consultations"
    )
    date = models.DateField()
    minutes = models.PositiveSmallIntegerField()
    with_whom = models.CharField(
        max_length=120, help_text="Comma-separated ConsultWith values, e.g. 'teacher,aide'."
    )
    method = models.CharField(max_length=10, choices=ConsultMethod.choices)
    strategies = models.ManyToManyField(Strategy, blank=True, related_name="consultations")
    discussed = note_text("what was discussed")
    new_concerns = note_text()
    follow_up = note_text()
    created_at = models.DateTimeField(auto_now_add=True)
    voided_at = models.DateTimeField(null=True, blank=True)
    void_reason = models.CharField(
        max_length=REASON_CHARS, blank=True, error_messages=PLAIN_MAX_LENGTH
    )

    class Meta:
        ordering = ["-date", "-pk"]
        indexes = [models.Index(fields=["date"])]
        constraints = [
            models.CheckConstraint(condition=Q(minutes__gt=0), name="consult_minutes_positive")
        ]

    def __str__(self) -> str:
        return f"Consultation on {nice_date(self.date)}, {self.minutes} min"

    @property
    def with_whom_words(self) -> str:
        labels = dict(ConsultWith.choices)
        return ", ".join(labels.get(v, v) for v in self.with_whom.split(",") if v)


class ConsultationStudent(models.Model):
    """A student a consultation was about, and the consultation line it credits."""

    consultation = models.ForeignKey(
        ConsultationLog, on_delete=models.CASCADE, related_name="students"
    )
    student = models.ForeignKey(Student, on_delete=models.PROTECT, related_name="consultations")
    service_line = models.ForeignKey(
        ServiceLine, null=True, blank=True, on_delete=models.PROTECT, related_name="consult_credits"
    )
    concern = models.OneToOneField(
        Concern,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consultation_entry",
        help_text="The new concern the consultation raised about this student, on the Team page.",
    )

    class Meta:
        verbose_name, verbose_name_plural = "consultation record", "consultation records"
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "student"], name="one_consult_record_per_student"
            )
        ]

    def __str__(self) -> str:
        return f"{self.student} in {self.consultation}"


class SessionPlan(models.Model):
    """The plan for a next session: goals to work on and the activities chosen for them."""

    provider = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="session_plans"
    )
    students = models.ManyToManyField(Student, related_name="session_plans")
    goals = models.ManyToManyField(Goal, related_name="session_plans")
    session_type = models.CharField(
        "delivery model", max_length=24, choices=SessionType.choices, default=SessionType.PUSH_IN
    )
    activities = models.ManyToManyField("activities.Activity", related_name="session_plans")
    note = models.CharField(max_length=300, blank=True, error_messages=PLAIN_MAX_LENGTH)
    created_at = models.DateTimeField(auto_now_add=True)
    session = models.ForeignKey(
        Session,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="plans",
        help_text="The session logged from this plan.",
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Plan of {nice_date(self.created_at)}: {self.get_session_type_display()}"
