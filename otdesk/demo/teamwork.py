"""The teacher's and specialists' side of the demo: "in place today" confirmations by
the Grade 2 teacher, team notes between the specialists and the OTs, and one COTA
proposal waiting for the OT on the Team page."""

import datetime as dt

from otdesk.accounts.models import User
from otdesk.delivery.calendar import SchoolCalendar
from otdesk.schools.models import District
from otdesk.students.choices import Proposal
from otdesk.students.models import Strategy, StrategyReview, TeamMember, TeamRole
from otdesk.teamwork.models import StrategyCheck, TeamNote

TEACHER = "teacher.castellanos"
COTA = "cota.chen"

SPECIALIST_NOTES = {
    "SLP": "Uses a visual schedule in speech; it would help at the OT table too.",
    "PT": "Working on stair climbing with a rail; please keep to the ramp door for now.",
}
OT_REPLY = "Thanks. I will use it in our sessions and tell the teacher."


def _last_school_days(district: District, today: dt.date, count: int) -> list[dt.date]:
    cal = SchoolCalendar.for_district(district)
    days: list[dt.date] = []
    day = today - dt.timedelta(days=1)
    while len(days) < count and day >= district.school_year_start:
        if cal.is_school_day(day):
            days.append(day)
        day -= dt.timedelta(days=1)
    return days


def generate_teamwork(*, district: District, today: dt.date) -> None:
    _strategy_checks(district, today)
    _team_notes(district)
    _cota_proposal(district, today)


def _strategy_checks(district: District, today: dt.date) -> None:
    teacher = User.objects.filter(username=TEACHER, district=district).first()
    if teacher is None:
        return
    strategies = list(
        Strategy.objects.filter(student__classroom__teacher=teacher)
        .exclude(status=Strategy.Status.DISCONTINUED)
        .order_by("pk")
    )
    days = _last_school_days(district, today, 3)
    StrategyCheck.objects.bulk_create(
        StrategyCheck(strategy=strategy, date=day, confirmed_by=teacher)
        for index, strategy in enumerate(strategies)
        for offset, day in enumerate(days)
        if (index + offset) % 3 != 2  # most days, not every day
    )


def _team_notes(district: District) -> None:
    shared = (
        TeamMember.objects.filter(
            role=TeamRole.SPECIALIST, student__school__district=district, end_date__isnull=True
        )
        .select_related("person", "student")
        .order_by("student_id")
    )
    for index, member in enumerate(shared[:6]):
        text = SPECIALIST_NOTES.get(member.relationship, SPECIALIST_NOTES["SLP"])
        TeamNote.objects.create(student=member.student, author=member.person, text=text)
        ot = TeamMember.objects.filter(
            student=member.student, role=TeamRole.OT, end_date__isnull=True
        ).first()
        if ot is not None and index % 2 == 0:
            TeamNote.objects.create(student=member.student, author=ot.person, text=OT_REPLY)


def _cota_proposal(district: District, today: dt.date) -> None:
    cota = User.objects.filter(username=COTA, district=district).first()
    if cota is None:
        return
    strategy = (
        Strategy.objects.filter(
            student__team__person=cota,
            student__team__role=TeamRole.COTA,
            status=Strategy.Status.ACTIVE,
        )
        .order_by("pk")
        .first()
    )
    if strategy is None:
        return
    day = (_last_school_days(district, today, 1) or [today])[0]
    StrategyReview.objects.create(
        strategy=strategy,
        date=day,
        reviewer=cota,
        outcome=StrategyReview.Outcome.MODIFY,
        observed="Works for short tasks; by the end of a writing block the student drops it.",
        consulted="Classroom teacher",
        description_before=strategy.description,
        description_after=f"{strategy.description}, with a break halfway through writing",
        proposal=Proposal.OPEN,
    )
