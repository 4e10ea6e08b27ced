"""Every write of billing: the code table, students' billing records, providers'
credentials, and recording an export."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from otdesk.accounts.models import User
from otdesk.core.audit import record_event
from otdesk.core.models import AuditEvent
from otdesk.delivery.choices import SessionType
from otdesk.schools.models import District
from otdesk.students.models import Student

from .models import BilledLine, BillingCode, BillingExport, BillingProfile, ProviderCredential
from .queries import BillingRun

# The CPT codes school OTs bill (PRODUCT.md): (code, description, timed, session types,
# evaluation kinds). Therapeutic activities takes the individual and classroom sessions;
# group pull-out bills 97150; the other timed codes wait for the district to map them.
DEFAULT_CODES: tuple[tuple[str, str, bool, list[str], list[str]], ...] = (
    ("97165", "OT evaluation, low complexity", False, [], ["initial_low"]),
    ("97166", "OT evaluation, moderate complexity", False, [], ["initial_moderate"]),
    ("97167", "OT evaluation, high complexity", False, [], ["initial_high"]),
    ("97168", "OT re-evaluation", False, [], ["reevaluation"]),
    (
        "97530",
        "Therapeutic activities",
        True,
        [SessionType.PULL_OUT_INDIVIDUAL, SessionType.PUSH_IN, SessionType.CO_TEACHING],
        [],
    ),
    ("97110", "Therapeutic exercise", True, [], []),
    ("97112", "Neuromuscular re-education", True, [], []),
    ("97535", "Self-care/ADL training", True, [], []),
    ("97533", "Sensory integrative techniques", True, [], []),
    ("97150", "Therapeutic procedures, group", False, [SessionType.PULL_OUT_GROUP], []),
)


@transaction.atomic
def ensure_default_codes(*, district: District) -> int:
    """Create the default code table for a district that has none; returns codes made."""
    if BillingCode.objects.filter(district=district).exists():
        return 0
    for code, description, timed, types, kinds in DEFAULT_CODES:
        BillingCode.objects.create(
            district=district,
            code=code,
            description=description,
            timed=timed,
            session_types=[str(t) for t in types],
            evaluation_kinds=kinds,
        )
    return len(DEFAULT_CODES)


@transaction.atomic
def save_code(
    *,
    actor: User,
    district: District,
    code: str,
    description: str,
    timed: bool,
    session_types: list[str],
    evaluation_kinds: list[str],
    requires_prescription: bool,
) -> BillingCode:
    """Add a code to the district's table, or change the one with that code."""
    record = BillingCode.objects.filter(district=district, code=code).first()
    before = None
    if record is None:
        record = BillingCode(district=district, code=code)
    else:
        before = {"description": record.description, "session_types": record.session_types}
    record.description = description
    record.timed = timed
    record.session_types = sorted(session_types)
    record.evaluation_kinds = sorted(evaluation_kinds)
    record.requires_prescription = requires_prescription
    record.full_clean()
    record.save()
    record_event(
        user=actor,
        action=AuditEvent.Action.UPDATE if before else AuditEvent.Action.CREATE,
        obj=record,
        student_id=None,
        summary=f"Billing code {record.code}",
        before=before,
    )
    return record


@transaction.atomic
def save_profile(
    *,
    actor: User,
    student: Student,
    medicaid_id: str,
    consent_received: dt.date | None,
    consent_withdrawn: dt.date | None,
    prescription_date: dt.date | None,
) -> BillingProfile:
    profile = BillingProfile.objects.filter(student=student).first() or BillingProfile(
        student=student
    )
    profile.medicaid_id = medicaid_id.strip().upper()
    profile.consent_received = consent_received
    profile.consent_withdrawn = consent_withdrawn
    profile.prescription_date = prescription_date
    profile.full_clean()
    profile.save()
    record_event(
        user=actor,
        action=AuditEvent.Action.UPDATE,
        obj=profile,
        student_id=student.pk,
        summary="Billing record",
    )
    return profile


@transaction.atomic
def save_credential(
    *, actor: User, provider: User, credential: str, npi: str
) -> ProviderCredential:
    if actor.district_id is None or provider.district_id != actor.district_id:
        raise ValidationError("That person works in another district.")
    if not provider.is_therapist:
        raise ValidationError(f"{provider} is not an OT or a COTA.")
    record = ProviderCredential.objects.filter(provider=provider).first() or ProviderCredential(
        provider=provider
    )
    record.credential = credential.strip()
    record.npi = npi.strip()
    record.full_clean()
    record.save()
    record_event(
        user=actor,
        action=AuditEvent.Action.UPDATE,
        obj=record,
        student_id=None,
        summary=f"Billing credential of {provider}",
    )
    return record


@transaction.atomic
def record_export(*, actor: User, run: BillingRun) -> BillingExport:
    """Keep what the export said, line by line (0-unit lines too: their session changing
    changes the day's units)."""
    export = BillingExport(district=run.district, start=run.start, end=run.end, created_by=actor)
    export.full_clean()
    export.save()
    BilledLine.objects.bulk_create(
        BilledLine(
            export=export,
            session=line.session,
            evaluation=line.evaluation,
            student=line.student,
            date=line.date,
            code=line.code.code,
            modifier=line.modifier,
            units=line.units,
            minutes=line.minutes,
            addenda=line.addenda,
        )
        for line in run.lines
    )
    record_event(
        user=actor,
        action=AuditEvent.Action.EXPORT,
        obj=export,
        student_id=None,
        summary=f"Medicaid billing export {run.start}–{run.end}: {len(run.billed)} lines",
    )
    return export


@transaction.atomic
def mark_corrected(*, actor: User, line: BilledLine) -> BilledLine:
    """The coordinator sent the vendor a correction for this line."""
    line.correction_done = True
    line.save(update_fields=["correction_done"])
    record_event(
        user=actor,
        action=AuditEvent.Action.UPDATE,
        obj=line,
        student_id=line.student_id,
        summary=f"Billing correction sent for {line.code} on {line.date}",
    )
    return line
