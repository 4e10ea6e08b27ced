"""The demo's progress reporting: four reporting periods (quarters of the school year),
the district's default progress codes, and a few reports by the first OT: final ones for
the last period ended, drafts for the period under way (one with the demo parent's
comment). Deterministic, and through the services like any other write."""

import datetime as dt

from otdesk.accounts.models import User
from otdesk.progress import queries, services
from otdesk.progress.models import ProgressCode, ProgressReport
from otdesk.schools.models import District, ReportingPeriod
from otdesk.students.models import Student, TeamRole
from otdesk.students.permissions import iep_students

from .team_history import PARENT_USERNAME

OT_USERNAME = "ot.alvarez"
REPORTS_PER_PERIOD = 6
NARRATIVES = (
    "Worked hard in every session and is starting to use the strategies in class.",
    "Attendance was uneven this period; progress was steady when present.",
    "Responds well to short, structured tasks with a visual schedule.",
)


def quarters(start: dt.date, end: dt.date) -> list[tuple[str, dt.date, dt.date]]:
    """The school year cut into four periods of (nearly) equal length."""
    days = (end - start).days + 1
    firsts = [start + dt.timedelta(days=days * k // 4) for k in range(4)]
    lasts = [day - dt.timedelta(days=1) for day in firsts[1:]] + [end]
    return [(f"Quarter {k + 1}", firsts[k], lasts[k]) for k in range(4)]


def generate_progress_demo(*, district: District, today: dt.date) -> None:
    coordinator = User.objects.filter(district=district, role="coordinator").order_by("pk").first()
    ot = User.objects.filter(username=OT_USERNAME, district=district).first()
    if coordinator is None or ot is None:
        return
    periods = [
        services.save_period(
            actor=coordinator,
            period=ReportingPeriod(district=district, name=name, start_date=a, end_date=b),
        )
        for name, a, b in quarters(district.school_year_start, district.school_year_end)
    ]
    codes = services.ensure_default_codes(district=district)
    current = queries.current_period(periods, today)
    ended = [p for p in periods if p.end_date < today]
    students = list(iep_students(ot).order_by("last_name", "first_name", "pk"))
    parent_children = set(
        iep_students(ot)
        .filter(team__person__username=PARENT_USERNAME, team__role=TeamRole.GUARDIAN)
        .values_list("pk", flat=True)
    )
    # The demo parent's child first among the drafts, so the portal shows the comment form.
    drafts = sorted(students, key=lambda s: (s.pk not in parent_children, s.last_name))
    if ended:
        for n, student in enumerate(students[:REPORTS_PER_PERIOD]):
            report = _written(ot, student, ended[-1], codes, n)
            services.finalize_report(actor=ot, report=report)
    if current is not None and current not in ended:
        for n, student in enumerate(drafts[:REPORTS_PER_PERIOD]):
            report = _written(ot, student, current, codes, n)
            if student.pk in parent_children:
                parent = User.objects.get(username=PARENT_USERNAME)
                services.add_parent_comment(
                    actor=parent,
                    report=report,
                    text="At home we practise cutting with the loop scissors every evening.",
                )


def _written(
    ot: User, student: Student, period: ReportingPeriod, codes: list[ProgressCode], n: int
) -> ProgressReport:
    report = services.start_report(actor=ot, student=student, period=period)
    usable = [c for c in codes if c.active]
    goals: dict[int, tuple[ProgressCode | None, str]] = {
        entry.pk: (usable[(n + k) % 3], "Data from the sessions of the period.")
        for k, entry in enumerate(report.goals.order_by("pk"))
    }
    return services.save_report(
        actor=ot, report=report, narrative=NARRATIVES[n % len(NARRATIVES)], goals=goals
    )
