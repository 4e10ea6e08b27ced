"""The hard rules of the schedule, checked against the database for one session: where a
therapist drags a session to, or where a make-up could go. Every rule broken is named in
plain words; an empty list means the session fits.

This is separate from the solver: the solver places a whole week at once from the engine's
records, this checks one change against what is already planned, logged and entered.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import Q

from otdesk.accounts.models import User
from otdesk.core.dates import nice_date
from otdesk.core.times import DAY_PLURALS, clock, minutes_of, time_of
from otdesk.delivery.calendar import SchoolCalendar
from otdesk.delivery.choices import PULL_OUT_TYPES
from otdesk.delivery.models import (
    PlannedSession,
    Session,
    SessionType,
    cycle_week,
)
from otdesk.schools.models import (
    BellBlock,
    BlockKind,
    Classroom,
    School,
    SchoolAssignment,
    TravelTime,
)
from otdesk.students.models import SkillArea, Student, UnavailableTime

from .models import FixedTime

DEFAULT_TRAVEL = 15  # minutes between two schools when no travel time is entered
# Blocks in which a therapist may join the class (push-in).
CLASS_KINDS = {
    BlockKind.WRITING,
    BlockKind.MATH,
    BlockKind.READING,
    BlockKind.CENTERS,
    BlockKind.CORE,
}

# A push-in session fits best in the class block that exercises the goal (fine-motor goals
# in writing); the builder and the make-up planner both prefer these.
BLOCKS_FOR_AREA: dict[str, set[str]] = {
    SkillArea.FINE_MOTOR: {BlockKind.WRITING, BlockKind.CENTERS},
    SkillArea.VISUAL_MOTOR: {BlockKind.WRITING, BlockKind.MATH},
    SkillArea.STRENGTHENING: {BlockKind.CENTERS},
    SkillArea.POSTURE: {BlockKind.WRITING, BlockKind.READING},
    SkillArea.SENSORY: {BlockKind.CENTERS, BlockKind.CORE},
    SkillArea.SELF_CARE: {BlockKind.CENTERS},
}


@dataclass(frozen=True)
class Proposal:
    provider: User
    students: list[Student]
    school: School
    session_type: str
    classroom: Classroom | None
    weekday: int
    start: dt.time
    minutes: int
    on_date: dt.date | None = None
    ignore: int | None = None
    weeks: str = "1234"
    from_date: dt.date | None = None  # a weekly proposal's first date (else today)


def planned_proposal(
    plan: PlannedSession, weekday: int, start: dt.time, on_date: dt.date | None
) -> Proposal:
    """A planned session of the therapist's at another day and time (on_date for a one-off),
    ready to check against every rule."""
    return Proposal(
        provider=plan.provider,
        students=list(plan.students.all()),
        school=plan.school,
        session_type=plan.session_type,
        classroom=plan.classroom,
        weekday=weekday,
        start=start,
        minutes=plan.minutes,
        on_date=on_date,
        ignore=plan.pk,
        weeks=plan.weeks,
        # A weekly session of a plan that starts later moves from that date on.
        from_date=plan.active_from,
    )


@dataclass(frozen=True)
class Block:
    weekday: int
    start: int
    end: int
    name: str
    kind: str
    protected: bool


def effective_blocks(
    school_blocks: list[Block], class_blocks: list[Block], weekday: int
) -> list[Block]:
    """A classroom's own blocks on a day, plus what is left of the school's blocks around
    them: a classroom's block (e.g. its own writing time) replaces the school's block at
    that time only, and the rest of the school's block still holds."""
    own = sorted((b for b in class_blocks if b.weekday == weekday), key=lambda b: b.start)
    shared: list[Block] = []
    for block in (b for b in school_blocks if b.weekday == weekday):
        pieces = [(block.start, block.end)]
        for o in own:
            pieces = [
                part
                for lo, hi in pieces
                for part in ((lo, min(hi, o.start)), (max(lo, o.end), hi))
                if part[0] < part[1]
            ]
        shared += [
            Block(block.weekday, lo, hi, block.name, block.kind, block.protected)
            for lo, hi in pieces
        ]
    return sorted(own + shared, key=lambda b: b.start)


def school_hours(school_blocks: list[Block], weekday: int) -> tuple[int, int] | None:
    day = [b for b in school_blocks if b.weekday == weekday]
    if not day:
        return None
    return min(b.start for b in day), max(b.end for b in day)


