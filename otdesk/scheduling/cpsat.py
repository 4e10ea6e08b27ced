"""The weekly plan with OR-Tools CP-SAT.

Time-indexed: a Boolean per allowed start of each activity; at each slot of a day at most
one session (the therapist is in one place); occupancy per school and slot carries the
travel time between schools. Minutes delivered dominate the objective (shortfalls are
explained, never a blank failure); then sessions in blocks that match the goals; then
fewer school visits a day.
"""

import time
from collections import defaultdict
from collections.abc import Callable

from ortools.sat.python import cp_model

from .engine import Instance, Placement, Plan, candidate_starts
from .greedy import solve_greedy

PLACED_WEIGHT = 100  # per minute delivered: always dominates

# The generator's search: one worker stopped by CP-SAT's deterministic time (a count of
# work done, the same on every machine however busy) rather than by the clock, so the same
# week always gives the same plan. 2.0 units take 2-7 s on the 2-core machines and score as
# well as the two workers on a 5-second clock used before (bench/RESULTS.md). The clock
# limit is only a safety net: a search it stops may differ from run to run, and says so.
GENERATOR_WORK = 2.0
GENERATOR_CAP = 30.0
GENERATOR_SETTINGS = f"cp-sat 1 worker, seed 1, deterministic {GENERATOR_WORK}, presolve off"


def preferred_weight(instance: Instance) -> int:
    """Per minute of push-in in a block that matches the goals (10 at the default weight)."""
    return 2 * instance.weights.goal_block


def visit_weight(instance: Instance) -> int:
    """Per school visited on a day (300 at the default weight: a 3-minute trade-off)."""
    return 60 * instance.weights.fewer_switches


def spread_weight(instance: Instance) -> int:
    """Per minute of the busiest day's load."""
    return instance.weights.even_spread


