"""The schedule builder's constraints in the demo district: travel times between the
schools, protected documentation time and a one-off IEP meeting for each therapist, a few
students' unavailable times and one classroom's own block. Each is placed where the demo's
weekly plans leave room, so the plans keep every rule."""

import datetime as dt
from collections import defaultdict

from otdesk.accounts.models import Role, User
from otdesk.core.times import minutes_of, time_of
from otdesk.delivery.calendar import SchoolCalendar
from otdesk.delivery.models import PlannedSession
from otdesk.scheduling.models import FixedTime
from otdesk.schools.models import BellBlock, BlockKind, Classroom, District, TravelTime
from otdesk.students.models import Student, UnavailableTime

TRAVEL = [(0, 1, 15), (1, 2, 20), (0, 2, 25)]  # school index pairs and minutes


def _free(busy: list[tuple[int, int]], first: int, last: int, length: int) -> int | None:
    """The first start in [first, last - length] on a 15-minute step clear of busy times."""
    for start in range(first, last - length + 1, 15):
        if all(start + length <= b or e <= start for b, e in busy):
            return start
    return None


def generate_schedule_constraints(*, district: District, today: dt.date) -> None:
    schools = list(district.schools.order_by("pk"))
    if len(schools) >= 3:
        TravelTime.objects.bulk_create(
            TravelTime(school_a=schools[min(a, b)], school_b=schools[max(a, b)], minutes=minutes)
            for a, b, minutes in TRAVEL
        )
    plans = list(
        PlannedSession.objects.filter(school__district=district, active_until__isnull=True)
        .prefetch_related("students")
        .order_by("pk")
    )
    by_provider: dict[tuple[int, int], list[tuple[int, int]]] = defaultdict(list)
    by_student: dict[tuple[int, int], list[tuple[int, int]]] = defaultdict(list)
    for plan in plans:
        span = (minutes_of(plan.start), minutes_of(plan.start) + plan.minutes)
        by_provider[(plan.provider_id, plan.weekday)].append(span)
        for student in plan.students.all():
            by_student[(student.pk, plan.weekday)].append(span)

    calendar = SchoolCalendar.for_district(district)
    next_day = today + dt.timedelta(days=1)
    while not calendar.is_school_day(next_day) and next_day < district.school_year_end:
        next_day += dt.timedelta(days=1)
    therapists = User.objects.filter(district=district, role=Role.OT).order_by("username")
    for ot in therapists:
        # Documentation every Friday afternoon, and an IEP meeting on the next school day.
        friday = _free(by_provider[(ot.pk, 4)], 13 * 60, 15 * 60, 45)
        if friday is not None:
            FixedTime.objects.create(
                provider=ot,
                kind=FixedTime.Kind.PROTECTED,
                title="Documentation",
                weekday=4,
                start=time_of(friday),
                end=time_of(friday + 45),
            )
            # Whatever comes next keeps clear of it (the meeting, when tomorrow is Friday).
            by_provider[(ot.pk, 4)].append((friday, friday + 45))
        if calendar.is_school_day(next_day):
            meeting = _free(by_provider[(ot.pk, next_day.weekday())], 12 * 60, 16 * 60, 45)
            if meeting is not None:
                FixedTime.objects.create(
                    provider=ot,
                    kind=FixedTime.Kind.MEETING,
                    title="IEP meeting",
                    weekday=next_day.weekday(),
                    date=next_day,
                    start=time_of(meeting),
                    end=time_of(meeting + 45),
                )

    # Three students see the speech-language pathologist at a set time.
    for index, student in enumerate(
        Student.objects.filter(school__district=district).order_by("pk")[:3]
    ):
        day = index % 5
        start = _free(by_student[(student.pk, day)], 9 * 60, 14 * 60, 30)
        if start is not None:
            UnavailableTime.objects.create(
                student=student,
                weekday=day,
                start=time_of(start),
                end=time_of(start + 30),
                reason="Speech therapy",
            )

    # The first special-education room has its own sensory break instead of recess.
    room = Classroom.objects.filter(school__district=district, is_special_education=True).first()
    if room is not None:
        recess = BellBlock.objects.filter(
            school=room.school, classroom=None, kind=BlockKind.RECESS
        ).first()
        if recess is not None:
            BellBlock.objects.bulk_create(
                BellBlock(
                    school=room.school,
                    classroom=room,
                    weekday=day,
                    name="Sensory break",
                    kind=BlockKind.CENTERS,
                    start=recess.start,
                    end=recess.end,
                )
                for day in range(5)
            )
