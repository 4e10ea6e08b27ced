"""The district service fidelity report on the 10x generated district (600 students):
the rows (fidelity_rows over the school year to date), the page and its XLSX, against the
district Minutes page (the compliance view the report must agree with) in the same run.

    python -m bench.report_fidelity [--students 600] [--repeats 5]
"""

import argparse
import os
import statistics
import sys
import tempfile
import time

from bench.sections import write_section


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--students", type=int, default=600)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()

    os.environ["OTDESK_DATA_DIR"] = tempfile.mkdtemp(prefix="otdesk-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "otdesk.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from django.utils import timezone

    from otdesk.accounts.models import User
    from otdesk.demo.generate import generate_demo
    from otdesk.fidelity.queries import fidelity_rows
    from otdesk.students.models import Student
    from otdesk.testing.login import sign_in

    call_command("migrate", verbosity=0)
    today = timezone.localdate()
    started = time.perf_counter()
    result = generate_demo(seed=2026, today=today, students=args.students)
    generated = time.perf_counter() - started
    district = result.district
    start, end = district.school_year_start, today
    students = list(Student.objects.filter(school__district=district))

    rows_s: list[float] = []
    queries = 0
    rows = []
    for _ in range(args.repeats):
        t0 = time.perf_counter()
        with CaptureQueriesContext(connection) as captured:
            rows = fidelity_rows(students=students, start=start, end=end, today=today)
        rows_s.append(time.perf_counter() - t0)
        queries = len(captured)

    client = Client()
    sign_in(client, User.objects.get(username="coord.davis"))
    report = reverse("fidelity:district") + f"?start={start}&end={end}"

    def timed(url: str) -> tuple[list[float], int]:
        times, size = [], 0
        client.get(url)  # warm-up
        for _ in range(args.repeats):
            t0 = time.perf_counter()
            response = client.get(url)
            times.append(time.perf_counter() - t0)
            assert response.status_code == 200, (url, response.status_code)
            size = len(response.content)
        return times, size

    page_s, _ = timed(report)
    xlsx_s, xlsx_bytes = timed(report + "&download=xlsx")
    minutes_s, _ = timed(reverse("delivery:district_compliance"))

    median = statistics.median
    ms = lambda values: f"{median(values) * 1000:.0f} ms"  # noqa: E731
    base = median(minutes_s)
    markdown = "\n".join(
        [
            "## District service fidelity report",
            "",
            f"Generated district, {args.students} students (generated in {generated:.0f} s), "
            f"{start} to {end} (the school year to date); medians of {args.repeats} runs "
            "after one warm-up, through Django's test client. "
            "`python -m bench.report_fidelity`.",
            "",
            "| what | median | against the district Minutes page |",
            "|---|---|---|",
            f"| the rows (`fidelity_rows`: {len(rows)} service lines, {queries} queries) "
            f"| {ms(rows_s)} | {median(rows_s) / base:.1f}× |",
            f"| the report page (first 50 rows shown; totals over all) | {ms(page_s)} "
            f"| {median(page_s) / base:.1f}× |",
            f"| its XLSX (every row, {xlsx_bytes} bytes) | {ms(xlsx_s)} "
            f"| {median(xlsx_s) / base:.1f}× |",
            f"| baseline: the district Minutes page (this week) | {ms(minutes_s)} | 1.0× |",
        ]
    )
    print(markdown, file=sys.stderr)
    write_section("fidelity", markdown)


if __name__ == "__main__":
    main()
