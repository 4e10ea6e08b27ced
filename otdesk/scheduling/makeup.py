"""The make-up planner: open times for an owed missed session, and booking one.

A make-up is booked as a one-off planned session (active_from == active_until == its date,
locked, `makeup_for` the miss), so it shows on Today and logging it credits the miss.

Choices made here, kept simple on purpose:
- Times are searched from now (later today) to the last day a make-up for the miss may be
  given (the IEP's end, or the district's deadline: delivery.policy), at most `MAX_DAYS`
  school days ahead, and the first `SHOWN_DAYS` days with open time are shown. Whenever
  it is given, the make-up counts in the period of the miss.
- One make-up session lasts the minutes still owed and not booked, but at least 15 (a
  shorter session is hardly worth the trip) and at most 60 (the rest is booked after).
- Up to three times a day: first those inside a class block that exercises the student's
  goals (push-in only: a pull-out there would take the student out of it), then the
  earliest; the times chosen for one day never overlap each other, so they are real
  alternatives rather than 9:00, 9:05 and 9:10.
"""

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from otdesk.accounts.models import User
from otdesk.core.dates import nice_date
from otdesk.core.times import DAY_NAMES, minutes_of, time_of
from otdesk.delivery import services as delivery
from otdesk.delivery.calendar import SchoolCalendar, Span
from otdesk.delivery.models import MissedSession, PlannedSession, Session, SessionType
from otdesk.delivery.queries import makeup_ledger
from otdesk.schools.models import BellBlock, Classroom, SchoolAssignment
from otdesk.students.models import IEP, Goal, Location, ServiceLine, Student

from . import rules

MIN_MINUTES = 15
MAX_MINUTES = 60
PER_DAY = 3
MAX_DAYS = 15  # school days searched at most
SHOWN_DAYS = 5  # days with open time shown, so a phone's page stays short
SAMPLE_STEP = 15  # minutes between the starts tried when explaining why nothing fits
TAKEN = "That time was just taken; pick another."


