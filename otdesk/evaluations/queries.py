"""What the evaluation pages show: the due dates of a person's students (open evaluations,
re-evaluations and annual IEP reviews, for the dashboard), an evaluation's own due date
and limits, and the tests given with their scores and age warnings."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Prefetch

from otdesk.accounts.models import User
from otdesk.assessments.ages import age_on, age_warning, grade_warning
from otdesk.assessments.models import AssessmentAdministration, AssessmentPart, Score
from otdesk.delivery.calendar import SchoolCalendar
from otdesk.schools.models import School
from otdesk.students.models import IEP, Student
from otdesk.students.queries import (
    REEVALUATION_YEARS,
    Due,
    due_status,
    last_evaluated,
    reevaluation_due,
)

from . import rules
from .models import OPEN, Evaluation
from .permissions import evaluation_students

# The dashboard lists what falls due within this many days (and everything overdue).
WINDOW_DAYS = 60


@dataclass(frozen=True)
class DueItem:
    student: Student
    what: str
    due: Due
    evaluation: Evaluation | None = None


def _due(
    evaluation: Evaluation, last: dt.date | None, iep: IEP | None, calendar: SchoolCalendar
) -> dt.date | None:
    """When this evaluation is due: an initial one from the parent's consent (the district's
    timeline); a re-evaluation three years after the last complete one (else the IEP's
    date)."""
    if evaluation.kind == Evaluation.Kind.INITIAL:
        if evaluation.consent_date is None:
            return None
        return rules.initial_due(calendar.district, evaluation.consent_date, calendar)
    return reevaluation_due(last, iep.reevaluation_due if iep else None)


def last_before(evaluation: Evaluation) -> dt.date | None:
    """The student's last complete evaluation before this one (one evaluated later is not
    this one's "last")."""
    student_id = evaluation.student_id
    found = last_evaluated([student_id], excluding=evaluation.pk, before=evaluation.evaluation_date)
    return found.get(student_id)


def due_of(evaluation: Evaluation) -> dt.date | None:
    student = evaluation.student
    last = last_before(evaluation)
    iep = student.ieps.filter(status=IEP.Status.ACTIVE).first()
    return _due(evaluation, last, iep, SchoolCalendar.for_district(student.school.district))


def status_words(evaluation: Evaluation, due: dt.date | None, today: dt.date) -> Due:
    """Where the evaluation stands: done (on time or late), waiting for consent, or due."""
    if evaluation.closed_on is not None:
        return Due(due, "none", f"Closed without an evaluation: {evaluation.closed_reason}")
    if evaluation.evaluation_date is not None:
        waiting = "" if evaluation.report_date else "; report not written yet"
        if due is not None and evaluation.evaluation_date > due:
            late = (evaluation.evaluation_date - due).days
            words = f"Evaluated {late} day{'s' if late != 1 else ''} late"
            return Due(due, "overdue", words + waiting)
        return Due(due, "ok", ("Evaluated on time" if due else "Evaluated") + waiting)
    if evaluation.kind == Evaluation.Kind.INITIAL and evaluation.consent_date is None:
        return Due(None, "none", "Waiting for the parent's consent")
    standing = due_status(due, today)
    if due is not None and not standing.words:
        return Due(due, standing.status, f"Due in {(due - today).days} days")
    return standing


def once_a_year_problem(evaluation: Evaluation) -> str:
    return rules.once_a_year_problem(evaluation, last_before(evaluation))