@dataclass
class Busy:
    weekday: int
    start: int
    end: int
    school_id: int | None
    label: str
    weeks: str = "1234"
    active_from: dt.date | None = None
    active_until: dt.date | None = None
    on_date: dt.date | None = None  # a one-off
    pk: int | None = None  # the planned session it stands for (a move ignores itself)
    logged: bool = False  # a session already logged: only clashes with a dated proposal
    skips: frozenset[dt.date] = frozenset()  # dates a weekly session was moved away from
    what: str = ""  # in a few words with its times, e.g. "IEP meeting 9:00–10:00"

    def happens(self, p: "Proposal", today: dt.date, cycle_of: Callable[[dt.date], int]) -> bool:
        """Whether this busy time and the proposal ever fall on the same day."""
        if self.weekday != p.weekday:
            return False
        if p.on_date is not None:
            day = p.on_date
            if self.on_date is not None:
                return self.on_date == day
            if day in self.skips:
                return False
            if self.active_from and day < self.active_from:
                return False
            if self.active_until and day > self.active_until:
                return False
            return self.weeks == "1234" or str(cycle_of(day)) in self.weeks
        # A weekly proposal from today (or its first date) on.
        first = max(today, p.from_date or today)
        if self.logged:
            return False
        if self.on_date is not None:
            return self.on_date >= first and (
                p.weeks == "1234" or str(cycle_of(self.on_date)) in p.weeks
            )
        if self.active_until and self.active_until < first:
            return False
        return bool(set(self.weeks) & set(p.weeks))


@dataclass
class Context:
    """Everything the rules need for one therapist and a set of students, loaded once."""

    provider: User
    school: School
    calendar: SchoolCalendar
    days_at: dict[int, set[int]]  # weekday -> school ids the therapist is at
    school_blocks: list[Block]
    class_blocks: dict[int, list[Block]]  # classroom id -> its own blocks
    travel: dict[tuple[int, int], int]
    mine: list[Busy]  # the therapist's planned and logged sessions, meetings
    theirs: dict[int, list[Busy]]  # per student: other providers' sessions
    unavailable: dict[int, list[Busy]]
    school_names: dict[int, str] = field(default_factory=dict)

    def travel_between(self, a: int | None, b: int | None) -> int:
        if a is None or b is None or a == b:
            return 0
        return self.travel.get((min(a, b), max(a, b)), DEFAULT_TRAVEL)

    def cycle_of(self, day: dt.date) -> int:
        return cycle_week(self.calendar.year_start, day)

    def add(self, plan: PlannedSession) -> None:
        """A session of the therapist's written since the context was loaded."""
        self.mine.append(_busy_of(plan, self.school_names))

    def skip(self, pk: int, day: dt.date) -> None:
        """A weekly session of the therapist's no longer happens on this date."""
        for busy in self.mine:
            if busy.pk == pk:
                busy.skips = busy.skips | {day}


def _block(b: BellBlock) -> Block:
    return Block(b.weekday, minutes_of(b.start), minutes_of(b.end), b.name, b.kind, b.protected)


def _session_label(plan: PlannedSession, names: dict[int, str]) -> str:
    who = ", ".join(sorted(s.initials for s in plan.students.all())) or "no students"
    kind = "make-up" if plan.makeup_for_id else plan.get_session_type_display().lower()
    when = (
        f" on {nice_date(plan.active_from, year=False)}"
        if plan.active_from == plan.active_until
        else ""
    )
    return f"your {clock(minutes_of(plan.start))} {kind} session ({who}){when}"


def _span(start: int, end: int) -> str:
    return f"{clock(start)}–{clock(end)}"


def _busy_of(plan: PlannedSession, names: dict[int, str]) -> Busy:
    one_off = plan.active_from if plan.active_from == plan.active_until else None
    start = minutes_of(plan.start)
    who = ", ".join(sorted(s.initials for s in plan.students.all())) or "no students"
    kind = "make-up" if plan.makeup_for_id else plan.get_session_type_display().lower()
    return Busy(
        plan.weekday,
        start,
        start + plan.minutes,
        plan.school_id,
        _session_label(plan, names),
        plan.weeks,
        plan.active_from,
        plan.active_until,
        one_off,
        plan.pk,
        skips=frozenset(dt.date.fromisoformat(day) for day in plan.skip_dates),
        what=f"{kind} session ({who}) {_span(start, start + plan.minutes)}",
    )