def _and(words: list[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} and {words[-1]}"


def booked_makeups(misses: QuerySet[MissedSession]) -> QuerySet[PlannedSession]:
    """Make-ups booked for these misses and not logged or recorded as missed yet."""
    logged = Session.objects.filter(planned=OuterRef("pk")).exclude(status=Session.Status.VOIDED)
    missed = MissedSession.objects.filter(planned=OuterRef("pk"), voided_at__isnull=True)
    return (
        PlannedSession.objects.filter(makeup_for__in=misses)
        .exclude(Exists(logged))
        .exclude(Exists(missed))
        .select_related("school", "provider")
        .order_by("active_from", "start")
    )


@dataclass
class Target:
    """What a make-up for one miss would be: how long, where, how, and by when."""

    miss: MissedSession
    student: Student
    line: ServiceLine
    owed: bool
    outstanding: int  # owed minutes not made up yet
    booked: list[PlannedSession]
    to_book: int  # outstanding minus what is booked already
    minutes: int  # the length of the session to book
    minutes_note: str
    session_type: str
    classroom: Classroom | None
    location: str
    period: Span  # the period the miss (and so its make-up) counts in
    last_day: dt.date  # the make-up deadline, or the school year's end if earlier

    @property
    def reason(self) -> str:
        return f"make-up for {nice_date(self.miss.date, year=False)}"


def target_for(miss: MissedSession) -> Target:
    student = miss.student
    line = miss.service_line
    entry = next(e for e in makeup_ledger(student).entries if e.miss.pk == miss.pk)
    booked = list(booked_makeups(MissedSession.objects.filter(pk=miss.pk)))
    to_book = max(0, entry.outstanding - sum(p.minutes for p in booked))
    minutes = min(MAX_MINUTES, max(MIN_MINUTES, to_book))
    note = ""
    if to_book > MAX_MINUTES:
        note = (
            f"A make-up session lasts at most {MAX_MINUTES} min: book this one, then plan "
            f"another for the other {to_book - MAX_MINUTES} min."
        )
    elif 0 < to_book < MIN_MINUTES:
        note = (
            f"Only {to_book} min are owed, but a make-up session lasts at least {MIN_MINUTES} min."
        )
    cal = SchoolCalendar.for_district(student.school.district)
    period = cal.span(line.period, miss.date)
    session_type: str = SessionType.PUSH_IN
    classroom: Classroom | None = student.classroom
    location: str = line.location
    if line.is_pull_out:
        session_type, classroom, location = (
            SessionType.PULL_OUT_INDIVIDUAL,
            None,
            Location.THERAPY_ROOM,
        )
    return Target(
        miss=miss,
        student=student,
        line=line,
        owed=entry.owed,
        outstanding=entry.outstanding,
        booked=booked,
        to_book=to_book,
        minutes=minutes,
        minutes_note=note,
        session_type=session_type,
        classroom=classroom,
        location=location,
        period=period,
        last_day=min(entry.deadline, cal.year_end),
    )


@dataclass(frozen=True)
class Slot:
    day: dt.date
    start: dt.time
    minutes: int
    during: str = ""  # the class block it falls in, e.g. "Writing"

    @property
    def end(self) -> dt.time:
        return time_of(minutes_of(self.start) + self.minutes)


@dataclass
class Options:
    target: Target
    days: list[tuple[dt.date, list[Slot]]] = field(default_factory=list)
    searched_until: dt.date | None = None  # the last day shown
    cut_short: bool = False  # more days could follow before the deadline
    why_none: str = ""
    obstacles: list[str] = field(default_factory=list)

    @property
    def state(self) -> str:
        """'not_owed', 'made_up', 'booked' (in full), 'open' (times found) or 'none'."""
        if not self.target.owed:
            return "not_owed"
        if self.target.outstanding == 0:
            return "made_up"
        if self.target.to_book == 0:
            return "booked"
        return "open" if self.days else "none"


def _blocks(student: Student, classroom: Classroom | None) -> list[BellBlock]:
    """The bell blocks that apply to the student's class (its own and the whole school's)."""
    room = classroom or student.classroom
    return list(
        BellBlock.objects.filter(school=student.school).filter(
            Q(classroom__isnull=True) | Q(classroom=room)
        )
    )


def _goal_kinds(student: Student) -> set[str]:
    kinds: set[str] = set()
    for area in Goal.objects.filter(
        iep__student=student, iep__status=IEP.Status.ACTIVE, status=Goal.Status.ACTIVE
    ).values_list("area", flat=True):
        kinds |= rules.BLOCKS_FOR_AREA.get(area, set())
    return kinds


def choose(
    starts: list[dt.time], *, minutes: int, preferred: list[tuple[int, int]], per_day: int
) -> list[dt.time]:
    """Up to per_day starts of one day: inside a preferred window first, then the earliest,
    never two that overlap; returned in time order."""

    def fits(t: dt.time) -> bool:
        s = minutes_of(t)
        return any(a <= s and s + minutes <= b for a, b in preferred)

    chosen: list[dt.time] = []
    for t in sorted(starts, key=lambda t: (not fits(t), t)):
        if all(abs(minutes_of(t) - minutes_of(c)) >= minutes for c in chosen):
            chosen.append(t)
        if len(chosen) == per_day:
            break
    return sorted(chosen)


def _days_at(provider: User, target: Target, today: dt.date) -> list[int]:
    """The weekdays the provider is at the student's school (no days given: every day)."""
    days: set[int] = set()
    for a in SchoolAssignment.objects.filter(
        person=provider, school=target.student.school, start_date__lte=target.last_day
    ).filter(Q(end_date__isnull=True) | Q(end_date__gte=today)):
        days.update(a.weekdays)
    return sorted(days)


def options_for(
    miss: MissedSession, *, provider: User, today: dt.date, now: dt.time, per_day: int = PER_DAY
) -> Options:
    """Open times for a make-up of this miss on the provider's schedule, best few per day."""
    target = target_for(miss)
    options = Options(target=target)
    if options.state != "none":
        return options
    student = target.student
    cal = SchoolCalendar.for_district(student.school.district)
    dates = cal.school_days(today, target.last_day)
    past_search = len(dates) > MAX_DAYS
    dates = dates[:MAX_DAYS]
    found = rules.open_slots(
        provider=provider,
        students=[student],
        school=student.school,
        session_type=target.session_type,
        classroom=target.classroom,
        minutes=target.minutes,
        dates=dates,
        today=today,
    )
    blocks = _blocks(student, target.classroom)
    kinds = _goal_kinds(student) if target.session_type == SessionType.PUSH_IN else set()
    by_day: dict[dt.date, list[dt.time]] = {}
    for day, start in found:
        if day == today and start <= now:
            continue
        by_day.setdefault(day, []).append(start)
    shown = sorted(by_day)[:SHOWN_DAYS]
    options.cut_short = past_search or len(by_day) > SHOWN_DAYS
    options.searched_until = shown[-1] if shown else None
    for day in shown:
        todays = [b for b in blocks if b.weekday == day.weekday()]
        preferred = [(minutes_of(b.start), minutes_of(b.end)) for b in todays if b.kind in kinds]
        slots = []
        for start in choose(
            by_day[day], minutes=target.minutes, preferred=preferred, per_day=per_day
        ):
            s = minutes_of(start)
            during = next(
                (
                    b.name
                    for b in sorted(todays, key=lambda b: b.classroom_id is None)
                    if minutes_of(b.start) <= s < minutes_of(b.end)
                ),
                "",
            )
            slots.append(Slot(day, start, target.minutes, during))
        options.days.append((day, slots))
    if not options.days:
        options.why_none, options.obstacles = _why_none(
            target, provider=provider, dates=dates, today=today, now=now, blocks=blocks
        )
    return options


def _why_none(
    target: Target,
    *,
    provider: User,
    dates: list[dt.date],
    today: dt.date,
    now: dt.time,
    blocks: list[BellBlock],
) -> tuple[str, list[str]]:
    """Why no time fits, in words, and the rules that stood in the way most often."""
    school = target.student.school.short_name
    until = nice_date(target.last_day, year=False)
    if target.last_day < today:
        return (
            f"A make-up for this miss had to be given by {until} (the end of the IEP or the "
            "district's deadline for make-ups), so none can be planned now. The team may "
            "weigh the minutes for compensatory services.",
            [],
        )
    if not dates:
        return (
            f"No school days are left before {until}, the last day a make-up for this miss "
            "may be given.",
            [],
        )
    days = _days_at(provider, target, today)
    day_words = _and([DAY_NAMES[d] for d in days])
    if not days:
        return (
            f"No open time before {until}: you have no days at {school} on record, so no "
            "make-up can be placed there.",
            [],
        )
    day_ends = {b.weekday: minutes_of(b.end) for b in sorted(blocks, key=lambda b: b.end)}
    # Today counts only while a session could still start and finish before school ends.
    usable = [
        d
        for d in dates
        if d.weekday() in days
        and (d != today or minutes_of(now) + target.minutes < day_ends.get(d.weekday(), 0))
    ]
    if not usable:
        return (
            f"No open time before {until}: your days at {school} are {day_words}, and none "
            "is left before then.",
            [],
        )
    left = _and([nice_date(d, year=False) for d in usable])
    full = {1: "is", 2: "are both"}.get(len(usable), "are all")
    reason = (
        f"No open time before {until}: your days at {school} are {day_words}, and {left} "
        f"{full} full — no {target.minutes} free minutes fit the rules."
    )
    # Try a start every quarter hour on the first days left and count what stops each.
    counts: Counter[str] = Counter()
    for day in usable[:3]:
        todays = [b for b in blocks if b.weekday == day.weekday() and b.classroom_id is None]
        if not todays:
            continue
        first = min(minutes_of(b.start) for b in todays)
        last = max(minutes_of(b.end) for b in todays)
        for s in range(first, last - target.minutes + 1, SAMPLE_STEP):
            if day == today and s <= minutes_of(now):
                continue
            proposal = rules.Proposal(
                provider=provider,
                students=[target.student],
                school=target.student.school,
                session_type=target.session_type,
                classroom=target.classroom,
                weekday=day.weekday(),
                start=time_of(s),
                minutes=target.minutes,
                on_date=day,
            )
            counts.update(rules.problems(proposal, today=today))
    return reason, [text for text, _ in counts.most_common(3)]


def _check_when(target: Target, *, day: dt.date, start: dt.time, today: dt.date) -> None:
    now = timezone.localtime().time()
    if day < today or day > target.last_day or (day == today and start <= now):
        raise ValidationError(
            f"Choose a time from now to {nice_date(target.last_day)}, the last day a "
            "make-up for this miss may be given."
        )


@transaction.atomic
def book_makeup(
    *, actor: User, miss: MissedSession, day: dt.date, start: dt.time, today: dt.date
) -> PlannedSession:
    """Book a one-off make-up session for the miss, if the time still keeps every rule
    (the planner checks; delivery.services.book_makeup stores it)."""
    # One booking at a time per therapist and per student, so two taps cannot both pass
    # the check below (SQLite's IMMEDIATE transactions already serialise writers).
    User.objects.select_for_update().filter(pk=actor.pk).first()
    Student.objects.select_for_update().filter(pk=miss.student_id).first()
    target = target_for(miss)
    if not target.owed:
        raise ValidationError("No make-up is owed for this missed session (district policy).")
    if target.outstanding == 0:
        raise ValidationError("This missed session is already made up.")
    if target.to_book == 0:
        raise ValidationError("A make-up is already booked for every owed minute.")
    _check_when(target, day=day, start=start, today=today)
    student = target.student
    proposal = rules.Proposal(
        provider=actor,
        students=[student],
        school=student.school,
        session_type=target.session_type,
        classroom=target.classroom,
        weekday=day.weekday(),
        start=start,
        minutes=target.minutes,
        on_date=day,
    )
    found = rules.problems(proposal, today=today)
    if found:
        # Somebody booked it since the page was shown, or the time never fitted (an
        # altered form): say which.
        taken = any(problem.startswith("It clashes") for problem in found)
        raise ValidationError(TAKEN if taken else f"That time does not fit: {found[0]}")
    return delivery.book_makeup(
        actor=actor,
        miss=miss,
        booking=delivery.MakeupBooking(
            day=day,
            start=start,
            minutes=target.minutes,
            classroom_id=target.classroom.pk if target.classroom is not None else None,
            session_type=target.session_type,
            location=target.location,
            reason=target.reason,
        ),
    )
