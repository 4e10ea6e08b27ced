import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from otdesk.core.dates import nice_date, years_after
from otdesk.core.fields import version_column
from otdesk.core.limits import DESCRIPTION_CHARS, NOTE_CHARS, text_limit
from otdesk.schools.models import Classroom, Grade, School, Weekday

from .choices import Implementer, Proposal, ReviewCadence, StrategyCategory


class Student(models.Model):
    first_name = models.CharField(max_length=80)
    last_name = models.CharField(max_length=80)
    preferred_name = models.CharField(max_length=80, blank=True)
    date_of_birth = models.DateField()
    grade = models.CharField(max_length=2, choices=Grade.choices)
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="students")
    classroom = models.ForeignKey(
        Classroom, null=True, blank=True, on_delete=models.SET_NULL, related_name="students"
    )
    student_number = models.CharField("local student id", max_length=40, blank=True)
    state_id = models.CharField("state student id", max_length=40, blank=True)
    sourced_id = models.CharField("roster id", max_length=64, blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return self.full_name

    @property
    def known_as(self) -> str:
        return self.preferred_name or self.first_name

    @property
    def full_name(self) -> str:
        return f"{self.known_as} {self.last_name}"

    @property
    def initials(self) -> str:
        return f"{self.known_as[:1]}{self.last_name[:1]}".upper()

    def clean(self) -> None:
        if self.date_of_birth and self.date_of_birth >= dt.date.today():
            raise ValidationError({"date_of_birth": "The date of birth must be in the past."})
        if (
            self.classroom is not None
            and self.school_id
            and self.classroom.school_id != self.school_id
        ):
            raise ValidationError({"classroom": "That classroom is in another school."})


class TeamRole(models.TextChoices):
    OT = "ot", "Occupational therapist"
    COTA = "cota", "OT assistant (COTA)"
    TEACHER = "teacher", "Teacher"
    AIDE = "aide", "Aide"
    BEHAVIORIST = "behaviorist", "Behaviorist"
    SPECIALIST = "specialist", "Other specialist"
    GUARDIAN = "guardian", "Parent or guardian"


class TeamMember(models.Model):
    """A person's relationship to a student, in force from start_date to end_date."""

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="team")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="student_roles"
    )
    role = models.CharField(max_length=20, choices=TeamRole.choices)
    relationship = models.CharField(
        max_length=60, blank=True, help_text="e.g. 'Mother', 'SLP', '1:1 aide'."
    )
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["role", "start_date"]
        indexes = [models.Index(fields=["person", "role"])]

    def __str__(self) -> str:
        return f"{self.person} — {self.get_role_display()} of {self.student}"

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "The end date must be on or after the start date."})

    def active_on(self, day: dt.date) -> bool:
        return self.start_date <= day and (self.end_date is None or day <= self.end_date)


