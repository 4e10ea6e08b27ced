"""District plan runs: a weekly plan proposed for every therapist of a district, made in
the background by the task queue, with progress the coordinator can watch.

A run is OTDESK_PLAN_RUN_SHARES jobs (otdesk/jobs, kind "scheduling.plan_run"), one per
worker the district runs (on one machine or several): each worker that takes a share
claims the run's waiting plans one at a time until none is left, so N workers make the
plans in the time of (plans ÷ N) plans (bench/plan_workers.py). Within a share, plans are
made OTDESK_PLANS_AT_ONCE at a time in threads: CP-SAT releases the GIL while it searches
(two solves in two threads take the wall time of one), so threads are enough and the items
need no pickling. Every thread uses its own database connection and closes it when done;
writes are short single-row updates, which SQLite (WAL, busy timeout) and PostgreSQL both
take from several threads. The job's progress is the number of plans finished and the
therapists being planned.

A worker that dies mid-run is noticed by the others (jobs/worker.py): its share starts
again on another worker, which puts back the plans that share left half-made (each plan
names the share that claimed it) and makes every plan not yet finished. `otdesk
run_plans` (`run_pending`) makes every waiting plan at once, without a worker.

The writes a person makes are audited: starting a run (start_run) and using a plan it
proposed (use_run_item, through use_plan). The worker's own progress on an item (claimed,
minutes placed so far, done or failed) is bookkeeping of the machine, written as single-row
updates without an audit event.
"""

import datetime as dt
import logging
import threading
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor, as_completed
from functools import partial
from typing import TypeVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, OperationalError, connection, transaction
from django.db.models import Count, Q
from django.utils import timezone

from otdesk.accounts.models import User
from otdesk.accounts.permissions import THERAPIST_ROLES
from otdesk.core.audit import record_event
from otdesk.core.dates import district_today, in_district_zone
from otdesk.core.models import AuditEvent
from otdesk.jobs import services as jobs
from otdesk.jobs.models import Job
from otdesk.jobs.tasks import job_task
from otdesk.schools.models import District
from otdesk.students.permissions import served_students

from ..build import build_instance, named_explanations
from ..cpsat import solve_cpsat
from ..models import PlanRun, PlanRunItem
from .plan_use import PlanUse, use_plan
from .proposals import placements_of

logger = logging.getLogger(__name__)

PROGRESS_EVERY = 1.0  # seconds between progress writes while a plan is searched
# A run still unfinished after this long (no worker took its job, or it was lost): it no
# longer blocks a new run, and run_pending takes over its items.
STALE_AFTER = dt.timedelta(hours=1)

LOCK_ATTEMPTS = 40  # about 16 s of waiting in all
Status = PlanRunItem.Status
T = TypeVar("T")


def therapists_of(district: District, *, today: dt.date) -> list[User]:
    """The district's OTs and COTAs who serve at least one student today."""
    candidates = User.objects.filter(
        district=district, role__in=THERAPIST_ROLES, is_active=True
    ).order_by("last_name", "first_name", "pk")
    return [u for u in candidates if served_students(u, on=today).exists()]


def unfinished_run(district: District) -> PlanRun | None:
    """A run of the district still working (not one abandoned long ago)."""
    return (
        PlanRun.objects.filter(
            district=district,
            finished_at__isnull=True,
            created_at__gte=timezone.now() - STALE_AFTER,
        )
        .order_by("-created_at")
        .first()
    )


def start_run(*, district: District, actor: User, seconds_per_plan: int = 10) -> PlanRun:
    """Queue a plan for every therapist with students; the work starts once this commits."""
    today = district_today(district)
    with transaction.atomic():
        run = PlanRun(district=district, started_by=actor, seconds_per_plan=seconds_per_plan)
        run.full_clean()
        run.save()
        therapists = therapists_of(district, today=today)
        items = [PlanRunItem(run=run, provider=therapist) for therapist in therapists]
        for item in items:
            item.full_clean()
        PlanRunItem.objects.bulk_create(items)
        record_event(
            user=actor,
            action=AuditEvent.Action.CREATE,
            obj=run,
            student_id=None,
            summary=f"Started weekly plans for {len(therapists)} therapists",
        )
        label = f"Weekly plans for {len(therapists)} therapist" + (
            "s" if len(therapists) != 1 else ""
        )
        shares = min(settings.OTDESK_PLAN_RUN_SHARES, max(len(therapists), 1))
        for share in range(1, shares + 1):
            job = jobs.start(
                task=make_run_plans,
                owner=actor,
                district=district,
                label=label if shares == 1 else f"{label} (share {share} of {shares})",
                params={"run_id": run.pk},
                total=len(therapists),
            )
            if share == 1:
                run.job = job  # the run page follows the first share's progress
        run.save(update_fields=["job"])
    return run


