import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from otdesk.accounts.models import User

from .models import IEP, ServiceLine, Student, TeamMember, TeamRole
from .permissions import students_visible_to

DUE_SOON_DAYS = 30


@dataclass(frozen=True)
class Due:
    """How close a review or re-evaluation date is, in words and as a status."""

    date: dt.date | None
    status: str  # "overdue", "soon", "ok" or "none"
    words: str


def due_status(day: dt.date | None, today: dt.date) -> Due:
    if day is None:
        return Due(None, "none", "Not set")
    days = (day - today).days
    if days < 0:
        n = -days
        return Due(day, "overdue", f"Overdue by {n} day{'s' if n != 1 else ''}")
    if days == 0:
        return Due(day, "soon", "Due today")
    if days <= DUE_SOON_DAYS:
        return Due(day, "soon", f"Due in {days} day{'s' if days != 1 else ''}")
    return Due(day, "ok", "")


def current_iep_prefetch() -> Prefetch:
    return Prefetch(
        "ieps",
        queryset=IEP.objects.filter(status=IEP.Status.ACTIVE).prefetch_related(
            Prefetch("service_lines", queryset=ServiceLine.objects.all())
        ),
        to_attr="active_ieps",
    )


def caseload(user: User) -> QuerySet[Student]:
    """The students a user may see, ready for the caseload table (no per-row queries)."""
    return (
        students_visible_to(user)
        .filter(active=True)
        .select_related("school", "classroom")
        .prefetch_related(current_iep_prefetch())
        .order_by("school__name", "last_name", "first_name")
    )


def service_summary(iep: IEP | None, today: dt.date) -> str:
    """One line for the caseload: 'Direct 30 min/week (push-in) · Consult 60 min/month'."""
    if iep is None:
        return "No IEP in effect"
    lines = [line for line in iep.service_lines.all() if line.in_force_on(today)]
    if not lines:
        upcoming = [line for line in iep.service_lines.all() if line.start_date > today]
        lines = upcoming[:2]
    text = " · ".join(line.summary for line in lines) if lines else "No OT service in force today"
    if iep.minutes_narrated_in_report:
        text += " · minutes narrated in OT report"
    return text


@dataclass(frozen=True)
class CaseloadRow:
    student: Student
    iep: IEP | None
    summary: str
    annual_review: Due
    reevaluation: Due


def caseload_rows(user: User, today: dt.date) -> list[CaseloadRow]:
    rows = []
    for student in caseload(user):
        iep = student.active_ieps[0] if student.active_ieps else None  # type: ignore[attr-defined]
        rows.append(
            CaseloadRow(
                student=student,
                iep=iep,
                summary=service_summary(iep, today),
                annual_review=due_status(iep.annual_review_due if iep else None, today),
                reevaluation=due_status(iep.reevaluation_due if iep else None, today),
            )
        )
    return rows


def student_record(student: Student) -> dict[str, object]:
    """Everything the student page shows, fetched in a fixed number of queries."""
    iep = (
        student.ieps.filter(status=IEP.Status.ACTIVE)
        .prefetch_related("service_lines", "goals")
        .first()
    )
    if iep is None:
        iep = student.ieps.prefetch_related("service_lines", "goals").first()
    strategies = student.strategies.select_related("implementer_person").all()
    order = list(TeamRole)
    team = sorted(
        TeamMember.objects.filter(student=student).select_related("person"),
        key=lambda member: (order.index(TeamRole(member.role)), member.person.last_name),
    )
    concerns = student.concerns.select_related("raised_by", "answered_by")
    return {"iep": iep, "strategies": strategies, "team": team, "concerns": concerns}
