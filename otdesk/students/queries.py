import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Max, Prefetch, Q, QuerySet

from otdesk.accounts.models import User
from otdesk.core.dates import years_after

from .choices import Proposal
from .models import (
    IEP,
    Concern,
    ServiceLine,
    Strategy,
    StrategyRequest,
    StrategyReview,
    Student,
    TeamMember,
    TeamRole,
)
from .permissions import iep_students, served_students, students_visible_to

DUE_SOON_DAYS = 30
# The team queue lists strategies whose review falls due within this many days.
REVIEW_AHEAD_DAYS = 14


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


# A student is re-evaluated at least every this many years (PRODUCT.md).
REEVALUATION_YEARS = 3


def reevaluation_due(last: dt.date | None, iep_due: dt.date | None) -> dt.date | None:
    """The one rule for when a re-evaluation is due: three years after the last complete
    evaluation; while OT Desk holds none, the IEP's own "triennial re-evaluation due"."""
    if last is not None:
        return years_after(last, REEVALUATION_YEARS)
    return iep_due


def last_evaluated(
    student_ids: Iterable[int],
    *,
    excluding: int | None = None,
    before: dt.date | None = None,
) -> dict[int, dt.date]:
    """The evaluation date of each student's last complete evaluation (evaluated and its
    report written: evaluations.Evaluation.is_complete), leaving out one evaluation (the
    one being checked) and, with `before`, any evaluated on or after that day (what came
    after an evaluation is not its "last one"). Read through the students' reverse
    relation: students imports no app above it."""
    complete = Q(evaluations__evaluation_date__isnull=False, evaluations__report_date__isnull=False)
    if excluding is not None:
        complete &= ~Q(evaluations__pk=excluding)
    if before is not None:
        complete &= Q(evaluations__evaluation_date__lt=before)
    rows = (
        Student.objects.filter(pk__in=list(student_ids))
        .annotate(last=Max("evaluations__evaluation_date", filter=complete))
        .filter(last__isnull=False)
        .values_list("pk", "last")
    )
    return dict(rows)


def reevaluation_statuses(ieps: dict[int, IEP | None], today: dt.date) -> dict[int, Due]:
    """Each student's re-evaluation date and status (evaluations.rules: three years after
    the last complete evaluation, else the IEP's date), so every page shows the same."""
    last = last_evaluated(ieps)
    return {
        pk: due_status(reevaluation_due(last.get(pk), iep.reevaluation_due if iep else None), today)
        for pk, iep in ieps.items()
    }


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
    students = list(caseload(user))
    ieps = {s.pk: (s.active_ieps[0] if s.active_ieps else None) for s in students}  # type: ignore[attr-defined]
    reevaluations = reevaluation_statuses(ieps, today)
    for student in students:
        iep = ieps[student.pk]
        rows.append(
            CaseloadRow(
                student=student,
                iep=iep,
                summary=service_summary(iep, today),
                annual_review=due_status(iep.annual_review_due if iep else None, today),
                reevaluation=reevaluations[student.pk],
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


@dataclass(frozen=True)
class TeamQueue:
    """What a therapist's team is waiting on, over the students they serve."""

    due: list[tuple[Strategy, Due]]
    concerns: list[Concern]
    requests: list[StrategyRequest]
    proposals: list[StrategyReview]  # COTAs' proposed changes, for the students' OT


def team_queue(user: User, today: dt.date) -> TeamQueue:
    """Reviews due soon or overdue, open concerns, parents' open requests and COTAs'
    proposed changes: four queries however many students and items."""
    students = served_students(user)
    due = (
        Strategy.objects.filter(student__in=students, next_review_date__isnull=False)
        .exclude(status=Strategy.Status.DISCONTINUED)
        .filter(next_review_date__lte=today + dt.timedelta(days=REVIEW_AHEAD_DAYS))
        .select_related("student", "implementer_person")
        .order_by("next_review_date")
    )
    concerns = (
        Concern.objects.filter(student__in=students, status=Concern.Status.OPEN)
        .select_related("student", "raised_by", "consultation_entry__consultation")
        .order_by("raised_at")
    )
    requests = (
        StrategyRequest.objects.filter(student__in=students, status=StrategyRequest.Status.OPEN)
        .select_related("student", "requested_by", "strategy")
        .order_by("requested_at")
    )
    proposals = (
        StrategyReview.objects.filter(
            proposal=Proposal.OPEN, strategy__student__in=iep_students(user)
        )
        .select_related("strategy__student", "reviewer")
        .order_by("date", "pk")
    )
    return TeamQueue(
        due=[(s, due_status(s.next_review_date, today)) for s in due],
        concerns=list(concerns),
        requests=list(requests),
        proposals=list(proposals),
    )
