"""Every write of the progress reports: reporting periods and progress codes (the district
coordinator's), reports (the student's OT's: start, save the draft, make final, add an
addendum) and a guardian's comment on the draft. Keyword-only arguments, one transaction,
full_clean, one audit event each."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from otdesk.accounts.models import User
from otdesk.accounts.permissions import is_coordinator_of
from otdesk.core.audit import record_event
from otdesk.core.dates import nice_date
from otdesk.core.models import AuditEvent
from otdesk.schools.models import District, ReportingPeriod
from otdesk.students.models import Student
from otdesk.students.permissions import can_edit_iep, children_of

from . import queries
from .models import GoalProgress, ParentComment, ProgressAddendum, ProgressCode, ProgressReport

Action = AuditEvent.Action

# The district's codes until its coordinator changes them (marked for translation: a
# family reads them in Spanish while the district keeps these words).
DEFAULT_CODES = (
    gettext_noop("Making progress"),
    gettext_noop("Not yet making progress"),
    gettext_noop("Met"),
    gettext_noop("Not addressed this period"),
)


# Progress codes ------------------------------------------------------------------------


@transaction.atomic
def ensure_default_codes(*, district: District) -> list[ProgressCode]:
    """The four default codes for a district that has none yet (called by the demo and the
    first time the district's reports or codes are opened); a district that has codes keeps
    them as they are, renamed and retired ones included."""
    District.objects.select_for_update().filter(pk=district.pk).first()
    if ProgressCode.objects.filter(district=district).exists():
        return list(queries.codes_of(district))
    made = []
    for order, label in enumerate(DEFAULT_CODES, start=1):
        code = ProgressCode(district=district, label=label, order=order)
        code.full_clean()
        code.save()
        made.append(code)
        record_event(
            user=None,
            action=Action.CREATE,
            obj=code,
            student_id=None,
            summary=f"Default progress code {label}",
        )
    return made


def _require_coordinator(actor: User, district: District) -> None:
    if not is_coordinator_of(actor, district.pk):
        raise ValidationError("Only the district coordinator changes this.")


@transaction.atomic
def save_code(
    *, actor: User, code: ProgressCode, request: HttpRequest | None = None
) -> ProgressCode:
    """Add, rename, reorder or retire (active=False) a progress code. A new code goes last
    unless it has an order."""
    _require_coordinator(actor, code.district)
    new = code.pk is None
    if not code.order:
        last = ProgressCode.objects.filter(district=code.district).aggregate(m=Max("order"))["m"]
        code.order = (last or 0) + 1
    clash = ProgressCode.objects.filter(
        district=code.district, label__iexact=code.label.strip()
    ).exclude(pk=code.pk)
    code.label = code.label.strip()
    if clash.exists():
        raise ValidationError({"label": f"The district already has a code “{code.label}”."})
    code.full_clean()
    code.save()
    record_event(
        user=actor,
        action=Action.CREATE if new else Action.UPDATE,
        obj=code,
        student_id=None,
        summary=f"{'Added' if new else 'Changed'} the progress code {code.label}"
        + ("" if code.active else " (retired)"),
        request=request,
    )
    return code


# Reporting periods ---------------------------------------------------------------------


def check_period(period: ReportingPeriod) -> None:
    """End after start, inside the district's school year, no overlap with another period
    of the district: each message names the field and what to do."""
    district = period.district
    errors: dict[str, str] = {}
    if period.start_date and period.end_date and period.end_date <= period.start_date:
        errors["end_date"] = "A reporting period must end after it starts."
    year = f"{nice_date(district.school_year_start)} to {nice_date(district.school_year_end)}"
    if period.start_date and not (
        district.school_year_start <= period.start_date <= district.school_year_end
    ):
        errors["start_date"] = f"Start inside the school year ({year})."
    if period.end_date and not (
        district.school_year_start <= period.end_date <= district.school_year_end
    ):
        errors["end_date"] = f"End inside the school year ({year})."
    if not errors:
        other = (
            ReportingPeriod.objects.filter(
                district=district,
                start_date__lte=period.end_date,
                end_date__gte=period.start_date,
            )
            .exclude(pk=period.pk)
            .first()
        )
        if other is not None:
            errors["start_date"] = (
                f"These dates overlap {other.name} ({nice_date(other.start_date)} to "
                f"{nice_date(other.end_date)}): periods may not share a day."
            )
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def save_period(
    *, actor: User, period: ReportingPeriod, request: HttpRequest | None = None
) -> ReportingPeriod:
    _require_coordinator(actor, period.district)
    District.objects.select_for_update().filter(pk=period.district_id).first()
    new = period.pk is None
    before = None
    if not new:
        old = ReportingPeriod.objects.get(pk=period.pk)
        before = {"name": old.name, "start": str(old.start_date), "end": str(old.end_date)}
        if old.progress_reports.filter(status=ProgressReport.Status.FINAL).exists() and (
            old.start_date != period.start_date or old.end_date != period.end_date
        ):
            raise ValidationError(
                {"start_date": "Final reports were made for this period: its dates stay."}
            )
    check_period(period)
    period.full_clean()
    period.save()
    record_event(
        user=actor,
        action=Action.CREATE if new else Action.UPDATE,
        obj=period,
        student_id=None,
        summary=f"{'Added' if new else 'Changed'} the reporting period {period}",
        request=request,
        before=before,
        after={"name": period.name, "start": str(period.start_date), "end": str(period.end_date)},
    )
    return period


@transaction.atomic
def delete_period(
    *, actor: User, period: ReportingPeriod, request: HttpRequest | None = None
) -> None:
    _require_coordinator(actor, period.district)
    count = period.progress_reports.count()
    if count:
        raise ValidationError(
            f"{count} progress report{'s were' if count != 1 else ' was'} written for "
            f"{period.name}: it stays. Change its name or dates instead."
        )
    record_event(
        user=actor,
        action=Action.DELETE,
        obj=period,
        student_id=None,
        summary=f"Removed the reporting period {period}",
        request=request,
        before={"name": period.name, "start": str(period.start_date), "end": str(period.end_date)},
    )
    period.delete()


# Reports -------------------------------------------------------------------------------


def _audit(actor: User, action: str, report: ProgressReport, summary: str, **kw: Any) -> None:
    record_event(
        user=actor, action=action, obj=report, student_id=report.student_id, summary=summary, **kw
    )


def _require_author(actor: User, report: ProgressReport) -> None:
    if not can_edit_iep(actor, report.student):
        raise ValidationError("Only the student's OT writes the progress report.")


@transaction.atomic
def start_report(
    *,
    actor: User,
    student: Student,
    period: ReportingPeriod,
    request: HttpRequest | None = None,
) -> ProgressReport:
    """A draft for the student and period, with one entry per goal in force; the same
    report again when it exists."""
    if not can_edit_iep(actor, student):
        raise ValidationError("Only the student's OT writes the progress report.")
    found = ProgressReport.objects.filter(student=student, period=period).first()
    if found is not None:
        return found
    ensure_default_codes(district=period.district)
    report = ProgressReport(student=student, period=period, author=actor)
    report.full_clean()
    report.save()
    GoalProgress.objects.bulk_create(
        GoalProgress(report=report, goal=goal) for goal in queries.goals_in_force(student, period)
    )
    _audit(
        actor,
        Action.CREATE,
        report,
        f"Started the progress report for {period.name}",
        request=request,
    )
    return report


@transaction.atomic
def save_report(
    *,
    actor: User,
    report: ProgressReport,
    narrative: str,
    goals: dict[int, tuple[ProgressCode | None, str]],
    request: HttpRequest | None = None,
) -> ProgressReport:
    """The draft's words: the report's narrative and, per goal entry (by GoalProgress pk),
    its code and narrative."""
    report = ProgressReport.objects.select_for_update().get(pk=report.pk)
    _require_author(actor, report)
    if report.is_final:
        raise ValidationError("This report is final: add an addendum to correct it.")
    report.narrative = narrative
    report.full_clean()
    report.save(update_fields=["narrative"])
    active = set(queries.codes_of(report.period.district).values_list("pk", flat=True))
    for entry in report.goals.all():
        if entry.pk not in goals:
            continue
        code, words = goals[entry.pk]
        if code is not None and code.pk not in active and code.pk != entry.code_id:
            raise ValidationError({f"code_{entry.pk}": "Choose one of the district's codes."})
        entry.code, entry.narrative = code, words
        entry.full_clean()
        entry.save(update_fields=["code", "narrative"])
    _audit(
        actor,
        Action.UPDATE,
        report,
        f"Saved the draft progress report for {report.period.name}",
        request=request,
    )
    return report


@transaction.atomic
def finalize_report(
    *, actor: User, report: ProgressReport, request: HttpRequest | None = None
) -> ProgressReport:
    """Final and locked: every goal needs a code; the goal data and minutes it shows are
    frozen with it."""
    report = ProgressReport.objects.select_for_update().get(pk=report.pk)
    _require_author(actor, report)
    if report.is_final:
        raise ValidationError("This report is already final.")
    missing = report.goals.filter(code__isnull=True).count()
    if missing:
        raise ValidationError(
            f"Give every goal a progress code first ({missing} still without one)."
        )
    report.snapshot = queries.live_content(report)
    report.status = ProgressReport.Status.FINAL
    report.finalized_at = timezone.now()
    report.full_clean()
    report.save(update_fields=["snapshot", "status", "finalized_at"])
    _audit(
        actor,
        Action.UPDATE,
        report,
        f"Made the progress report for {report.period.name} final",
        request=request,
    )
    return report


@transaction.atomic
def add_addendum(
    *, actor: User, report: ProgressReport, text: str, request: HttpRequest | None = None
) -> ProgressAddendum:
    report = ProgressReport.objects.select_for_update().get(pk=report.pk)
    _require_author(actor, report)
    if not report.is_final:
        raise ValidationError("The report is still a draft: change it instead.")
    addendum = ProgressAddendum(report=report, author=actor, text=text.strip())
    addendum.full_clean()
    addendum.save()
    _audit(
        actor,
        Action.UPDATE,
        report,
        f"Added an addendum to the progress report for {report.period.name}",
        request=request,
    )
    return addendum


@transaction.atomic
def add_parent_comment(
    *, actor: User, report: ProgressReport, text: str, request: HttpRequest | None = None
) -> ParentComment:
    """A guardian of the child adds their input while the report is a draft."""
    report = ProgressReport.objects.select_for_update().get(pk=report.pk)
    if not children_of(actor).filter(pk=report.student_id).exists():
        raise ValidationError(_("Only the child's parents and guardians add comments here."))
    if report.is_final:
        raise ValidationError(
            {"text": _("This report is finished. Send a question to the therapist instead.")}
        )
    comment = ParentComment(report=report, author=actor, text=text.strip())
    comment.full_clean()
    comment.save()
    _audit(
        actor,
        Action.CREATE,
        report,
        f"A guardian commented on the progress report for {report.period.name}",
        request=request,
    )
    return comment
