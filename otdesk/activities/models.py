"""Therapy activities by skill area, the library that sessions, aide programs and home
programs draw on."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from otdesk.core.dates import nice_date
from otdesk.core.limits import DESCRIPTION_CHARS, text_limit
from otdesk.schools.models import District
from otdesk.students.models import SkillArea, Student


class GroupSize(models.TextChoices):
    INDIVIDUAL = "individual", "One student"
    SMALL = "small", "Small group (2–4)"
    CLASS = "class", "Whole class"
    ANY = "any", "Any size"


class Activity(models.Model):
    """One activity. The library's own have a key and no owner; therapists add their own."""

    key = models.SlugField(max_length=60, unique=True, null=True, blank=True)
    name = models.CharField(max_length=120)
    materials = models.CharField(max_length=300, help_text="Comma-separated, e.g. 'putty, beads'.")
    instructions = models.TextField(
        help_text="Plain words a parent or aide can follow.",
        max_length=DESCRIPTION_CHARS,
        validators=text_limit(DESCRIPTION_CHARS),
    )
    easier = models.CharField("to make it easier", max_length=300)
    harder = models.CharField("to make it harder", max_length=300)
    safety = models.CharField("safety notes", max_length=300, blank=True)
    in_class = models.BooleanField("in class, during a lesson", default=False)
    pull_out = models.BooleanField("pull-out", default=False)
    at_home = models.BooleanField("at home", default=False)
    group_size = models.CharField(max_length=10, choices=GroupSize.choices, default=GroupSize.ANY)
    picture = models.CharField(
        max_length=60, blank=True, help_text="A picture from the library's own drawings."
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activities",
    )
    district = models.ForeignKey(
        District, null=True, blank=True, on_delete=models.CASCADE, related_name="activities"
    )
    shared = models.BooleanField(
        "share with the district", default=False, help_text="Other therapists can use it too."
    )

    class Meta:
        verbose_name_plural = "activities"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def settings_words(self) -> str:
        words = [
            label
            for flag, label in (
                (self.in_class, "in class"),
                (self.pull_out, "pull-out"),
                (self.at_home, "at home"),
            )
            if flag
        ]
        return ", ".join(words)

    def clean(self) -> None:
        if not (self.in_class or self.pull_out or self.at_home):
            raise ValidationError(
                "Tick at least one place the activity fits: class, pull-out or home."
            )


class ActivityArea(models.Model):
    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="areas")
    area = models.CharField(max_length=20, choices=SkillArea.choices, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["activity", "area"], name="one_row_per_activity_area")
        ]

    def __str__(self) -> str:
        return self.get_area_display()


class ActivityText(models.Model):
    """The parent-facing text of an activity in another language."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="texts")
    language = models.CharField(max_length=8, choices=settings.LANGUAGES)
    name = models.CharField(max_length=120)
    materials = models.CharField(max_length=300)
    instructions = models.TextField(
        max_length=DESCRIPTION_CHARS, validators=text_limit(DESCRIPTION_CHARS)
    )
    easier = models.CharField(max_length=300)
    harder = models.CharField(max_length=300)
    safety = models.CharField(max_length=300, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["activity", "language"], name="one_text_per_language")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.language})"


class HomeProgram(models.Model):
    """A one-page sheet of activities for a family."""

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="home_programs")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    activities = models.ManyToManyField(Activity, related_name="home_programs")
    note = models.TextField(
        "a note to the family",
        blank=True,
        help_text="Short and warm: why these, how often.",
        max_length=DESCRIPTION_CHARS,
        validators=text_limit(DESCRIPTION_CHARS),
    )
    note_es = models.TextField(
        "the note in Spanish",
        blank=True,
        max_length=DESCRIPTION_CHARS,
        validators=text_limit(DESCRIPTION_CHARS),
    )
    times_per_week = models.PositiveSmallIntegerField(default=3)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Home program for {self.student} ({nice_date(self.created_at)})"