def load_context(
    *, provider: User, students: list[Student], school: School, today: dt.date
) -> Context:
    district = school.district
    calendar = SchoolCalendar.for_district(district)
    days_at: dict[int, set[int]] = defaultdict(set)
    assignments = SchoolAssignment.objects.filter(person=provider, start_date__lte=today).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=today)
    )
    for a in assignments:
        for day in a.weekdays:
            days_at[day].add(a.school_id)
    school_blocks: list[Block] = []
    class_blocks: dict[int, list[Block]] = defaultdict(list)
    for b in BellBlock.objects.filter(school=school):
        if b.classroom_id:
            class_blocks[b.classroom_id].append(_block(b))
        else:
            school_blocks.append(_block(b))
    travel = {
        (min(t.school_a_id, t.school_b_id), max(t.school_a_id, t.school_b_id)): t.minutes
        for t in TravelTime.objects.filter(school_a__district=district)
    }
    names = dict(School.objects.filter(district=district).values_list("pk", "short_name"))
    plans = (
        PlannedSession.objects.filter(Q(active_until__isnull=True) | Q(active_until__gte=today))
        .filter(Q(provider=provider) | Q(students__in=students))
        .select_related("school")
        .prefetch_related("students")
        .distinct()
    )
    mine: list[Busy] = []
    theirs: dict[int, list[Busy]] = defaultdict(list)
    student_ids = {s.pk for s in students}
    for plan in plans:
        busy = _busy_of(plan, names)
        if plan.provider_id == provider.pk:
            mine.append(busy)
        else:
            for s in plan.students.all():
                if s.pk in student_ids:
                    other = Busy(
                        **{
                            **busy.__dict__,
                            "label": "another therapist's session",
                            "what": f"{s.known_as}'s session with another therapist "
                            f"{_span(busy.start, busy.end)}",
                        }
                    )
                    theirs[s.pk].append(other)
    # Sessions already logged from today on that no planned session stands for.
    for session in Session.objects.filter(
        provider=provider, date__gte=today, planned__isnull=True
    ).exclude(status=Session.Status.VOIDED):
        start = minutes_of(session.start)
        logged = Busy(
            session.date.weekday(),
            start,
            start + session.minutes,
            session.school_id,
            f"the session you logged at {clock(start)}",
            on_date=session.date,
            logged=True,
            what=f"the session you logged {_span(start, start + session.minutes)}",
        )
        mine.append(logged)
    for fixed in FixedTime.objects.filter(provider=provider).filter(
        Q(date__isnull=True) | Q(date__gte=today)
    ):
        mine.append(
            Busy(
                fixed.weekday,
                minutes_of(fixed.start),
                minutes_of(fixed.end),
                fixed.school_id,
                f"your {fixed.get_kind_display().lower()} “{fixed.title}”"
                + (f" on {fixed.date:%A %-d %B}" if fixed.date else ""),
                on_date=fixed.date,
                what=f"{fixed.title} {_span(minutes_of(fixed.start), minutes_of(fixed.end))}",
            )
        )
    unavailable: dict[int, list[Busy]] = defaultdict(list)
    for u in UnavailableTime.objects.filter(student__in=students):
        unavailable[u.student_id].append(
            Busy(u.weekday, minutes_of(u.start), minutes_of(u.end), None, u.reason)
        )
    return Context(
        provider=provider,
        school=school,
        calendar=calendar,
        days_at=dict(days_at),
        school_blocks=school_blocks,
        class_blocks=dict(class_blocks),
        travel=travel,
        mine=mine,
        theirs=dict(theirs),
        unavailable=dict(unavailable),
        school_names=names,
    )


def check(ctx: Context, p: Proposal, *, today: dt.date) -> list[str]:
    """The rules the proposal breaks, given what is already in place."""
    problems: list[str] = []
    start = minutes_of(p.start)
    end = start + p.minutes
    day = p.weekday
    name = p.school.short_name
    if p.on_date is not None and not ctx.calendar.is_school_day(p.on_date):
        problems.append(f"{p.on_date:%A %-d %B} is not a school day.")
    if p.school.pk not in ctx.days_at.get(day, set()):
        problems.append(f"You are not at {name} on {DAY_PLURALS[day]}.")
    hours = school_hours(ctx.school_blocks, day)
    if hours is None:
        problems.append(f"{name} has no bell schedule on {DAY_PLURALS[day]}.")
    elif start < hours[0] or end > hours[1]:
        problems.append(f"{name}'s day runs {clock(hours[0])}–{clock(hours[1])}.")
    for _busy, problem in in_the_way(ctx, p, today=today):
        problems.append(problem)
    for student in p.students:
        for busy in ctx.unavailable.get(student.pk, []):
            if busy.weekday == day and start < busy.end and busy.start < end:
                problems.append(
                    f"{student.full_name} cannot be seen {clock(busy.start)}–{clock(busy.end)}"
                    f" ({busy.label})."
                )
        blocks = effective_blocks(
            ctx.school_blocks, ctx.class_blocks.get(student.classroom_id or 0, []), day
        )
        if p.session_type in PULL_OUT_TYPES:
            for b in blocks:
                if b.protected and start < b.end and b.start < end:
                    problems.append(
                        f"It pulls {student.full_name} out of {b.name} "
                        f"({clock(b.start)}–{clock(b.end)}), which is protected instruction."
                    )
    if p.session_type not in PULL_OUT_TYPES:
        room = p.classroom or (p.students[0].classroom if p.students else None)
        blocks = effective_blocks(
            ctx.school_blocks, ctx.class_blocks.get(room.pk if room else 0, []), day
        )
        if not any(b.kind in CLASS_KINDS and b.start <= start and end <= b.end for b in blocks):
            where = room.name if room else "the class"
            problems.append(
                f"In-class sessions go inside one of {where}'s class blocks; "
                f"{clock(start)}–{clock(end)} is not inside one."
            )
    return list(dict.fromkeys(problems))


