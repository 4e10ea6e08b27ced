"""An independent check of a plan against every hard rule. It shares no code with the
solvers beyond the plain records, so a solver bug cannot hide behind it."""

from collections import defaultdict

from otdesk.core.times import hhmm

from .engine import PULL_OUT, PUSH_IN, Activity, Instance, Plan


def _same_week(activities: dict[str, Activity], a: str, b: str) -> bool:
    """Whether two activities ever run in the same week of the four-week cycle."""
    weeks_a = set(activities[a].weeks) if a in activities else set("1234")
    weeks_b = set(activities[b].weeks) if b in activities else set("1234")
    return bool(weeks_a & weeks_b)


def violations(instance: Instance, plan: Plan) -> list[str]:
    problems: list[str] = []
    activities = {a.key: a for a in instance.activities}
    per_activity: dict[str, list] = defaultdict(list)
    for p in plan.placements:
        a = activities.get(p.activity)
        label = f"{p.activity} on day {p.day} at {hhmm(p.start)}"
        if a is None:
            problems.append(f"{label}: no such activity")
            continue
        per_activity[a.key].append(p)
        if p.minutes != a.minutes:
            problems.append(f"{label}: lasts {p.minutes} min, the IEP session is {a.minutes}")
        if p.school != a.school:
            problems.append(f"{label}: at {p.school}, the students are at {a.school}")
        if p.school not in instance.school_days.get(p.day, set()):
            problems.append(f"{label}: the therapist is not at {p.school} that day")
        opens, closes = instance.school_hours[a.school]
        if p.start < opens or p.end > closes:
            problems.append(f"{label}: outside the school day")
        if p.start % instance.slot:
            problems.append(f"{label}: not on a {instance.slot}-minute slot")
        for w in instance.therapist_busy:
            if w.day == p.day and p.start < w.end and w.start < p.end:
                problems.append(f"{label}: clashes with the therapist's {w.tag or 'fixed time'}")
        for student in a.students:
            for w in instance.unavailable.get(student, []):
                if w.day == p.day and p.start < w.end and w.start < p.end:
                    problems.append(f"{label}: {student} is unavailable")
            if a.kind == PULL_OUT:
                for w in instance.protected.get(student, []):
                    if w.day == p.day and p.start < w.end and w.start < p.end:
                        problems.append(
                            f"{label}: pulls {student} out of {w.tag or 'protected'} time"
                        )
        if a.kind == PUSH_IN and not any(
            w.day == p.day and w.start <= p.start and p.end <= w.end for w in a.class_windows
        ):
            problems.append(f"{label}: push-in outside the student's class blocks")
    for a in instance.activities:
        if a.cap is not None and len(a.students) > a.cap:
            problems.append(f"{a.key}: {len(a.students)} students in a group of at most {a.cap}")
        if not a.weeks or set(a.weeks) - set("1234"):
            problems.append(f"{a.key}: runs in weeks '{a.weeks}' of a four-week cycle")
    for key, placed in per_activity.items():
        a = activities[key]
        if len(placed) > a.sessions:
            problems.append(f"{key}: {len(placed)} sessions placed, {a.sessions} needed")
        days = [p.day for p in placed]
        if len(days) != len(set(days)):
            problems.append(f"{key}: two sessions on one day")
    by_day: dict[int, list] = defaultdict(list)
    for p in plan.placements:
        by_day[p.day].append(p)
    for day, placed in by_day.items():
        placed.sort(key=lambda p: p.start)
        for i, first in enumerate(placed):
            for second in placed[i + 1 :]:
                if not _same_week(activities, first.activity, second.activity):
                    continue  # e.g. a 3:1 line and one that runs only in the fourth week
                gap = second.start - first.end
                need = instance.travel_between(first.school, second.school)
                if gap < need:
                    problems.append(
                        f"day {day}: {first.activity} and {second.activity} leave {gap} min "
                        f"between them; {need} min are needed"
                        + (" to travel" if need else " (double-booked)")
                    )
                students_a = (
                    set(activities[first.activity].students)
                    if first.activity in activities
                    else set()
                )
                students_b = (
                    set(activities[second.activity].students)
                    if second.activity in activities
                    else set()
                )
                if students_a & students_b and first.end > second.start:
                    problems.append(
                        f"day {day}: {', '.join(sorted(students_a & students_b))} double-booked"
                    )
    placed_at = {(p.activity, p.day, p.start, p.minutes) for p in plan.placements}
    for lock in instance.locked:
        if (lock.activity, lock.day, lock.start, lock.minutes) not in placed_at:
            problems.append(f"locked session {lock.activity} on day {lock.day} was moved")
    return problems
