"""The JSON API's list endpoints at district size, against the same endpoints on the demo
district (60 students) in the same run and database: median and p95 over repeated calls,
and SQL queries per call.

The large district is the roster import's (5,000 students, 400 staff, 20,000 enrollments,
imported through the import service), given 100 therapists with 50 students each, an IEP
with a direct and a consultation line, a goal and a strategy per student, and ten weeks of
sessions (50,000), misses, consultations and professional time, written in bulk.

    python -m bench.api_lists [--students 5000] [--repeats 20]
"""

import datetime as dt
import os
import time
from typing import Any

from bench.sections import write_section
from bench.timing import measure, prepare_district_bench

THERAPISTS = 100
WEEKS = 10
CHUNK = 5000


def build_large(students: int) -> tuple[Any, Any]:
    """The imported district with caseloads and history; its first therapist and its
    coordinator."""
    from otdesk.accounts.models import Role, User
    from otdesk.delivery.models import (
        ConsultationLog,
        ConsultationStudent,
        MissedSession,
        Session,
        SessionStudent,
    )
    from otdesk.demo.generate import school_year_containing
    from otdesk.roster.services import import_roster
    from otdesk.roster.synthetic import build_zip, district_roster
    from otdesk.students.models import IEP, Goal, ServiceLine, Strategy, Student, TeamMember
    from otdesk.testing import factories as f
    from otdesk.workload.models import ProfessionalTime

    today = dt.date.today()
    start, end = school_year_containing(today)
    district = f.make_district(name="Large District", school_year_start=start, school_year_end=end)
    coordinator = f.make_user(Role.COORDINATOR, district, username="api.coordinator")
    files = district_roster(students=students, staff=400, enrollments=20000, prefix="a-")
    plan = import_roster(district=district, data=build_zip(files), actor=coordinator)
    assert plan.ok, [p.words() for p in plan.problems[:3]]
    pupils = list(Student.objects.filter(school__district=district).order_by("pk"))
    ots = User.objects.bulk_create(
        User(
            username=f"api.ot{n}",
            role=Role.OT,
            district=district,
            first_name="Ot",
            last_name=str(n),
        )
        for n in range(THERAPISTS)
    )
    share = -(-len(pupils) // THERAPISTS)
    iep_start = max(start, today - dt.timedelta(days=200))
    ieps = IEP.objects.bulk_create(
        (
            IEP(
                student=s,
                start_date=iep_start,
                end_date=iep_start + dt.timedelta(days=364),
                annual_review_due=iep_start + dt.timedelta(days=364),
                reevaluation_due=iep_start + dt.timedelta(days=900),
                status="active",
            )
            for s in pupils
        ),
        batch_size=CHUNK,
    )
    lines = ServiceLine.objects.bulk_create(
        [
            line
            for iep in ieps
            for line in (
                ServiceLine(
                    iep=iep,
                    kind="direct",
                    delivery_model="push_in",
                    minutes=30,
                    period="week",
                    location="general_ed",
                    start_date=iep.start_date,
                    end_date=iep.end_date,
                ),
                ServiceLine(
                    iep=iep,
                    kind="consultation",
                    delivery_model="consultation",
                    minutes=60,
                    period="month",
                    location="general_ed",
                    start_date=iep.start_date,
                    end_date=iep.end_date,
                ),
            )
        ],
        batch_size=CHUNK,
    )
    direct = {line.iep.student_id: line for line in lines if line.kind == "direct"}
    consult = {line.iep.student_id: line for line in lines if line.kind == "consultation"}
    Goal.objects.bulk_create(
        (
            Goal(iep=iep, area="fine_motor", description="Will cut along a curved line.")
            for iep in ieps
        ),
        batch_size=CHUNK,
    )
    Strategy.objects.bulk_create(
        (
            Strategy(
                student=s,
                category="writing_tool",
                description="Pencil grip",
                implementer="teacher",
                start_date=iep_start,
            )
            for s in pupils
        ),
        batch_size=CHUNK,
    )
    # Caseloads, written in bulk here (the product writes team rows in students/team.py).
    TeamMember.objects.bulk_create(
        (
            TeamMember(student=s, person=ots[n // share], role="ot", start_date=iep_start)
            for n, s in enumerate(pupils)
        ),
        batch_size=CHUNK,
    )
    monday = today - dt.timedelta(days=today.weekday() + 7)
    sessions, attendance, misses, consults, links, time_rows = [], [], [], [], [], []
    for n, s in enumerate(pupils):
        ot = ots[n // share]
        for week in range(WEEKS):
            day = monday - dt.timedelta(weeks=week) + dt.timedelta(days=n % 5)
            sessions.append(
                Session(
                    provider=ot,
                    date=day,
                    start=dt.time(9, 0),
                    minutes=30,
                    session_type="push_in",
                    location="general_ed",
                    school_id=s.school_id,
                    status="signed",
                    activities="Cutting practice",
                )
            )
        misses.append(
            MissedSession(
                student=s,
                service_line=direct[s.pk],
                provider=ot,
                date=monday,
                minutes=30,
                reason="student_absent",
            )
        )
        consults.append(
            ConsultationLog(
                provider=ot,
                date=monday,
                minutes=15,
                with_whom="teacher",
                method="in_person",
                discussed="Pencil grip",
            )
        )
    sessions = Session.objects.bulk_create(sessions, batch_size=CHUNK)
    for n, s in enumerate(pupils):
        for week in range(WEEKS):
            attendance.append(
                SessionStudent(
                    session=sessions[n * WEEKS + week],
                    student=s,
                    service_line=direct[s.pk],
                    attendance="present",
                )
            )
    SessionStudent.objects.bulk_create(attendance, batch_size=CHUNK)
    MissedSession.objects.bulk_create(misses, batch_size=CHUNK)
    consults = ConsultationLog.objects.bulk_create(consults, batch_size=CHUNK)
    for log, s in zip(consults, pupils, strict=True):
        links.append(ConsultationStudent(consultation=log, student=s, service_line=consult[s.pk]))
    ConsultationStudent.objects.bulk_create(links, batch_size=CHUNK)
    for ot in ots:
        for week in range(WEEKS):
            time_rows.append(
                ProfessionalTime(
                    person=ot,
                    date=monday - dt.timedelta(weeks=week),
                    minutes=60,
                    category="documentation",
                )
            )
    ProfessionalTime.objects.bulk_create(time_rows, batch_size=CHUNK)
    return ots[0], coordinator


def main() -> None:
    started = time.perf_counter()
    args = prepare_district_bench()
    from django.test import Client

    from otdesk.accounts.models import User
    from otdesk.api.services import create_token

    small_ot, small_coord = (
        User.objects.get(username="ot.alvarez"),
        User.objects.get(username="coord.davis"),
    )
    large_ot, large_coord = build_large(args.students)
    built = time.perf_counter() - started

    def client(person: Any) -> Client:
        _, plain = create_token(actor=person, name="Bench", scope="read", days=30)
        return Client(HTTP_AUTHORIZATION=f"Bearer {plain}")

    urls = [
        ("therapist", "/api/v1/students"),
        ("therapist", "/api/v1/sessions"),
        ("therapist", "/api/v1/compliance"),
        ("therapist", "/api/v1/missed-sessions"),
        ("therapist", "/api/v1/consultations"),
        ("therapist", "/api/v1/professional-time"),
        ("coordinator", "/api/v1/students"),
        ("coordinator", "/api/v1/missed-sessions"),
        ("coordinator", "/api/v1/compliance"),
    ]
    clients = {
        "small": {"therapist": client(small_ot), "coordinator": client(small_coord)},
        "large": {"therapist": client(large_ot), "coordinator": client(large_coord)},
    }

    def measure_api(c: Client, url: str) -> dict[str, Any]:
        found = measure(c, url, args.repeats)
        return {**found, "count": found["response"].json()["count"]}

    rows = []
    for who, url in urls:
        small = measure_api(clients["small"][who], url)
        large = measure_api(clients["large"][who], url)
        rows.append((who, url, small, large))

    from bench.__main__ import machine

    engine = "PostgreSQL" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "SQLite"
    lines = [
        "## JSON API list endpoints at district size",
        "",
        f"`python -m bench.api_lists --students {args.students} --repeats {args.repeats}` on "
        f"{engine}; {machine()}. In-process Django test client with a read token, first page "
        "(50 items), after one warm-up call. Baseline in the same run and database: the demo "
        f"district (60 students, `ot.alvarez`, `coord.davis`); large: the roster import's "
        f"{args.students:,}-student district with {THERAPISTS} therapists of 50 students and "
        f"{WEEKS} weeks of history ({args.students * WEEKS:,} sessions). Built in {built:.0f} s.",
        "",
        "| who | endpoint | items (small → large) | median ms small | median ms large "
        "| ratio | p95 ms large | queries small → large |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for who, url, small, large in rows:
        ratio = large["median"] / small["median"] if small["median"] else 0
        lines.append(
            f"| {who} | `{url}` | {small['count']:,} → {large['count']:,} | "
            f"{small['median']:.1f} | "
            f"{large['median']:.1f} | {ratio:.2f}× | {large['p95']:.1f} | "
            f"{small['queries']} → {large['queries']} |"
        )
    text = "\n".join(lines)
    write_section("api", text)
    print(text)


if __name__ == "__main__":
    main()