class IEP(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        ACTIVE = "active", "In effect"
        ENDED = "ended", "Ended"

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="ieps")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    version = version_column()
    start_date = models.DateField("IEP start")
    end_date = models.DateField("IEP end")
    annual_review_due = models.DateField("annual review due")
    reevaluation_due = models.DateField(
        "triennial re-evaluation due", help_text="At least every three years."
    )
    minutes_narrated_in_report = models.BooleanField(
        "minutes are narrated in the OT report",
        default=False,
        help_text="Tick when the IEP describes OT minutes in the OT report instead of the "
        "service grid. OT Desk still tracks the minutes below.",
    )
    report_narrative = models.TextField(
        "what the OT report says",
        blank=True,
        help_text="The report's words about OT minutes.",
        max_length=NOTE_CHARS,
        validators=text_limit(NOTE_CHARS),
    )

    class Meta:
        verbose_name = "IEP"
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gt=models.F("start_date")), name="iep_end_after_start"
            ),
            models.UniqueConstraint(
                fields=["student"], condition=Q(status="active"), name="one_active_iep_per_student"
            ),
        ]

    def __str__(self) -> str:
        return f"IEP {nice_date(self.start_date)} – {nice_date(self.end_date)}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.start_date and self.end_date:
            if self.end_date <= self.start_date:
                errors["end_date"] = "The IEP must end after it starts."
            elif (self.end_date - self.start_date).days > 366:
                errors["end_date"] = (
                    "An IEP runs for at most one year; this end date is more than a year after "
                    "the start."
                )
        if self.annual_review_due and self.start_date and self.annual_review_due < self.start_date:
            errors["annual_review_due"] = "The annual review is due after the IEP starts."
        elif (
            self.annual_review_due
            and self.end_date
            and "end_date" not in errors
            and self.annual_review_due > self.end_date
        ):
            errors["annual_review_due"] = (
                f"The annual review is due by the day the IEP ends ({nice_date(self.end_date)}), "
                "so a new IEP is in place before this one runs out."
            )
        if self.reevaluation_due and self.start_date:
            latest = years_after(self.start_date, 3)
            if self.reevaluation_due < self.start_date:
                errors["reevaluation_due"] = (
                    "The re-evaluation is due after the IEP starts "
                    f"({nice_date(self.start_date)}); check the year."
                )
            elif self.reevaluation_due > latest:
                errors["reevaluation_due"] = (
                    "A student is re-evaluated at least every three years, so the re-evaluation "
                    f"is due by {nice_date(latest)} at the latest."
                )
        if self.pk and self.start_date and self.end_date and "end_date" not in errors:
            outside = self.service_lines.exclude(
                start_date__gte=self.start_date, end_date__lte=self.end_date
            ).order_by("start_date")
            first = outside.first()
            if first is not None:
                errors["start_date"] = (
                    f"A service line runs {nice_date(first.start_date)} – "
                    f"{nice_date(first.end_date)}, outside these dates; change the line first."
                )
        if self.minutes_narrated_in_report and not self.report_narrative.strip():
            errors["report_narrative"] = (
                "Copy what the OT report says about minutes, so the team can check it."
            )
        if errors:
            raise ValidationError(errors)


class ServiceKind(models.TextChoices):
    DIRECT = "direct", "Direct"
    CONSULTATION = "consultation", "Consultation"


class DeliveryModel(models.TextChoices):
    PUSH_IN = "push_in", "Integrated (push-in)"
    CO_TEACHING = "co_teaching", "Co-teaching"
    AIDE_PROGRAM = "aide_program", "Program carried out by an aide"
    PULL_OUT = "pull_out", "Pull-out"
    PUSH_IN_AND_PULL_OUT = "combined", "Push-in and pull-out"
    CONSULTATION = "consultation", "Consultation with the team"


SHORT_MODEL = {
    DeliveryModel.PUSH_IN: "push-in",
    DeliveryModel.CO_TEACHING: "co-teaching",
    DeliveryModel.AIDE_PROGRAM: "aide program",
    DeliveryModel.PULL_OUT: "pull-out",
    DeliveryModel.PUSH_IN_AND_PULL_OUT: "push-in + pull-out",
    DeliveryModel.CONSULTATION: "consultation",
}
PULL_OUT_MODELS = {DeliveryModel.PULL_OUT, DeliveryModel.PUSH_IN_AND_PULL_OUT}
CONSULTATION_MODELS = {DeliveryModel.CONSULTATION, DeliveryModel.AIDE_PROGRAM}


class Period(models.TextChoices):
    WEEK = "week", "Week"
    MONTH = "month", "Month"
    YEAR = "year", "Year"


# The most minutes a line may promise per period: a full-time OT's direct time with one
# student cannot sensibly exceed ten hours a week.
MAX_MINUTES = {Period.WEEK: 600, Period.MONTH: 2400, Period.YEAR: 21600}
MINUTES_AT_LEAST_ONE = "Minutes must be a whole number of at least 1."
LARGEST_GROUP = 8
GROUP_SIZE_MESSAGE = f"Group size must be between 1 (individual) and {LARGEST_GROUP} students."


