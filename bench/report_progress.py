"""Time one IEP progress report as a PDF against the same report's HTML page.

    python -m bench.report_progress [--repeats 15]

A fresh SQLite database with the demo district (60 students); the report of the demo OT's
first student for the demo's first period, with every goal's data charted. Writes the
"progress" section of bench/RESULTS.md (medians, and the PDF's time as a multiple of the
page's).
"""

import argparse
import os
import statistics
import sys
import tempfile
import time


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args()

    os.environ["OTDESK_DATA_DIR"] = tempfile.mkdtemp(prefix="otdesk-bench-")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "otdesk.settings")
    # Imported after the settings are chosen: Django and the app read them on import.
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from django.utils import timezone

    from bench.sections import write_section
    from otdesk.accounts.models import User
    from otdesk.demo.generate import generate_demo
    from otdesk.progress.models import ProgressReport

    call_command("migrate", verbosity=0)
    generate_demo(seed=2026, today=timezone.localdate(), students=60)
    ot = User.objects.get(username="ot.alvarez")
    report = ProgressReport.objects.filter(author=ot).order_by("period__start_date", "pk").first()
    if report is None:
        sys.exit("The demo made no progress report (no reporting period under way?).")
    client = Client()
    client.force_login(ot)

    def timed(url: str) -> tuple[list[float], int, int]:
        first = client.get(url)  # warm templates, fonts and imports
        assert first.status_code == 200, first.status_code
        times = []
        for _ in range(args.repeats):
            t0 = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - t0) * 1000)
            assert response.status_code == 200
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        return times, len(ctx.captured_queries), len(response.content)

    page, page_queries, page_bytes = timed(reverse("progress:report", args=[report.pk]))
    pdf, pdf_queries, pdf_bytes = timed(reverse("progress:pdf", args=[report.pk]))
    page_ms, pdf_ms = statistics.median(page), statistics.median(pdf)
    goals = report.goals.count()
    text = "\n".join(
        [
            "## One IEP progress report: PDF against its page",
            "",
            f"Demo district (60 students), the report of one student with {goals} goal"
            f"{'s' if goals != 1 else ''} charted ({report.get_status_display().lower()}, "
            f"{report.period.name}); median of {args.repeats} requests after one warm-up, "
            "through Django's test client (no network).",
            "",
            "| what | median ms | min ms | max ms | queries | bytes |",
            "|---|---:|---:|---:|---:|---:|",
            f"| HTML page | {page_ms:.1f} | {min(page):.1f} | {max(page):.1f} | "
            f"{page_queries} | {page_bytes} |",
            f"| PDF (WeasyPrint) | {pdf_ms:.1f} | {min(pdf):.1f} | {max(pdf):.1f} | "
            f"{pdf_queries} | {pdf_bytes} |",
            "",
            f"The PDF takes {pdf_ms / page_ms:.1f}× the page's time.",
            "",
            "A batch of 60 reports (one PDF per student and a zip, on the task queue) is not "
            "measured yet.",
        ]
    )
    write_section("progress", text)
    print(text)


if __name__ == "__main__":
    main()
