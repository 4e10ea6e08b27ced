import datetime as dt
from dataclasses import dataclass

from django.db.models import Max, Q, QuerySet

from otdesk.accounts.models import User

from .models import AideProgram, ImplementationLog
from .permissions import IMPLEMENTER_ROLES, programs_visible_to

STALE_IMPLEMENTATION_DAYS = 7
STALE_MONITORING_DAYS = 30


@dataclass
class ProgramRow:
    program: AideProgram
    last_done: dt.date | None
    last_check: dt.date | None
    flags: list[str]


def program_rows(programs: QuerySet[AideProgram], today: dt.date) -> list[ProgramRow]:
    """Programs with when they were last carried out and monitored; those that need
    attention first. One query however many programs."""
    annotated = (
        programs.select_related("student__school")
        .annotate(
            last_done=Max("logs__date", filter=Q(logs__done=True)),
            last_check=Max("checks__date"),
        )
        .order_by("student__last_name", "title")
    )
    rows = []
    for program in annotated:
        flags = []
        if program.status == AideProgram.Status.ACTIVE:
            since = program.last_done or program.start_date
            if (today - since).days > STALE_IMPLEMENTATION_DAYS:
                flags.append(
                    f"No implementation logged in {(today - since).days} days"
                    if program.last_done
                    else "Never carried out yet"
                )
            checked = program.last_check or program.start_date
            if (today - checked).days > STALE_MONITORING_DAYS:
                flags.append(
                    f"Not monitored for {(today - checked).days} days"
                    if program.last_check
                    else "Never monitored yet"
                )
        rows.append(
            ProgramRow(
                program=program,
                last_done=program.last_done,
                last_check=program.last_check,
                flags=flags,
            )
        )
    rows.sort(key=lambda r: (not r.flags, r.program.student.last_name, r.program.title))
    return rows


def implementers_for(program: AideProgram) -> QuerySet[User]:
    """The aides, behaviorists and teachers of the student's district, who may be assigned."""
    return User.objects.filter(
        role__in=IMPLEMENTER_ROLES, district_id=program.student.school.district_id
    ).order_by("last_name")


def assigned_people(program: AideProgram) -> QuerySet[User]:
    """Everyone ever assigned to the program (who may be trained on it)."""
    return User.objects.filter(pk__in=program.assignments.values("person_id")).order_by("last_name")


def logged_today(user: User, programs: list[AideProgram], today: dt.date) -> set[int]:
    """Which of these programs the user has logged today."""
    return set(
        ImplementationLog.objects.filter(
            implementer=user, date=today, program__in=programs
        ).values_list("program_id", flat=True)
    )


def assigned_programs(user: User) -> list[AideProgram]:
    """The active programs an aide, behaviorist or teacher carries out, for their phone."""
    return list(
        programs_visible_to(user)
        .filter(status=AideProgram.Status.ACTIVE)
        .select_related("student")
        .prefetch_related("goals")
    )
