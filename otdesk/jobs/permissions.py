"""Who sees a job: the person who started it, and the coordinator of the job's district
(they watch the district's long work). Anyone else gets 404, worded the same whether the
job exists or not. Nobody changes a job from the web: nothing is read-only here."""

from django.db.models import Q, QuerySet
from django.http import Http404

from otdesk.accounts.models import User
from otdesk.accounts.permissions import is_coordinator_of

from .models import Job, JobFile

NOT_YOURS = "No such job of yours."


def jobs_visible_to(user: User) -> QuerySet[Job]:
    if not user.is_authenticated:
        return Job.objects.none()
    mine = Q(owner=user)
    if is_coordinator_of(user, user.district_id):
        mine |= Q(district_id=user.district_id)
    return Job.objects.filter(mine)


def get_job_for_user(user: User, pk: int) -> Job:
    job = jobs_visible_to(user).select_related("owner").filter(pk=pk).first()
    if job is None:
        raise Http404(NOT_YOURS)
    return job


def get_job_file_for_user(user: User, pk: int, name: str) -> JobFile:
    job = get_job_for_user(user, pk)
    found = JobFile.objects.filter(job=job, name=name).first()
    if found is None:
        raise Http404("No such file in this job.")
    return found
