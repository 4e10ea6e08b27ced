"""Students (read): the ones the token's person may see (students_visible_to), each with
their IEPs and service lines, goals, strategies and minutes. Every read of a student's
record is written to the access log, as on the pages."""

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import HttpRequest
from django.utils import timezone
from ninja import Path, Query, Router

from otdesk.core.audit import record_access, record_access_many
from otdesk.delivery.compliance import Compliance
from otdesk.delivery.permissions import may_read_minutes
from otdesk.delivery.queries import compliance_rows, student_compliance
from otdesk.students.models import IEP, Goal, ServiceLine, Strategy, Student
from otdesk.students.permissions import (
    get_student_for_user,
    served_students,
    students_visible_to,
)

from .core import READ_ERRORS, PageIn, in_zone, page_of, reader
from .schemas import (
    MAX_ID,
    ComplianceOut,
    CompliancePage,
    GoalOut,
    IEPOut,
    StrategyOut,
    StudentOut,
    StudentPage,
)

router = Router(tags=["Students"])
StudentId = Path(..., ge=1, le=MAX_ID, description="The student's id.")


def student_out(student: Student) -> dict[str, object]:
    return {
        "id": student.pk,
        "first_name": student.first_name,
        "last_name": student.last_name,
        "preferred_name": student.preferred_name,
        "grade": student.grade,
        "school_id": student.school_id,
        "school": student.school.name,
        "classroom": student.classroom.name if student.classroom else None,
        "active": student.active,
    }


def compliance_out(student: Student, item: Compliance) -> dict[str, object]:
    return {
        "student_id": student.pk,
        "student": student.full_name,
        "service_line_id": item.line.pk,
        "kind": item.line.kind,
        "period_start": item.span.start,
        "period_end": item.span.end,
        "required": item.required,
        "delivered": item.delivered,
        "made_up": item.made_up,
        "missed": item.missed_total,
        "excused": item.excused,
        "owed": item.owed,
        "outstanding": item.outstanding,
        "remaining": item.remaining,
        "percent": item.percent,
        "status": item.status,
        "reason": item.reason,
    }


def _student(request: HttpRequest, pk: int, summary: str) -> Student:
    student = get_student_for_user(reader(request), pk)
    record_access(request, obj=student, student_id=student.pk, summary=f"API: {summary}")
    return student


@router.get(
    "/students", response={200: StudentPage, **READ_ERRORS}, summary="The students you may see"
)
@in_zone
def list_students(request: HttpRequest, params: Query[PageIn]) -> dict[str, object]:
    """The students you may see, by name: your caseload, your class, or (a coordinator)
    the district's."""
    students = (
        students_visible_to(reader(request))
        .select_related("school", "classroom")
        .order_by("last_name", "first_name", "pk")
    )
    return page_of(students, params, student_out)


@router.get(
    "/students/{student_id}", response={200: StudentOut, **READ_ERRORS}, summary="One student"
)
@in_zone
def get_student(request: HttpRequest, student_id: int = StudentId) -> dict[str, object]:
    return student_out(_student(request, student_id, "student"))


@router.get(
    "/students/{student_id}/ieps",
    response={200: list[IEPOut], **READ_ERRORS},
    summary="A student's IEPs and service lines",
)
@in_zone
def student_ieps(request: HttpRequest, student_id: int = StudentId) -> list[IEP]:
    """The student's IEPs, newest first, each with its OT service lines."""
    student = _student(request, student_id, "IEPs and service lines")
    lines = Prefetch("service_lines", queryset=ServiceLine.objects.order_by("kind", "pk"))
    return list(student.ieps.prefetch_related(lines).order_by("-start_date", "-pk"))


@router.get(
    "/students/{student_id}/goals",
    response={200: list[GoalOut], **READ_ERRORS},
    summary="A student's goals",
)
@in_zone
def student_goals(request: HttpRequest, student_id: int = StudentId) -> list[Goal]:
    student = _student(request, student_id, "goals")
    return list(Goal.objects.filter(iep__student=student).order_by("iep_id", "pk"))


@router.get(
    "/students/{student_id}/strategies",
    response={200: list[StrategyOut], **READ_ERRORS},
    summary="A student's strategies",
)
@in_zone
def student_strategies(request: HttpRequest, student_id: int = StudentId) -> list[Strategy]:
    student = _student(request, student_id, "strategies")
    return list(Strategy.objects.filter(student=student).order_by("pk"))


@router.get(
    "/students/{student_id}/compliance",
    response={200: list[ComplianceOut], **READ_ERRORS},
    summary="A student's minutes this period",
)
@in_zone
def student_minutes(request: HttpRequest, student_id: int = StudentId) -> list[dict[str, object]]:
    """Each service line in force: this period's minutes required, delivered, missed,
    made up and still to give (the Minutes page's numbers)."""
    user = reader(request)
    student = get_student_for_user(user, student_id)
    if not may_read_minutes(user, student):
        raise PermissionDenied(
            "A student's minutes are read by their therapists and the district coordinator."
        )
    record_access(request, obj=student, student_id=student.pk, summary="API: minutes")
    rows = student_compliance(student, timezone.localdate())
    return [compliance_out(student, row.current) for row in rows if row.current is not None]


@router.get(
    "/compliance",
    response={200: CompliancePage, **READ_ERRORS},
    summary="Minutes of your caseload this period",
)
@in_zone
def caseload_minutes(request: HttpRequest, params: Query[PageIn]) -> dict[str, object]:
    """This period's minutes of every line in force on your caseload (a coordinator: the
    district's), worst first, as on the Minutes page."""
    user = reader(request)
    if user.is_coordinator:
        students = students_visible_to(user).filter(active=True)
    else:
        students = served_students(user)
    if user.district is None:
        rows = []
    else:
        rows = compliance_rows(
            district=user.district, students=students, today=timezone.localdate()
        )
    found = page_of(rows, params, lambda r: r)
    record_access_many(
        request, students=(r.student for r in found["items"]), summary="API: minutes"
    )
    found["items"] = [compliance_out(r.student, r.compliance) for r in found["items"]]
    return found
