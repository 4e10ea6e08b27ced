"""The weekly scheduling problem, independent of Django: what must be placed, where it may
go, and what a plan is. The CP-SAT solver, the greedy baseline and the checker all work on
these plain records.

Times are minutes from midnight; days are 0 (Monday) to 4 (Friday).
"""

import hashlib
import json
from dataclasses import dataclass, field, fields, is_dataclass

PUSH_IN = "push_in"
PULL_OUT = "pull_out"


@dataclass(frozen=True)
class Window:
    day: int
    start: int
    end: int
    tag: str = ""  # e.g. "writing", "core", "lunch"

    def covers(self, day: int, start: int, end: int) -> bool:
        return self.day == day and self.start <= start and end <= self.end

    def overlaps(self, day: int, start: int, end: int) -> bool:
        return self.day == day and start < self.end and self.start < end


ALL_WEEKS = "1234"


@dataclass
class Activity:
    """Sessions to place each week: one student, or a group formed ahead of time.

    weeks: the weeks of each four-week cycle the sessions run in, e.g. "123" for a 3:1 line
    (three weeks of service, the fourth for consultation) or "13" for a small monthly line.
    Two activities that never run in the same week may share a time."""

    key: str
    students: tuple[str, ...]
    school: str
    minutes: int
    sessions: int  # per week it runs in
    kind: str  # PUSH_IN or PULL_OUT
    class_windows: list[Window] = field(default_factory=list)  # where push-in may happen
    preferred_tags: frozenset[str] = frozenset()  # e.g. {"writing"} for fine-motor goals
    weeks: str = ALL_WEEKS
    cap: int | None = None  # most students the IEPs and group rules allow in one session
    goal_words: str = ""  # e.g. "fine-motor goal", said when a block matches

    @property
    def weekly_minutes(self) -> int:
        """Minutes in a week it runs in."""
        return self.minutes * self.sessions

    @property
    def cycle_minutes(self) -> int:
        """Minutes over a four-week cycle."""
        return self.weekly_minutes * len(self.weeks)


@dataclass(frozen=True)
class Weights:
    """How much each preference counts, 0 (ignore) to 10. Delivered minutes always count most."""

    goal_block: int = 5  # push-in in a class block that matches the goals
    fewer_switches: int = 5  # fewer school visits (switches) a day
    even_spread: int = 3  # an even load across the week
    groups: int = 3  # group pull-out lines where the IEPs allow


@dataclass
class Instance:
    activities: list[Activity]
    school_days: dict[int, set[str]]  # the schools the therapist may be at, per day
    school_hours: dict[str, tuple[int, int]]  # first and last minute of each school day
    travel: dict[tuple[str, str], int] = field(default_factory=dict)  # minutes between schools
    therapist_busy: list[Window] = field(default_factory=list)  # meetings, protected time
    protected: dict[str, list[Window]] = field(default_factory=dict)  # per student: no pull-out
    unavailable: dict[str, list[Window]] = field(default_factory=dict)  # per student
    locked: list["Placement"] = field(default_factory=list)  # kept as they are when re-solving
    slot: int = 5
    weights: Weights = field(default_factory=Weights)

    def travel_between(self, a: str, b: str) -> int:
        if a == b:
            return 0
        return self.travel.get((a, b), self.travel.get((b, a), 0))


@dataclass(frozen=True)
class Placement:
    activity: str
    day: int
    start: int
    minutes: int
    school: str
    reason: str = ""

    @property
    def end(self) -> int:
        return self.start + self.minutes


@dataclass
class Plan:
    placements: list[Placement]
    unplaced: dict[str, int]  # activity key -> weekly minutes not placed
    status: str = ""  # e.g. "optimal", "feasible", "greedy"
    objective: float = 0.0
    bound: float = 0.0
    seconds: float = 0.0
    explanations: list[str] = field(default_factory=list)
    clock_stopped: bool = False  # a deterministic search cut short by its safety-net clock

    def placed_minutes(self) -> int:
        return sum(p.minutes for p in self.placements)

    @property
    def gap(self) -> float:
        if self.bound <= 0:
            return 0.0
        return max(0.0, (self.bound - self.objective) / self.bound)


def candidate_starts(instance: Instance, activity: Activity) -> list[tuple[int, int, str]]:
    """Every (day, start, reason) at which one session of the activity may begin, on its own."""
    starts = []
    first, last = instance.school_hours[activity.school]
    for day, schools in sorted(instance.school_days.items()):
        if activity.school not in schools:
            continue
        for start in range(first, last - activity.minutes + 1, instance.slot):
            end = start + activity.minutes
            reason = _fits(instance, activity, day, start, end)
            if reason is not None:
                starts.append((day, start, reason))
    return starts


def _fits(instance: Instance, activity: Activity, day: int, start: int, end: int) -> str | None:
    """None when the session may not start here; else why it is a good place."""
    if any(w.overlaps(day, start, end) for w in instance.therapist_busy):
        return None
    for student in activity.students:
        if any(w.overlaps(day, start, end) for w in instance.unavailable.get(student, [])):
            return None
    if activity.kind == PULL_OUT:
        for student in activity.students:
            if any(w.overlaps(day, start, end) for w in instance.protected.get(student, [])):
                return None
        return "pull-out outside protected instruction"
    windows = [w for w in activity.class_windows if w.covers(day, start, end)]
    if not windows:
        return None
    tag = windows[0].tag
    if tag in activity.preferred_tags:
        goal = activity.goal_words or "the student's goals"
        return f"push-in during {tag} block: matches {goal}"
    return f"push-in during {tag or 'class'} block"


def _canonical(value: object) -> object:
    """Plain JSON values in an order that does not depend on how sets and dicts were built
    (Python's string hashes change from one process to the next)."""
    if is_dataclass(value) and not isinstance(value, type):
        return {f.name: _canonical(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, dict):
        items = [[_canonical(k), _canonical(v)] for k, v in value.items()]
        return sorted(items, key=lambda kv: json.dumps(kv[0]))
    if isinstance(value, set | frozenset):
        return sorted((_canonical(v) for v in value), key=json.dumps)
    if isinstance(value, list | tuple):
        return [_canonical(v) for v in value]
    return value


def fingerprint(instance: Instance, *, solver: str = "") -> str:
    """A digest of everything a plan is made from (and of the solver's settings): two
    instances with the same fingerprint give the same plan."""
    text = json.dumps([_canonical(instance), solver], sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()
