"""What the builder takes from the constraints entered in OT Desk, and the 3:1 pattern."""

import datetime as dt

import pytest

from otdesk.delivery.models import PlannedSession, cycle_week
from otdesk.scheduling.build import build_instance, line_pattern
from otdesk.scheduling.checker import violations
from otdesk.scheduling.cpsat import solve_cpsat
from otdesk.scheduling.engine import PULL_OUT, Activity, Instance, Placement, Plan, Window
from otdesk.scheduling.greedy import solve_greedy
from otdesk.scheduling.models import ScheduleSettings
from otdesk.scheduling.services import use_plan
from otdesk.schools.models import SchoolAssignment, TravelTime
from otdesk.students.models import ServiceLine, TeamRole, UnavailableTime
from otdesk.testing import factories as f

H = 60
TODAY = dt.date(2026, 10, 9)  # a Friday in week 4 of the four-week cycle


def test_cycle_weeks_count_from_the_first_week_of_the_year():
    start = dt.date(2026, 8, 17)
    assert [cycle_week(start, start + dt.timedelta(days=7 * n)) for n in range(6)] == [
        1,
        2,
        3,
        4,
        1,
        2,
    ]
    assert cycle_week(start, TODAY) == 4


@pytest.mark.parametrize(
    ("minutes", "period", "three_one", "pk", "expected"),
    [
        (30, "week", False, 1, (30, 1, "1234")),
        (60, "week", False, 1, (30, 2, "1234")),
        (120, "month", True, 1, (40, 1, "123")),
        (180, "month", True, 1, (30, 2, "123")),
        (120, "month", False, 1, (30, 1, "1234")),
        (30, "month", False, 1, (30, 1, "2")),
        (30, "month", False, 2, (30, 1, "3")),
        (60, "month", False, 1, (30, 1, "24")),
        (90, "month", False, 7, (30, 1, "123")),
        (540, "year", False, 1, (30, 1, "24")),
        (1080, "year", False, 1, (30, 1, "1234")),
        (270, "year", False, 4, (30, 1, "1")),
    ],
)
def test_line_pattern(minutes, period, three_one, pk, expected):
    line = ServiceLine(minutes=minutes, period=period, three_one=three_one, pk=pk)
    assert line_pattern(line) == expected


def one_slot_instance(*activities: Activity) -> Instance:
    return Instance(
        activities=list(activities),
        school_days={0: {"A"}},
        school_hours={"A": (9 * H, 9 * H + 30)},
    )


def test_a_three_one_line_and_a_fourth_week_line_share_a_time():
    three_one = Activity("three-one", ("Ann",), "A", 30, 1, PULL_OUT, weeks="123")
    fourth = Activity("fourth", ("Bo",), "A", 30, 1, PULL_OUT, weeks="4")
    inst = one_slot_instance(three_one, fourth)
    for plan in (solve_cpsat(inst, seconds=5, seed=1, workers=1), solve_greedy(inst)):
        assert violations(inst, plan) == []
        assert sorted((p.activity, p.start) for p in plan.placements) == [
            ("fourth", 9 * H),
            ("three-one", 9 * H),
        ]


def test_two_lines_that_run_every_week_cannot_share_a_time():
    a = Activity("a", ("Ann",), "A", 30, 1, PULL_OUT)
    b = Activity("b", ("Bo",), "A", 30, 1, PULL_OUT, weeks="13")
    inst = one_slot_instance(a, b)
    plan = solve_cpsat(inst, seconds=5, seed=1, workers=1)
    assert violations(inst, plan) == []
    # Every-week minutes weigh more over the cycle: 4 x 30 against 2 x 30.
    assert [p.activity for p in plan.placements] == ["a"]
    assert plan.unplaced == {"b": 30}
    both = Plan([Placement("a", 0, 9 * H, 30, "A"), Placement("b", 0, 9 * H, 30, "A")], {})
    assert violations(inst, both) == [
        "day 0: a and b leave -30 min between them; 0 min are needed (double-booked)"
    ]


def test_the_checker_refuses_a_group_over_its_cap():
    group = Activity("g", ("Ann", "Bo", "Cy"), "A", 30, 1, PULL_OUT, cap=2)
    inst = one_slot_instance(group)
    assert violations(inst, Plan([], {})) == ["g: 3 students in a group of at most 2"]


