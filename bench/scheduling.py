"""Schedule-builder benchmark on instances with planted solutions.

Each instance is built from a valid weekly schedule first; the mandates are then read off
it, so placing 100 % of the minutes is known to be possible. For each size and seed we
report CP-SAT's time to the first complete plan, the share of minutes placed within each
budget, the gap to CP-SAT's bound, the greedy baseline side by side, and peak memory.

    python -m bench.scheduling --json out.json [--budgets 2 10 60] [--seeds 3]
"""

import argparse
import json
import random
import resource
import statistics
import sys
import time

from otdesk.scheduling.checker import violations
from otdesk.scheduling.cpsat import score, solve_cpsat
from otdesk.scheduling.engine import PULL_OUT, PUSH_IN, Activity, Instance, Window
from otdesk.scheduling.greedy import solve_greedy

H = 60
BLOCKS = [
    ("reading", 8 * H + 30, 9 * H + 30),
    ("writing", 9 * H + 30, 10 * H + 15),
    ("math", 10 * H + 35, 11 * H + 35),
    ("centers", 12 * H + 5, 12 * H + 50),
    ("science", 13 * H + 35, 14 * H + 30),
]


def planted(students: int, schools: int, seed: int) -> Instance:
    rng = random.Random(seed)
    names = [chr(ord("A") + i) for i in range(schools)]
    days = {d: {names[d % schools]} for d in range(5)}
    if schools > 1:
        days[4] = set(names[:2])  # one day split between two schools
    hours = {s: (8 * H, 15 * H) for s in names}
    travel = {(a, b): 15 for a in names for b in names if a < b}
    busy: dict[int, list[tuple[int, int, str]]] = {d: [] for d in range(5)}

    def free(day: int, start: int, end: int, school: str) -> bool:
        for s, e, where in busy[day]:
            gap = 0 if where == school else 15
            if start < e + gap and s < end + gap:
                return False
        return True

    activities: list[Activity] = []
    protected: dict[str, list[Window]] = {}
    for i in range(students):
        school = names[i % schools]
        his_days = [d for d, s in days.items() if school in s]
        kind = PUSH_IN if rng.random() < 0.6 else PULL_OUT
        minutes = rng.choice([20, 30, 30, 45])
        wanted = rng.choice([1, 1, 2])
        student = f"S{i}"
        windows = [
            Window(d, start, end, tag)
            for d in range(5)
            for tag, start, end in rng.sample(BLOCKS, 3)
        ]
        placed_days: list[tuple[int, int]] = []
        for day in rng.sample(his_days, len(his_days)):
            if len(placed_days) == wanted:
                break
            options = (
                [(w.start, w.end) for w in windows if w.day == day]
                if kind == PUSH_IN
                else [(8 * H, 15 * H)]
            )
            rng.shuffle(options)
            done = False
            for lo, hi in options:
                for start in range(lo, hi - minutes + 1, 5):
                    if free(day, start, start + minutes, school):
                        busy[day].append((start, start + minutes, school))
                        placed_days.append((day, start))
                        done = True
                        break
                if done:
                    break
        if not placed_days:
            continue
        if kind == PULL_OUT:
            # Protect core instruction the planted sessions do not touch.
            protected[student] = [
                Window(d, 8 * H + 30, 9 * H + 30, "reading")
                for d in range(5)
                if not any(
                    pd == d and ps < 9 * H + 30 and ps + minutes > 8 * H + 30
                    for pd, ps in placed_days
                )
            ]
        activities.append(
            Activity(
                f"a{i}",
                (student,),
                school,
                minutes,
                len(placed_days),
                kind,
                class_windows=windows if kind == PUSH_IN else [],
                preferred_tags=frozenset({"writing"}) if i % 3 == 0 else frozenset(),
            )
        )
    return Instance(
        activities=activities,
        school_days=days,
        school_hours=hours,
        travel=travel,
        protected=protected,
    )


def run(students: int, schools: int, seed: int, budgets: list[float]) -> dict:
    inst = planted(students, schools, seed)
    total = sum(a.weekly_minutes for a in inst.activities)
    greedy = solve_greedy(inst)
    assert violations(inst, greedy) == []
    result: dict = {
        "students": students,
        "schools": schools,
        "seed": seed,
        "activities": len(inst.activities),
        "minutes": total,
        "greedy_share": greedy.placed_minutes() / total,
        "greedy_ms": greedy.seconds * 1000,
    }
    # The product returns the better of the two, so a complete plan exists as soon as
    # either has one: greedy's (its own time) or CP-SAT's first complete solution.
    first_full = greedy.seconds if greedy.placed_minutes() >= total else None
    cpsat_full = None
    for budget in budgets:
        progress: list[tuple[float, int]] = []
        plan = solve_cpsat(inst, seconds=budget, seed=seed, workers=2, progress=progress)
        assert violations(inst, plan) == [], "CP-SAT broke a rule"
        result[f"share_{budget:g}s"] = plan.placed_minutes() / total
        result[f"gap_{budget:g}s"] = plan.gap
        result[f"score_{budget:g}s"] = plan.objective
        result[f"greedy_gap_{budget:g}s"] = (
            max(0.0, (plan.bound - score(inst, greedy)) / plan.bound) if plan.bound > 0 else 0.0
        )
        full = [t for t, m in progress if m >= total]
        if cpsat_full is None and full:
            cpsat_full = full[0]
    result["cpsat_first_full_s"] = cpsat_full
    candidates = [t for t in (first_full, cpsat_full) if t is not None]
    result["first_full_s"] = min(candidates) if candidates else None
    result["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--json", required=True)
    parser.add_argument("--budgets", type=float, nargs="+", default=[2, 10])
    parser.add_argument("--seeds", type=int, default=3)
    args = parser.parse_args()
    rows = []
    for students, schools in ((20, 1), (60, 2), (120, 4)):
        for seed in range(1, args.seeds + 1):
            started = time.perf_counter()
            row = run(students, schools, seed, args.budgets)
            row["wall_s"] = time.perf_counter() - started
            print(json.dumps(row), file=sys.stderr)
            rows.append(row)
    with open(args.json, "w") as handle:
        json.dump({"budgets": args.budgets, "rows": rows}, handle, indent=2)


