"""Legal holds and the tombstones of records destroyed on a parent's request."""

from django.apps import apps
from django.conf import settings
from django.db import models

from otdesk.core.dates import nice_date
from otdesk.schools.models import District
from otdesk.students.models import Student


def in_words(counts: dict[str, int]) -> list[str]:
    """{'students.IEP': 1, 'delivery.Session': 3} -> ['1 IEP', '3 sessions']."""
    words = []
    for label, n in counts.items():
        try:
            meta = apps.get_model(label)._meta
        except (LookupError, ValueError):  # a kind of record OT Desk no longer has
            words.append(f"{n} {label}")
            continue
        words.append(f"{n} {meta.verbose_name if n == 1 else meta.verbose_name_plural}")
    return words


class LegalHold(models.Model):
    """While a hold is in force (a due-process hearing, a complaint, a records request in
    progress), the student's record cannot be destroyed. Lifting a hold keeps it, dated."""

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="legal_holds")
    reason = models.CharField(max_length=200)
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    placed_at = models.DateTimeField(auto_now_add=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    lifted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-placed_at", "-pk"]

    def __str__(self) -> str:
        return f"Legal hold: {self.reason}"


class Destruction(models.Model):
    """The tombstone of a student's record destroyed on request: what was removed and when,
    by whom, on whose request, and nothing that names the student. `fingerprint` ties it to
    the certificate given to the family (a hash of the student's name and date of birth
    with a one-time code printed only on the certificate)."""

    reference = models.CharField(max_length=20, unique=True)
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="+")
    destroyed_at = models.DateTimeField()
    destroyed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_on = models.DateField("request received on")
    request = models.CharField(
        "the request", max_length=200, help_text="Who asked and how, without the child's name."
    )
    removed = models.JSONField(help_text="Rows removed, by model ('students.IEP': 1).")
    kept_shared = models.JSONField(
        default=dict, help_text="Shared records kept for other students, by model."
    )
    redacted_events = models.PositiveIntegerField(default=0)
    files_removed = models.PositiveIntegerField(default=0)
    audit_event_id = models.BigIntegerField(help_text="The tombstone in the access log.")
    fingerprint = models.CharField(max_length=64)

    class Meta:
        ordering = ["-destroyed_at", "-pk"]

    def __str__(self) -> str:
        return f"Destruction {self.reference} on {nice_date(self.destroyed_at.date())}"

    @property
    def rows_removed(self) -> int:
        return sum(self.removed.values())

    @property
    def removed_words(self) -> list[str]:
        return in_words(self.removed)

    @property
    def kept_words(self) -> list[str]:
        return in_words(self.kept_shared)
