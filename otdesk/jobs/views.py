"""A job's progress (a page, and the part of it that pages poll), its files, and the list
of the person's recent jobs. The owner and their district's coordinator see a job
(permissions.py); no view here writes."""

import datetime as dt

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header

from otdesk.core.audit import record_access
from otdesk.core.http import current_user
from otdesk.core.models import AuditEvent

from .models import Job, WorkerBeat
from .permissions import get_job_file_for_user, get_job_for_user, jobs_visible_to

SHOWN_JOBS = 30
BADGES = {
    Job.Status.QUEUED: "badge-risk",
    Job.Status.RUNNING: "badge-risk",
    Job.Status.DONE: "badge-ok",
    Job.Status.FAILED: "badge-behind",
}


@login_required
def job_list(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    jobs = list(jobs_visible_to(user).select_related("owner")[:SHOWN_JOBS])
    rows = [{"job": job, "badge": BADGES[Job.Status(job.status)]} for job in jobs]
    return render(request, "jobs/list.html", {"title": "Your long jobs", "rows": rows})


@login_required
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The job's progress; an htmx poll gets only the progress part (jobs/progress.html)."""
    job = get_job_for_user(current_user(request), pk)
    if getattr(request, "htmx", False):
        return render(request, "jobs/progress.html", {"job": job})
    return render(request, "jobs/detail.html", {"title": job.label, "job": job})


@login_required
def job_file(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    found = get_job_file_for_user(current_user(request), pk, name)
    record_access(
        request,
        obj=found.job,
        student_id=None,
        summary=f"Downloaded {found.name} made by the job {found.job.label}",
        action=AuditEvent.Action.EXPORT,
    )
    response = HttpResponse(bytes(found.data), content_type=found.content_type)
    response["Content-Disposition"] = content_disposition_header(True, found.name) or "attachment"
    return response


def health(request: HttpRequest) -> HttpResponse:
    """For the load balancer and monitoring (docs/deploy.md): 200 while the database
    answers, with how many task-queue workers beat within their timeout and how many jobs
    wait; 503 when the database does not answer. It names no one and needs no sign-in."""
    try:
        since = timezone.now() - dt.timedelta(seconds=settings.OTDESK_WORKER_TIMEOUT_SECONDS)
        workers = WorkerBeat.objects.filter(last_seen__gte=since).count()
        waiting = Job.objects.filter(status=Job.Status.QUEUED).count()
    except DatabaseError:
        return JsonResponse({"status": "down", "database": "not answering"}, status=503)
    return JsonResponse(
        {"status": "ok", "database": "ok", "workers": workers, "jobs_waiting": waiting}
    )