def _first(rows: list[dict], key: str) -> str:
    times = [r[key] for r in rows if r.get(key) is not None]
    if not times:
        return "not within budget"
    return f"{statistics.median(times):.2f} s ({len(times)}/{len(rows)} seeds)"


def summary(data: dict) -> list[str]:
    budgets = data["budgets"]
    lines = [
        "## Schedule builder (planted instances)",
        "",
        "Each instance is generated from a valid schedule (5-minute slots, 15 min travel",
        "between schools), so 100 % of the minutes can be placed. CP-SAT runs on 2 workers",
        "with a fixed seed, hinted with the complete greedy plan and without presolve; every",
        "plan passed the independent checker. *First complete plan* is when the builder has",
        "one (greedy's time when greedy places everything, else CP-SAT's first complete",
        "solution, model building included). The gap is the plan's score against CP-SAT's",
        "bound on any plan's score; *greedy's gap* puts the greedy plan against the same",
        "bound. *Placed at N s* gives CP-SAT N seconds of search; building the model",
        "(0.2-1 s) comes on top. Medians over seeds.",
        "",
        "| students / schools | first complete plan | CP-SAT's first complete | "
        + " | ".join(f"placed at {b:g} s" for b in budgets)
        + " | "
        + " | ".join(f"gap at {b:g} s" for b in budgets)
        + f" | greedy placed | greedy time | greedy's gap at {budgets[-1]:g} s | peak memory |",
        "|---|---:|---:|" + "---:|" * (2 * len(budgets)) + "---:|---:|---:|---:|",
    ]
    by_size: dict[tuple[int, int], list[dict]] = {}
    for row in data["rows"]:
        by_size.setdefault((row["students"], row["schools"]), []).append(row)
    for (students, schools), rows in by_size.items():
        first = _first(rows, "first_full_s")
        cpsat_first = _first(rows, "cpsat_first_full_s")
        shares = " | ".join(
            f"{100 * statistics.median(r[f'share_{b:g}s'] for r in rows):.1f} %" for b in budgets
        )
        gaps = " | ".join(
            f"{100 * statistics.median(r[f'gap_{b:g}s'] for r in rows):.1f} %" for b in budgets
        )
        greedy_gap = statistics.median(r[f"greedy_gap_{budgets[-1]:g}s"] for r in rows)
        lines.append(
            f"| {students} / {schools} | {first} | {cpsat_first} | {shares} | {gaps} | "
            f"{100 * statistics.median(r['greedy_share'] for r in rows):.1f} % | "
            f"{statistics.median(r['greedy_ms'] for r in rows):.0f} ms | "
            f"{100 * greedy_gap:.1f} % | "
            f"{max(r['peak_mb'] for r in rows):.0f} MB |"
        )
    lines += ["", *_targets(by_size, budgets)]
    return [*lines, ""]


def _targets(by_size: dict[tuple[int, int], list[dict]], budgets: list[float]) -> list[str]:
    """The issue's targets against this run's medians."""
    out = ["Targets (2-core machine):", ""]
    for students, limit in ((60, 2.0), (120, 10.0)):
        rows = next((r for (n, _), r in by_size.items() if n == students), [])
        times = [r["first_full_s"] for r in rows if r["first_full_s"] is not None]
        if not rows:
            continue
        worst = f"{max(times):.2f} s" if len(times) == len(rows) else "not every seed"
        met = len(times) == len(rows) and max(times) < limit
        out.append(
            f"- {students} students fully placed in under {limit:g} s: slowest seed {worst}"
            f" ({'met' if met else 'not met'})."
        )
    rows = next((r for (n, _), r in by_size.items() if n == 60), [])
    within = [b for b in budgets if rows and max(r[f"gap_{b:g}s"] for r in rows) <= 0.05]
    if rows:
        out.append(
            "- 60 students within 5 % of the bound in under 60 s: "
            + (f"every seed by {min(within):g} s (met)." if within else "not met.")
        )
    worse = [
        r
        for rs in by_size.values()
        for r in rs
        for b in budgets
        if r[f"share_{b:g}s"] < r["greedy_share"]
    ]
    out.append(
        "- Never worse than the greedy baseline: "
        + ("met in every run." if not worse else f"{len(worse)} runs placed less than greedy.")
    )
    return out


if __name__ == "__main__":
    main()