def due_items(user: User, today: dt.date, *, school: School | None = None) -> list[DueItem]:
    """Everything due for the person's students, soonest first: each evaluation whose report
    is not written yet, each re-evaluation and annual IEP review due within WINDOW_DAYS or
    overdue."""
    students = evaluation_students(user).filter(active=True).select_related("school__district")
    if school is not None:
        students = students.filter(school=school)
    students = students.prefetch_related(
        Prefetch(
            "ieps", queryset=IEP.objects.filter(status=IEP.Status.ACTIVE), to_attr="active_ieps"
        ),
        Prefetch(
            "evaluations",
            queryset=Evaluation.objects.filter(OPEN).order_by("pk"),
            to_attr="open_evaluations",
        ),
    )
    rows = list(students)
    last = last_evaluated(s.pk for s in rows)
    horizon = today + dt.timedelta(days=WINDOW_DAYS)
    calendars: dict[int, SchoolCalendar] = {}
    items: list[DueItem] = []
    for student in rows:
        iep = student.active_ieps[0] if student.active_ieps else None
        open_kinds = set()
        for evaluation in student.open_evaluations:
            open_kinds.add(evaluation.kind)
            district = student.school.district
            if district.pk not in calendars:
                calendars[district.pk] = SchoolCalendar.for_district(district)
            calendar = calendars[district.pk]
            due = _due(evaluation, last.get(student.pk), iep, calendar)
            items.append(
                DueItem(
                    student,
                    evaluation.get_kind_display(),
                    status_words(evaluation, due, today),
                    evaluation,
                )
            )
        reevaluation = reevaluation_due(last.get(student.pk), iep.reevaluation_due if iep else None)
        if (
            Evaluation.Kind.REEVALUATION not in open_kinds
            and reevaluation is not None
            and reevaluation <= horizon
        ):
            items.append(DueItem(student, "Re-evaluation", due_status(reevaluation, today)))
        if iep is not None and iep.annual_review_due <= horizon:
            items.append(
                DueItem(student, "Annual IEP review", due_status(iep.annual_review_due, today))
            )
    far = dt.date.max

    def order(item: DueItem) -> tuple[bool, dt.date, str, str]:
        # What still has to happen first; evaluations that wait only for their report last.
        given = bool(item.evaluation and item.evaluation.evaluation_date)
        return (given, item.due.date or far, item.student.last_name, item.what)

    return sorted(items, key=order)


def counts(items: list[DueItem]) -> dict[str, int]:
    """Overdue and soon: what still has to happen by its date (an evaluation already given,
    on time or late, waits only for its report)."""
    waiting = [i for i in items if not (i.evaluation and i.evaluation.evaluation_date)]
    return {
        "overdue": sum(1 for i in waiting if i.due.status == "overdue"),
        "soon": sum(1 for i in waiting if i.due.status == "soon"),
    }


@dataclass
class TestView:
    administration: AssessmentAdministration
    age: str
    warning: str
    scores: list[tuple[AssessmentPart, Score | None]] = field(default_factory=list)

    @property
    def has_scores(self) -> bool:
        return any(score is not None for _, score in self.scores)


def tool_warning(administration: AssessmentAdministration, student: Student) -> str:
    """The tool's range against the student's age (or grade) on the test date."""
    tool = administration.tool
    if tool.min_grade:
        return grade_warning(
            grade=student.grade, min_grade=tool.min_grade, max_grade=tool.max_grade
        )
    return age_warning(
        birth=student.date_of_birth,
        day=administration.test_date,
        min_months=tool.min_age_months,
        max_months=tool.max_age_months,
    )


def test_views(evaluation: Evaluation) -> list[TestView]:
    student = evaluation.student
    given = evaluation.administrations.select_related("tool", "examiner").prefetch_related(
        "tool__parts", Prefetch("scores", queryset=Score.objects.select_related("part"))
    )
    views = []
    for administration in given:
        by_part = {score.part_id: score for score in administration.scores.all()}
        views.append(
            TestView(
                administration=administration,
                age=str(age_on(student.date_of_birth, administration.test_date)),
                warning=tool_warning(administration, student),
                scores=[(part, by_part.get(part.pk)) for part in administration.tool.parts.all()],
            )
        )
    return views


def basis(evaluation: Evaluation) -> str:
    """How the due date is reckoned, in words."""
    if evaluation.kind == Evaluation.Kind.INITIAL:
        return f"Due {rules.initial_basis(evaluation.student.school.district)}."
    return (
        f"Due {REEVALUATION_YEARS} years after the last complete evaluation (the IEP's "
        "re-evaluation date while OT Desk holds none); at most once a year unless agreed."
    )