def minutes_limit_message(period: str) -> str:
    """Too many minutes for a line's period, however many digits were typed."""
    period = period if period in MAX_MINUTES else Period.YEAR
    limit = MAX_MINUTES[Period(period)]
    return f"More than the {limit} minutes a {period} OT Desk allows; check the IEP."


class Location(models.TextChoices):
    GENERAL_ED = "general_ed", "General education classroom"
    SPECIAL_ED = "special_ed", "Special education classroom"
    THERAPY_ROOM = "therapy_room", "Therapy room"
    SCHOOL_WIDE = "school_wide", "Across school settings"
    OTHER = "other", "Other"


class PullOutReason(models.TextChoices):
    SKILL_GAP = "skill_gap", "Skill far below classmates'"
    EQUIPMENT = "equipment", "Equipment that cannot be used in class"
    DISRUPTIVE = "disruptive", "Would distract others or interfere with teaching"
    OTHER = "other", "Other reason"


class ServiceLine(models.Model):
    """One row of the IEP's OT service grid."""

    iep = models.ForeignKey(IEP, on_delete=models.CASCADE, related_name="service_lines")
    version = version_column()
    kind = models.CharField(max_length=12, choices=ServiceKind.choices)
    delivery_model = models.CharField(
        max_length=20, choices=DeliveryModel.choices, default=DeliveryModel.PUSH_IN
    )
    minutes = models.PositiveIntegerField()
    period = models.CharField(max_length=5, choices=Period.choices, default=Period.WEEK)
    three_one = models.BooleanField(
        "3:1 pattern",
        default=False,
        help_text="Monthly minutes given in three weeks of four; the fourth week is for "
        "consultation and planning.",
    )
    location = models.CharField(max_length=20, choices=Location.choices)
    group_size = models.PositiveSmallIntegerField(
        default=1, help_text="Most students in one session; 1 means individual."
    )
    start_date = models.DateField()
    end_date = models.DateField()
    pull_out_reason = models.CharField(max_length=12, choices=PullOutReason.choices, blank=True)
    pull_out_reason_other = models.CharField("other reason", max_length=200, blank=True)
    notes = models.CharField(max_length=200, blank=True)

    class Meta:
        # "direct" sorts after "consultation": descending puts direct minutes first.
        ordering = ["-kind", "start_date", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(minutes__gt=0), name="line_minutes_positive"),
            models.CheckConstraint(
                condition=Q(end_date__gt=models.F("start_date")), name="line_end_after_start"
            ),
        ]

    def __str__(self) -> str:
        return self.summary

    @property
    def is_pull_out(self) -> bool:
        return self.delivery_model in PULL_OUT_MODELS

    @property
    def summary(self) -> str:
        """E.g. 'Direct 30 min/week (push-in)' or 'Consult 60 min/month'."""
        kind = "Direct" if self.kind == ServiceKind.DIRECT else "Consult"
        pattern = " 3:1" if self.three_one else ""
        text = f"{kind} {self.minutes} min/{self.period}{pattern}"
        if self.delivery_model == DeliveryModel.CONSULTATION:
            return text
        return f"{text} ({SHORT_MODEL[DeliveryModel(self.delivery_model)]})"

    def in_force_on(self, day: dt.date) -> bool:
        return self.start_date <= day <= self.end_date

    def clean(self) -> None:
        errors: dict[str, str] = {}
        limit = MAX_MINUTES.get(Period(self.period)) if self.period else None
        if self.minutes is not None:
            if self.minutes < 1:
                errors["minutes"] = MINUTES_AT_LEAST_ONE
            elif limit is not None and self.minutes > limit:
                errors["minutes"] = minutes_limit_message(self.period)
        if self.three_one and self.period != Period.MONTH:
            errors["three_one"] = "The 3:1 pattern applies only to monthly minutes."
        if self.kind == ServiceKind.CONSULTATION and self.delivery_model not in CONSULTATION_MODELS:
            errors["delivery_model"] = (
                "Consultation minutes are given through consultation or an aide program; "
                "choose one of those."
            )
        if self.kind == ServiceKind.DIRECT and self.delivery_model == DeliveryModel.CONSULTATION:
            errors["delivery_model"] = (
                "Direct minutes need a direct delivery model such as push-in or pull-out."
            )
        if self.group_size is not None and not 1 <= self.group_size <= LARGEST_GROUP:
            errors["group_size"] = GROUP_SIZE_MESSAGE
        if self.is_pull_out:
            if not self.pull_out_reason:
                errors["pull_out_reason"] = (
                    "Pull-out needs a reason: say why this service cannot happen in class."
                )
            elif (
                self.pull_out_reason == PullOutReason.OTHER
                and not self.pull_out_reason_other.strip()
            ):
                errors["pull_out_reason_other"] = "Describe the other reason for pull-out."
        else:
            # A reason only belongs on a pull-out line; drop one left over from an edit.
            self.pull_out_reason = ""
            self.pull_out_reason_other = ""
        if self.start_date and self.end_date and self.end_date <= self.start_date:
            errors["end_date"] = "The end date must be after the start date."
        iep = self.iep if self.iep_id else None
        if iep is not None:
            if self.start_date and self.start_date < iep.start_date:
                errors["start_date"] = (
                    f"The line must start on or after the IEP starts ({nice_date(iep.start_date)})."
                )
            if self.end_date and self.end_date > iep.end_date and "end_date" not in errors:
                errors["end_date"] = (
                    f"The line must end on or before the IEP ends ({nice_date(iep.end_date)})."
                )
        if errors:
            raise ValidationError(errors)


