"""Who reaches a progress report (the one way in for every view of this app):

- the student's OT (students.permissions.can_edit_iep) writes it: starts the draft, saves
  it, makes it final, adds addenda;
- a COTA serving the student reads it (403 on every change: the OT writes the report);
- a guardian of the child reads final reports and comments on drafts, through the family
  portal (family_report_for);
- everyone else: 404, as if the report did not exist.
Reporting periods and progress codes are the district coordinator's (404 to others).
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from otdesk.accounts.models import User
from otdesk.accounts.permissions import coordinated_district, require_therapist
from otdesk.schools.models import District, ReportingPeriod
from otdesk.students.models import Student
from otdesk.students.permissions import (
    can_edit_iep,
    children_of,
    get_served_student,
    is_parent,
    served_students,
)

from .models import ProgressCode, ProgressReport

COORDINATOR_ONLY = "Reporting periods and progress codes are set by the district coordinator."
NO_SUCH_REPORT = "No such progress report on your caseload."
READ_ONLY = "The student's OT writes the progress report; you can read it."


def coordinator_district(user: User) -> District:
    return coordinated_district(user, COORDINATOR_ONLY)


def get_period(user: User, pk: int) -> ReportingPeriod:
    """A reporting period of the coordinator's own district; 404 otherwise."""
    district = coordinator_district(user)
    period = ReportingPeriod.objects.filter(district=district, pk=pk).first()
    if period is None:
        raise Http404("No such reporting period in your district.")
    return period


def get_code(user: User, pk: int) -> ProgressCode:
    district = coordinator_district(user)
    code = ProgressCode.objects.filter(district=district, pk=pk).first()
    if code is None:
        raise Http404("No such progress code in your district.")
    return code


def therapist_district(user: User) -> District:
    """The district whose periods an OT or COTA reports on."""
    require_therapist(user, "Progress reports are written by the students' therapists.")
    if user.district is None:
        raise Http404("You are not in a district yet.")
    return user.district


def get_therapist_period(user: User, pk: int) -> ReportingPeriod:
    district = therapist_district(user)
    period = ReportingPeriod.objects.filter(district=district, pk=pk).first()
    if period is None:
        raise Http404("No such reporting period in your district.")
    return period


def get_report_student(user: User, pk: int, *, write: bool = False) -> Student:
    """A student the user serves (OT or COTA), 404 otherwise; 403 to a COTA who would write."""
    student = get_served_student(user, pk)
    if write and not can_edit_iep(user, student):
        raise PermissionDenied(READ_ONLY)
    return student


def get_report(user: User, pk: int, *, write: bool = False) -> ProgressReport:
    """The report for the student's OT or a serving COTA (404 to everyone else; 403 to the
    COTA on a change)."""
    report = (
        ProgressReport.objects.filter(student__in=served_students(user), pk=pk)
        .select_related("student__school__district", "period", "author")
        .first()
    )
    if report is None:
        raise Http404(NO_SUCH_REPORT)
    if write and not can_edit_iep(user, report.student):
        raise PermissionDenied(READ_ONLY)
    return report


def can_write(user: User, report: ProgressReport) -> bool:
    return can_edit_iep(user, report.student)


def family_report_for(user: User, pk: int) -> ProgressReport:
    """A report about one of this guardian's own children (draft: to comment; final: to
    read); 404 for anyone else."""
    report = (
        ProgressReport.objects.filter(student__in=children_of(user), pk=pk)
        .select_related("student__school__district", "period", "author")
        .first()
    )
    if report is None:
        raise Http404(_("No such report."))
    return report


def get_pdf_report(user: User, pk: int) -> ProgressReport:
    """The PDF: the student's OT or serving COTA, or a guardian once the report is final."""
    if is_parent(user):
        report = family_report_for(user, pk)
        if not report.is_final:
            raise Http404(_("No such report."))
        return report
    return get_report(user, pk)
