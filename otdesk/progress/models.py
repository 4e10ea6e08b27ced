"""IEP progress reports: the district's progress codes, one report per student and
reporting period (a draft the student's OT writes, then final and locked; corrections are
addenda), a code and narrative per goal, and the family's comments on the draft."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from otdesk.core.dates import nice_moment
from otdesk.core.limits import DESCRIPTION_CHARS, NOTE_CHARS, text_limit
from otdesk.schools.models import District, ReportingPeriod
from otdesk.students.models import Goal, Student


class ProgressCode(models.Model):
    """One of the district's words for how a goal went in a period ("Making progress")."""

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="progress_codes")
    label = models.CharField(max_length=60)
    order = models.PositiveSmallIntegerField(default=0)
    active = models.BooleanField(default=True, help_text="Retired codes stay on old reports.")

    class Meta:
        ordering = ["district", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["district", "label"], name="one_progress_code_label")
        ]

    def __str__(self) -> str:
        return self.label


class ProgressReport(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        FINAL = "final", "Final"

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="progress_reports")
    period = models.ForeignKey(
        ReportingPeriod, on_delete=models.PROTECT, related_name="progress_reports"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="progress_reports"
    )
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.DRAFT)
    narrative = models.TextField(
        "about the period",
        blank=True,
        max_length=NOTE_CHARS,
        validators=text_limit(NOTE_CHARS),
        help_text="How the period went overall, in words the family will read.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finalized_at = models.DateTimeField(null=True, blank=True)
    # What the final report showed (goal data and minutes), frozen when it was made final:
    # a session logged later does not change a report the family has read.
    snapshot = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["-period__start_date", "student__last_name", "student__first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["student", "period"], name="one_progress_report_per_period"
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(finalized_at__isnull=False),
                name="final_report_has_a_date",
            ),
        ]

    def __str__(self) -> str:
        return f"Progress report for {self.student} — {self.period.name}"

    @property
    def is_final(self) -> bool:
        return self.status == self.Status.FINAL

    def clean(self) -> None:
        if (
            self.period_id
            and self.student_id
            and self.period.district_id != self.student.school.district_id
        ):
            raise ValidationError({"period": "That reporting period is another district's."})


class GoalProgress(models.Model):
    """How one goal went in the report's period."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="goals")
    goal = models.ForeignKey(Goal, on_delete=models.PROTECT, related_name="progress")
    code = models.ForeignKey(
        ProgressCode, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    narrative = models.TextField(
        blank=True, max_length=DESCRIPTION_CHARS, validators=text_limit(DESCRIPTION_CHARS)
    )

    class Meta:
        verbose_name, verbose_name_plural = "goal progress entry", "goal progress entries"
        ordering = ["goal__area", "goal__pk"]
        constraints = [
            models.UniqueConstraint(fields=["report", "goal"], name="one_progress_per_goal")
        ]

    def __str__(self) -> str:
        return f"{self.goal}: {self.code or 'no code'}"

    def clean(self) -> None:
        if (
            self.code is not None
            and self.report_id
            and self.code.district_id != self.report.period.district_id
        ):
            raise ValidationError({"code": "That progress code is another district's."})


class ProgressAddendum(models.Model):
    """A correction or addition to a final report; the report itself never changes."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="addenda")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    text = models.TextField(max_length=NOTE_CHARS, validators=text_limit(NOTE_CHARS))

    class Meta:
        ordering = ["at", "pk"]
        verbose_name_plural = "progress addenda"

    def __str__(self) -> str:
        return f"Addendum by {self.author} at {nice_moment(self.at)}"


class ParentComment(models.Model):
    """A guardian's input to the draft, from the family portal; shown on the report."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    text = models.TextField(max_length=DESCRIPTION_CHARS, validators=text_limit(DESCRIPTION_CHARS))

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"Comment by {self.author} at {nice_moment(self.at)}"
