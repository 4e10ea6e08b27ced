"""Putting a weekly plan into use, from the generator or from a district run, through one
function (use_plan). Scheduling decides; delivery stores (delivery.services.plan).

A plan put into use keeps every rule on every date from its first day on. The weekly plan
is the same every week, but a date may hold a one-off: a dated meeting, a booked make-up or
another one-off session of the therapist, a session already logged, or a one-off session of
one of the students with another therapist. Where a new weekly session falls on one, that
date gets its own moved session at a time that keeps every rule that day (with the reason)
and the weekly session skips the date; where no time fits, the session stays and the
summary names it. Today's sessions stay as they are: a new plan starts tomorrow at the
earliest, and the old one runs until the day before.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field, replace

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q

from otdesk.accounts.models import User
from otdesk.core.dates import nice_date
from otdesk.core.times import DAY_PLURALS, clock, minutes_of, time_of
from otdesk.delivery import services as delivery
from otdesk.delivery.models import PlannedSession, SessionType
from otdesk.students.models import PULL_OUT_MODELS, DeliveryModel, Location, Student

from .. import rules
from ..build import SESSION_TYPE, Built, build_instance
from ..checker import violations
from ..engine import ALL_WEEKS, PULL_OUT, PUSH_IN, Placement, Plan

ONE_DAY = dt.timedelta(days=1)


class PlanNoLongerFits(Exception):
    """The plan breaks a rule with what is entered today: it was made from older facts."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class DateChange:
    """One date on which a weekly session falls on a one-off."""

    day: dt.date
    students: str
    weekly: int  # the weekly start, minutes from midnight
    moved_to: int | None  # the start that day; None when no time keeps every rule
    why: str  # what is in the way, e.g. "IEP meeting 9:00–9:45"
    locked: bool = False  # a session the therapist locked: never moved by a plan

    @property
    def words(self) -> str:
        when = nice_date(self.day)
        if self.locked:
            return (
                f"{when}: your locked session with {self.students} at "
                f"{clock(self.weekly)} falls on {self.why}. Move it from your week "
                "calendar, or record it as missed."
            )
        if self.moved_to is None:
            return (
                f"{when}: {self.students} at {clock(self.weekly)} falls on {self.why}, "
                "and no other time that day keeps every rule. Move it from your week "
                "calendar, or record it as missed."
            )
        return (
            f"{when}: {self.students} moves from {clock(self.weekly)} to "
            f"{clock(self.moved_to)} that day ({self.why})."
        )


@dataclass
class PlanUse:
    """What putting a plan into use did (or, for a dry run, would do)."""

    starts_on: dt.date
    created: int = 0
    moved: list[DateChange] = field(default_factory=list)
    unkept: list[DateChange] = field(default_factory=list)
    weekly_problems: list[str] = field(default_factory=list)  # rules broken every week
    not_started: list[str] = field(default_factory=list)  # lines ending before the start

    @property
    def last_old_day(self) -> dt.date:
        """The last day of the plan it replaces."""
        return self.starts_on - ONE_DAY


def use_plan(
    *,
    provider: User,
    placements: list[Placement],
    starts_on: dt.date,
    today: dt.date,
    dry_run: bool = False,
) -> PlanUse:
    """Make these placements the provider's weekly plan from starts_on (after today).

    The new weekly sessions are stored (delivery's replace_weekly_plan ends the old plan),
    then every date from starts_on on is checked for one-offs (see the module's notes) and
    each date that needs it gets its own time (delivery's move_weekly_date). With dry_run
    everything is written and checked, then rolled back: the preview and the real thing are
    the same code.

    Raises PlanNoLongerFits when the placements break a rule with today's facts."""
    if starts_on <= today:
        raise ValidationError(
            f"A new plan starts after today ({nice_date(today)}): today's sessions stay "
            "as they are."
        )
    built = build_instance(provider, today=today)
    plan = Plan(placements=list(placements), unplaced={}, status="shown")
    found = violations(built.instance, plan)
    if found:
        raise PlanNoLongerFits(found)
    with transaction.atomic():
        use = PlanUse(starts_on=starts_on)
        weekly = _weekly_sessions(built, plan, use)
        created = delivery.replace_weekly_plan(actor=provider, starts_on=starts_on, sessions=weekly)
        use.created = len(created)
        pairs = [(planned, each.students) for planned, each in zip(created, weekly, strict=True)]
        _keep_one_offs(provider, pairs, _locked_weekly(provider, starts_on), use, today=today)
        if dry_run:
            transaction.set_rollback(True)
    return use


def _weekly_sessions(built: Built, plan: Plan, use: PlanUse) -> list[delivery.WeeklySession]:
    """The placements as weekly sessions to store, in the order of the week."""
    weeks = {a.key: a.weeks for a in built.instance.activities}
    sessions = []
    for p in sorted(plan.placements, key=lambda p: (p.day, p.start, p.activity)):
        unit = built.lines[p.activity]
        line = unit[0]
        student = line.iep.student
        until = max(ln.end_date for ln in unit)
        members = [ln.iep.student for ln in unit]
        if until < use.starts_on:
            use.not_started.append(
                f"{', '.join(s.full_name for s in members)}: the service line ends "
                f"{nice_date(until)}, before the plan starts, so it gets no weekly session."
            )
            continue
        in_class = line.delivery_model not in PULL_OUT_MODELS
        if len(unit) > 1:
            session_type = SessionType.PULL_OUT_GROUP
        elif line.delivery_model == DeliveryModel.CO_TEACHING:
            session_type = SessionType.CO_TEACHING
        else:
            session_type = SESSION_TYPE[PUSH_IN if in_class else PULL_OUT]
        sessions.append(
            delivery.WeeklySession(
                students=members,
                weekday=p.day,
                start=time_of(p.start),
                minutes=p.minutes,
                school_id=student.school_id,
                classroom_id=student.classroom_id if in_class else None,
                session_type=session_type,
                location=line.location if in_class else Location.THERAPY_ROOM,
                active_until=until,
                reason=p.reason,
                weeks=weeks.get(p.activity, ALL_WEEKS),
            )
        )
    return sessions