@pytest.fixture
def entered(world):
    """The test world with a bell schedule, a classroom's own block and every constraint."""
    for day in range(5):
        for name, kind, start, end, protected in [
            ("Reading", "reading", (8, 30), (9, 30), True),
            ("Writing", "writing", (9, 30), (10, 15), False),
            ("Centers", "centers", (12, 5), (12, 50), False),
            ("Science", "core", (13, 35), (14, 30), False),
        ]:
            f.make_block(
                world.school,
                weekday=day,
                name=name,
                kind=kind,
                start=dt.time(*start),
                end=dt.time(*end),
                protected=protected,
            )
    # Maya's class has its own math time over the school's writing block on Mondays.
    f.make_block(
        world.school,
        classroom=world.student.classroom,
        name="Room math",
        kind="math",
        start=dt.time(9, 30),
        end=dt.time(10, 15),
        protected=True,
    )
    other = f.make_school(world.district)
    f.make_block(other, name="Day", kind="core", start=dt.time(8), end=dt.time(15))
    for school, days in [(world.school, "Mon Wed"), (other, "Mon")]:
        SchoolAssignment.objects.create(
            person=world.therapist, school=school, start_date=dt.date(2026, 8, 17), days=days
        )
    TravelTime.objects.create(school_a=world.school, school_b=other, minutes=25)
    UnavailableTime.objects.create(
        student=world.student, weekday=2, start=dt.time(9, 30), end=dt.time(10), reason="Speech"
    )
    f.make_fixed_time(
        world.therapist,
        kind="protected",
        title="Documentation",
        weekday=2,
        start=dt.time(12),
        end=dt.time(13),
    )
    f.make_fixed_time(
        world.therapist,
        title="IEP meeting",
        start=dt.time(8),
        end=dt.time(9),
        date=dt.date(2026, 10, 12),
    )
    student = f.make_student(other, first_name="Omar", last_name="Far", grade="2")
    f.add_to_team(student, world.therapist, TeamRole.OT)
    iep = f.make_iep(student)
    f.make_line(
        iep,
        delivery_model="pull_out",
        location="therapy_room",
        minutes=120,
        period="month",
        three_one=True,
        pull_out_reason="skill_gap",
    )
    return world, other


def test_the_builder_takes_every_entered_constraint(entered, client):
    world, other = entered
    built = build_instance(world.therapist, today=TODAY)
    inst = built.instance
    maya, omar = (
        str(world.student.pk),
        sorted(set(built.instance.protected) - {str(world.student.pk)})[0],
    )
    assert inst.school_days == {0: {str(world.school.pk), str(other.pk)}, 2: {str(world.school.pk)}}
    assert inst.travel == {
        tuple(sorted([str(world.school.pk), str(other.pk)])): 25  # type: ignore[dict-item]
    }
    assert inst.unavailable == {maya: [Window(2, 9 * H + 30, 10 * H, "Speech")]}
    # Weekly protected time is kept; the dated IEP meeting is left to the calendar.
    assert inst.therapist_busy == [Window(2, 12 * H, 13 * H, "Documentation")]
    # On Monday Maya's room has math where the school has writing: protected, and a class
    # block for push-in.
    assert Window(0, 9 * H + 30, 10 * H + 15, "math") in inst.protected[maya]
    assert Window(1, 9 * H + 30, 10 * H + 15, "writing") not in inst.protected[maya]
    assert Window(1, 8 * H + 30, 9 * H + 30, "reading") in inst.protected[maya]
    [push_in] = [a for a in inst.activities if maya in a.students]
    assert Window(0, 9 * H + 30, 10 * H + 15, "math") in push_in.class_windows
    assert Window(0, 9 * H + 30, 10 * H + 15, "writing") not in push_in.class_windows
    [three_one] = [a for a in inst.activities if omar in a.students]
    assert (three_one.minutes, three_one.sessions, three_one.weeks) == (40, 1, "123")
    plan = solve_cpsat(inst, seconds=5, seed=1, workers=1)
    assert violations(inst, plan) == []
    assert plan.unplaced == {}
    use_plan(
        provider=world.therapist,
        placements=plan.placements,
        starts_on=TODAY + dt.timedelta(days=3),
        today=TODAY,
    )
    planned = PlannedSession.objects.get(students__first_name="Omar", replaces=None)
    assert (planned.weeks, planned.weekday) == ("123", 0)
    # The IEP meeting on Monday 12 Oct falls on it: that date gets its own time.
    [moved] = planned.moved_dates.all()
    assert planned.skip_dates == ["2026-10-12"]
    assert (moved.active_from, moved.active_until) == (dt.date(2026, 10, 12),) * 2
    assert moved.reason.startswith(f"Moved from {planned.start:%-H:%M}: IEP meeting 8:00–9:00")
    monday_week_4 = dt.date(2026, 11, 2)
    assert planned.active_on(monday_week_4) is False
    assert planned.active_on(monday_week_4 - dt.timedelta(days=7)) is True
    assert planned.active_on(dt.date(2026, 10, 12)) is False  # moved that day
    assert planned.weeks_words == "weeks 1–3 of every 4 (3:1)"
    client.force_login(world.therapist)
    assert "weeks 1–3 of every 4 (3:1)" in client.get("/plan/").content.decode()


