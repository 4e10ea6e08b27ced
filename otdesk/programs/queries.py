import datetime as dt
from dataclasses import dataclass

from django.db.models import Max, Q, QuerySet

from .models import AideProgram

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
            since = program.last_done or program.start_date  # type: ignore[attr-defined]
            if (today - since).days > STALE_IMPLEMENTATION_DAYS:
                flags.append(
                    f"No implementation logged in {(today - since).days} days"
                    if program.last_done  # type: ignore[attr-defined]
                    else "Never carried out yet"
                )
            checked = program.last_check or program.start_date  # type: ignore[attr-defined]
            if (today - checked).days > STALE_MONITORING_DAYS:
                flags.append(
                    f"Not monitored for {(today - checked).days} days"
                    if program.last_check  # type: ignore[attr-defined]
                    else "Never monitored yet"
                )
        rows.append(
            ProgramRow(
                program=program,
                last_done=program.last_done,  # type: ignore[attr-defined]
                last_check=program.last_check,  # type: ignore[attr-defined]
                flags=flags,
            )
        )
    rows.sort(key=lambda r: (not r.flags, r.program.student.last_name, r.program.title))
    return rows
