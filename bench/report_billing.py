"""The Medicaid export for a month of the 10x generated district (600 students): the run
(lines, units, the not-billed list), its CSV, and the billing page, medians of N repeats.

    python -m bench.report_billing [--students 600] [--repeats 5]
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
    import datetime as dt

    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from django.utils import timezone

    from otdesk.accounts.models import User
    from otdesk.billing.exports import billing_sheet, problems_sheet
    from otdesk.billing.forms import month_of
    from otdesk.billing.queries import billing_run
    from otdesk.core.exports import csv_bytes
    from otdesk.demo.generate import generate_demo
    from otdesk.testing.login import sign_in

    call_command("migrate", verbosity=0)
    today = timezone.localdate()
    started = time.perf_counter()
    result = generate_demo(seed=2026, today=today, students=args.students)
    generated = time.perf_counter() - started
    district = result.district
    # The last whole month of the school year so far.
    start, end = month_of(today.replace(day=1) - dt.timedelta(days=1))
    if start < district.school_year_start:
        start, end = month_of(today)

    run_s, csv_s, page_s = [], [], []
    queries = 0
    run = None
    for _ in range(args.repeats):
        t0 = time.perf_counter()
        with CaptureQueriesContext(connection) as captured:
            run = billing_run(district=district, start=start, end=end)
        queries = len(captured)
        t1 = time.perf_counter()
        csv_bytes(billing_sheet(run))
        csv_bytes(problems_sheet(run))
        t2 = time.perf_counter()
        run_s.append(t1 - t0)
        csv_s.append(t2 - t1)
    assert run is not None
    client = Client()
    sign_in(client, User.objects.get(username="coord.davis"))
    url = reverse("billing:home") + f"?start={start}&end={end}"
    for _ in range(args.repeats):
        t0 = time.perf_counter()
        response = client.get(url)
        page_s.append(time.perf_counter() - t0)
        assert response.status_code == 200, response.status_code
    sessions = len({line.session.pk for line in run.lines if line.session})
    ms = lambda values: f"{statistics.median(values) * 1000:.0f} ms"  # noqa: E731
    markdown = "\n".join(
        [
            "## Medicaid billing export",
            "",
            f"Generated district, {args.students} students (generated in {generated:.0f} s), "
            f"{start} to {end}; medians of {args.repeats} runs. `python -m bench.report_billing`.",
            "",
            "| what | median |",
            "|---|---|",
            f"| the month's run (`billing_run`: {len(run.billed)} lines, "
            f"{sum(line.units for line in run.billed)} units, {sessions} sessions, "
            f"{len(run.problems)} not billed; {queries} queries) | {ms(run_s)} |",
            f"| its two CSVs (vendor + not billed) | {ms(csv_s)} |",
            f"| the billing page (run, corrections, access log) | {ms(page_s)} |",
        ]
    )
    print(markdown, file=sys.stderr)
    write_section("billing", markdown)


if __name__ == "__main__":
    main()
