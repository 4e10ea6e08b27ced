"""Why minutes could not be placed, in words: which students and which rules conflict."""

from dataclasses import replace

from otdesk.core.times import DAY_NAMES

from .engine import PULL_OUT, Instance, Plan, candidate_starts


def explain(instance: Instance, plan: Plan) -> list[str]:
    activities = {a.key: a for a in instance.activities}
    reasons = []
    for key, minutes in sorted(plan.unplaced.items()):
        a = activities[key]
        who = ", ".join(a.students)
        if candidate_starts(instance, a):
            reasons.append(
                f"{who}: {minutes} min a week could not be placed: the times that fit are "
                "taken by other sessions or by travel between schools."
            )
            continue
        days = [d for d, schools in sorted(instance.school_days.items()) if a.school in schools]
        if not days:
            reasons.append(
                f"{who}: {minutes} min a week could not be placed: the therapist has no day "
                f"at {a.school}."
            )
            continue
        relaxed = replace(instance, unavailable={})
        if candidate_starts(relaxed, a):
            reasons.append(
                f"{who}: {minutes} min a week could not be placed: the student is unavailable "
                f"at every time that fits on {', '.join(DAY_NAMES[d] for d in days)}."
            )
            continue
        if a.kind == PULL_OUT and candidate_starts(replace(instance, protected={}), a):
            reasons.append(
                f"{who}: {minutes} min a week could not be placed: pull-out would only fit "
                "during protected instruction."
            )
            continue
        if candidate_starts(replace(instance, therapist_busy=[]), a):
            reasons.append(
                f"{who}: {minutes} min a week could not be placed: meetings and protected "
                "professional time fill every time that fits."
            )
            continue
        reasons.append(
            f"{who}: {minutes} min a week could not be placed: no class block is long enough "
            f"for a {a.minutes}-minute session."
        )
    return reasons
