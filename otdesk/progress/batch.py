"""The batch: every report of a therapist's caseload for one period, as one PDF per student
and a zip of them all, made by a job on the task queue (otdesk/jobs). The page shows the
job's bar (jobs/progress.html) and can be left and come back to; a student whose report
cannot be made is named with the reason, and the others are made all the same.

Who may read the PDFs is checked again when the job runs (the caseload may have changed
since it was started): the students the job's owner serves, each report's print logged as
the owner's."""

import io
import zipfile
from typing import Any

from django.db.models import QuerySet

from otdesk.accounts.models import User
from otdesk.core.audit import record_event
from otdesk.core.exports import file_stem
from otdesk.core.models import AuditEvent
from otdesk.jobs import services as jobs
from otdesk.jobs.models import Job
from otdesk.jobs.tasks import job_task
from otdesk.schools.models import ReportingPeriod
from otdesk.students.models import Student
from otdesk.students.permissions import served_students

from .document import pdf_bytes
from .models import ProgressReport

KIND = "progress.batch"
# The PDFs fetch only our static files (activities/pdf.py): any base address will do.
BASE_URL = "http://otdesk.invalid/"


def batch_students(owner: User, period: ReportingPeriod) -> QuerySet[Student]:
    return (
        served_students(owner)
        .filter(school__district_id=period.district_id)
        .order_by("last_name", "first_name", "pk")
    )


def latest_batch(owner: User, period: ReportingPeriod) -> Job | None:
    return (
        Job.objects.filter(kind=KIND, owner=owner, params__period=period.pk).order_by("-pk").first()
    )


def start_batch(*, owner: User, period: ReportingPeriod) -> Job:
    """Queue the batch for the owner's caseload in the period's district."""
    count = batch_students(owner, period).count()
    return jobs.start(
        task=build_batch,
        owner=owner,
        # No district: the job and its files are the therapist's alone (the coordinator
        # watches the district's jobs, and does not read progress reports).
        district=None,
        params={"period": period.pk},
        total=count,
        label=f"Progress reports, {period.name}",
    )


@job_task(kind=KIND)
def build_batch(job: Job, *, period: int) -> dict[str, Any]:
    owner = job.owner
    found = ReportingPeriod.objects.filter(pk=period).select_related("district").first()
    if found is None:
        raise jobs.JobFailed("The reporting period was removed.")
    students = list(batch_students(owner, found))
    reports = {
        r.student_id: r
        for r in ProgressReport.objects.filter(period=found, student__in=students).select_related(
            "student__school__district", "period", "author"
        )
    }
    jobs.progress(job, done=0, total=len(students))
    made: list[str] = []
    failed: list[dict[str, str]] = []
    archive = io.BytesIO()
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as bundle:
        for n, student in enumerate(students):
            name = student.full_name
            jobs.progress(job, done=n, message=name)
            report = reports.get(student.pk)
            if report is None:
                failed.append({"student": name, "reason": f"No report started for {found.name}."})
                continue
            try:
                data = pdf_bytes(report, base_url=BASE_URL)
            except Exception as exc:  # one student's failure does not stop the others
                failed.append({"student": name, "reason": f"The PDF could not be made ({exc})."})
                continue
            file_name = f"progress-{file_stem(student.last_name)}-{file_stem(student.first_name)}"
            file_name += f"-{student.pk}-{file_stem(found.name)}.pdf"
            jobs.save_file(job, file_name, data, content_type="application/pdf")
            bundle.writestr(file_name, data)
            made.append(name)
            record_event(
                user=owner,
                action=AuditEvent.Action.PRINT,
                obj=report,
                student_id=student.pk,
                summary="Progress report PDF (batch)",
            )
    if made:
        jobs.save_file(
            job,
            f"progress-reports-{file_stem(found.name)}.zip",
            archive.getvalue(),
            content_type="application/zip",
        )
    words = f"{len(made)} made."
    if failed:
        words += " Not made: " + "; ".join(f"{f['student']} ({f['reason']})" for f in failed)
    jobs.progress(job, done=len(students), message=words)
    return {"made": len(made), "failed": failed}
