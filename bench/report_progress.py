"""Time one IEP progress report as a PDF against the same report's HTML page, and a batch
of 60 reports (one PDF each and a zip) on the task queue.

    python -m bench.report_progress [--repeats 15] [--batch 60]

A fresh SQLite database with the demo district (60 students); the report of the demo OT's
first student for the demo's first period, with every goal's data charted. The batch: 60
students served by one OT, each with a report for the period (the demo's own reports and
drafts started for the rest), run by jobs.run_pending in this process (the same code a
db_worker runs). Writes the "progress" section of bench/RESULTS.md.
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
    parser.add_argument("--batch", type=int, default=60)
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
    from otdesk.jobs import services as jobs
    from otdesk.progress import batch, services
    from otdesk.progress.models import ProgressReport
    from otdesk.students.models import Student, TeamRole
    from otdesk.students.permissions import iep_students

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

    # The batch: give the OT 60 students with a report each for the report's period.
    period = report.period
    mine = list(iep_students(ot).filter(school__district=period.district))
    others = (
        Student.objects.filter(school__district=period.district)
        .exclude(pk__in=[s.pk for s in mine])
        .order_by("pk")
    )
    for student in others[: max(0, args.batch - len(mine))]:
        member = student.team.filter(role=TeamRole.OT).first()
        if member is not None:
            member.person = ot
            member.save(update_fields=["person"])
    students = list(iep_students(ot).filter(school__district=period.district))[: args.batch]
    for student in students:
        services.start_report(actor=ot, student=student, period=period)
    job = batch.start_batch(owner=ot, period=period)
    t0 = time.perf_counter()
    jobs.run_pending()
    batch_ms = (time.perf_counter() - t0) * 1000
    job.refresh_from_db()
    made = job.result["made"] if job.result else 0
    zip_bytes = sum(f.size for f in job.files.filter(name__endswith=".zip"))
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
            f"### A batch of {job.total} reports (one PDF each and a zip, on the task queue)",
            "",
            "| what | value |",
            "|---|---:|",
            f"| reports made | {made} of {job.total} ({job.get_status_display().lower()}) |",
            f"| total | {batch_ms / 1000:.1f} s |",
            f"| per report | {batch_ms / max(1, made):.1f} ms |",
            f"| per report against one HTML page | {batch_ms / max(1, made) / page_ms:.1f}× |",
            f"| zip | {zip_bytes} bytes |",
        ]
    )
    write_section("progress", text)
    print(text)


if __name__ == "__main__":
    main()
