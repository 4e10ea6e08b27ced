"""Programs that aides and behaviorists carry out, trained and monitored by the therapist."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from otdesk.core.dates import nice_date
from otdesk.core.limits import DESCRIPTION_CHARS, text_limit
from otdesk.students.models import Goal, Strategy, Student

# The ranges a program's numbers keep: checked here, offered by the forms.
TIMES_A_WEEK = (1, 10, "Between 1 and 10 times a week.")
MINUTES_EACH = (1, 120, "Between 1 and 120 minutes each time.")
MINUTES_SPENT = (1, 240, "Enter from 1 to 240 minutes.")
MINUTES_IF_DONE = (0, 240, "Enter from 0 to 240 minutes.")


def _outside(value: int | None, bounds: tuple[int, int, str]) -> bool:
    return value is not None and not bounds[0] <= value <= bounds[1]


class AideProgram(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        PAUSED = "paused", "Paused"
        ENDED = "ended", "Ended"

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="programs")
    title = models.CharField(max_length=120)
    goals = models.ManyToManyField(Goal, blank=True, related_name="programs")
    library_activities = models.ManyToManyField(
        "activities.Activity",
        blank=True,
        related_name="aide_programs",
        verbose_name="activities from the library",
    )
    activities = models.TextField(
        "other activities or details",
        blank=True,
        help_text="One per line.",
        max_length=DESCRIPTION_CHARS,
        validators=text_limit(DESCRIPTION_CHARS),
    )
    times_per_week = models.PositiveSmallIntegerField(default=3)
    minutes_each = models.PositiveSmallIntegerField(default=10)
    instructions = models.TextField(
        "step-by-step instructions",
        help_text="One step per line, in plain words.",
        max_length=DESCRIPTION_CHARS,
        validators=text_limit(DESCRIPTION_CHARS),
    )
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.ACTIVE)
    start_date = models.DateField()
    version = models.PositiveSmallIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="programs_written"
    )

    class Meta:
        ordering = ["student__last_name", "title"]

    def __str__(self) -> str:
        return f"{self.title} — {self.student}"

    @property
    def frequency(self) -> str:
        return f"{self.times_per_week}× a week, {self.minutes_each} min each"

    @property
    def steps(self) -> list[str]:
        return [line.strip() for line in self.instructions.splitlines() if line.strip()]

    @property
    def activity_list(self) -> list[str]:
        return [line.strip() for line in self.activities.splitlines() if line.strip()]

    def clean(self) -> None:
        errors = {}
        if _outside(self.times_per_week, TIMES_A_WEEK):
            errors["times_per_week"] = TIMES_A_WEEK[2]
        if _outside(self.minutes_each, MINUTES_EACH):
            errors["minutes_each"] = MINUTES_EACH[2]
        if errors:
            raise ValidationError(errors)


class ProgramVersion(models.Model):
    """The program as it was before a change; the program itself holds the current version."""

    program = models.ForeignKey(AideProgram, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField()
    # The program's own limits: a version keeps the text exactly as it was.
    activities = models.TextField(
        blank=True, max_length=DESCRIPTION_CHARS, validators=text_limit(DESCRIPTION_CHARS)
    )
    instructions = models.TextField(
        max_length=DESCRIPTION_CHARS, validators=text_limit(DESCRIPTION_CHARS)
    )
    times_per_week = models.PositiveSmallIntegerField()
    minutes_each = models.PositiveSmallIntegerField()
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)
    change_note = models.CharField(max_length=300)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["program", "number"], name="one_row_per_version")
        ]

    def __str__(self) -> str:
        return f"{self.program.title} v{self.number}"


class ProgramAssignment(models.Model):
    """Who carries the program out."""

    program = models.ForeignKey(AideProgram, on_delete=models.CASCADE, related_name="assignments")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="program_assignments"
    )
    start_date = models.DateField()
    end_date = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["program", "person"], name="one_assignment_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.person} carries out {self.program.title}"


class TrainingEvent(models.Model):
    class Kind(models.TextChoices):
        MODELING = "modeling", "Modeling"
        COACHING = "coaching", "Coaching"
        WRITTEN = "written", "Written instructions"
        COMPETENCY = "competency", "Competency check"

    program = models.ForeignKey(AideProgram, on_delete=models.CASCADE, related_name="trainings")
    trainee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    date = models.DateField()
    minutes = models.PositiveSmallIntegerField(default=15)
    notes = models.TextField(
        blank=True, max_length=DESCRIPTION_CHARS, validators=text_limit(DESCRIPTION_CHARS)
    )
    signed_off = models.BooleanField(
        "signed off", default=False, help_text="The trainee carries it out correctly on their own."
    )

    class Meta:
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} with {self.trainee} on {nice_date(self.date)}"

    def clean(self) -> None:
        if _outside(self.minutes, MINUTES_SPENT):
            raise ValidationError({"minutes": MINUTES_SPENT[2]})


class ImplementationLog(models.Model):
    """One time (or missed time) the program was carried out, logged by the implementer."""

    class Response(models.TextChoices):
        ENGAGED = "engaged", "Took part well"
        PROMPTS = "prompts", "Needed extra prompts"
        HARD = "hard", "Found it hard"
        REFUSED = "refused", "Refused"

    program = models.ForeignKey(AideProgram, on_delete=models.CASCADE, related_name="logs")
    implementer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="implementation_logs"
    )
    date = models.DateField()
    done = models.BooleanField()
    minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    response = models.CharField(
        "how the student responded", max_length=10, choices=Response.choices, blank=True
    )
    note = models.CharField(max_length=300, blank=True)
    logged_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-logged_at"]

    def __str__(self) -> str:
        return (
            f"{self.program.title} on {nice_date(self.date)}: {'done' if self.done else 'not done'}"
        )

    def clean(self) -> None:
        if self.done and not self.minutes:
            raise ValidationError({"minutes": "Say how many minutes it took."})
        if _outside(self.minutes, MINUTES_IF_DONE):
            raise ValidationError({"minutes": MINUTES_IF_DONE[2]})


class MonitoringCheck(models.Model):
    """The therapist's check-in on how a program is carried out."""

    program = models.ForeignKey(AideProgram, on_delete=models.CASCADE, related_name="checks")
    therapist = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    date = models.DateField()
    minutes = models.PositiveSmallIntegerField(default=15)
    observation = models.TextField(
        "what you observed", max_length=DESCRIPTION_CHARS, validators=text_limit(DESCRIPTION_CHARS)
    )
    fidelity = models.PositiveSmallIntegerField(
        "fidelity (1–5)",
        help_text="1 = not as written, 3 = mostly as written, 5 = exactly as written.",
    )
    changes = models.TextField(
        "changes made",
        blank=True,
        max_length=DESCRIPTION_CHARS,
        validators=text_limit(DESCRIPTION_CHARS),
    )

    class Meta:
        ordering = ["-date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(fidelity__gte=1) & Q(fidelity__lte=5), name="fidelity_one_to_five"
            )
        ]

    def __str__(self) -> str:
        return f"Check on {nice_date(self.date)}: fidelity {self.fidelity}/5"

    def clean(self) -> None:
        if self.fidelity is not None and not 1 <= self.fidelity <= 5:
            raise ValidationError({"fidelity": "Rate fidelity from 1 to 5."})
        if _outside(self.minutes, MINUTES_SPENT):
            raise ValidationError({"minutes": MINUTES_SPENT[2]})


class AssistiveTechItem(models.Model):
    class Status(models.TextChoices):
        TRIAL = "trial", "On trial"
        IN_USE = "in_use", "In use"
        RETIRED = "retired", "No longer used"

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="at_items")
    device = models.CharField(max_length=120)
    program = models.ForeignKey(
        AideProgram, null=True, blank=True, on_delete=models.SET_NULL, related_name="at_items"
    )
    strategy = models.ForeignKey(
        Strategy, null=True, blank=True, on_delete=models.SET_NULL, related_name="at_items"
    )
    trained = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name="who was trained"
    )
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.TRIAL)
    notes = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = "assistive technology item"
        ordering = ["device"]

    def __str__(self) -> str:
        return f"{self.device} ({self.get_status_display().lower()})"
