"""What the family portal reads about one child. Minutes come from delivery's compliance
code (delivery.queries.student_compliance and makeup_ledger), never recomputed here."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from otdesk.accounts.models import User
from otdesk.core.audit import access_log_for_student
from otdesk.core.models import AuditEvent
from otdesk.delivery.compliance import Compliance, Position
from otdesk.delivery.queries import Ledger, StudentLineCompliance, makeup_ledger
from otdesk.delivery.queries import student_compliance as delivery_student_compliance
from otdesk.students.models import IEP, ServiceKind, ServiceLine, Strategy, StrategyRequest, Student
from otdesk.students.permissions import children_of

from .models import Message, Question

# The access log a parent reads: the newest events (the page says how many there are).
ACCESS_LOG_ROWS = 50


@dataclass
class LineView:
    line: ServiceLine
    current: Compliance | None
    position: Position | None

    @property
    def direct(self) -> bool:
        return self.line.kind == ServiceKind.DIRECT

    @property
    def year_promised(self) -> int:
        """Minutes due in the periods of this school year that have ended (less any the
        policy excuses), as delivery's position counts them."""
        p = self.position
        return max(0, p.required - p.excused) if p is not None else 0

    @property
    def year_given(self) -> int:
        p = self.position
        return p.delivered + p.made_up if p is not None else 0

    @property
    def period_share(self) -> int:
        return share(self.current.done, self.current.target) if self.current else 0

    @property
    def year_share(self) -> int:
        return share(self.year_given, self.year_promised)


@dataclass
class Portal:
    student: Student
    iep: IEP | None
    lines: list[LineView]
    ledger: Ledger
    strategies: list[Strategy]
    requests: list[StrategyRequest]
    questions: list[Question]
    access: list[AuditEvent]
    access_count: int

    @property
    def direct_lines(self) -> list[LineView]:
        return [v for v in self.lines if v.direct]

    @property
    def consultation_lines(self) -> list[LineView]:
        return [v for v in self.lines if not v.direct]


def share(given: int, promised: int) -> int:
    """How much of a chart bar is filled: the share of the promise given, at most 100 %."""
    if promised <= 0:
        return 100 if given else 0
    return min(100, round(100 * given / promised))


def children(user: User) -> list[Student]:
    """A parent's children, for the switch between them."""
    return list(children_of(user).order_by("first_name", "pk"))


def line_views(student: Student, today: dt.date) -> list[LineView]:
    found: list[StudentLineCompliance] = delivery_student_compliance(student, today)
    return [LineView(line=c.line, current=c.current, position=c.position) for c in found]


def portal(student: Student, today: dt.date, *, reader: User | None = None) -> Portal:
    """Everything the portal shows about one child; the access log leaves out the
    reader's own visits."""
    iep = student.ieps.filter(status=IEP.Status.ACTIVE).first()
    access = access_log_for_student(student.pk)
    if reader is not None:
        access = access.exclude(user=reader)
    return Portal(
        student=student,
        iep=iep,
        lines=line_views(student, today),
        ledger=makeup_ledger(student),
        strategies=list(
            student.strategies.exclude(status=Strategy.Status.DISCONTINUED).order_by("pk")
        ),
        requests=list(student.strategy_requests.order_by("-requested_at", "-pk")),
        questions=list(thread_list(Question.objects.filter(student=student))),
        access=list(access[:ACCESS_LOG_ROWS]),
        access_count=access.count(),
    )


def thread_list(questions: QuerySet[Question]) -> QuerySet[Question]:
    """Questions with their messages and authors, in a fixed number of queries."""
    return questions.select_related("student", "asked_by").prefetch_related(
        Prefetch("messages", queryset=Message.objects.select_related("author"))
    )