def score(instance: Instance, plan: Plan) -> float:
    """The CP-SAT objective of any plan, so greedy and CP-SAT plans compare on one scale."""
    activities = {a.key: a for a in instance.activities}
    total = 0.0
    load: dict[int, int] = defaultdict(int)
    for p in plan.placements:
        runs = len(activities[p.activity].weeks)
        total += PLACED_WEIGHT * p.minutes * runs
        if "matches" in p.reason:
            total += preferred_weight(instance) * p.minutes * runs
        load[p.day] += p.minutes * runs
    visits = {(activities[p.activity].school, p.day) for p in plan.placements}
    busiest = -(-max(load.values(), default=0) // 4)
    return total - visit_weight(instance) * len(visits) - spread_weight(instance) * busiest


def cycle_minutes(instance: Instance, plan: Plan) -> int:
    """Minutes a plan delivers over a four-week cycle."""
    weeks = {a.key: len(a.weeks) for a in instance.activities}
    return sum(p.minutes * weeks.get(p.activity, 4) for p in plan.placements)


class _Progress(cp_model.CpSolverSolutionCallback):
    """Records (seconds, minutes placed) at each improving solution."""

    def __init__(
        self,
        minutes: list[tuple[int, cp_model.IntVar]],
        started: float,
        listener: Callable[[float, int], None] | None = None,
    ) -> None:
        super().__init__()
        self._minutes = minutes
        self._started = started
        self._listener = listener
        self.points: list[tuple[float, int]] = []

    def on_solution_callback(self) -> None:
        placed = sum(m for m, var in self._minutes if self.value(var))
        seconds = time.perf_counter() - self._started
        self.points.append((seconds, placed))
        if self._listener is not None:
            self._listener(seconds, placed)


def solve_reproducibly(
    instance: Instance, *, on_solution: Callable[[float, int], None] | None = None
) -> Plan:
    """The generator's plan for a week: the same instance always gives the same plan."""
    return solve_cpsat(
        instance,
        seconds=GENERATOR_CAP,
        seed=1,
        workers=1,
        deterministic=GENERATOR_WORK,
        on_solution=on_solution,
    )


def solve_cpsat(
    instance: Instance,
    *,
    seconds: float = 10.0,
    seed: int = 1,
    workers: int = 2,
    deterministic: float | None = None,
    progress: list[tuple[float, int]] | None = None,
    on_solution: Callable[[float, int], None] | None = None,
) -> Plan:
    """The best plan found in the time given. on_solution(seconds, minutes placed) is called
    at each improving solution (e.g. to show progress). With `deterministic`, the search
    stops after that much of CP-SAT's deterministic time (with several workers, interleaved
    so that it stays deterministic) and `seconds` is only a safety net."""
    started = time.perf_counter()
    model = cp_model.CpModel()
    slot = instance.slot
    choices: list[tuple[str, int, int, str, cp_model.IntVar]] = []
    by_activity: dict[str, list[tuple[int, int, str, cp_model.IntVar]]] = defaultdict(list)
    # Per cycle week, day and slot: the sessions that would take that slot.
    covering: dict[tuple[str, int, int], list[cp_model.IntVar]] = defaultdict(list)
    school_covering: dict[tuple[str, int, int], list[cp_model.IntVar]] = defaultdict(list)
    starts_at: dict[tuple[str, int], list[cp_model.IntVar]] = defaultdict(list)
    day_load: dict[int, list[tuple[int, cp_model.IntVar]]] = defaultdict(list)
    activities = {a.key: a for a in instance.activities}
    locked = {(p.activity, p.day, p.start) for p in instance.locked}

    starts_of = {a.key: candidate_starts(instance, a) for a in instance.activities}
    for activity in instance.activities:
        starts = list(starts_of[activity.key])
        for lock in instance.locked:
            if lock.activity == activity.key and (lock.day, lock.start) not in {
                (d, s) for d, s, _ in starts
            }:
                starts.append((lock.day, lock.start, "locked by the therapist"))
        for day, start, reason in starts:
            var = model.new_bool_var(f"{activity.key}@{day}:{start}")
            if (activity.key, day, start) in locked:
                model.add(var == 1)
            choices.append((activity.key, day, start, reason, var))
            by_activity[activity.key].append((day, start, reason, var))
            starts_at[(activity.school, day)].append(var)
            day_load[day].append((activity.minutes * len(activity.weeks), var))
            for u in range(start, start + activity.minutes, slot):
                covering[(activity.weeks, day, u)].append(var)
                school_covering[(activity.school, day, u)].append(var)

    terms = []
    for key, options in by_activity.items():
        activity = activities[key]
        model.add(sum(v for _, _, _, v in options) <= activity.sessions)
        per_day: dict[int, list] = defaultdict(list)
        # Minutes count over the four-week cycle, so a 3:1 line weighs three weeks of four.
        runs = len(activity.weeks)
        for day, _, reason, var in options:
            per_day[day].append(var)
            weight = PLACED_WEIGHT * activity.minutes * runs
            if "matches" in reason:
                weight += preferred_weight(instance) * activity.minutes * runs
            terms.append(weight * var)
        for vars_ in per_day.values():
            model.add_at_most_one(vars_)
    # One session at a time in every week of the cycle; sessions in different weeks may
    # share a time.
    slots_of: dict[tuple[int, int], dict[str, list[cp_model.IntVar]]] = defaultdict(dict)
    for (weeks, day, u), vars_ in covering.items():
        slots_of[(day, u)][weeks] = vars_
    for by_weeks in slots_of.values():
        seen: set[tuple[int, ...]] = set()
        for week in "1234":
            together = [v for weeks, vs in by_weeks.items() if week in weeks for v in vs]
            ids = tuple(sorted(v.index for v in together))
            if len(together) > 1 and ids not in seen:
                seen.add(ids)
                model.add_at_most_one(together)

    # The therapist at a school in a slot; travel keeps two schools apart in time. Only
    # days that could see two schools need it.
    schools_on: dict[int, set[str]] = defaultdict(set)
    for school, day in starts_at:
        schools_on[day].add(school)
    at: dict[tuple[str, int, int], cp_model.IntVar] = {}
    for (school, day, u), vars_ in school_covering.items():
        if len(schools_on[day]) < 2:
            continue
        here = model.new_bool_var(f"at-{school}-{day}-{u}")
        for var in vars_:
            model.add_implication(var, here)
        model.add(here <= sum(vars_))
        at[(school, day, u)] = here
    visits: dict[tuple[str, int], cp_model.IntVar] = {}
    for (school, day), vars_ in starts_at.items():
        visit = model.new_bool_var(f"visit-{school}-{day}")
        for var in vars_:
            model.add_implication(var, visit)
        model.add(visit <= sum(vars_))
        visits[(school, day)] = visit
    for day, present in schools_on.items():
        for a in sorted(present):
            for b in sorted(present):
                travel = instance.travel_between(a, b)
                if a == b or travel <= 0:
                    continue
                for (school, d, u), here in at.items():
                    if school != a or d != day:
                        continue
                    # From the end of a slot at a to any slot at b that starts too soon.
                    for v in range(u + slot, u + slot + travel, slot):
                        there = at.get((b, day, v))
                        if there is not None:
                            model.add_bool_or([here.Not(), there.Not()])
    penalty = [visit_weight(instance) * v for v in visits.values()]
    busiest = None
    if spread_weight(instance) and day_load:
        busiest = model.new_int_var(0, 5 * 24 * 60 * 4, "busiest-day")
        for loads in day_load.values():
            model.add(busiest * 4 >= sum(m * v for m, v in loads))
        penalty.append(spread_weight(instance) * busiest)
    model.maximize(sum(terms) - sum(penalty))

    # Start from the greedy plan: a complete hint (every variable) lets CP-SAT take it as
    # its first solution at once and spend the time improving it.
    greedy = solve_greedy(instance, options=starts_of)
    hinted = {(p.activity, p.day, p.start) for p in greedy.placements}
    occupied: set[tuple[str, int, int]] = set()
    load: dict[int, int] = defaultdict(int)
    for p in greedy.placements:
        for u in range(p.start, p.end, slot):
            occupied.add((p.school, p.day, u))
        load[p.day] += p.minutes * len(activities[p.activity].weeks)
    for key, day, start, _reason, var in choices:
        model.add_hint(var, 1 if (key, day, start) in hinted else 0)
    for (school, day, u), here in at.items():
        model.add_hint(here, 1 if (school, day, u) in occupied else 0)
    visited = {(p.school, p.day) for p in greedy.placements}
    for (school, day), visit in visits.items():
        model.add_hint(visit, 1 if (school, day) in visited else 0)
    if busiest is not None:
        model.add_hint(busiest, -(-max(load.values(), default=0) // 4))

    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    if deterministic is not None:
        solver.parameters.max_deterministic_time = deterministic
        if workers > 1:
            solver.parameters.interleave_search = True
    # Presolve (probing, clique merging) took 5-10 s on a 60-student week and found
    # nothing the LP bound needs; without it the hinted plan is taken at once and the
    # bound lands within a few per cent (bench/RESULTS.md).
    solver.parameters.cp_model_presolve = False
    watcher = _Progress(
        [(activities[k].minutes, v) for k, _, _, _, v in choices], started, on_solution
    )
    status = solver.solve(model, watcher)
    if progress is not None:
        progress.extend(watcher.points)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        greedy.status = "greedy (CP-SAT found nothing in time)"
        greedy.objective = score(instance, greedy)
        greedy.bound = solver.best_objective_bound
        greedy.clock_stopped = deterministic is not None and solver.wall_time >= seconds
        return greedy
    placements = [
        Placement(key, day, start, activities[key].minutes, activities[key].school, reason)
        for key, day, start, reason, var in choices
        if solver.value(var)
    ]
    placed: dict[str, int] = defaultdict(int)
    for p in placements:
        placed[p.activity] += p.minutes
    unplaced = {
        a.key: a.weekly_minutes - placed[a.key]
        for a in instance.activities
        if placed[a.key] < a.weekly_minutes
    }
    plan = Plan(
        placements=placements,
        unplaced=unplaced,
        status="optimal" if status == cp_model.OPTIMAL else "feasible",
        objective=solver.objective_value,
        bound=solver.best_objective_bound,
        seconds=time.perf_counter() - started,
        # Stopped by the clock before the deterministic limit: another run may differ.
        clock_stopped=deterministic is not None
        and status != cp_model.OPTIMAL
        and solver.wall_time >= seconds,
    )
    # Never worse than the hand method: keep greedy's plan if it places more minutes.
    if cycle_minutes(instance, greedy) > cycle_minutes(instance, plan):
        greedy.status = "greedy (better than CP-SAT in the time given)"
        greedy.objective = score(instance, greedy)
        greedy.bound = plan.bound
        greedy.clock_stopped = plan.clock_stopped
        return greedy
    return plan
