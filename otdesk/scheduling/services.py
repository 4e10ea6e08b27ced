"""Writes of the schedule builder's weekly plans: a proposal made, kept and dropped, and a
plan put into use, from the generator or from a district run, through one function.

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
import time
from collections import defaultdict
from dataclasses import dataclass, field, replace

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone

from otdesk.accounts.models import User
from otdesk.core.audit import record_event
from otdesk.core.dates import nice_date
from otdesk.core.models import AuditEvent
from otdesk.delivery.calendar import SchoolCalendar
from otdesk.delivery.models import MissedSession, PlannedSession, Session, SessionType
from otdesk.students.models import PULL_OUT_MODELS, DeliveryModel, Location, Student

from . import rules
from .build import SESSION_TYPE, Built, build_instance
from .checker import violations
from .cpsat import GENERATOR_SETTINGS, solve_reproducibly
from .engine import ALL_WEEKS, PULL_OUT, PUSH_IN, Placement, Plan, fingerprint
from .models import PlanProposal

ONE_DAY = dt.timedelta(days=1)


class PlanNoLongerFits(Exception):
    """The plan breaks a rule with what is entered today: it was made from older facts."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


class ProposalGone(Exception):
    """The proposal was used or dropped meanwhile (another tab, a double press)."""


def first_start(provider: User, *, today: dt.date) -> dt.date:
    """The date a new plan starts unless the therapist picks another: the next school day
    after today (tomorrow outside the school year)."""
    district = provider.district
    if district is None:
        return today + ONE_DAY
    calendar = SchoolCalendar.for_district(district)
    day = today + ONE_DAY
    while day <= calendar.year_end:
        if calendar.is_school_day(day):
            return day
        day += ONE_DAY
    return today + ONE_DAY


def inputs_fingerprint(built: Built) -> str:
    """What the generator's plan is made from, with the solver's settings."""
    return fingerprint(built.instance, solver=GENERATOR_SETTINGS)


# Proposals -----------------------------------------------------------------------------


def make_proposal(*, provider: User, today: dt.date) -> PlanProposal:
    """Solve the provider's week and keep the plan as their proposal (replacing any
    earlier one). The same facts always give the same plan."""
    from .runs import named_explanations

    started = time.perf_counter()
    built = build_instance(provider, today=today)
    plan = solve_reproducibly(built.instance)
    proposal = PlanProposal.objects.filter(provider=provider).first() or PlanProposal(
        provider=provider
    )
    proposal.created_at = timezone.now()
    proposal.fingerprint = inputs_fingerprint(built)
    proposal.placements = [
        [p.activity, p.day, p.start, p.minutes, p.school, p.reason] for p in plan.placements
    ]
    proposal.explanations = named_explanations(built, plan)
    proposal.placed_minutes = plan.placed_minutes()
    proposal.total_minutes = sum(a.weekly_minutes for a in built.instance.activities)
    proposal.status = plan.status[:80]
    proposal.gap = plan.gap if plan.bound else None
    proposal.seconds = time.perf_counter() - started
    proposal.clock_stopped = plan.clock_stopped
    proposal.full_clean()
    with transaction.atomic():
        proposal.save()
        record_event(
            user=provider,
            action=AuditEvent.Action.CREATE,
            obj=proposal,
            student_id=None,
            summary=f"Made a weekly plan proposal: {proposal.placed_minutes} of "
            f"{proposal.total_minutes} minutes a week placed",
        )
    return proposal


def drop_proposal(*, provider: User) -> bool:
    """Forget the provider's proposal; their weekly plan stays as it is."""
    with transaction.atomic():
        proposal = PlanProposal.objects.filter(provider=provider).first()
        if proposal is None:
            return False
        record_event(
            user=provider,
            action=AuditEvent.Action.VOID,
            obj=proposal,
            student_id=None,
            summary="Dropped the weekly plan proposal",
        )
        proposal.delete()
    return True


def placements_of(rows: list[list]) -> list[Placement]:  # type: ignore[type-arg]
    """Stored placements (JSON rows) as the engine's records."""
    return [Placement(*row) for row in rows]


def use_proposal(
    *, provider: User, proposal: PlanProposal, starts_on: dt.date, today: dt.date
) -> "PlanUse":
    """Put the generator's proposal into use; it is used up."""
    with transaction.atomic():
        # Two presses at once: the second waits here, then finds it gone.
        if not PlanProposal.objects.select_for_update().filter(pk=proposal.pk).exists():
            raise ProposalGone
        use = use_plan(
            provider=provider,
            placements=placements_of(proposal.placements),
            starts_on=starts_on,
            today=today,
        )
        proposal.delete()
    return use