class SkillArea(models.TextChoices):
    STRENGTHENING = "strengthening", "Strengthening"
    VISUAL_MOTOR = "visual_motor", "Visual-motor / eye-hand coordination"
    FINE_MOTOR = "fine_motor", "Manipulation / fine motor"
    POSTURE = "posture", "Posture"
    SENSORY = "sensory", "Sensory"
    SELF_CARE = "self_care", "Self-care"


class Goal(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", "Working on it"
        MET = "met", "Met"
        DISCONTINUED = "discontinued", "Discontinued"

    iep = models.ForeignKey(IEP, on_delete=models.CASCADE, related_name="goals")
    area = models.CharField("skill area", max_length=20, choices=SkillArea.choices)
    description = models.TextField(
        "annual goal", max_length=DESCRIPTION_CHARS, validators=text_limit(DESCRIPTION_CHARS)
    )
    baseline = models.CharField(max_length=300, help_text="What the student does now.")
    target = models.CharField(
        max_length=300, help_text="What the student will do by the IEP's end."
    )
    measurement = models.CharField(
        "how it is measured",
        max_length=200,
        help_text="e.g. '4 of 5 trials, therapist data' or 'work samples, monthly'.",
    )
    status = models.CharField(max_length=14, choices=Status.choices, default=Status.ACTIVE)
    version = version_column()

    class Meta:
        ordering = ["area", "pk"]

    def __str__(self) -> str:
        return f"{self.get_area_display()}: {self.description[:60]}"


class Strategy(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        MODIFIED = "modified", "Modified"
        DISCONTINUED = "discontinued", "Discontinued"

    class IEPStatus(models.TextChoices):
        IN_IEP = "in_iep", "Written in the IEP"
        AGREED = "agreed", "Agreed by the team, not written in the IEP"
        REQUESTED = "requested", "Requested by the parent"

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="strategies")
    version = version_column()
    category = models.CharField(max_length=20, choices=StrategyCategory.choices)
    description = models.CharField(max_length=300)
    implementer = models.CharField(max_length=12, choices=Implementer.choices)
    implementer_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="strategies_implemented",
        verbose_name="who carries it out",
    )
    review_every_days = models.PositiveSmallIntegerField(
        "review", choices=ReviewCadence.choices, default=ReviewCadence.MONTH
    )
    start_date = models.DateField()
    next_review_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=14, choices=Status.choices, default=Status.ACTIVE)
    iep_status = models.CharField(
        "in the IEP?", max_length=10, choices=IEPStatus.choices, default=IEPStatus.IN_IEP
    )

    class Meta:
        verbose_name_plural = "strategies"
        ordering = ["status", "category", "pk"]

    def __str__(self) -> str:
        return f"{self.get_category_display()}: {self.description}"

    def clean(self) -> None:
        if self.next_review_date and self.start_date and self.next_review_date < self.start_date:
            raise ValidationError(
                {"next_review_date": "The next review must be on or after the start date."}
            )


