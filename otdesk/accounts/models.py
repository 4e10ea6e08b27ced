from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models


class Role(models.TextChoices):
    """A person's profession. Access to records follows relationships, not this field alone."""

    OT = "ot", "Occupational therapist (OTR)"
    COTA = "cota", "OT assistant (COTA)"
    TEACHER = "teacher", "Teacher"
    AIDE = "aide", "Classroom or 1:1 aide"
    BEHAVIORIST = "behaviorist", "Behaviorist"
    SPECIALIST = "specialist", "Other specialist"
    GUARDIAN = "guardian", "Parent or guardian"
    COORDINATOR = "coordinator", "District coordinator"
    OPERATOR = "operator", "Site operator"


class User(AbstractUser):
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.TEACHER)
    district = models.ForeignKey(
        "schools.District", null=True, blank=True, on_delete=models.PROTECT, related_name="people"
    )
    title = models.CharField(
        max_length=80,
        blank=True,
        help_text="Shown after the name, e.g. 'SLP' or 'Grade 2 teacher'.",
    )
    phone = models.CharField(max_length=40, blank=True)
    language = models.CharField(
        max_length=8,
        choices=settings.LANGUAGES,
        blank=True,
        help_text="The language OT Desk speaks to this person; blank follows the browser.",
    )
    weekly_email = models.BooleanField(
        default=False, help_text="A guardian's weekly email of sessions delivered and missed."
    )

    class Meta:
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        full = f"{self.first_name} {self.last_name}".strip()
        return full or self.username

    @property
    def is_therapist(self) -> bool:
        return self.role in {Role.OT, Role.COTA}

    @property
    def is_coordinator(self) -> bool:
        return self.role == Role.COORDINATOR
