"""Reads for the progress reports: the goals in force in a period, each goal's data over
the period (delivery.GoalData: percent correct per session date), the report's content
(live for a draft, frozen for a final report) and the therapist's caseload per period."""

import datetime as dt
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from otdesk.accounts.models import User
from otdesk.core.charts import LineChart, line_chart
from otdesk.delivery.models import Attendance, GoalData, Session
from otdesk.schools.models import District, ReportingPeriod
from otdesk.students.models import IEP, Goal, Student
from otdesk.students.permissions import iep_students, served_students

from . import minutes
from .models import ProgressCode, ProgressReport

PERCENT = re.compile(r"(\d{1,3}(?:\.\d+)?)\s*%")
OUT_OF = re.compile(r"(\d{1,3})\s+(?:of|out of)\s+(\d{1,3})\b")


def percent_in(text: str) -> float | None:
    """The level a goal's baseline or target states, as a percentage: "40% of letters" is
    40, "4 of 5 trials" is 80; None when the words give no number to draw."""
    if found := PERCENT.search(text):
        value = float(found.group(1))
        return value if value <= 100 else None
    if found := OUT_OF.search(text):
        part, whole = int(found.group(1)), int(found.group(2))
        if whole > 0 and part <= whole:
            return round(part / whole * 100, 1)
    return None


def periods_of(district: District) -> list[ReportingPeriod]:
    return list(ReportingPeriod.objects.filter(district=district).order_by("start_date"))


def current_period(periods: list[ReportingPeriod], today: dt.date) -> ReportingPeriod | None:
    """The period today falls in, else the last one ended, else the first."""
    for p in periods:
        if p.start_date <= today <= p.end_date:
            return p
    ended = [p for p in periods if p.end_date < today]
    return ended[-1] if ended else (periods[0] if periods else None)


def codes_of(district: District, *, active_only: bool = True) -> QuerySet[ProgressCode]:
    codes = ProgressCode.objects.filter(district=district)
    return codes.filter(active=True) if active_only else codes


def goals_in_force(student: Student, period: ReportingPeriod) -> list[Goal]:
    """The goals of the student's IEPs in effect during the period (not a draft IEP, not a
    discontinued goal)."""
    return list(
        Goal.objects.filter(
            iep__student=student,
            iep__start_date__lte=period.end_date,
            iep__end_date__gte=period.start_date,
        )
        .exclude(iep__status=IEP.Status.DRAFT)
        .exclude(status=Goal.Status.DISCONTINUED)
        .order_by("area", "pk")
    )


def goal_points(
    goal_ids: list[int], start: dt.date, end: dt.date
) -> dict[int, list[tuple[dt.date, float]]]:
    """Percent correct per session date for each goal (one query): the data of sessions
    held with the student present, never a voided one; several entries on one day are
    summed (correct over trials of the day)."""
    rows = (
        GoalData.objects.filter(
            goal_id__in=goal_ids,
            record__session__date__range=(start, end),
            record__attendance=Attendance.PRESENT,
            trials__gt=0,
            correct__isnull=False,
        )
        .exclude(record__session__status=Session.Status.VOIDED)
        .values_list("goal_id", "record__session__date", "correct", "trials")
        .order_by("record__session__date", "pk")
    )
    sums: dict[int, dict[dt.date, list[int]]] = defaultdict(dict)
    for goal_id, day, correct, trials in rows:
        total = sums[goal_id].setdefault(day, [0, 0])
        total[0] += correct or 0
        total[1] += trials or 0
    return {
        goal_id: [(day, round(c / t * 100, 1)) for day, (c, t) in sorted(days.items())]
        for goal_id, days in sums.items()
    }


def content(report: ProgressReport) -> dict[str, Any]:
    """What the report shows about its period, as plain data (JSON-ready: a final report
    stores it as its snapshot): per goal its words, baseline and target levels and data
    points; the minutes of the period."""
    if report.is_final and report.snapshot:
        return report.snapshot
    return live_content(report)


def live_content(report: ProgressReport) -> dict[str, Any]:
    period = report.period
    entries = list(report.goals.select_related("goal", "code"))
    points = goal_points([e.goal_id for e in entries], period.start_date, period.end_date)
    goals = []
    for entry in entries:
        goal = entry.goal
        goals.append(
            {
                "goal": goal.pk,
                "area": goal.get_area_display(),
                "description": goal.description,
                "baseline": goal.baseline,
                "target": goal.target,
                "measurement": goal.measurement,
                "baseline_level": percent_in(goal.baseline),
                "target_level": percent_in(goal.target),
                "points": [[day.isoformat(), value] for day, value in points.get(goal.pk, [])],
            }
        )
    return {
        "goals": goals,
        "minutes": minutes.period_minutes(report.student, period),
    }


@dataclass
class GoalView:
    """One goal as the report shows it: its words, the OT's code and narrative, its chart."""

    goal: dict[str, Any]
    code: str
    narrative: str
    chart: LineChart
    chart_id: str


def goal_views(report: ProgressReport, data: dict[str, Any]) -> list[GoalView]:
    entries = {e.goal_id: e for e in report.goals.select_related("code")}
    views = []
    for n, goal in enumerate(data["goals"], start=1):
        entry = entries.get(goal["goal"])
        points = [(dt.date.fromisoformat(day), value) for day, value in goal["points"]]
        views.append(
            GoalView(
                goal=goal,
                code=entry.code.label if entry and entry.code else "",
                narrative=entry.narrative if entry else "",
                chart=line_chart(
                    points,
                    title=_("%(area)s: percent correct per session") % {"area": goal["area"]},
                    baseline=goal["baseline_level"],
                    target=goal["target_level"],
                ),
                chart_id=f"goal-{n}",
            )
        )
    return views


@dataclass
class CaseloadRow:
    student: Student
    report: ProgressReport | None


def caseload_rows(user: User, period: ReportingPeriod) -> list[CaseloadRow]:
    """The students this therapist serves in the period's district, each with their report
    for the period (or None): two queries whatever the caseload."""
    students = list(
        served_students(user)
        .filter(school__district_id=period.district_id)
        .select_related("school")
        .order_by("last_name", "first_name", "pk")
    )
    reports = {
        r.student_id: r for r in ProgressReport.objects.filter(period=period, student__in=students)
    }
    return [CaseloadRow(s, reports.get(s.pk)) for s in students]


def writable_students(user: User) -> QuerySet[Student]:
    """The students whose progress reports this person writes: their OT (iep_students)."""
    return iep_students(user)


def reports_for_student(student: Student) -> list[ProgressReport]:
    return list(
        ProgressReport.objects.filter(student=student)
        .select_related("period", "author")
        .order_by("-period__start_date")
    )


def family_reports(student: Student) -> list[ProgressReport]:
    """A child's reports as the family portal lists them (drafts to comment on, final
    reports to read), the latest period first."""
    return list(
        ProgressReport.objects.filter(student=student)
        .select_related("period")
        .order_by("-period__start_date")
    )
