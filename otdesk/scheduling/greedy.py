"""A greedy baseline, the way a therapist fills a sheet by hand: the most constrained
activity first, each session at the first free place that keeps every rule."""

import time

from .engine import Activity, Instance, Placement, Plan, candidate_starts

# Comparisons of two sessions the repair may make: about a second on a 2-core machine,
# reached only by the largest weeks (120 students), which it improves by a few sessions.
REPAIR_BUDGET = 2_000_000


def _clash(
    instance: Instance,
    p: Placement,
    q: Placement,
    students: dict[str, set[str]],
    weeks: dict[str, set[str]],
) -> bool:
    """Whether two sessions cannot both stand: the same time (or too close to travel
    between their schools) in a week they both run, or a student in both at once."""
    if q.day != p.day or not weeks[p.activity] & weeks.get(q.activity, set("1234")):
        return False
    gap_needed = instance.travel_between(p.school, q.school)
    if p.start < q.end + gap_needed and q.start < p.end + gap_needed:
        return True
    return bool(students[p.activity] & students.get(q.activity, set())) and (
        p.start < q.end and q.start < p.end
    )


def _clashes(
    instance: Instance,
    placed: list[Placement],
    p: Placement,
    students: dict[str, set[str]],
    weeks: dict[str, set[str]],
) -> bool:
    return any(_clash(instance, p, q, students, weeks) for q in placed)


def solve_greedy(
    instance: Instance, options: dict[str, list[tuple[int, int, str]]] | None = None
) -> Plan:
    """options: each activity's candidate starts, when the caller has them already."""
    started = time.perf_counter()
    students = {a.key: set(a.students) for a in instance.activities}
    weeks = {a.key: set(a.weeks) for a in instance.activities}
    placed: list[Placement] = list(instance.locked)
    if options is None:
        options = {a.key: candidate_starts(instance, a) for a in instance.activities}

    def constrained(a: Activity) -> tuple[int, int]:
        return (len(options[a.key]) // max(1, a.sessions), -a.minutes)

    unplaced: dict[str, int] = {}
    for activity in sorted(instance.activities, key=constrained):
        already = [p for p in placed if p.activity == activity.key]
        days_used = {p.day for p in already}
        need = activity.sessions - len(already)
        # Preferred places first (a matching class block), then the earliest.
        ranked = sorted(
            options[activity.key],
            key=lambda o: ("matches" not in o[2], o[0], o[1]),
        )
        for day, start, reason in ranked:
            if need <= 0:
                break
            if day in days_used:
                continue
            p = Placement(activity.key, day, start, activity.minutes, activity.school, reason)
            if _clashes(instance, placed, p, students, weeks):
                continue
            placed.append(p)
            days_used.add(day)
            need -= 1
        if need > 0:
            unplaced[activity.key] = need * activity.minutes
    if unplaced:
        _repair(instance, placed, unplaced, options, students, weeks)
    plan = Plan(
        placements=placed,
        unplaced=unplaced,
        status="greedy",
        seconds=time.perf_counter() - started,
    )
    plan.objective = float(plan.placed_minutes())
    return plan


def _repair(
    instance: Instance,
    placed: list[Placement],
    unplaced: dict[str, int],
    options: dict[str, list[tuple[int, int, str]]],
    students: dict[str, set[str]],
    weeks: dict[str, set[str]],
    depth: int = 3,
    budget: int = REPAIR_BUDGET,
) -> None:
    """What a therapist does next with a pencil: for a session that did not fit, find a
    place where only one other session stands in the way and move that one elsewhere,
    which may in turn move one more (a short chain of moves, locked sessions never).

    The search stops after `budget` comparisons of two sessions rather than after some
    seconds, so the same week always gives the same plan, however busy the machine."""
    activities = {a.key: a for a in instance.activities}
    locked = set(instance.locked)
    work = 0

    def spent() -> bool:
        return work > budget

    def clashes(p: Placement) -> bool:
        nonlocal work
        work += len(placed)
        return _clashes(instance, placed, p, students, weeks)

    def places_for(b: Placement) -> list[Placement]:
        return [
            Placement(b.activity, day, start, b.minutes, b.school, reason)
            for day, start, reason in options[b.activity]
            if (day, start) != (b.day, b.start)
            and not any(q.activity == b.activity and q.day == day for q in placed)
        ]

    def insert(p: Placement, left: int, moving: set[str]) -> bool:
        nonlocal work
        work += len(placed)
        blockers = [q for q in placed if _clash(instance, p, q, students, weeks)]
        if not blockers:
            placed.append(p)
            return True
        if left == 0 or len(blockers) != 1 or blockers[0] in locked:
            return False
        [b] = blockers
        if b.activity in moving or spent():
            return False
        placed.remove(b)
        placed.append(p)
        elsewhere = places_for(b)
        # A free place for the one in the way first; only then a longer chain.
        for moved in elsewhere:
            if not clashes(moved):
                placed.append(moved)
                return True
        if left > 1:
            for moved in elsewhere:
                if insert(moved, left - 1, moving | {b.activity}):
                    return True
        placed.remove(p)
        placed.append(b)
        return False

    for left in range(1, depth + 1):
        for key in list(unplaced):
            a = activities[key]
            need = unplaced[key] // a.minutes
            for day, start, reason in options[key]:
                if need == 0 or spent():
                    break
                if any(q.activity == key and q.day == day for q in placed):
                    continue
                if insert(Placement(key, day, start, a.minutes, a.school, reason), left, {key}):
                    need -= 1
            if need:
                unplaced[key] = need * a.minutes
            else:
                del unplaced[key]
        if not unplaced:
            return