def test_group_rules_and_weights_come_from_the_settings(world):
    made = []
    for first, grade, area in [("Ava", "2", "fine_motor"), ("Ben", "4", "sensory")]:
        student = f.make_student(world.school, first_name=first, last_name="G", grade=grade)
        iep = f.make_iep(student)
        f.make_line(
            iep,
            delivery_model="pull_out",
            location="therapy_room",
            group_size=3,
            pull_out_reason="skill_gap",
        )
        f.make_goal(iep, area=area)
        f.add_to_team(student, world.therapist, TeamRole.OT)
        made.append(student)
    f.make_block(world.school, name="Day", kind="core", start=dt.time(8), end=dt.time(15))

    def groups() -> list[list[str]]:
        built = build_instance(world.therapist, today=TODAY)
        return sorted(
            sorted(line.iep.student.known_as for line in unit)
            for unit in built.lines.values()
            if unit[0].delivery_model == "pull_out"
        )

    assert groups() == [["Ava"], ["Ben"]]
    settings = ScheduleSettings.objects.create(
        provider=world.therapist, grade_band=2, shared_goal_area=False, weight_even_spread=0
    )
    assert groups() == [["Ava", "Ben"]]
    built = build_instance(world.therapist, today=TODAY)
    assert built.instance.weights.even_spread == 0
    [group] = [a for a in built.instance.activities if len(a.students) == 2]
    assert group.cap == 3
    settings.weight_groups = 0
    settings.save()
    assert groups() == [["Ava"], ["Ben"]]


def test_a_student_is_in_one_therapists_plan_only(world):
    f.make_block(world.school, name="Day", kind="core", start=dt.time(8), end=dt.time(15))
    maya = str(world.student.pk)

    def planned_for(person) -> list[tuple[str, ...]]:  # type: ignore[no-untyped-def]
        return [a.students for a in build_instance(person, today=TODAY).instance.activities]

    # Nobody plans Maya yet: her OT does; the COTA on her team leaves her to the OT.
    assert (planned_for(world.therapist), planned_for(world.cota)) == ([(maya,)], [])
    held = f.make_planned(
        world.cota,
        world.school,
        [world.student],
        start=dt.time(9),
        classroom=world.student.classroom,
    )
    # The COTA holds her sessions now: they stay in the COTA's plan, and the OT's plan
    # keeps clear of them.
    assert (planned_for(world.therapist), planned_for(world.cota)) == ([], [(maya,)])
    other = f.make_student(world.school, first_name="Noa", last_name="N")
    f.make_line(f.make_iep(other), minutes=30)
    f.add_to_team(other, world.therapist, TeamRole.OT)
    held.students.add(other)
    # Noa's sessions are held by both: the OT keeps planning hers, around the COTA's.
    f.make_planned(
        world.therapist,
        world.school,
        [other],
        weekday=1,
        start=dt.time(10),
        session_type="pull_out_individual",
        location="therapy_room",
    )
    built = build_instance(world.therapist, today=TODAY)
    assert built.instance.unavailable[str(other.pk)] == [
        Window(0, 9 * H, 9 * H + 30, "another therapist's session")
    ]