# Putting a plan into use -----------------------------------------------------------------


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
                f"{rules.clock(self.weekly)} falls on {self.why}. Move it from your week "
                "calendar, or record it as missed."
            )
        if self.moved_to is None:
            return (
                f"{when}: {self.students} at {rules.clock(self.weekly)} falls on {self.why}, "
                "and no other time that day keeps every rule. Move it from your week "
                "calendar, or record it as missed."
            )
        return (
            f"{when}: {self.students} moves from {rules.clock(self.weekly)} to "
            f"{rules.clock(self.moved_to)} that day ({self.why})."
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

    Unlocked weekly sessions of the old plan end the day before (those that would only
    start later go); moved dates a plan made from starts_on on go too. The new weekly
    sessions are written, then every date from starts_on on is checked for one-offs (see
    the module's notes). With dry_run everything is written and checked, then rolled back:
    the preview and the real thing are the same code.

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
        use = _put_in_use(provider, built, plan, starts_on=starts_on, today=today)
        summary = f"Put a weekly plan into use from {nice_date(starts_on)}: {use.created} sessions"
        if use.moved:
            summary += f", {len(use.moved)} moved on dates with a one-off"
        if use.unkept:
            summary += f", {len(use.unkept)} left on a one-off"
        record_event(
            user=provider,
            action=AuditEvent.Action.UPDATE,
            obj=provider,
            student_id=None,
            summary=summary,
        )
        if dry_run:
            transaction.set_rollback(True)
    return use


def _without_history() -> Q:
    return ~Q(Exists(Session.objects.filter(planned=OuterRef("pk")))) & ~Q(
        Exists(MissedSession.objects.filter(planned=OuterRef("pk")))
    )


def _put_in_use(
    provider: User, built: Built, plan: Plan, *, starts_on: dt.date, today: dt.date
) -> PlanUse:
    use = PlanUse(starts_on=starts_on)
    first = starts_on.isoformat()
    # Dates the last plan moved, from the start on, go with it (a moved session the
    # therapist has since locked somewhere is hers and stays).
    PlannedSession.objects.filter(
        _without_history(),
        provider=provider,
        replaces__isnull=False,
        locked=False,
        active_from__gte=starts_on,
    ).delete()
    old = (
        PlannedSession.objects.filter(provider=provider, locked=False, makeup_for=None)
        .exclude(active_from=F("active_until"))
        .filter(Q(active_until__isnull=True) | Q(active_until__gte=starts_on))
    )
    old.filter(_without_history(), active_from__gte=starts_on).delete()
    # (One that would start later but has a session logged against it already stays.)
    for session in old.filter(active_from__lt=starts_on).order_by("pk"):
        session.active_until = starts_on - ONE_DAY
        session.skip_dates = [day for day in session.skip_dates if day < first]
        session.save(update_fields=["active_until", "skip_dates"])

    weeks = {a.key: a.weeks for a in built.instance.activities}
    created: list[tuple[PlannedSession, list[Student]]] = []
    for p in sorted(plan.placements, key=lambda p: (p.day, p.start, p.activity)):
        unit = built.lines[p.activity]
        line = unit[0]
        student = line.iep.student
        until = max(ln.end_date for ln in unit)
        members = [ln.iep.student for ln in unit]
        if until < starts_on:
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
        planned = PlannedSession(
            provider=provider,
            weekday=p.day,
            start=dt.time(p.start // 60, p.start % 60),
            minutes=p.minutes,
            school_id=student.school_id,
            classroom=student.classroom if in_class else None,
            session_type=session_type,
            location=line.location if in_class else Location.THERAPY_ROOM,
            active_from=starts_on,
            active_until=until,  # it ends with the service line (the last one, for a group)
            reason=p.reason[:200],
            weeks=weeks.get(p.activity, ALL_WEEKS),
        )
        planned.full_clean()
        planned.save()
        planned.students.set(members)
        created.append((planned, members))
    use.created = len(created)
    # Locked weekly sessions stay where the therapist put them; any date they fall on a
    # one-off is named too.
    locked = [
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
    _keep_one_offs(provider, created, locked, use, today=today)
    return use


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
                start = rules.minutes_of(planned.start)
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
                f"{names}, {rules.DAY_PLURALS[planned.weekday]} at "
                f"{rules.clock(rules.minutes_of(planned.start))}: {problem}"
            )
        for day in one_off_dates(planned, members):
            todo.append((day, rules.minutes_of(planned.start), planned.pk, planned, members))
    skipped: dict[int, list[str]] = defaultdict(list)
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
        _, best = min(slots, key=lambda s: (abs(rules.minutes_of(s[1]) - start), s[1]))
        moved = PlannedSession(
            provider=provider,
            weekday=day.weekday(),
            start=best,
            minutes=planned.minutes,
            school_id=planned.school_id,
            classroom=planned.classroom,
            session_type=planned.session_type,
            location=planned.location,
            active_from=day,
            active_until=day,
            reason=f"Moved from {rules.clock(start)}: {why}"[:200],
            replaces=planned,
        )
        moved.full_clean()
        moved.save()
        moved.students.set(members)
        skipped[planned.pk].append(day.isoformat())
        for each in contexts.values():
            each.skip(planned.pk, day)
            each.add(moved)
        use.moved.append(DateChange(day, names, start, rules.minutes_of(best), why))
    for planned, _members in created:
        if skipped[planned.pk]:
            planned.skip_dates = sorted(skipped[planned.pk])
            planned.save(update_fields=["skip_dates"])
