"""A district at scale on one machine: how long `load_district` takes to make it (100
therapists, 5,000 students, about 500,000 sessions), then the pages people open every day
on it against the same pages on the demo district (60 students) in the same run and
database: median and p95 over repeated requests, and SQL queries per request.

    python -m bench.district_pages [--students 5000] [--repeats 20]

Set DATABASE_URL to run it on PostgreSQL (an empty database it may fill).
"""

import os
import resource
import time
from typing import Any, cast

from bench.sections import write_section
from bench.timing import measure, prepare_district_bench

THERAPIST_PAGES = [
    ("Today", "/today/"),
    ("Caseload", "/caseload/"),
    ("Student", "/students/{student}/"),
    ("Minutes", "/minutes/"),
    ("Workload", "/workload/"),
    ("Progress reports", "/progress/"),
    ("Service fidelity", "/reports/fidelity/"),
    ("API: sessions", "/api/v1/sessions"),
    ("API: minutes", "/api/v1/compliance"),
]
DISTRICT_PAGES = [
    ("District minutes, page 1", "/district/minutes/"),
    ("District minutes, page 40", "/district/minutes/?page=40"),
    ("District workload", "/district/workload/"),
    ("District fidelity", "/district/reports/fidelity/"),
    ("API: students", "/api/v1/students"),
]


def main() -> None:
    args = prepare_district_bench()
    from django.test import Client
    from django.utils import timezone

    from otdesk.accounts.models import User
    from otdesk.api.services import create_token
    from otdesk.demo.scale import generate_district
    from otdesk.students.permissions import served_students
    from otdesk.testing.login import sign_in

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.perf_counter()
    scale = generate_district(students=args.students, today=timezone.localdate())
    built = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    def session_for(person: Any) -> Client:
        client = Client()
        sign_in(client, person)
        _, plain = create_token(actor=person, name="Bench", scope="read", days=30)
        client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {plain}"
        return client

    people = {
        "small": (
            User.objects.get(username="ot.alvarez"),
            User.objects.get(username="coord.davis"),
        ),
        "large": (scale.caseloads[0].therapist, scale.coordinator),
    }
    rows = []
    for pages, index in ((THERAPIST_PAGES, 0), (DISTRICT_PAGES, 1)):
        for name, pattern in pages:
            found = []
            for size in ("small", "large"):
                person = people[size][index]
                student = served_students(people[size][0]).order_by("pk").first()
                assert student is not None
                url = pattern.format(student=student.pk)
                found.append(measure(session_for(person), url, args.repeats))
            rows.append(("therapist" if index == 0 else "coordinator", name, pattern, *found))

    from bench.__main__ import machine

    engine = "PostgreSQL" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "SQLite"
    counts = ", ".join(f"{value:,} {key}" for key, value in scale.counts.items())
    lines = [
        f"## A district at scale ({engine})",
        "",
        f"`python -m bench.district_pages --students {args.students} --repeats {args.repeats}` "
        f"on {engine}; {machine().replace('SQLite', engine)}.",
        "",
        f"Made by `load_district` in **{built:.0f} s** (peak memory of the process "
        f"{peak / 1024:.0f} MB, {before / 1024:.0f} MB before): {args.students:,} students, "
        f"{len(scale.caseloads)} therapists, {counts}.",
        "",
        "In-process Django test client, signed in, after one warm-up request; the baseline is "
        "the demo district (60 students, `ot.alvarez`, `coord.davis`) in the same database. "
        "The therapist at scale has 50 students and two school years of history.",
        "",
        "| who | page | median ms demo | median ms at scale | ratio | p95 ms at scale "
        "| queries demo → scale |",
        "|---|---|---|---|---|---|---|",
    ]
    for who, name, pattern, small, large in rows:
        ratio = large["median"] / small["median"] if small["median"] else 0
        lines.append(
            f"| {who} | {name} (`{pattern}`) | {small['median']:.1f} | {large['median']:.1f} "
            f"| {ratio:.2f}× | {large['p95']:.1f} | {small['queries']} → {large['queries']} |"
        )
    fidelity = cast(dict[str, Any], next(r[4] for r in rows if r[1] == "District fidelity"))
    changed, after = _after_a_day_of_writes(scale, people["large"][1])
    lines += [
        "",
        f"The district fidelity report's first request, which works out every period and "
        f"stores the figures of those that have ended (`fidelity/stored.py`), took "
        f"{fidelity['first'] / 1000:.1f} s; the requests above then use them. After a "
        f"write to an attendance record of {changed:,} lines (a tenth of the district's, "
        f"a busy morning), whose periods are then worked out again: {after:.0f} ms.",
    ]
    text = "\n".join(lines)
    write_section(f"scale-{engine.lower()}", text)
    print(text)


def _after_a_day_of_writes(scale: Any, coordinator: Any) -> tuple[int, float]:
    """Save one attendance record of every tenth line of the district (its value unchanged:
    the database's triggers count the write all the same), then time the district fidelity
    report once: (lines written to, ms)."""
    from django.db.models import F
    from django.test import Client

    from otdesk.delivery.models import SessionStudent
    from otdesk.students.models import ServiceLine
    from otdesk.testing.login import sign_in

    lines = ServiceLine.objects.filter(iep__student__school__district=scale.district)
    chosen = list(lines.order_by("pk").values_list("pk", flat=True))[::10]
    first: dict[int, int] = {}
    for line_id, record_id in SessionStudent.objects.filter(service_line_id__in=chosen).values_list(
        "service_line_id", "pk"
    ):
        first.setdefault(line_id, record_id)
    SessionStudent.objects.filter(pk__in=first.values()).update(
        targeted_service=F("targeted_service")
    )
    client = Client()
    sign_in(client, coordinator)
    started = time.perf_counter()
    response = client.get("/district/reports/fidelity/")
    assert response.status_code == 200
    return len(first), (time.perf_counter() - started) * 1000


if __name__ == "__main__":
    main()
