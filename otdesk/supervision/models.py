"""COTA supervision: who supervises whom, the supervision contacts, and the supervising
OT's review of a COTA's signed session notes (co-signature or sent back)."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone

from otdesk.accounts.models import Role
from otdesk.core.dates import nice_date
from otdesk.core.limits import DESCRIPTION_CHARS, REASON_CHARS, text_limit
from otdesk.schools.models import District

# A supervision contact lasts from 5 minutes to a whole working day.
CONTACT_MINUTES = (5, 480)


class Supervision(models.Model):
    """A supervising OT's responsibility for a COTA, from a date (to a date)."""

    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="supervisions")
    cota = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="supervised_by",
        verbose_name="COTA",
    )
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="supervises",
        verbose_name="supervising OT",
    )
    start_date = models.DateField("from")
    end_date = models.DateField("until", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["cota__last_name", "cota__first_name", "-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="supervision_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return f"{self.supervisor} supervises {self.cota} from {nice_date(self.start_date)}"

    def is_active(self, day: dt.date | None = None) -> bool:
        day = day or timezone.localdate()
        return self.start_date <= day and (self.end_date is None or self.end_date >= day)

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.cota_id is not None and self.cota.role != Role.COTA:
            errors["cota"] = f"{self.cota} is not a COTA."
        if self.supervisor_id is not None and self.supervisor.role != Role.OT:
            errors["supervisor"] = f"{self.supervisor} is not an occupational therapist (OTR)."
        for name in ("cota", "supervisor"):
            person = getattr(self, name) if getattr(self, f"{name}_id") else None
            if person is not None and self.district_id and person.district_id != self.district_id:
                errors.setdefault(name, f"{person} works in another district.")
        if self.end_date and self.start_date and self.end_date < self.start_date:
            errors["end_date"] = "The end date comes before the start date."
        if errors:
            raise ValidationError(errors)
        if self.cota_id and self.supervisor_id and self.start_date:
            overlapping = Supervision.objects.filter(
                cota_id=self.cota_id, supervisor_id=self.supervisor_id
            ).exclude(pk=self.pk)
            if self.end_date is not None:
                overlapping = overlapping.filter(start_date__lte=self.end_date)
            overlapping = overlapping.filter(
                Q(end_date__isnull=True) | Q(end_date__gte=self.start_date)
            )
            if overlapping.exists():
                raise ValidationError(
                    f"{self.supervisor} already supervises {self.cota} in those dates."
                )


class ContactKind(models.TextChoices):
    OBSERVATION = "observation", "Observed the COTA with a student"
    MEETING = "meeting", "Met in person"
    VIDEO = "video", "Video call"
    PHONE = "phone", "Phone call"
    WRITTEN = "written", "Written feedback (email or notes)"


class SupervisionContact(models.Model):
    """One supervision contact: when, how, how long, and what was discussed."""

    supervision = models.ForeignKey(Supervision, on_delete=models.PROTECT, related_name="contacts")
    date = models.DateField()
    kind = models.CharField("kind of contact", max_length=12, choices=ContactKind.choices)
    minutes = models.PositiveSmallIntegerField()
    note = models.TextField(
        "what was discussed",
        blank=True,
        max_length=DESCRIPTION_CHARS,
        validators=text_limit(DESCRIPTION_CHARS),
    )
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    logged_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gt=0), name="supervision_contact_minutes_positive"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {nice_date(self.date)}, {self.minutes} min"

    def clean(self) -> None:
        low, high = CONTACT_MINUTES
        if self.minutes is not None and not low <= self.minutes <= high:
            raise ValidationError({"minutes": f"A contact lasts from {low} to {high} minutes."})
        if self.date is None or self.supervision_id is None:
            return
        if self.date > timezone.localdate():
            raise ValidationError({"date": "A contact cannot be logged before it happens."})
        if not self.supervision.is_active(self.date):
            raise ValidationError(
                {
                    "date": "That date is outside this supervision (from "
                    f"{nice_date(self.supervision.start_date)})."
                }
            )


class ReviewOutcome(models.TextChoices):
    COSIGNED = "cosigned", "Co-signed"
    SENT_BACK = "sent_back", "Sent back"
    RESUBMITTED = "resubmitted", "Sent for review again"


class NoteReview(models.Model):
    """One step of a note's review: the supervising OT co-signs it or sends it back with a
    reason, and the COTA sends a sent-back note for review again. The latest step is the
    note's state; the steps are its history and are never changed."""

    session = models.ForeignKey(
        "delivery.Session", on_delete=models.PROTECT, related_name="reviews"
    )
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(max_length=12, choices=ReviewOutcome.choices)
    comment = models.TextField(
        blank=True, max_length=REASON_CHARS, validators=text_limit(REASON_CHARS)
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["session", "at"])]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} by {self.by}"
