"""Medicaid billing: each student's billing record, each provider's credential, the
district's state code table, and what was exported (so a later change is flagged)."""

import datetime as dt
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from otdesk.delivery.choices import SessionType
from otdesk.delivery.models import Session
from otdesk.evaluations.models import Evaluation
from otdesk.schools.models import District
from otdesk.students.models import Student

# What an evaluation bills as: its kind, and for an initial one its complexity.
EVALUATION_KINDS = {
    "initial_low": "Initial evaluation, low complexity",
    "initial_moderate": "Initial evaluation, moderate complexity",
    "initial_high": "Initial evaluation, high complexity",
    "reevaluation": "Re-evaluation",
}
NPI_PATTERN = re.compile(r"^\d{10}$")


def evaluation_kind(evaluation: Evaluation) -> str:
    """The key of EVALUATION_KINDS an evaluation bills as ('' when its complexity is
    missing on an initial evaluation)."""
    if evaluation.kind == Evaluation.Kind.REEVALUATION:
        return "reevaluation"
    return f"initial_{evaluation.complexity}" if evaluation.complexity else ""


class BillingProfile(models.Model):
    """A student's billing record: Medicaid id, parental consent, the prescription."""

    student = models.OneToOneField(
        Student, on_delete=models.CASCADE, related_name="billing_profile"
    )
    medicaid_id = models.CharField("Medicaid id", max_length=20, blank=True)
    consent_received = models.DateField("billing consent received", null=True, blank=True)
    consent_withdrawn = models.DateField("billing consent withdrawn", null=True, blank=True)
    prescription_date = models.DateField(
        "prescription or referral on file from",
        null=True,
        blank=True,
        help_text="The date of the physician's prescription or referral, where the state "
        "requires one.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Billing record of {self.student}"

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.medicaid_id and not re.fullmatch(r"[A-Za-z0-9]{1,20}", self.medicaid_id):
            errors["medicaid_id"] = "A Medicaid id has only letters and digits (up to 20)."
        if self.consent_withdrawn and not self.consent_received:
            errors["consent_withdrawn"] = "Give the date consent was received first."
        elif (
            self.consent_withdrawn
            and self.consent_received
            and self.consent_withdrawn < self.consent_received
        ):
            errors["consent_withdrawn"] = "Consent cannot be withdrawn before it was received."
        if errors:
            raise ValidationError(errors)

    def consent_on(self, day: dt.date) -> bool:
        """Billing consent on file on this day."""
        return (
            self.consent_received is not None
            and self.consent_received <= day
            and (self.consent_withdrawn is None or day < self.consent_withdrawn)
        )


class ProviderCredential(models.Model):
    """A therapist's license or credential and NPI, printed on each billed line."""

    provider = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="billing_credential"
    )
    credential = models.CharField(
        "license or credential", max_length=60, help_text="e.g. 'OTR/L 012345'."
    )
    npi = models.CharField("NPI", max_length=10, blank=True, help_text="10 digits.")

    def __str__(self) -> str:
        return f"{self.provider}: {self.credential}"

    def clean(self) -> None:
        if self.npi and not NPI_PATTERN.match(self.npi):
            raise ValidationError({"npi": "An NPI is 10 digits."})


class BillingCode(models.Model):
    """One line of the district's state code table."""

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="billing_codes")
    code = models.CharField(max_length=10)
    description = models.CharField(max_length=120)
    timed = models.BooleanField(
        default=True,
        help_text="Timed codes bill 15-minute units by the 8-minute rule; untimed codes "
        "(group, evaluations) bill one unit per student per session.",
    )
    session_types = models.JSONField(
        "delivery models billed with it",
        default=list,
        blank=True,
        help_text="The delivery models of the sessions billed under this code.",
    )
    evaluation_kinds = models.JSONField("evaluations billed with it", default=list, blank=True)
    requires_prescription = models.BooleanField(
        "state requires a prescription or referral", default=False
    )

    class Meta:
        ordering = ["district", "code"]
        constraints = [
            models.UniqueConstraint(fields=["district", "code"], name="one_billing_code_a_district")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.description}"

    @property
    def billed_for(self) -> str:
        """The sessions and evaluations billed with it, in words."""
        words = [str(SessionType(t).label) for t in self.session_types if t in SessionType.values]
        words += [EVALUATION_KINDS[k] for k in self.evaluation_kinds if k in EVALUATION_KINDS]
        return ", ".join(words)

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.code and not re.fullmatch(r"[A-Z0-9]{4,10}", self.code):
            errors["code"] = "A code is 4 to 10 capital letters or digits, e.g. 97530."
        if not isinstance(self.session_types, list) or set(self.session_types) - set(
            SessionType.values
        ):
            errors["session_types"] = "Choose delivery models from the list."
        if not isinstance(self.evaluation_kinds, list) or set(self.evaluation_kinds) - set(
            EVALUATION_KINDS
        ):
            errors["evaluation_kinds"] = "Choose evaluations from the list."
        if errors:
            raise ValidationError(errors)
        if self.district_id:
            others = BillingCode.objects.filter(district_id=self.district_id).exclude(pk=self.pk)
            for other in others:
                taken = set(self.session_types) & set(other.session_types)
                if taken:
                    labels = ", ".join(str(SessionType(t).label) for t in sorted(taken))
                    errors["session_types"] = f"{labels} already bill as {other.code}."
                kinds = set(self.evaluation_kinds) & set(other.evaluation_kinds)
                if kinds:
                    words = ", ".join(EVALUATION_KINDS[k] for k in sorted(kinds))
                    errors["evaluation_kinds"] = f"{words} already bill as {other.code}."
            if errors:
                raise ValidationError(errors)


class BillingExport(models.Model):
    """One export of a date range to the billing vendor."""

    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="billing_exports")
    start = models.DateField()
    end = models.DateField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Billing export {self.start}–{self.end}"


class BilledLine(models.Model):
    """What one exported line said, at export time: a later change to its session or
    evaluation is compared with it (needs correction), never written over it."""

    export = models.ForeignKey(BillingExport, on_delete=models.CASCADE, related_name="lines")
    session = models.ForeignKey(
        Session, null=True, blank=True, on_delete=models.PROTECT, related_name="billed_lines"
    )
    evaluation = models.ForeignKey(
        Evaluation, null=True, blank=True, on_delete=models.PROTECT, related_name="billed_lines"
    )
    student = models.ForeignKey(Student, on_delete=models.PROTECT, related_name="billed_lines")
    date = models.DateField()
    code = models.CharField(max_length=10)
    modifier = models.CharField(max_length=2)
    units = models.PositiveSmallIntegerField()
    minutes = models.PositiveSmallIntegerField()
    addenda = models.PositiveSmallIntegerField(default=0, help_text="Addenda at export time.")
    correction_done = models.BooleanField(default=False)

    class Meta:
        ordering = ["date", "student__last_name", "pk"]
        indexes = [models.Index(fields=["session"])]

    def __str__(self) -> str:
        return f"{self.code} × {self.units} for {self.student} on {self.date}"