@job_task(kind="scheduling.plan_run")
def make_run_plans(job: Job, *, run_id: int) -> dict[str, int]:
    """A share of a district run: the run's waiting plans, OTDESK_PLANS_AT_ONCE at a time,
    with the run's progress on the job. Started again after its worker died, it first puts
    back the plans it left half-made there."""
    items = PlanRunItem.objects.filter(run_id=run_id)
    if job.attempts > 1:
        # This share's own half-made plans (none: claimed before shares had names).
        mine = Q(claimed_by=job.pk) | Q(claimed_by__isnull=True)
        items.filter(mine, status=Status.RUNNING).update(
            status=Status.QUEUED, started_at=None, placed_minutes=0, claimed_by=None
        )
    pending = list(items.filter(status=Status.QUEUED).values_list("pk", flat=True))

    def report() -> None:
        counts = items.aggregate(
            total=Count("pk"),
            finished=Count("pk", filter=Q(status__in=[Status.DONE, Status.FAILED])),
        )
        working = items.filter(status=Status.RUNNING).select_related("provider")
        jobs.progress(
            job,
            done=counts["finished"],
            total=counts["total"],
            message=", ".join(i.provider.display_name for i in working),
        )

    report()
    run_items(pending, on_done=report, claimer=job.pk)
    finish_runs([run_id])
    counts = items.aggregate(
        ready=Count("pk", filter=Q(status=Status.DONE)),
        failed=Count("pk", filter=Q(status=Status.FAILED)),
    )
    return {"ready": counts["ready"], "failed": counts["failed"]}


@transaction.atomic
def use_run_item(
    *, provider: User, item: PlanRunItem, starts_on: dt.date, today: dt.date
) -> PlanUse | None:
    """Put the plan a district run proposed into use (use_plan, as the generator does) and
    mark it used; None when it was used already (another tab, a double press).

    Raises PlanNoLongerFits when it breaks a rule with today's facts."""
    # Two presses at once: the second waits here, then finds it used.
    locked = PlanRunItem.objects.select_for_update().get(pk=item.pk)
    if locked.provider_id != provider.pk or locked.status != Status.DONE:
        raise ValidationError("That proposed plan is not yours to use.")
    if locked.applied_at is not None:
        return None
    use = use_plan(
        provider=provider,
        placements=placements_of(locked.placements),
        starts_on=starts_on,
        today=today,
    )
    locked.applied_at = timezone.now()
    locked.full_clean()
    locked.save(update_fields=["applied_at"])
    item.applied_at = locked.applied_at
    record_event(
        user=provider,
        action=AuditEvent.Action.UPDATE,
        obj=locked,
        student_id=None,
        summary="Used the weekly plan proposed by the district run "
        f"{locked.run_id}: {use.created} sessions",
    )
    return use


def _retry(statement: Callable[[], T]) -> T:
    """Run one autocommit statement, again if SQLite says a table is locked.

    SQLite's shared cache (the in-memory database of the tests, where every thread reaches
    one database) answers "database table is locked" at once rather than waiting for the
    busy timeout as the file database does; wait a moment and try again. PostgreSQL
    never says it."""
    for attempt in range(LOCK_ATTEMPTS):
        try:
            return statement()
        except OperationalError as exc:
            if "locked" not in str(exc) or attempt == LOCK_ATTEMPTS - 1:
                raise
            time.sleep(0.02 * (attempt + 1))
    raise AssertionError("unreachable")


def run_items(
    item_ids: Iterable[int],
    *,
    on_done: Callable[[], None] | None = None,
    claimer: int | None = None,
) -> None:
    """Make the plans, OTDESK_PLANS_AT_ONCE at a time (those another share claims first are
    skipped); returns when all are done, failed or taken. `on_done` is called here (not in
    a plan's thread) as each plan finishes."""
    at_once = settings.OTDESK_PLANS_AT_ONCE
    with ThreadPoolExecutor(max_workers=at_once, thread_name_prefix="plan") as pool:
        futures = [pool.submit(run_item, pk, claimer=claimer) for pk in item_ids]
        for future in as_completed(futures):
            future.result()  # run_item never raises; this only waits
            if on_done is not None:
                on_done()


