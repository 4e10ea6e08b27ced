"""The scheduling engine: every solver result goes through the independent checker."""

from hypothesis import given, settings
from hypothesis import strategies as st

from otdesk.scheduling.checker import violations
from otdesk.scheduling.cpsat import cycle_minutes, solve_cpsat
from otdesk.scheduling.engine import (
    PULL_OUT,
    PUSH_IN,
    Activity,
    Instance,
    Placement,
    Plan,
    Window,
)
from otdesk.scheduling.explain import explain
from otdesk.scheduling.greedy import solve_greedy

H = 60
WRITING = [Window(d, 9 * H + 30, 10 * H + 15, "writing") for d in range(5)]
MATH = [Window(d, 10 * H + 35, 11 * H + 35, "math") for d in range(5)]
READING = [Window(d, 8 * H + 30, 9 * H + 30, "reading") for d in range(5)]


def instance(activities, **kwargs) -> Instance:
    defaults = dict(
        school_days={d: {"A"} for d in range(5)},
        school_hours={"A": (8 * H, 15 * H), "B": (8 * H, 15 * H)},
    )
    return Instance(activities=activities, **{**defaults, **kwargs})


def solved(inst: Instance) -> Plan:
    plan = solve_cpsat(inst, seconds=5, seed=3, workers=1)
    assert violations(inst, plan) == []
    greedy = solve_greedy(inst)
    assert violations(inst, greedy) == []
    return plan


def test_push_in_lands_in_the_block_matching_the_goal():
    maya = Activity(
        "maya",
        ("Maya",),
        "A",
        30,
        2,
        PUSH_IN,
        class_windows=MATH + WRITING,
        preferred_tags=frozenset({"writing"}),
    )
    plan = solved(instance([maya]))
    assert plan.unplaced == {}
    assert len(plan.placements) == 2
    for p in plan.placements:
        assert p.start >= 9 * H + 30 and p.end <= 10 * H + 15
        assert p.reason == "push-in during writing block: matches the student's goals"


def test_pull_out_never_uses_protected_instruction():
    leo = Activity("leo", ("Leo",), "A", 30, 3, PULL_OUT)
    protected = {"Leo": [Window(d, 8 * H, 14 * H, "core instruction") for d in range(5)]}
    plan = solved(instance([leo], protected=protected))
    assert len(plan.placements) == 3
    assert all(p.start >= 14 * H for p in plan.placements)


def test_travel_time_between_schools_is_kept():
    at_a = Activity("a", ("Ann",), "A", 30, 1, PULL_OUT)
    at_b = Activity("b", ("Bo",), "B", 30, 1, PULL_OUT)
    inst = instance(
        [at_a, at_b],
        school_days={0: {"A", "B"}},
        school_hours={"A": (8 * H, 9 * H), "B": (8 * H, 9 * H + 20)},
        travel={("A", "B"): 20},
    )
    plan = solved(inst)
    assert plan.unplaced == {}
    first, second = sorted(plan.placements, key=lambda p: p.start)
    assert second.start - first.end >= 20


def test_locked_sessions_stay_when_re_solving():
    maya = Activity("maya", ("Maya",), "A", 30, 2, PUSH_IN, class_windows=MATH + WRITING)
    leo = Activity("leo", ("Leo",), "A", 45, 2, PULL_OUT)
    lock = Placement("maya", 2, 10 * H + 35, 30, "A", "locked by the therapist")
    plan = solved(instance([maya, leo], locked=[lock]))
    assert ("maya", 2, 10 * H + 35) in {(p.activity, p.day, p.start) for p in plan.placements}
    assert plan.unplaced == {}


def test_a_full_week_is_explained_in_words():
    kai = Activity("kai", ("Kai",), "A", 30, 2, PUSH_IN, class_windows=READING)
    unavailable = {"Kai": [Window(d, 8 * H, 15 * H, "testing") for d in range(5)]}
    inst = instance([kai], unavailable=unavailable)
    plan = solved(inst)
    assert plan.unplaced == {"kai": 60}
    assert explain(inst, plan) == [
        "Kai: 60 min a week could not be placed: the student is unavailable at every time "
        "that fits on Monday, Tuesday, Wednesday, Thursday, Friday."
    ]
    no_day = Activity("zoe", ("Zoe",), "B", 30, 1, PULL_OUT)
    inst = instance([no_day])
    assert explain(inst, solve_greedy(inst)) == [
        "Zoe: 30 min a week could not be placed: the therapist has no day at B."
    ]


def test_checker_catches_broken_plans():
    maya = Activity("maya", ("Maya",), "A", 30, 1, PUSH_IN, class_windows=WRITING)
    leo = Activity("leo", ("Leo",), "A", 30, 1, PULL_OUT)
    protected = {"Leo": [Window(0, 9 * H, 10 * H, "core instruction")]}
    inst = instance([maya, leo], protected=protected)
    bad = Plan(
        placements=[
            Placement("maya", 0, 8 * H, 30, "A"),
            Placement("leo", 0, 9 * H + 15, 30, "A"),
            Placement("leo", 1, 8 * H + 10, 30, "A"),
        ],
        unplaced={},
    )
    assert violations(inst, bad) == [
        "maya on day 0 at 08:00: push-in outside the student's class blocks",
        "leo on day 0 at 09:15: pulls Leo out of core instruction time",
        "leo: 2 sessions placed, 1 needed",
    ]


@settings(max_examples=12, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["A", "B"]),
            st.sampled_from([20, 30, 45]),
            st.integers(1, 3),
            st.booleans(),
            st.sampled_from(["1234", "123", "13", "4"]),
        ),
        min_size=1,
        max_size=6,
    ),
    st.integers(0, 30),
)
def test_every_plan_passes_the_checker(specs, travel):
    activities = [
        Activity(
            f"s{i}",
            (f"S{i}",),
            school,
            minutes,
            sessions,
            PUSH_IN if push else PULL_OUT,
            class_windows=WRITING + MATH if push else [],
            weeks=weeks,
        )
        for i, (school, minutes, sessions, push, weeks) in enumerate(specs)
    ]
    inst = instance(
        activities,
        school_days={0: {"A", "B"}, 1: {"A"}, 2: {"B"}, 3: {"A", "B"}, 4: {"A"}},
        travel={("A", "B"): travel},
        therapist_busy=[Window(2, 12 * H, 13 * H, "IEP meeting")],
    )
    plan = solve_cpsat(inst, seconds=2, seed=1, workers=1)
    assert violations(inst, plan) == []
    greedy = solve_greedy(inst)
    assert violations(inst, greedy) == []
    assert cycle_minutes(inst, plan) >= cycle_minutes(inst, greedy)
