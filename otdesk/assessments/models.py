"""The assessment catalog: the standardized tools school OTs give and their parts."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from otdesk.schools.models import Grade

# Most tools' standard scores: mean 100, SD 15.
STANDARD_LOW, STANDARD_HIGH = 40, 160
# Each kind of score: the part's flag that it reports it, and its name.
SCORE_KINDS: dict[str, tuple[str, str]] = {
    "standard_score": ("reports_standard", "Standard score"),
    "scaled_score": ("reports_scaled", "Scaled score"),
    "percentile": ("reports_percentile", "Percentile"),
    "raw": ("reports_raw", "Raw score"),
    "category": ("reports_category", "Descriptive category"),
}


class AssessmentTool(models.Model):
    name = models.CharField(max_length=120, unique=True)
    short_name = models.CharField(max_length=30, unique=True)
    measures = models.TextField(help_text="What the tool measures, in plain words.")
    respondent = models.CharField(
        max_length=120, blank=True, help_text="Who answers: the student, a teacher, a parent."
    )
    min_age_months = models.PositiveSmallIntegerField(null=True, blank=True)
    max_age_months = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The last month of the range, inclusive."
    )
    min_grade = models.CharField(max_length=2, choices=Grade.choices, blank=True)
    max_grade = models.CharField(max_length=2, choices=Grade.choices, blank=True)

    class Meta:
        ordering = ["short_name"]

    def __str__(self) -> str:
        return self.short_name

    def clean(self) -> None:
        if bool(self.min_grade) != bool(self.max_grade):
            raise ValidationError("Give both the first and the last grade, or neither.")
        if (
            self.min_age_months is not None
            and self.max_age_months is not None
            and self.max_age_months < self.min_age_months
        ):
            raise ValidationError({"max_age_months": "The oldest age comes before the youngest."})

    @property
    def range_label(self) -> str:
        if self.min_grade:
            names = dict(Grade.choices)
            return f"{names[self.min_grade]} to {names[self.max_grade]}"
        if self.min_age_months is None and self.max_age_months is None:
            return "No set age range"
        low = self.min_age_months or 0
        high = self.max_age_months
        start = "birth" if low == 0 else _years_months(low)
        end = "" if high is None else _years_months(high)
        return f"Ages {start} to {end} (years:months)"


def _years_months(total: int) -> str:
    return f"{total // 12}:{total % 12}"


class AssessmentPart(models.Model):
    class Kind(models.TextChoices):
        SUBTEST = "subtest", "Subtest"
        COMPOSITE = "composite", "Composite"
        INDEX = "index", "Index"

    tool = models.ForeignKey(AssessmentTool, on_delete=models.CASCADE, related_name="parts")
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    position = models.PositiveSmallIntegerField(default=0)
    reports_standard = models.BooleanField("standard score", default=False)
    reports_scaled = models.BooleanField("scaled score", default=False)
    reports_percentile = models.BooleanField("percentile", default=False)
    reports_raw = models.BooleanField("raw score", default=False)
    reports_category = models.BooleanField("descriptive category", default=False)
    # The standard scores this part gives (most tools: mean 100, SD 15; the BOT's
    # composites: mean 50, SD 10).
    standard_low = models.PositiveSmallIntegerField(default=STANDARD_LOW)
    standard_high = models.PositiveSmallIntegerField(default=STANDARD_HIGH)

    class Meta:
        ordering = ["tool", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["tool", "name"], name="assessment_part_unique_name")
        ]

    def __str__(self) -> str:
        return f"{self.tool.short_name}: {self.name}"

    @property
    def score_types(self) -> list[str]:
        return [label.lower() for flag, label in SCORE_KINDS.values() if getattr(self, flag)]


class AssessmentAdministration(models.Model):
    """One tool given to a student as part of an evaluation."""

    evaluation = models.ForeignKey(
        "evaluations.Evaluation", on_delete=models.CASCADE, related_name="administrations"
    )
    tool = models.ForeignKey(AssessmentTool, on_delete=models.PROTECT)
    test_date = models.DateField()
    examiner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT
    )

    class Meta:
        ordering = ["test_date", "pk"]

    def __str__(self) -> str:
        return f"{self.tool} on {self.test_date}"


RANGES: dict[str, tuple[Decimal | int, Decimal | int, str]] = {
    "standard_score": (
        STANDARD_LOW,
        STANDARD_HIGH,
        f"A standard score is between {STANDARD_LOW} and {STANDARD_HIGH}.",
    ),
    "scaled_score": (1, 19, "A scaled score is between 1 and 19."),
    "percentile": (Decimal("0.1"), Decimal("99.9"), "A percentile is between 0.1 and 99.9."),
    "raw": (0, 9999, "A raw score is a number from 0 up."),
}
USES = {name: SCORE_KINDS[name][0] for name in RANGES}


def standard_message(part: AssessmentPart) -> str:
    return f"A standard score is between {part.standard_low} and {part.standard_high}."


class Score(models.Model):
    administration = models.ForeignKey(
        AssessmentAdministration, on_delete=models.CASCADE, related_name="scores"
    )
    part = models.ForeignKey(AssessmentPart, on_delete=models.PROTECT)
    standard_score = models.PositiveSmallIntegerField(null=True, blank=True)
    scaled_score = models.PositiveSmallIntegerField(null=True, blank=True)
    percentile = models.DecimalField(max_digits=3, decimal_places=1, null=True, blank=True)
    raw = models.DecimalField(max_digits=6, decimal_places=1, null=True, blank=True)
    category = models.CharField("descriptive category", max_length=60, blank=True)

    class Meta:
        ordering = ["part__position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["administration", "part"], name="assessment_score_one_per_part"
            )
        ]

    def __str__(self) -> str:
        return f"{self.part}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if (
            self.part_id
            and self.administration_id
            and (self.part.tool_id != self.administration.tool_id)
        ):
            errors["part"] = "This part belongs to another tool."
        for field, (low, high, message) in RANGES.items():
            value = getattr(self, field)
            if value is None:
                continue
            if field == "standard_score" and self.part_id:
                low, high = self.part.standard_low, self.part.standard_high
                message = standard_message(self.part)
            if self.part_id and not getattr(self.part, USES[field]):
                errors[field] = "This part does not report this kind of score."
            elif not low <= value <= high:
                errors[field] = message
        if self.category and self.part_id and not self.part.reports_category:
            errors["category"] = "This part does not report a descriptive category."
        if errors:
            raise ValidationError(errors)
