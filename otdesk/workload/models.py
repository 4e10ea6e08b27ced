"""Professional time: the work around the students that a caseload count never shows."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from otdesk.core.dates import nice_date
from otdesk.students.models import Student


class TimeCategory(models.TextChoices):
    REVIEWING = "reviewing", "Reviewing reports and IEPs"
    MATERIALS = "materials", "Making or acquiring materials"
    PREPARING = "preparing", "Preparing therapy items"
    RESEARCH = "research", "Researching treatment methods"
    DOCUMENTATION = "documentation", "Documentation"
    MEETINGS = "meetings", "Meetings (IEP and team)"
    EVALUATIONS = "evaluations", "Evaluations and report writing"
    TRAINING = "training", "Training staff"
    TRAVEL = "travel", "Travel between schools"


class ProfessionalTime(models.Model):
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="professional_time"
    )
    date = models.DateField()
    minutes = models.PositiveSmallIntegerField()
    category = models.CharField(max_length=14, choices=TimeCategory.choices)
    student = models.ForeignKey(
        Student, null=True, blank=True, on_delete=models.PROTECT, related_name="professional_time"
    )
    note = models.CharField(max_length=200, blank=True)
    logged_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "professional time"
        ordering = ["-date", "-logged_at"]
        constraints = [
            models.CheckConstraint(condition=Q(minutes__gt=0), name="professional_minutes_positive")
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()}: {self.minutes} min on {nice_date(self.date)}"

    def clean(self) -> None:
        if self.minutes is not None and not 1 <= self.minutes <= 600:
            raise ValidationError({"minutes": "Enter from 1 to 600 minutes (10 hours)."})
