"""A synthetic demo district: same seed and same 'today', same data.

Every name here is made up. The district is anchored on the school year that contains
'today', so review flags and dates look current whenever the demo is generated. The parts:
school_year.py (the year and its closed days), schools.py (schools, bell schedules,
classrooms and staff), students.py (students, IEPs, lines, goals, teams, strategies),
history.py (the weekly plans and the sessions so far), team_history.py (consultations,
programs, reviews, requests, professional time), family.py (the demo parent's second
child and questions) and scheduling.py (what the scheduler
needs: travel, fixed times, unavailable times).
"""

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction

from otdesk.accounts.models import User
from otdesk.core.dates import in_district_zone
from otdesk.demo.billing import generate_billing
from otdesk.demo.evaluations import generate_evaluations
from otdesk.demo.family import generate_family_demo
from otdesk.demo.history import generate_history
from otdesk.demo.progress import generate_progress_demo
from otdesk.demo.scheduling import generate_schedule_constraints
from otdesk.demo.school_year import holidays, school_year_containing
from otdesk.demo.schools import OPERATOR_USERNAME, create_schools, create_staff
from otdesk.demo.students import create_students
from otdesk.demo.supervision import generate_supervision
from otdesk.demo.team_history import PARENT_USERNAME, generate_team_history
from otdesk.demo.teamwork import generate_teamwork
from otdesk.demo.two_factor import give_demo_two_factor
from otdesk.schools.models import District, NonSchoolDay

__all__ = [
    "DEFAULT_SEED",
    "DEMO_PASSWORD",
    "DEMO_TIME_ZONE",
    "DemoResult",
    "demo_logins",
    "generate_demo",
    "holidays",
    "school_year_containing",
]

DEMO_PASSWORD = "otdesk-demo"
DEFAULT_SEED = 2026
DEMO_TIME_ZONE = "America/Chicago"


@dataclass
class DemoResult:
    district: District
    students: int = 0


@transaction.atomic
def generate_demo(
    *,
    seed: int = DEFAULT_SEED,
    today: dt.date,
    students: int = 60,
    progress: Callable[[int, int, str], None] | None = None,
) -> DemoResult:
    """The whole demo district around `today` (a date in the district's zone); `progress`
    hears (done, total, step) as each part is made."""
    rng = random.Random(seed)
    hashed = make_password(DEMO_PASSWORD, salt="otdeskdemo")
    district = _district(today)
    parts: list[tuple[str, Callable[[], object]]] = [
        (
            "Weekly plans and sessions",
            lambda: generate_history(district=district, today=today, seed=seed),
        ),
        (
            "Consultations, programs and time",
            lambda: generate_team_history(district=district, today=today, seed=seed),
        ),
        ("Families", lambda: generate_family_demo(district=district)),
        ("Schedule set-up", lambda: generate_schedule_constraints(district=district, today=today)),
        (
            "COTA supervision",
            lambda: generate_supervision(district=district, today=today, seed=seed),
        ),
        ("Teachers' pages", lambda: generate_teamwork(district=district, today=today)),
        ("Progress reports", lambda: generate_progress_demo(district=district, today=today)),
        ("Evaluations", lambda: generate_evaluations(district=district, today=today)),
        ("Billing", lambda: generate_billing(district=district, today=today)),
    ]
    total = len(parts) + 2

    def step(done: int, words: str) -> None:
        if progress:
            progress(done, total, words)

    with in_district_zone(district):
        step(0, "Schools and staff")
        schools, classrooms = create_schools(district, hashed)
        staff = create_staff(
            district, hashed, schools, year_start=district.school_year_start, students=students
        )
        step(1, "Students and IEPs")
        made = create_students(
            district=district,
            schools=schools,
            classrooms=classrooms,
            staff=staff,
            count=students,
            today=today,
            rng=rng,
        )
        for n, (words, make) in enumerate(parts, start=2):
            step(n, words)
            make()
        give_demo_two_factor([name for name, _ in DEMO_LOGINS])
        step(total, "Done")
    return DemoResult(district=district, students=made)


def _district(today: dt.date) -> District:
    """The district, its school year around `today` and the days its schools are closed."""
    year_start, year_end = school_year_containing(today)
    district = District.objects.create(
        name="Riverbend Unified School District",
        timezone=DEMO_TIME_ZONE,
        school_year_start=year_start,
        school_year_end=year_end,
    )
    NonSchoolDay.objects.bulk_create(
        NonSchoolDay(district=district, date=day, name=name) for day, name in holidays(year_start)
    )
    return district


DEMO_LOGINS = [
    ("ot.alvarez", "Occupational therapist: Maple Grove and Cedar Hill caseload"),
    ("ot.brooks", "Occupational therapist: Cedar Hill and Riverside caseload"),
    (
        "cota.chen",
        "OT assistant: works with some of Rosa Alvarez's students, under her supervision",
    ),
    (
        "coord.davis",
        "District coordinator: the district's pages (teams, schools, closed days, rules); "
        "reads every student",
    ),
    ("teacher.castellanos", "Teacher: Grade 2, Maple Grove; her class's strategies and OT notes"),
    ("slp.evans", "Speech-language pathologist: sees the students she shares"),
    ("aide.moreno", "Classroom aide: her programs, logged from a phone"),
    (PARENT_USERNAME, "Parent of two: how OT works for each child, in English or Spanish"),
    (OPERATOR_USERNAME, "Site operator: the Django admin (/admin/) only; no district"),
]


def demo_logins() -> list[tuple[str, str]]:
    """The demo accounts that exist in this database, with what each one shows."""
    present = set(
        User.objects.filter(username__in=[name for name, _ in DEMO_LOGINS]).values_list(
            "username", flat=True
        )
    )
    return [(name, note) for name, note in DEMO_LOGINS if name in present]
