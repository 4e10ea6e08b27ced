"""A student's complete record: everything OT Desk holds about one student, found from the
models themselves (so a new kind of record is included without a change here):

- every row whose foreign keys lead to the student (a service line through its IEP, a
  goal's data through the session attendance), up to three steps away, never through a
  shared record (a person, a school, a district, a class);
- the records those rows belong to (the session an attendance is of), as far as they are
  not shared ones;
- every access-log event about the student.

Secrets never leave: fields named like a token, a hash of one, a password or a key are
left out. `record_zip` packs it as a readable PDF, one CSV per kind of record, one JSON
file and a data dictionary; the district export uses the same dictionary."""

import datetime as dt
import io
import json
import zipfile
from collections import deque
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db import models
from django.template.loader import render_to_string

from otdesk.core.dates import nice_date, nice_moment
from otdesk.core.exports import Sheet, csv_bytes
from otdesk.core.models import AuditEvent
from otdesk.schools.models import Classroom
from otdesk.students.models import Student

STEPS = 3
SECRET_WORDS = ("token", "password", "secret", "key", "hash")
# Shared records: a path to the student never runs through them, and they are not copied.
SHARED = ("accounts.User", "schools.School", "schools.District", "schools.Classroom")


@dataclass(frozen=True)
class Kind:
    """One kind of record in the export: its model and the lookups that tie it to the
    student."""

    model: type[models.Model]
    paths: tuple[str, ...]

    @property
    def label(self) -> str:
        return f"{self.model._meta.app_label}_{self.model._meta.model_name}"

    @property
    def title(self) -> str:
        return _first_up(str(self.model._meta.verbose_name_plural))


def _first_up(words: str) -> str:
    """'IEP start' stays so ('capitalize' would make it 'Iep start')."""
    return words[:1].upper() + words[1:]


def _shared(model: type[models.Model]) -> bool:
    return model._meta.label in SHARED or model is Classroom


def exported_fields(model: type[models.Model]) -> list[models.Field]:
    """The columns an export writes: never a secret, never raw bytes (an uploaded file)."""
    return [
        f
        for f in model._meta.concrete_fields
        if not any(word in f.name.lower() for word in SECRET_WORDS)
        and not isinstance(f, models.BinaryField)
    ]


def _links(model: type[models.Model], *, first: bool) -> list[tuple[str, type[models.Model]]]:
    """The steps a lookup may take from model: its own foreign keys (and, on the first step
    only, its many-to-many fields: further on they would reach every student a shared
    record lists), and the rows that point at it (an attendance points at its session)."""
    out = []
    for field in model._meta.get_fields():
        target = field.related_model
        if not (isinstance(target, type) and issubclass(target, models.Model)):
            continue
        forward = field.concrete and (field.many_to_one or field.one_to_one)
        many = field.concrete and field.many_to_many and first
        backward = field.auto_created and not field.concrete and field.one_to_many
        if forward or many or backward:
            out.append((field.name, target))
    return out


def kinds() -> list[Kind]:
    """Every model that leads to Student, with its shortest lookups."""
    found: dict[type[models.Model], list[str]] = {}
    for model in apps.get_models():
        if model is Student or _shared(model) or model is AuditEvent:
            continue
        paths: list[tuple[int, str]] = []
        queue: deque[tuple[type[models.Model], str, int]] = deque([(model, "", 0)])
        while queue:
            current, path, depth = queue.popleft()
            if depth == STEPS:
                continue
            for name, target in _links(current, first=depth == 0):
                lookup = f"{path}__{name}" if path else name
                if target is Student:
                    paths.append((depth, lookup))
                elif not _shared(target) and target is not model:
                    queue.append((target, lookup, depth + 1))
        if paths:
            # The shortest ties only: a longer one can run through a record several
            # students share (an attendance -> its session -> the plan's students).
            nearest = min(depth for depth, _ in paths)
            found[model] = [lookup for depth, lookup in paths if depth == nearest]
    return sorted((Kind(m, tuple(p)) for m, p in found.items()), key=lambda k: k.label)


def _rows(kind: Kind, student: Student) -> list[models.Model]:
    query = models.Q()
    for path in kind.paths:
        query |= models.Q(**{path: student})
    return list(kind.model._base_manager.filter(query).distinct().order_by("pk"))


