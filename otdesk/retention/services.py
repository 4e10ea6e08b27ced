"""Retention: nobody deletes a child's record in the normal course; a coordinator destroys
one on the family's request, when no legal hold applies and no IEP is in force.

Destruction removes, in one transaction, every row the complete record export holds
(accesslog/record.py finds them from the models): the student, her IEPs, lines, goals,
strategies, sessions and consultations she was the only student of, her attendance and
goal data in group sessions (which stay for the other students), misses, make-ups,
programs, reports, documents, holds; the admin's history of those rows; and the files
long jobs made for the district (reports and exports hold the record too). Every
access-log event about her is emptied of what it said about her (core/append_only.py
allows that change only) and a tombstone event lists them, so the chain still verifies.
What is left is the Destruction row: counts, dates, who, and a fingerprint that matches
the certificate the family is given."""

import datetime as dt
import hashlib
import secrets
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models.deletion import ProtectedError, RestrictedError
from django.utils import timezone

from otdesk.accesslog.record import Kind, kinds
from otdesk.accounts.models import User
from otdesk.core.audit import record_event
from otdesk.core.dates import nice_date
from otdesk.core.models import AuditEvent
from otdesk.jobs.models import JobFile
from otdesk.students.models import IEP, Student

from .models import Destruction, LegalHold
from .permissions import may_destroy

CHUNK = 500  # ids per IN (...) list: SQLite's limit on query parameters is well above it


@dataclass
class Plan:
    """What destroying the record would remove, and what it keeps for other students."""

    remove: dict[type[models.Model], list[int]] = field(default_factory=dict)
    shared: dict[type[models.Model], list[int]] = field(default_factory=dict)
    events: list[int] = field(default_factory=list)
    files: int = 0

    def shared_counts(self) -> dict[str, int]:
        return _counts(self.shared)


@dataclass
class Certificate:
    """What the family's copy says: it names the child; nothing stored does."""

    destruction: Destruction
    full_name: str
    date_of_birth: dt.date
    school: str
    code: str  # printed only here; with the name and birth date it gives the fingerprint


def _counts(found: dict[type[models.Model], list[int]]) -> dict[str, int]:
    return dict(sorted((m._meta.label, len(ids)) for m, ids in found.items() if ids))


def _require_coordinator(actor: User, student: Student) -> None:
    """The services check it too (the pages do, through get_destroyable_student): a script
    or a new page cannot destroy or hold a record for anyone else."""
    if not may_destroy(actor, student):
        raise PermissionDenied("Only the district coordinator destroys a record or holds it.")


def active_hold(student: Student) -> LegalHold | None:
    return LegalHold.objects.filter(student=student, lifted_at__isnull=True).first()


def iep_in_force(student: Student, today: dt.date) -> IEP | None:
    return student.ieps.filter(status=IEP.Status.ACTIVE, end_date__gte=today).first()


def why_not(student: Student, today: dt.date) -> list[str]:
    """The reasons the record may not be destroyed today (none: it may)."""
    reasons = []
    hold = active_hold(student)
    if hold is not None:
        reasons.append(f"A legal hold is in force: {hold.reason}. Lift it first.")
    iep = iep_in_force(student, today)
    if iep is not None:
        reasons.append(
            f"An IEP is in force until {nice_date(iep.end_date)}: the record is needed to "
            "provide services. End the IEP first."
        )
    return reasons


def _tied(kind: Kind, student: Student) -> tuple[set[int], set[int]]:
    """(rows of the kind tied to this student only, rows tied to her and another student)."""
    mine: set[int] = set()
    for path in kind.paths:
        mine |= set(kind.model._base_manager.filter(**{path: student}).values_list("pk", flat=True))
    if not mine:
        return set(), set()
    others = Student.objects.exclude(pk=student.pk)
    shared: set[int] = set()
    ids = sorted(mine)
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        for path in kind.paths:
            rows = kind.model._base_manager.filter(pk__in=chunk, **{f"{path}__in": others})
            shared |= set(rows.values_list("pk", flat=True))
    return mine - shared, shared


def plan(student: Student) -> Plan:
    """The rows destruction starts from (the student first) and the shared records it keeps;
    nothing written. What deleting them cascades to is counted by `preview`."""
    found = Plan(remove={Student: [student.pk]})
    for kind in kinds():
        own, shared = _tied(kind, student)
        if own:
            found.remove[kind.model] = sorted(own)
        if shared:
            found.shared[kind.model] = sorted(shared)
    found.events = _events_about(student, found.remove)
    found.files = JobFile.objects.filter(job__district_id=student.school.district_id).count()
    return found


class _Undo(Exception):
    """Raised to roll a preview back."""


def preview(student: Student) -> tuple[Plan, dict[str, int]]:
    """What destruction would remove, counted by doing it in a transaction rolled back."""
    found = plan(student)
    counts: dict[str, int] = {}
    try:
        with transaction.atomic():
            counts = _remove(found, student.school.district_id)
            raise _Undo
    except _Undo:
        pass
    return found, counts


def _events_about(student: Student, rows: dict[type[models.Model], list[int]]) -> list[int]:
    """Access-log events about the student, or about a row destruction removes."""
    events = set(
        AuditEvent.objects.filter(student_id=student.pk, redacted_in__isnull=True).values_list(
            "pk", flat=True
        )
    )
    for model, ids in rows.items():
        label = model._meta.label_lower
        for start in range(0, len(ids), CHUNK):
            about = AuditEvent.objects.filter(
                object_type=label, object_id__in=ids[start : start + CHUNK]
            ).filter(redacted_in__isnull=True)
            events |= set(about.values_list("pk", flat=True))
    return sorted(events)


