"""The district export: everything OT Desk holds for one district, as one CSV file per
table, a data dictionary and a manifest, in a zip. What a district takes with it when it
leaves, or loads into its own warehouse.

Which rows belong to the district is found from the models themselves, as for a student's
record (record.py): a row is the district's when any chain of up to three foreign keys
from it reaches the district (a session through its therapist or its school, a goal
through its IEP's student's school). The catalogs every district shares (the assessment
tools, the activities with no district) come whole; the access log comes as the entries
by the district's people or about its students. Left out: secrets (record.py's rule),
uploaded files' bytes, the files long jobs made (earlier exports among them) and the
workers' heartbeats, which describe the machine, not the district.

Rows are read in chunks and written straight into the zip, so a district of 500,000
sessions does not have to fit in memory."""

import datetime as dt
import io
import json
import zipfile
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.apps import apps
from django.db import models
from django.db.models import Q, QuerySet
from django.utils import timezone

from otdesk.accounts.models import User
from otdesk.core.dates import in_district_zone
from otdesk.core.exports import Sheet, file_stem, write_csv
from otdesk.core.models import AuditEvent
from otdesk.jobs import services as jobs
from otdesk.jobs.models import Job
from otdesk.jobs.tasks import job_task
from otdesk.schools.models import District
from otdesk.students.models import Student

from .record import data_dictionary, exported_fields, plain_value

STEPS = 3
CHUNK = 2000
# Not the district's records: files made by jobs (bytes, earlier exports among them) and
# the task queue's workers.
LEFT_OUT = ("jobs.JobFile", "jobs.WorkerBeat")
# Many-to-many lists that belong to Django's permission system, not to OT Desk.
LEFT_OUT_LISTS = ("groups", "user_permissions")
FORMAT = 1
KIND = "accesslog.district_export"

Progress = Callable[[int, int, str], None]


@dataclass(frozen=True)
class Table:
    """One file of the export: its name, the model of its rows and how to find them."""

    label: str
    model: type[models.Model]
    rows: Callable[[District], QuerySet[Any]]


def _label(model: type[models.Model]) -> str:
    return f"{model._meta.app_label}_{model._meta.model_name}"


def _paths(model: type[models.Model]) -> list[str]:
    """Every chain of foreign keys (up to STEPS) from the model to District."""
    found = []
    queue: deque[tuple[type[models.Model], str, int]] = deque([(model, "", 0)])
    while queue:
        current, path, depth = queue.popleft()
        if depth == STEPS:
            continue
        for field in current._meta.concrete_fields:
            target = field.related_model
            if not (field.many_to_one or field.one_to_one) or not isinstance(target, type):
                continue
            lookup = f"{path}__{field.name}" if path else field.name
            if target is District:
                found.append(lookup)
            elif target is not current:
                queue.append((target, lookup, depth + 1))
    return found


def _by_paths(model: type[models.Model], paths: list[str]) -> Callable[[District], QuerySet]:
    field = next((f for f in model._meta.concrete_fields if f.name == "district"), None)
    shared = field is not None and field.null  # the shared library: no district of its own

    def rows(district: District) -> QuerySet[Any]:
        query = Q(district__isnull=True) if shared else Q()
        for path in paths:
            query |= Q(**{path: district})
        return model._base_manager.filter(query).order_by("pk")

    return rows


def _everything(model: type[models.Model]) -> Callable[[District], QuerySet]:
    return lambda district: model._base_manager.order_by("pk")


def _access_log(district: District) -> QuerySet[Any]:
    students = Student.objects.filter(school__district=district).values("pk")
    people = User.objects.filter(district=district).values("pk")
    return AuditEvent.objects.filter(Q(user__in=people) | Q(student_id__in=students)).order_by("pk")


def _lists(model: type[models.Model], rows: Callable[[District], QuerySet]) -> list[Table]:
    """The model's many-to-many lists (a session's activities), each its own file."""
    tables = []
    for field in model._meta.local_many_to_many:
        through: Any = field.remote_field.through
        if field.name in LEFT_OUT_LISTS or not through._meta.auto_created:
            continue
        source = field.m2m_field_name()

        def list_rows(district: District, source: str = source, through: Any = through) -> Any:
            return through.objects.filter(**{f"{source}__in": rows(district)}).order_by("pk")

        tables.append(Table(f"{_label(model)}_{field.name}", through, list_rows))
    return tables