def plain_value(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _values(obj: models.Model) -> dict[str, Any]:
    return {f.attname: plain_value(getattr(obj, f.attname)) for f in exported_fields(type(obj))}


def collect(student: Student) -> dict[str, list[models.Model]]:
    """The student's records by kind ('students_iep': [...]), the student first and the
    access log last."""
    out: dict[str, list[models.Model]] = {"students_student": [student]}
    parents: dict[type[models.Model], set[Any]] = {}
    for kind in kinds():
        rows = _rows(kind, student)
        if not rows:
            continue
        out[kind.label] = rows
        for field in kind.model._meta.concrete_fields:
            target = field.related_model
            if field.many_to_one and isinstance(target, type) and not _shared(target):
                ids = {getattr(r, field.attname) for r in rows} - {None}
                if ids and target is not Student:
                    parents.setdefault(target, set()).update(ids)
    for model, ids in parents.items():
        label = f"{model._meta.app_label}_{model._meta.model_name}"
        have = {r.pk for r in out.get(label, [])}
        extra = list(model._base_manager.filter(pk__in=ids - have).order_by("pk"))
        if extra:
            out[label] = sorted([*out.get(label, []), *extra], key=lambda r: r.pk)
    # The student's own records first (students_...), then the rest, the access log last.
    ordered = dict(
        sorted(
            out.items(),
            key=lambda item: (
                item[0] != "students_student",
                not item[0].startswith("students_"),
                item[0],
            ),
        )
    )
    ordered["core_auditevent"] = list(
        AuditEvent.objects.filter(student_id=student.pk).order_by("pk")
    )
    return ordered


def data_dictionary(labels: list[str], *, models_of: dict[str, Any] | None = None) -> Sheet:
    """What each column of each file holds, in words (models_of names the model of a file
    that is not one of the app's models, such as a many-to-many table)."""
    rows: list[list[Any]] = []
    for label in labels:
        model = (models_of or {}).get(label) or model_of_label(label)
        for field in exported_fields(model):
            rows.append(
                [
                    f"{label}.csv",
                    field.attname,
                    str(field.verbose_name),
                    field.get_internal_type(),
                    str(field.help_text or ""),
                    ", ".join(str(c[1]) for c in field.choices or []),
                ]
            )
    return Sheet(
        "Data dictionary",
        ["File", "Column", "What it is", "Type", "Notes", "Allowed values"],
        rows,
    )


def model_of_label(label: str) -> type[models.Model]:
    for model in apps.get_models():
        if f"{model._meta.app_label}_{model._meta.model_name}" == label:
            return model
    raise LookupError(label)


def _sheet(label: str, rows: list[models.Model]) -> Sheet:
    fields = exported_fields(type(rows[0]))
    return Sheet(
        label,
        [f.attname for f in fields],
        [[plain_value(getattr(r, f.attname)) for f in fields] for r in rows],
    )


def _readable(obj: models.Model) -> list[tuple[str, str]]:
    """The record's fields as a person reads them: names for linked records, choices in
    words, dates as OT Desk writes them, Yes and No."""
    pairs = []
    for field in exported_fields(type(obj)):
        if field.primary_key:
            continue
        value: Any = getattr(obj, field.attname)
        if value in (None, "", [], {}):
            continue
        if field.choices:
            value = getattr(obj, f"get_{field.name}_display")()
        elif field.is_relation:
            value = getattr(obj, field.name)
        elif isinstance(value, bool):
            value = "Yes" if value else "No"
        elif isinstance(value, dt.datetime):
            value = nice_moment(value)
        elif isinstance(value, dt.date):
            value = nice_date(value)
        pairs.append((_first_up(str(field.verbose_name)), str(value)))
    return pairs


def record_zip(student: Student, *, base_url: str) -> bytes:
    """The zip: record.pdf (readable), one CSV per kind, record.json, data-dictionary.csv."""
    from otdesk.activities.pdf import render_pdf

    records = collect(student)
    sections = [
        {
            "title": _first_up(str(model_of_label(label)._meta.verbose_name_plural)),
            "items": [(obj.pk, _readable(obj)) for obj in rows],
        }
        for label, rows in records.items()
    ]
    html = render_to_string(
        "accesslog/record_print.html",
        {"student": student, "sections": sections, "title": f"Record of {student.full_name}"},
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("record.pdf", render_pdf(html, base_url=base_url))
        for label, rows in records.items():
            archive.writestr(f"{label}.csv", csv_bytes(_sheet(label, rows)))
        archive.writestr(
            "record.json",
            json.dumps(
                {label: [_values(r) for r in rows] for label, rows in records.items()},
                indent=2,
                ensure_ascii=False,
            ),
        )
        archive.writestr("data-dictionary.csv", csv_bytes(data_dictionary(list(records))))
    return buffer.getvalue()
