"""A greedy baseline, the way a therapist fills a sheet by hand: the most constrained
activity first, each session at the first free place that keeps every rule."""

import time

from .engine import Activity, Instance, Placement, Plan, candidate_starts


def _clashes(
    instance: Instance,
    placed: list[Placement],
    p: Placement,
    students: dict[str, set[str]],
    weeks: dict[str, set[str]],
) -> bool:
    mine = students[p.activity]
    for q in placed:
        if q.day != p.day or not weeks[p.activity] & weeks.get(q.activity, set("1234")):
            continue
        gap_needed = instance.travel_between(p.school, q.school)
        if p.start < q.end + gap_needed and q.start < p.end + gap_needed:
            return True
        if mine & students[q.activity] and p.start < q.end and q.start < p.end:
            return True
    return False


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
    plan = Plan(
        placements=placed,
        unplaced=unplaced,
        status="greedy",
        seconds=time.perf_counter() - started,
    )
    plan.objective = float(plan.placed_minutes())
    return plan
