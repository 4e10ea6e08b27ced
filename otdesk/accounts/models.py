import datetime as dt

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
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
    # The person's sourcedId in the district's roster (OneRoster), when the roster made or
    # matched them; blank for everyone added by hand.
    sourced_id = models.CharField("roster id", max_length=64, blank=True, db_index=True)

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


class Invitation(models.Model):
    """A single-use, expiring link that lets one person make their own account: staff
    invited by their district's coordinator, a guardian by the student's OT. Only the
    SHA-256 of the link's token is stored, so the table never holds a working link."""

    email = models.EmailField()
    role = models.CharField(max_length=20, choices=Role.choices)
    district = models.ForeignKey(
        "schools.District", on_delete=models.PROTECT, related_name="invitations"
    )
    # A guardian's invitation: the child and how they are related.
    student = models.ForeignKey(
        "students.Student",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="guardian_invitations",
    )
    relationship = models.CharField(max_length=60, blank=True, help_text="e.g. 'Mother'.")
    first_name = models.CharField(max_length=150, blank=True)
    last_name = models.CharField(max_length=150, blank=True)
    language = models.CharField(
        max_length=8,
        choices=settings.LANGUAGES,
        blank=True,
        help_text="The language of the email, and of OT Desk for the new account.",
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="invitations_sent"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="invitations_used",
    )
    cancelled_at = models.DateTimeField(null=True, blank=True)
    # The account a roster import made for this person, waiting to be claimed: accepting
    # the invitation gives it a username and a password instead of making a new one.
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="roster_invitations",
    )

    class Meta:
        ordering = ["-sent_at", "-pk"]

    def __str__(self) -> str:
        return f"Invitation for {self.email} ({self.get_role_display()})"

    def clean(self) -> None:
        if self.role == Role.GUARDIAN and self.student_id is None:
            raise ValidationError({"student": "A guardian's invitation names the child."})
        if self.role != Role.GUARDIAN and self.student_id is not None:
            raise ValidationError({"student": "Only a guardian's invitation names a child."})
        if self.role == Role.OPERATOR:
            raise ValidationError({"role": "Site operators are not invited; see running.md."})

    @property
    def is_guardian(self) -> bool:
        return self.role == Role.GUARDIAN

    @property
    def display_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip() or self.email

    def state(self, now: dt.datetime) -> str:
        """'used', 'cancelled', 'expired' or 'pending' at this moment."""
        if self.used_at is not None:
            return "used"
        if self.cancelled_at is not None:
            return "cancelled"
        if now >= self.expires_at:
            return "expired"
        return "pending"