def fingerprint(code: str, full_name: str, date_of_birth: dt.date) -> str:
    return hashlib.sha256(f"{code}|{full_name}|{date_of_birth.isoformat()}".encode()).hexdigest()


def _reference(district_id: int, when: dt.datetime) -> str:
    year = when.year
    n = Destruction.objects.filter(district_id=district_id, destroyed_at__year=year).count() + 1
    return f"D{district_id}-{year}-{n:04d}"


def destroy(
    *,
    actor: User,
    student: Student,
    requested_on: dt.date,
    request: str,
    confirm_name: str,
) -> Certificate:
    """Destroy the student's record (see the module's note); refused, changing nothing,
    when a legal hold or an IEP in force applies or the name typed is not the student's."""
    _require_coordinator(actor, student)
    now = timezone.now()
    today = timezone.localdate()
    errors: dict[str, str] = {}
    if " ".join(confirm_name.split()).casefold() != student.full_name.casefold():
        errors["confirm_name"] = f"Type the student's full name, {student.full_name}, to confirm."
    if requested_on > today:
        errors["requested_on"] = "The request cannot have come after today."
    for name in (student.first_name, student.last_name, student.preferred_name):
        if name and name.casefold() in request.casefold():
            errors["request"] = (
                "Leave the child's name out: say who asked and how (e.g. 'Mother, in writing')."
            )
    if errors:
        raise ValidationError(errors)
    reasons = why_not(student, today)
    if reasons:
        raise ValidationError(" ".join(reasons))
    with transaction.atomic():
        found = plan(student)
        district_id = student.school.district_id
        removed = _remove(found, district_id)
        code = secrets.token_hex(8)
        destruction = Destruction(
            reference=_reference(district_id, now),
            district_id=district_id,
            destroyed_at=now,
            destroyed_by=actor,
            requested_on=requested_on,
            request=request.strip(),
            removed=removed,
            kept_shared=found.shared_counts(),
            redacted_events=len(found.events),
            files_removed=found.files,
            audit_event_id=0,
            fingerprint=fingerprint(code, student.full_name, student.date_of_birth),
        )
        certificate = Certificate(
            destruction=destruction,
            full_name=student.full_name,
            date_of_birth=student.date_of_birth,
            school=student.school.name,
            code=code,
        )
        destruction.save()
        tombstone = AuditEvent(
            user=actor,
            action=AuditEvent.Action.DESTROY,
            student_id=None,
            object_type=Destruction._meta.label_lower,
            object_id=destruction.pk,
            summary=f"A student's record destroyed on request ({destruction.reference}): "
            f"{destruction.rows_removed} rows, {len(found.events)} access-log entries emptied",
            after={"reference": destruction.reference, "redacted": found.events},
        )
        tombstone.save()  # chained like every event
        for start in range(0, len(found.events), CHUNK):
            AuditEvent.objects.filter(pk__in=found.events[start : start + CHUNK]).update(
                redacted_in=tombstone.pk,
                summary="",
                before=None,
                after=None,
                student_id=None,
                object_id=None,
                address=None,
            )
        destruction.audit_event_id = tombstone.pk
        destruction.save(update_fields=["audit_event_id"])
    return certificate


def _remove(found: Plan, district_id: int) -> dict[str, int]:
    """Delete the rows (and what they cascade to), their admin history and the district's
    job files; the rows removed, by kind of record."""
    for model, ids in found.remove.items():
        kind = ContentType.objects.get_for_model(model, for_concrete_model=False)
        chunk = [str(pk) for pk in ids]
        LogEntry.objects.filter(content_type=kind, object_id__in=chunk).delete()
    removed: dict[str, int] = defaultdict(int)
    pending = dict(found.remove)
    while pending:
        # A row another of hers protects (her attendance protects her) goes in a later pass.
        done = []
        for model, ids in pending.items():
            try:
                with transaction.atomic():
                    _, per_model = model._base_manager.filter(pk__in=ids).delete()
            except (ProtectedError, RestrictedError):
                continue
            done.append(model)
            for label, n in per_model.items():
                if n:
                    removed[label] += n
        if not done:
            kept = ", ".join(sorted(str(m._meta.verbose_name_plural) for m in pending))
            raise ValidationError(
                f"Nothing was destroyed: records kept for others still point at these ({kept})."
            )
        for model in done:
            del pending[model]
    JobFile.objects.filter(job__district_id=district_id).delete()
    return dict(sorted(removed.items()))


@transaction.atomic
def place_hold(*, actor: User, student: Student, reason: str) -> LegalHold:
    _require_coordinator(actor, student)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Say why the record must be kept (e.g. a hearing)."})
    if active_hold(student) is not None:
        raise ValidationError("A legal hold is in force already.")
    hold = LegalHold(student=student, reason=reason, placed_by=actor)
    hold.full_clean()
    hold.save()
    record_event(
        user=actor,
        action=AuditEvent.Action.CREATE,
        obj=hold,
        student_id=student.pk,
        summary=f"Legal hold placed: {reason}"[:200],
    )
    return hold


@transaction.atomic
def lift_hold(*, actor: User, student: Student) -> LegalHold:
    _require_coordinator(actor, student)
    hold = active_hold(student)
    if hold is None:
        raise ValidationError("No legal hold is in force.")
    hold.lifted_by = actor
    hold.lifted_at = timezone.now()
    hold.save(update_fields=["lifted_by", "lifted_at"])
    record_event(
        user=actor,
        action=AuditEvent.Action.UPDATE,
        obj=hold,
        student_id=student.pk,
        summary="Legal hold lifted",
    )
    return hold
