"""Stored figures of ended periods, for the fidelity report of a whole district
(`stored.py` says when they are trusted). Nothing here is a record of its own: every row can
be worked out again from the sessions, misses and consultations, and is, whenever they
change."""

from django.db import models

from otdesk.delivery.choices import MissReason
from otdesk.schools.models import District
from otdesk.students.models import ServiceLine


class LineStamp(models.Model):
    """How many times the records a service line's minutes come from have changed. Only the
    database's triggers (migration 0001) write it: every write of an attendance record, a
    session, a miss, a consultation or the line itself adds one, whoever makes it."""

    line = models.OneToOneField(
        ServiceLine, primary_key=True, on_delete=models.CASCADE, related_name="figures_stamp"
    )
    stamp = models.BigIntegerField(default=0)

    class Meta:
        verbose_name, verbose_name_plural = "minutes change counter", "minutes change counters"

    def __str__(self) -> str:
        return f"line {self.line_id}: {self.stamp}"


class PeriodFigures(models.Model):
    """A line's figures for one period that has ended (span_start..span_end), or for the
    part of it a range counts (start..end, when the range begins or ends inside it), as
    `line_period` worked them out when the line's stamp was `stamp` and the district's
    calendar and policy were `rules` (stored.rules_key)."""

    # Without the database's foreign keys: checking them at every commit doubled the time
    # a district's first report takes to store its 150,000 rows. Deleting a line deletes
    # its rows all the same (Django's cascade, and the line's delete trigger).
    line = models.ForeignKey(
        ServiceLine,
        on_delete=models.CASCADE,
        related_name="stored_periods",
        db_constraint=False,
    )
    district = models.ForeignKey(
        District, on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    start = models.DateField()
    end = models.DateField()
    span_start = models.DateField()
    span_end = models.DateField()
    stamp = models.BigIntegerField()
    rules = models.CharField(max_length=32)
    required = models.PositiveIntegerField()
    delivered = models.PositiveIntegerField()
    owed = models.PositiveIntegerField()
    made_up = models.PositiveIntegerField()
    outstanding = models.PositiveIntegerField()
    excused = models.PositiveIntegerField()
    remaining = models.PositiveIntegerField()
    # Missed minutes by reason, one column each so that SQL can add them up (MISSED).
    missed_student_absent = models.PositiveIntegerField(default=0)
    missed_student_unavailable = models.PositiveIntegerField(default=0)
    missed_provider_absent = models.PositiveIntegerField(default=0)
    missed_provider_pulled = models.PositiveIntegerField(default=0)
    missed_school_closure = models.PositiveIntegerField(default=0)
    missed_student_refused = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name, verbose_name_plural = "stored period figures", "stored period figures"
        constraints = [
            models.UniqueConstraint(
                fields=["line", "start", "end"], name="one_stored_figure_per_period"
            )
        ]
        indexes = [models.Index(fields=["district", "rules", "start"])]

    def __str__(self) -> str:
        return f"line {self.line_id} from {self.start}"


# The column of each miss reason's minutes.
MISSED = {reason.value: f"missed_{reason.value}" for reason in MissReason}
# The figures added up over a range, in this order (stored.StoredSums).
FIGURES = ("required", "delivered", "owed", "made_up", "outstanding", "excused", "remaining")
