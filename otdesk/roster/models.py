"""A roster import (the uploaded file, what checking it found, what applying it did) and
the roster's enrollments, which say which class each student is in and who teaches it.

Schools, classes, people and students keep their roster id (sourcedId) on their own rows;
an enrollment has no row of its own elsewhere, so it is kept here."""

from django.conf import settings
from django.db import models

from otdesk.schools.models import District

# A SIS's zip of a large district is a few megabytes; this leaves room and stops abuse.
MAX_UPLOAD_BYTES = 50 * 1024 * 1024


def upload_problem(size: int) -> str | None:
    """What is wrong with an uploaded file of this size, in the user's words (None: fine)."""
    if size > MAX_UPLOAD_BYTES:
        return "The file is larger than 50 MB."
    if size == 0:
        return "The file is empty."
    return None


class RosterImport(models.Model):
    class Kind(models.TextChoices):
        ONEROSTER = "oneroster", "OneRoster zip"
        CSV = "csv", "Student CSV"

    class Status(models.TextChoices):
        COLUMNS = "columns", "Waiting for its columns"
        CHECKING = "checking", "Being checked"
        CHECKED = "checked", "Checked: ready to import"
        REFUSED = "refused", "Refused: the file has problems"
        APPLYING = "applying", "Being imported"
        APPLIED = "applied", "Imported"
        FAILED = "failed", "Stopped by an error"

    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="imports")
    kind = models.CharField(max_length=12, choices=Kind.choices)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="roster_imports"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    file_name = models.CharField(max_length=200)
    # The file, kept only while it waits to be imported: emptied once applied or refused.
    data = models.BinaryField(blank=True, default=b"")
    # A CSV import's column mapping: field -> column heading.
    mapping = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.CHECKING)
    # What checking found, then what applying did: counts, changes, problems, notes.
    report = models.JSONField(default=dict, blank=True)
    applied_at = models.DateTimeField(null=True, blank=True)
    job = models.ForeignKey(
        "jobs.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.file_name}"

    @property
    def is_busy(self) -> bool:
        return self.status in (self.Status.CHECKING, self.Status.APPLYING)


class RosterEnrollment(models.Model):
    """One line of the roster's enrollments.csv: a student or a teacher in a class."""

    district = models.ForeignKey(District, on_delete=models.CASCADE, related_name="+")
    sourced_id = models.CharField(max_length=64)
    class_sourced_id = models.CharField(max_length=64)
    user_sourced_id = models.CharField(max_length=64)
    role = models.CharField(max_length=32)
    primary = models.BooleanField(default=False)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["sourced_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["district", "sourced_id"], name="roster_enrollment_once_per_district"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_sourced_id} in {self.class_sourced_id} ({self.role})"


class CsvMapping(models.Model):
    """The columns of a district's own student CSV, remembered for its next upload."""

    district = models.OneToOneField(District, on_delete=models.CASCADE, related_name="+")
    mapping = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"CSV columns of {self.district}"