class StrategyReview(models.Model):
    """One review of a strategy: what was seen, who was asked, and what was decided."""

    class Outcome(models.TextChoices):
        KEEP = "keep", "Keep as it is"
        MODIFY = "modify", "Modify"
        DISCONTINUE = "discontinue", "Discontinue"

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="reviews")
    date = models.DateField()
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    outcome = models.CharField(max_length=12, choices=Outcome.choices)
    observed = models.TextField(
        "what was observed",
        max_length=DESCRIPTION_CHARS,
        validators=text_limit(DESCRIPTION_CHARS),
    )
    consulted = models.CharField(
        "who was consulted", max_length=200, help_text="e.g. 'Ms. Castellanos (teacher)'."
    )
    description_before = models.CharField(max_length=300, blank=True)
    description_after = models.CharField(
        "new description", max_length=300, blank=True, help_text="When the strategy changes."
    )
    # A COTA's "modify" or "discontinue" is a proposal until the student's OT decides it.
    proposal = models.CharField(max_length=8, choices=Proposal.choices, blank=True, default="")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} on {nice_date(self.date)}"


class StrategyRequest(models.Model):
    """A parent's request that an agreed strategy be written into the IEP."""

    class Status(models.TextChoices):
        OPEN = "open", "Waiting for the team"
        ADDED = "added", "Added to the IEP"
        NEXT_MEETING = "next_meeting", "To be added at the next IEP meeting"
        DECLINED = "declined", "Not added"

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="strategy_requests")
    strategy = models.ForeignKey(
        Strategy, null=True, blank=True, on_delete=models.SET_NULL, related_name="requests"
    )
    text = models.CharField("what the parent asks for", max_length=300)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="strategy_requests"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=14, choices=Status.choices, default=Status.OPEN)
    decision = models.TextField(
        "the team's decision",
        blank=True,
        max_length=DESCRIPTION_CHARS,
        validators=text_limit(DESCRIPTION_CHARS),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"Request for {self.student}: {self.text}"


class Concern(models.Model):
    """A new concern about a student, raised by a teacher or in a consultation."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        ANSWERED = "answered", "Answered"

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="concerns")
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="concerns_raised"
    )
    raised_at = models.DateTimeField(auto_now_add=True)
    area = models.CharField("skill area", max_length=20, choices=SkillArea.choices, blank=True)
    # As long as a consultation's new concerns, which raise one of these per student.
    text = models.TextField(
        "what you noticed", max_length=NOTE_CHARS, validators=text_limit(NOTE_CHARS)
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    response = models.TextField(
        blank=True, max_length=DESCRIPTION_CHARS, validators=text_limit(DESCRIPTION_CHARS)
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-raised_at"]

    def __str__(self) -> str:
        return f"Concern about {self.student}: {self.text[:50]}"


class UnavailableTime(models.Model):
    """A weekly time the student cannot be seen (e.g. speech therapy, a medical routine)."""

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="unavailable_times")
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    start = models.TimeField()
    end = models.TimeField()
    reason = models.CharField(max_length=80, help_text="e.g. 'Speech therapy'.")

    class Meta:
        ordering = ["student", "weekday", "start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=models.F("start")), name="unavailable_end_after_start"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.start:%H:%M}–{self.end:%H:%M} {self.reason}"

    def clean(self) -> None:
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": "The time must end after it starts."})