def in_the_way(ctx: Context, p: Proposal, *, today: dt.date) -> list[tuple[Busy, str]]:
    """The sessions and meetings the proposal clashes with (or leaves no time to travel
    from), each with the rule it breaks in words."""
    found: list[tuple[Busy, str]] = []
    start = minutes_of(p.start)
    end = start + p.minutes
    name = p.school.short_name
    for busy in ctx.mine:
        if p.ignore is not None and busy.pk == p.ignore:
            continue
        if not busy.happens(p, today, ctx.cycle_of):
            continue
        if start < busy.end and busy.start < end:
            found.append((busy, f"It clashes with {busy.label}."))
            continue
        travel = ctx.travel_between(p.school.pk, busy.school_id)
        if travel and start < busy.end + travel and busy.start < end + travel:
            other = ctx.school_names.get(busy.school_id or 0, "the other school")
            found.append(
                (
                    busy,
                    f"You need {travel} minutes to travel between {name} and {other}, "
                    f"around {busy.label}.",
                )
            )
    for student in p.students:
        for busy in ctx.theirs.get(student.pk, []):
            if busy.happens(p, today, ctx.cycle_of) and start < busy.end and busy.start < end:
                found.append(
                    (busy, f"{student.full_name} has {busy.label} at {clock(busy.start)} then.")
                )
    return found


def problems(p: Proposal, *, today: dt.date) -> list[str]:
    ctx = load_context(provider=p.provider, students=p.students, school=p.school, today=today)
    return check(ctx, p, today=today)


def open_slots(
    *,
    provider: User,
    students: list[Student],
    school: School,
    session_type: str,
    classroom: Classroom | None,
    minutes: int,
    dates: list[dt.date],
    today: dt.date,
    step: int = 5,
    limit: int | None = None,
) -> list[tuple[dt.date, dt.time]]:
    """Every start on the given dates at which a one-off session keeps every rule."""
    ctx = load_context(provider=provider, students=students, school=school, today=today)
    return open_slots_in(
        ctx,
        students=students,
        session_type=session_type,
        classroom=classroom,
        minutes=minutes,
        dates=dates,
        today=today,
        step=step,
        limit=limit,
    )


def open_slots_in(
    ctx: Context,
    *,
    students: list[Student],
    session_type: str,
    classroom: Classroom | None,
    minutes: int,
    dates: list[dt.date],
    today: dt.date,
    step: int = 5,
    limit: int | None = None,
    ignore: int | None = None,
) -> list[tuple[dt.date, dt.time]]:
    """open_slots with the context already loaded (and kept up to date by the caller);
    `ignore` leaves out one of the therapist's sessions, e.g. the weekly one being moved."""
    provider, school = ctx.provider, ctx.school
    found: list[tuple[dt.date, dt.time]] = []
    for day in dates:
        hours = school_hours(ctx.school_blocks, day.weekday())
        if hours is None or day.weekday() > 4:
            continue
        for start in range(hours[0], hours[1] - minutes + 1, step):
            p = Proposal(
                provider=provider,
                students=students,
                school=school,
                session_type=session_type,
                classroom=classroom,
                weekday=day.weekday(),
                start=time_of(start),
                minutes=minutes,
                on_date=day,
                ignore=ignore,
            )
            if not check(ctx, p, today=today):
                found.append((day, p.start))
                if limit is not None and len(found) >= limit:
                    return found
    return found


__all__ = [
    "CLASS_KINDS",
    "Proposal",
    "SessionType",
    "check",
    "effective_blocks",
    "in_the_way",
    "load_context",
    "open_slots",
    "open_slots_in",
    "problems",
]
