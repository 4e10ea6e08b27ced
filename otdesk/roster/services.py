"""Every write of a roster import: upload (checked by a worker: the dry run), import
(applied by a worker in one transaction), both audited. The command line calls
check_roster and import_roster directly, with its own progress bar.

An upload is checked again when it is imported: the database may have changed since the
dry run, and what is written is always what the latest check found."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from otdesk.accounts.models import User
from otdesk.core.audit import record_event
from otdesk.core.models import AuditEvent
from otdesk.core.planner import fresh_statistics
from otdesk.jobs import services as jobs
from otdesk.jobs.models import Job
from otdesk.jobs.tasks import job_task
from otdesk.schools.models import District

from .apply import apply_plan
from .changes import Plan
from .csvimport import plan_csv, read_students_csv
from .models import CsvMapping, RosterImport, upload_problem
from .oneroster import RosterError, read_zip
from .plan import plan_oneroster

Progress = Callable[[int, int, str], None]
Status = RosterImport.Status


def _never(done: int, total: int, message: str) -> None:
    return None


@dataclass(frozen=True)
class Sheet:
    """A spreadsheet of students instead of a OneRoster zip: its name and its columns."""

    file_name: str
    mapping: dict[str, str]


def check_roster(
    *,
    district: District,
    data: bytes,
    actor: User,
    progress: Progress = _never,
    sheet: Sheet | None = None,
) -> Plan:
    """The dry run: what importing this OneRoster zip (or spreadsheet of students) would
    do, and what is wrong with it."""
    if sheet is not None:
        progress(0, 1, "Reading the file")
        plan = plan_csv(
            district=district, data=data, file_name=sheet.file_name, mapping=sheet.mapping
        )
        progress(1, 1, "Checked")
        return plan
    progress(0, 2, "Reading the zip")
    plan = Plan(district=district)
    try:
        roster = read_zip(data)
    except RosterError as exc:
        plan.problems = exc.problems
        return plan
    progress(1, 2, "Comparing with OT Desk")
    plan = plan_oneroster(district=district, roster=roster, actor=actor)
    progress(2, 2, "Checked")
    return plan


ACTION_WORDS = {
    "create": "created",
    "update": "updated",
    "deactivate": "deactivated",
    "reactivate": "reactivated",
}


def summary_words(plan: Plan) -> str:
    """ "12 created, 3 updated, 1 deactivated" (or "nothing to change")."""
    counts = plan.counts()
    parts = []
    for action, words in ACTION_WORDS.items():
        n = sum(kinds[action] for kinds in counts.values())
        if n:
            parts.append(f"{n} {words}")
    return ", ".join(parts) or "nothing to change"


@transaction.atomic
def import_roster(
    *,
    district: District,
    data: bytes,
    actor: User,
    roster_import: RosterImport | None = None,
    progress: Progress = _never,
    sheet: Sheet | None = None,
) -> Plan:
    """Check the zip (or spreadsheet) again and, if it has no problems, write it (all or
    nothing)."""
    plan = check_roster(district=district, data=data, actor=actor, sheet=sheet)
    if not plan.ok:
        return plan
    apply_plan(plan, actor=actor, progress=progress)
    fresh_statistics()
    subject = roster_import or district
    record_event(
        user=actor,
        action=AuditEvent.Action.UPDATE,
        obj=subject,
        student_id=None,
        summary=f"Imported the {'students spreadsheet' if sheet else 'OneRoster roster'}: "
        f"{summary_words(plan)}",
        after={"counts": plan.counts()},
    )
    return plan


# The pages' side: an upload checked and imported by the task queue ------------------


def upload(*, actor: User, district: District, file_name: str, data: bytes) -> RosterImport:
    """Keep the upload and start its check (the dry run) on the task queue."""
    _refuse_size(data)
    with transaction.atomic():
        roster_import = _keep(
            actor=actor,
            district=district,
            file_name=file_name,
            data=data,
            kind=RosterImport.Kind.ONEROSTER,
            status=Status.CHECKING,
            what="the roster",
        )
        roster_import.job = jobs.start(
            task=check_task,
            owner=actor,
            district=district,
            label=f"Check the roster {roster_import.file_name}",
            params={"roster_import": roster_import.pk},
        )
        roster_import.save(update_fields=["job"])
    return roster_import


def upload_csv(*, actor: User, district: District, file_name: str, data: bytes) -> RosterImport:
    """Keep a spreadsheet of students until its columns are chosen (it must be readable)."""
    _refuse_size(data)
    try:
        read_students_csv(data, file_name)
    except RosterError as exc:
        raise ValidationError({"file": [p.words() for p in exc.problems]}) from None
    with transaction.atomic():
        return _keep(
            actor=actor,
            district=district,
            file_name=file_name,
            data=data,
            kind=RosterImport.Kind.CSV,
            status=Status.COLUMNS,
            what="the students spreadsheet",
        )


def _refuse_size(data: bytes) -> None:
    problem = upload_problem(len(data))
    if problem:
        raise ValidationError({"file": problem})


def _keep(
    *,
    actor: User,
    district: District,
    file_name: str,
    data: bytes,
    kind: str,
    status: str,
    what: str,
) -> RosterImport:
    roster_import = RosterImport(
        district=district,
        kind=kind,
        uploaded_by=actor,
        file_name=file_name[:200],
        data=data,
        status=status,
    )
    roster_import.full_clean(exclude=["data"])
    roster_import.save()
    record_event(
        user=actor,
        action=AuditEvent.Action.CREATE,
        obj=roster_import,
        student_id=None,
        summary=f"Uploaded {what} {roster_import.file_name} to check",
    )
    return roster_import


def remembered_columns(district: District) -> dict[str, str]:
    """The columns the district chose for its last spreadsheet ({} before the first)."""
    found = CsvMapping.objects.filter(district=district).first()
    return dict(found.mapping) if found else {}


def sheet_of(roster_import: RosterImport) -> Sheet | None:
    if roster_import.kind != RosterImport.Kind.CSV:
        return None
    return Sheet(file_name=roster_import.file_name, mapping=dict(roster_import.mapping))


def choose_columns(
    *, actor: User, roster_import: RosterImport, mapping: dict[str, str]
) -> RosterImport:
    """Remember the district's columns and check the spreadsheet with them (the dry run,
    at once: a spreadsheet is one file of students)."""
    with transaction.atomic():
        roster_import = RosterImport.objects.select_for_update().get(pk=roster_import.pk)
        if roster_import.status not in (Status.COLUMNS, Status.CHECKED, Status.REFUSED):
            raise ValidationError(
                f"This upload is {roster_import.get_status_display().lower()}; its columns "
                "can no longer change."
            )
        CsvMapping.objects.update_or_create(
            district=roster_import.district, defaults={"mapping": mapping}
        )
        roster_import.mapping = mapping
        sheet = sheet_of(roster_import)
        plan = check_roster(
            district=roster_import.district,
            data=bytes(roster_import.data),
            actor=actor,
            sheet=sheet,
        )
        roster_import.save(update_fields=["mapping"])
        _finish(roster_import, plan, Status.CHECKED if plan.ok else Status.REFUSED)
    return roster_import


def start_import(*, actor: User, roster_import: RosterImport) -> RosterImport:
    """Import a checked upload on the task queue."""
    with transaction.atomic():
        roster_import = RosterImport.objects.select_for_update().get(pk=roster_import.pk)
        if roster_import.status != Status.CHECKED:
            raise ValidationError(
                f"This upload is {roster_import.get_status_display().lower()}; only a checked "
                "upload with no problems can be imported."
            )
        roster_import.status = Status.APPLYING
        roster_import.job = jobs.start(
            task=apply_task,
            owner=actor,
            district=roster_import.district,
            label=f"Import the roster {roster_import.file_name}",
            params={"roster_import": roster_import.pk},
        )
        roster_import.save(update_fields=["status", "job"])
    return roster_import


def _job_progress(job: Job) -> Progress:
    def report(done: int, total: int, message: str) -> None:
        jobs.progress(job, done=done, total=total, message=message)

    return report


def _finish(roster_import: RosterImport, plan: Plan, status: str) -> dict[str, Any]:
    roster_import.report = plan.report()
    roster_import.status = status
    fields = ["report", "status"]
    # Nothing of the roster is kept longer than needed; a refused spreadsheet stays until
    # it is imported, so its columns can be chosen again.
    keep = status == Status.CHECKED or (
        status == Status.REFUSED and roster_import.kind == RosterImport.Kind.CSV
    )
    if not keep:
        roster_import.data = b""
        fields.append("data")
    if status == Status.APPLIED:
        roster_import.applied_at = timezone.now()
        fields.append("applied_at")
    roster_import.save(update_fields=fields)
    return {"status": status, "changes": plan.total_changes, "problems": len(plan.problems)}


def _load(pk: int) -> RosterImport:
    roster_import = RosterImport.objects.select_related("district", "uploaded_by").filter(pk=pk)
    found = roster_import.first()
    if found is None:
        raise jobs.JobFailed("The upload was removed.")
    return found


@job_task(kind="roster.check", max_attempts=1)
def check_task(job: Job, *, roster_import: int) -> dict[str, Any]:
    upload_row = _load(roster_import)
    plan = check_roster(
        district=upload_row.district,
        data=bytes(upload_row.data),
        actor=upload_row.uploaded_by,
        progress=_job_progress(job),
    )
    return _finish(upload_row, plan, Status.CHECKED if plan.ok else Status.REFUSED)


@job_task(kind="roster.apply", max_attempts=1)
def apply_task(job: Job, *, roster_import: int) -> dict[str, Any]:
    upload_row = _load(roster_import)
    try:
        plan = import_roster(
            district=upload_row.district,
            data=bytes(upload_row.data),
            actor=job.owner,
            roster_import=upload_row,
            progress=_job_progress(job),
            sheet=sheet_of(upload_row),
        )
    except Exception:
        RosterImport.objects.filter(pk=upload_row.pk).update(status=Status.FAILED)
        raise
    return _finish(upload_row, plan, Status.APPLIED if plan.ok else Status.REFUSED)