def _locked_weekly(
    provider: User, starts_on: dt.date
) -> list[tuple[PlannedSession, list[Student]]]:
    """Locked weekly sessions stay where the therapist put them; any date they fall on a
    one-off is named too."""
    return [
        (planned, list(planned.students.all()))
        for planned in PlannedSession.objects.filter(
            provider=provider, locked=True, makeup_for=None
        )
        .exclude(active_from=F("active_until"))
        .filter(Q(active_until__isnull=True) | Q(active_until__gte=starts_on))
        .select_related("school", "classroom")
        .prefetch_related("students")
        .order_by("pk")
    ]


def _keep_one_offs(
    provider: User,
    created: list[tuple[PlannedSession, list[Student]]],
    locked: list[tuple[PlannedSession, list[Student]]],
    use: PlanUse,
    *,
    today: dt.date,
) -> None:
    """Give each date on which a new weekly session falls on a one-off its own session;
    name the dates a locked one does."""
    if not created and not locked:
        return
    by_school: dict[int, list[tuple[PlannedSession, list[Student]]]] = defaultdict(list)
    for planned, members in created + locked:
        by_school[planned.school_id].append((planned, members))
    contexts: dict[int, rules.Context] = {}
    for school_id, sessions in by_school.items():
        students = list({s.pk: s for _, members in sessions for s in members}.values())
        contexts[school_id] = rules.load_context(
            provider=provider, students=students, school=sessions[0][0].school, today=today
        )
    calendar = next(iter(contexts.values())).calendar

    def proposal(
        planned: PlannedSession, members: list[Student], day: dt.date | None
    ) -> rules.Proposal:
        return rules.Proposal(
            provider=provider,
            students=members,
            school=planned.school,
            session_type=planned.session_type,
            classroom=planned.classroom,
            weekday=planned.weekday,
            start=planned.start,
            minutes=planned.minutes,
            on_date=day,
            ignore=planned.pk,
            weeks=planned.weeks,
            from_date=planned.active_from,
        )

    def one_off_dates(planned: PlannedSession, members: list[Student]) -> list[dt.date]:
        """The dates from the start on with a one-off on which the session happens."""
        ctx = contexts[planned.school_id]
        dates = {b.on_date for b in ctx.mine if b.on_date is not None}
        for member in members:
            dates |= {b.on_date for b in ctx.theirs.get(member.pk, []) if b.on_date is not None}
        return [
            day
            for day in sorted(dates)
            if day >= use.starts_on and planned.active_on(day) and calendar.is_school_day(day)
        ]

    def blockers(planned: PlannedSession, members: list[Student], day: dt.date) -> list[rules.Busy]:
        ctx = contexts[planned.school_id]
        found = rules.in_the_way(ctx, proposal(planned, members, day), today=today)
        return [busy for busy, _problem in found if busy.on_date == day]

    def words(found: list[rules.Busy]) -> str:
        return " and ".join(dict.fromkeys(b.what or b.label for b in found))

    for planned, members in locked:
        for day in one_off_dates(planned, members):
            found = blockers(planned, members, day)
            if found:
                names = ", ".join(s.full_name for s in members)
                start = minutes_of(planned.start)
                use.unkept.append(DateChange(day, names, start, None, words(found), locked=True))
    todo: list[tuple[dt.date, int, int, PlannedSession, list[Student]]] = []
    for planned, members in created:
        ctx = contexts[planned.school_id]
        # Rules the weekly session breaks in every week, one-offs aside: the solver should
        # leave none, so any found are named rather than hidden.
        weekly = replace(
            ctx,
            mine=[b for b in ctx.mine if b.on_date is None],
            theirs={k: [b for b in v if b.on_date is None] for k, v in ctx.theirs.items()},
        )
        for problem in rules.check(weekly, proposal(planned, members, None), today=today):
            names = ", ".join(s.full_name for s in members)
            use.weekly_problems.append(
                f"{names}, {DAY_PLURALS[planned.weekday]} at "
                f"{clock(minutes_of(planned.start))}: {problem}"
            )
        for day in one_off_dates(planned, members):
            todo.append((day, minutes_of(planned.start), planned.pk, planned, members))
    for day, start, _pk, planned, members in sorted(todo, key=lambda t: t[:3]):
        ctx = contexts[planned.school_id]
        found = blockers(planned, members, day)
        if not found:
            continue
        why = words(found)
        names = ", ".join(s.full_name for s in members)
        slots = rules.open_slots_in(
            ctx,
            students=members,
            session_type=planned.session_type,
            classroom=planned.classroom,
            minutes=planned.minutes,
            dates=[day],
            today=today,
            ignore=planned.pk,
        )
        if not slots:
            use.unkept.append(DateChange(day, names, start, None, why))
            continue
        # The nearest time that keeps every rule, the earlier of two equally near.
        _, best = min(slots, key=lambda s: (abs(minutes_of(s[1]) - start), s[1]))
        moved = delivery.move_weekly_date(
            actor=provider,
            weekly=planned,
            day=day,
            start=best,
            reason=f"Moved from {clock(start)}: {why}",
        )
        for each in contexts.values():
            each.skip(planned.pk, day)
            each.add(moved)
        use.moved.append(DateChange(day, names, start, minutes_of(best), why))