def finish_runs(run_ids: Iterable[int]) -> None:
    """Mark runs finished whose every item is done or failed."""
    for run_id in run_ids:
        left = _retry(
            PlanRunItem.objects.filter(
                run_id=run_id, status__in=[Status.QUEUED, Status.RUNNING]
            ).exists
        )
        if not left:
            finished = PlanRun.objects.filter(pk=run_id, finished_at__isnull=True)
            _retry(partial(finished.update, finished_at=timezone.now()))


def run_item(item_id: int, *, claimer: int | None = None) -> None:
    """One therapist's plan: build, solve with progress, store the result. Never raises:
    a failure is stored on the item in plain words and the error goes to the log.
    `claimer`: the share (job) making it."""
    worker = threading.get_ident()
    try:
        queued = PlanRunItem.objects.filter(pk=item_id, status=Status.QUEUED)
        claimed = _retry(
            lambda: queued.update(
                status=Status.RUNNING, started_at=timezone.now(), claimed_by=claimer
            )
        )
        if not claimed:
            return  # taken by another worker, finished, or its therapist was removed
        item = _retry(
            lambda: PlanRunItem.objects.select_related("run__district", "provider").get(pk=item_id)
        )
        with in_district_zone(item.run.district):  # a worker thread has no request
            _make_plan(item, worker)
    except Exception as exc:
        logger.exception("Plan run item %s failed", item_id)
        try:
            message = (
                "This plan could not be made because of an unexpected error "
                f"({type(exc).__name__}); it is written in the server log. The "
                "therapist can still generate a plan from their Plan page."
            )
            failed = PlanRunItem.objects.filter(pk=item_id)
            _retry(
                lambda: failed.update(
                    status=Status.FAILED, finished_at=timezone.now(), message=message
                )
            )
        except Exception:
            logger.exception("Could not record the failure of plan run item %s", item_id)
    finally:
        # The worker's own connection; a caller inside a transaction (a test, a request)
        # keeps its connection.
        if not connection.in_atomic_block:
            connection.close()


def _make_plan(item: PlanRunItem, worker: int) -> None:
    today = timezone.localdate()
    built = _retry(lambda: build_instance(item.provider, today=today))
    total = sum(a.weekly_minutes for a in built.instance.activities)
    this = PlanRunItem.objects.filter(pk=item.pk)
    _retry(lambda: this.update(total_minutes=total))
    last_write = 0.0

    def progress(_seconds: float, placed: int) -> None:
        nonlocal last_write
        now = time.monotonic()
        if now - last_write < PROGRESS_EVERY:
            return
        last_write = now
        try:
            this.update(placed_minutes=placed)
        except DatabaseError:
            # Progress is only shown: a busy database must not stop the search.
            logger.warning("Progress of plan run item %s not saved", item.pk, exc_info=True)
        if threading.get_ident() != worker:
            connection.close()  # a solver thread of its own: leave no connection behind

    plan = solve_cpsat(
        built.instance, seconds=item.run.seconds_per_plan, seed=1, workers=1, on_solution=progress
    )
    placements = [
        [p.activity, p.day, p.start, p.minutes, p.school, p.reason] for p in plan.placements
    ]
    explanations = named_explanations(built, plan)
    _retry(
        lambda: this.update(
            status=Status.DONE,
            finished_at=timezone.now(),
            placed_minutes=plan.placed_minutes(),
            placements=placements,
            explanations=explanations,
            message="",
        )
    )


def run_pending(*, now: dt.datetime | None = None) -> int:
    """Make every queued plan now (and those left 'working' by a thread that died with the
    server), waiting for them; returns how many plans were made or failed."""
    now = now or timezone.now()
    abandoned = PlanRunItem.objects.filter(status=Status.RUNNING, started_at__lt=now - STALE_AFTER)
    abandoned.update(status=Status.QUEUED, started_at=None, placed_minutes=0)
    pending = list(PlanRunItem.objects.filter(status=Status.QUEUED).values_list("pk", flat=True))
    run_items(pending)
    finish_runs(list(PlanRun.objects.filter(finished_at__isnull=True).values_list("pk", flat=True)))
    return len(pending)
