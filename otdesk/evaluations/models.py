"""Evaluations: an initial evaluation or a re-evaluation of one student, from referral
and consent to the evaluation and its report."""

import itertools

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from otdesk.core.limits import DESCRIPTION_CHARS, NOTE_CHARS, REASON_CHARS, text_limit
from otdesk.students.models import Student

LABELS = {
    "referral_date": "referral date",
    "consent_date": "date consent was received",
    "evaluation_date": "evaluation date",
}


# An evaluation under way: its report is not written yet and it was not closed.
OPEN = models.Q(report_date__isnull=True, closed_on__isnull=True)


class Evaluation(models.Model):
    class Kind(models.TextChoices):
        INITIAL = "initial", "Initial evaluation"
        REEVALUATION = "reevaluation", "Re-evaluation"

    class Complexity(models.TextChoices):
        LOW = "low", "Low complexity"
        MODERATE = "moderate", "Moderate complexity"
        HIGH = "high", "High complexity"

    student = models.ForeignKey(Student, on_delete=models.PROTECT, related_name="evaluations")
    kind = models.CharField(max_length=14, choices=Kind.choices)
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="evaluations",
    )
    referral_date = models.DateField(null=True, blank=True)
    consent_date = models.DateField("consent received", null=True, blank=True)
    evaluation_date = models.DateField(null=True, blank=True)
    report_date = models.DateField(null=True, blank=True)
    complexity = models.CharField(
        max_length=10,
        choices=Complexity.choices,
        blank=True,
        help_text="For an initial evaluation: how complex it was (chooses the billing code).",
    )
    minutes = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Time spent testing the student."
    )
    reason = models.TextField(
        "reason for the evaluation",
        blank=True,
        max_length=DESCRIPTION_CHARS,
        validators=text_limit(DESCRIPTION_CHARS),
        help_text="What the team or family asked about, in a sentence or two.",
    )
    summary = models.TextField(
        "findings and recommendations",
        blank=True,
        max_length=NOTE_CHARS,
        validators=text_limit(NOTE_CHARS),
        help_text="What the tests and observations showed, and what OT recommends.",
    )
    closed_on = models.DateField(
        "closed without an evaluation on",
        null=True,
        blank=True,
        help_text="The parent did not consent, the student moved, or it was started by mistake.",
    )
    closed_reason = models.CharField(
        "why it was closed",
        max_length=REASON_CHARS,
        blank=True,
        validators=text_limit(REASON_CHARS),
    )
    early_agreed = models.BooleanField(
        "the team agreed to re-evaluate within a year",
        default=False,
        help_text="A re-evaluation comes at most once a year unless the parent and the "
        "district agree to an earlier one.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of {self.student}"

    @property
    def is_complete(self) -> bool:
        """Evaluated and the report written."""
        return self.evaluation_date is not None and self.report_date is not None

    def clean(self) -> None:
        if self.closed_on and not self.closed_reason.strip():
            raise ValidationError({"closed_reason": "Say why it was closed."})
        if self.closed_on and self.evaluation_date:
            raise ValidationError(
                {"closed_on": "This evaluation was given: it is not closed without one."}
            )
        order = [
            ("referral_date", self.referral_date),
            ("consent_date", self.consent_date),
            ("evaluation_date", self.evaluation_date),
            ("report_date", self.report_date),
        ]
        known = [(name, day) for name, day in order if day is not None]
        for (before_name, before), (name, day) in itertools.pairwise(known):
            if day < before:
                label = LABELS[before_name]
                raise ValidationError({name: f"This date cannot come before the {label}."})
