"""What teachers and other specialists add to a student's record: a teacher's "in place
today" confirmation of a strategy, and the notes the professionals on a team share."""

from django.conf import settings
from django.db import models

from otdesk.core.dates import nice_date
from otdesk.core.limits import DESCRIPTION_CHARS, text_limit
from otdesk.students.models import Strategy, Student


class StrategyCheck(models.Model):
    """A teacher's one-tap confirmation that a strategy was in place on a school day."""

    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="checks")
    date = models.DateField()
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-date", "-at"]
        constraints = [
            models.UniqueConstraint(
                fields=["strategy", "date", "confirmed_by"], name="one_check_per_day_and_person"
            )
        ]

    def __str__(self) -> str:
        return f"In place on {nice_date(self.date)}: {self.strategy.description}"


class TeamNote(models.Model):
    """A note shared by the professionals on a student's team (OT, COTA, SLP, PT,
    psychologist): what each needs the others to know."""

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="team_notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField(auto_now_add=True)
    text = models.TextField(
        "note", max_length=DESCRIPTION_CHARS, validators=text_limit(DESCRIPTION_CHARS)
    )

    class Meta:
        ordering = ["-written_at", "-pk"]

    def __str__(self) -> str:
        return f"Team note about {self.student}: {self.text[:50]}"
