"""What the teacher's page and the specialist's page show, in a fixed number of queries."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Prefetch

from otdesk.accounts.models import User
from otdesk.delivery.models import ConsultationLog, ConsultationStudent
from otdesk.delivery.permissions import (
    Shown,
    consultations_visible_to,
    readable_student_ids,
    shown_consultation_students,
)
from otdesk.scheduling.calendar_grid import Card, build_week, classroom_plans
from otdesk.scheduling.permissions import classrooms_visible_to
from otdesk.students.models import Strategy, Student, UnavailableTime
from otdesk.students.queries import Due, due_status

from .models import StrategyCheck, TeamNote
from .permissions import class_students, specialist_students

# How many consultation notes the teacher's page lists, newest first.
CONSULTATIONS_SHOWN = 20
# How many team notes the specialist's page shows per student.
NOTES_SHOWN = 3


@dataclass(frozen=True)
class StrategyRow:
    strategy: Strategy
    review: Due
    confirmed_today: bool


@dataclass
class StudentStrategies:
    student: Student
    rows: list[StrategyRow] = field(default_factory=list)


def teacher_strategies(teacher: User, today: dt.date) -> list[StudentStrategies]:
    """The strategies in use for each of the teacher's students, the next review's status
    and whether this teacher confirmed it in place today: three queries."""
    students = list(
        class_students(teacher)
        .select_related("classroom")
        .prefetch_related(
            Prefetch(
                "strategies",
                queryset=Strategy.objects.exclude(status=Strategy.Status.DISCONTINUED)
                .select_related("implementer_person")
                .order_by("next_review_date", "pk"),
            )
        )
        .order_by("last_name", "first_name")
    )
    confirmed = set(
        StrategyCheck.objects.filter(
            strategy__student__in=[s.pk for s in students], date=today, confirmed_by=teacher
        ).values_list("strategy_id", flat=True)
    )
    return [
        StudentStrategies(
            student,
            [
                StrategyRow(s, due_status(s.next_review_date, today), s.pk in confirmed)
                for s in student.strategies.all()
            ],
        )
        for student in students
    ]


@dataclass(frozen=True)
class RoomDay:
    """One school day of a classroom's week with the OT sessions in it."""

    name: str
    date: dt.date
    closed_reason: str
    cards: list[Card]


@dataclass(frozen=True)
class RoomWeek:
    classroom_name: str
    classroom_id: int
    days: list[RoomDay]

    @property
    def count(self) -> int:
        return sum(len(day.cards) for day in self.days)


def room_weeks(teacher: User, week_start: dt.date) -> list[RoomWeek]:
    """The OT sessions with the teacher's students or in their room this week, from the
    same week data as the classroom's calendar (scheduling/calendar_grid.py)."""
    weeks = []
    for classroom in classrooms_visible_to(teacher).select_related("school__district"):
        week = build_week(
            plans=classroom_plans(classroom, week_start),
            week_start=week_start,
            district=classroom.school.district,
            schools=[classroom.school_id],
            teacher=teacher,
            show_provider=True,
        )
        days = [
            RoomDay(day.name, day.date, day.closed_reason, sorted(day.cards, key=_card_start))
            for day in week.days
        ]
        weeks.append(RoomWeek(classroom.name, classroom.pk, days))
    return weeks


def _card_start(card: Card) -> int:
    return card.first


def teacher_consultations(
    teacher: User,
) -> list[tuple[ConsultationLog, Shown[ConsultationStudent]]]:
    """The latest consultations about the teacher's students, each with only the students
    the teacher may see named (delivery/permissions.py)."""
    readable = readable_student_ids(teacher)
    logs = (
        consultations_visible_to(teacher)
        .filter(voided_at__isnull=True)
        .select_related("provider")
        .prefetch_related(
            Prefetch(
                "students",
                queryset=ConsultationStudent.objects.select_related("student", "service_line"),
            ),
            "strategies",
        )
        .order_by("-date", "-pk")[:CONSULTATIONS_SHOWN]
    )
    return [
        (log, shown_consultation_students(teacher, log, log.students.all(), readable))
        for log in logs
    ]


def students_on_page(
    strategies: list[StudentStrategies],
    consultations: list[tuple[ConsultationLog, Shown[ConsultationStudent]]],
) -> list[Student]:
    """Every student whose record the teacher's page shows, once (for the access log)."""
    shown = {item.student.pk: item.student for item in strategies}
    for _, seen in consultations:
        for row in seen.rows:
            shown.setdefault(row.student_id, row.student)
    return list(shown.values())


@dataclass(frozen=True)
class SharedStudent:
    student: Student
    times: list[UnavailableTime]
    notes: list[TeamNote]


def specialist_rows(specialist: User) -> list[SharedStudent]:
    """The students a specialist shares, their times away from class and the latest team
    notes: three queries however many students."""
    students = (
        specialist_students(specialist)
        .select_related("school", "classroom")
        .prefetch_related(
            Prefetch(
                "unavailable_times", queryset=UnavailableTime.objects.order_by("weekday", "start")
            ),
            Prefetch("team_notes", queryset=TeamNote.objects.select_related("author")),
        )
        .order_by("last_name", "first_name")
    )
    return [
        SharedStudent(
            student,
            list(student.unavailable_times.all()),
            list(student.team_notes.all())[:NOTES_SHOWN],
        )
        for student in students
    ]