def tables() -> list[Table]:
    """Every file of the export, in a stable order (the district first)."""
    out = [
        Table(_label(District), District, lambda d: District.objects.filter(pk=d.pk)),
    ]
    for model in sorted(apps.get_models(), key=_label):
        if not model.__module__.startswith("otdesk.") or model is District:
            continue
        if model._meta.label in LEFT_OUT:
            continue
        if model is AuditEvent:
            rows: Callable[[District], QuerySet] = _access_log
        else:
            paths = _paths(model)
            rows = _by_paths(model, paths) if paths else _everything(model)
        out.append(Table(_label(model), model, rows))
        out.extend(_lists(model, rows))
    return out


def _cells(queryset: QuerySet[Any], fields: list[models.Field]) -> Iterator[list[Any]]:
    names = [f.attname for f in fields]
    for values in queryset.values_list(*names).iterator(chunk_size=CHUNK):
        yield [plain_value(v) for v in values]


def _json_cell(value: Any) -> Any:
    return json.dumps(value, ensure_ascii=False) if isinstance(value, dict | list) else value


def write_export(
    district: District, out: IO[bytes], *, made_by: User, progress: Progress | None = None
) -> dict[str, int]:
    """Write the district's zip to `out`; the number of rows in each file."""
    files = tables()
    counts: dict[str, int] = {}
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for n, table in enumerate(files):
            if progress:
                progress(n, len(files), table.label)
            fields = exported_fields(table.model)
            rows = ([_json_cell(c) for c in row] for row in _cells(table.rows(district), fields))
            sheet = Sheet(table.label, [f.attname for f in fields], rows)
            with archive.open(f"{table.label}.csv", "w", force_zip64=True) as raw:
                text = io.TextIOWrapper(raw, encoding="utf-8", newline="")
                counts[table.label] = write_csv(text, sheet)
                text.flush()
                text.detach()
        labels = [t.label for t in files]
        dictionary = data_dictionary(labels, models_of={t.label: t.model for t in files})
        with archive.open("data-dictionary.csv", "w") as raw:
            text = io.TextIOWrapper(raw, encoding="utf-8", newline="")
            write_csv(text, dictionary)
            text.flush()
            text.detach()
        archive.writestr(
            "manifest.json",
            json.dumps(
                {
                    "format": FORMAT,
                    "district": {"id": district.pk, "name": district.name},
                    "made_at": timezone.now().isoformat(),
                    "made_by": made_by.username,
                    "files": counts,
                    "left_out": (
                        "passwords, tokens and keys; uploaded files' bytes; files made by "
                        "long jobs; the task queue's workers"
                    ),
                },
                indent=2,
                ensure_ascii=False,
            ),
        )
    if progress:
        progress(len(files), len(files), "Done")
    return counts


def export_name(district: District, today: dt.date) -> str:
    return f"otdesk-{file_stem(district.name).lower()}-{today.isoformat()}.zip"


def export_to_file(
    district: District, path: Path, *, made_by: User, progress: Progress | None = None
) -> dict[str, int]:
    with path.open("xb") as out:
        return write_export(district, out, made_by=made_by, progress=progress)


# On the task queue -----------------------------------------------------------------------


def start_export(*, actor: User, district: District) -> Job:
    """Queue the district's export; its zip is the job's file, which the district's
    coordinators download from the job (each download is logged)."""
    return jobs.start(
        task=build_export,
        owner=actor,
        district=district,
        total=len(tables()),
        label=f"District export of {district.name}",
    )


def recent_exports(district: District) -> QuerySet[Job]:
    return Job.objects.filter(kind=KIND, district=district).select_related("owner")


@job_task(kind=KIND, max_attempts=1)
def build_export(job: Job) -> dict[str, Any]:
    district = job.district
    if district is None:
        raise jobs.JobFailed("The export has no district.")

    def show(done: int, total: int, message: str) -> None:
        jobs.progress(job, done=done, total=total, message=message)

    buffer = io.BytesIO()
    with in_district_zone(district):
        counts = write_export(district, buffer, made_by=job.owner, progress=show)
        name = export_name(district, timezone.localdate())
    jobs.save_file(job, name, buffer.getvalue(), content_type="application/zip")
    rows = sum(counts.values())
    jobs.progress(job, message=f"{len(counts)} tables, {rows:,} rows.")
    return {"files": len(counts), "rows": rows}
