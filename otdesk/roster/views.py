"""The district's roster import: upload a OneRoster zip, read what checking it found
(the dry run), then import it. Checking and importing run on the task queue; the page
follows their progress. Only the district's coordinator opens these pages."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from otdesk.core.http import add_service_errors, current_user

from . import services
from .changes import ACTIONS, KIND_WORDS
from .csvimport import guess_mapping, read_students_csv
from .forms import ColumnsForm, CsvUploadForm, UploadForm
from .models import RosterImport
from .permissions import get_import, roster_district
from .synthetic import sample_roster_zip

RECENT = 10
ACTION_WORDS = {
    "create": "Added",
    "update": "Changed",
    "deactivate": "Switched off",
    "reactivate": "Switched on again",
}


@login_required
def roster_home(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    district = roster_district(user)
    posted = request.method == "POST"
    form = UploadForm(request.POST if posted else None, request.FILES if posted else None)
    if posted and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            roster_import = services.upload(
                actor=user, district=district, file_name=upload.name, data=upload.read()
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("roster:detail", roster_import.pk)
    return _home(request, district, form=form, csv_form=CsvUploadForm(prefix="csv"))


@login_required
@require_POST
def roster_csv(request: HttpRequest) -> HttpResponse:
    """Upload a spreadsheet of students; its columns are chosen next."""
    user = current_user(request)
    district = roster_district(user)
    csv_form = CsvUploadForm(request.POST, request.FILES, prefix="csv")
    if csv_form.is_valid():
        upload = csv_form.cleaned_data["file"]
        try:
            roster_import = services.upload_csv(
                actor=user, district=district, file_name=upload.name, data=upload.read()
            )
        except ValidationError as exc:
            add_service_errors(csv_form, exc)
        else:
            return redirect("roster:columns", roster_import.pk)
    return _home(request, district, form=UploadForm(), csv_form=csv_form)


def _home(request: HttpRequest, district: Any, *, form: Any, csv_form: Any) -> HttpResponse:
    imports = RosterImport.objects.filter(district=district).select_related("uploaded_by")
    return render(
        request,
        "roster/home.html",
        {
            "title": "Roster import",
            "district": district,
            "form": form,
            "csv_form": csv_form,
            "imports": imports.defer("data")[:RECENT],
        },
        status=400 if request.method == "POST" else 200,
    )


SAMPLE_LINES = 3


@login_required
def roster_columns(request: HttpRequest, pk: int) -> HttpResponse:
    """Choose which column of the spreadsheet holds each field, then check it."""
    user = current_user(request)
    roster_import = get_import(user, pk)
    if roster_import.kind != RosterImport.Kind.CSV or not roster_import.data:
        return redirect("roster:detail", roster_import.pk)
    sheet = read_students_csv(bytes(roster_import.data), roster_import.file_name)
    posted = request.method == "POST"
    remembered = roster_import.mapping or services.remembered_columns(roster_import.district)
    form = ColumnsForm(
        request.POST if posted else None,
        headings=sheet.headings,
        initial=guess_mapping(sheet.headings, remembered),
    )
    if posted and form.is_valid():
        try:
            services.choose_columns(actor=user, roster_import=roster_import, mapping=form.mapping())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("roster:detail", roster_import.pk)
    return render(
        request,
        "roster/columns.html",
        {
            "title": f"Columns of {roster_import.file_name}",
            "district": roster_import.district,
            "upload": roster_import,
            "form": form,
            "headings": sheet.headings,
            "sample": [
                [(h, row.values.get(h, "")) for h in sheet.headings]
                for row in sheet.rows[:SAMPLE_LINES]
            ],
            "lines": len(sheet.rows),
        },
        status=400 if posted else 200,
    )


def _table(report: dict[str, Any]) -> list[dict[str, Any]]:
    """The counts as rows a person reads: one per kind of record, one column per action."""
    rows = []
    for kind, words in KIND_WORDS.items():
        counts = report.get("counts", {}).get(kind)
        if counts:
            cells = [(ACTION_WORDS[a], counts.get(a, 0)) for a in ACTIONS]
            rows.append({"kind": words, "cells": cells})
    return rows


def _changes(report: dict[str, Any]) -> list[dict[str, Any]]:
    groups: dict[tuple[str, str], list[dict[str, str]]] = {}
    for change in report.get("changes", []):
        groups.setdefault((change["kind"], change["action"]), []).append(change)
    counts = report.get("counts", {})
    return [
        {
            "title": f"{KIND_WORDS[kind].capitalize()}: {ACTION_WORDS[action].lower()}",
            "changes": changes,
            "more": counts.get(kind, {}).get(action, 0) - len(changes),
        }
        for (kind, action), changes in groups.items()
    ]


@login_required
def roster_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    roster_import = get_import(user, pk)
    if roster_import.status == RosterImport.Status.COLUMNS:
        return redirect("roster:columns", roster_import.pk)
    report = roster_import.report
    context = {
        "title": f"Roster upload {roster_import.file_name}",
        "district": roster_import.district,
        "upload": roster_import,
        "job": roster_import.job,
        "table": _table(report),
        "action_words": [ACTION_WORDS[a] for a in ACTIONS],
        "groups": _changes(report),
        "problems": report.get("problems", []),
        "notes": report.get("notes", []),
    }
    partial = getattr(request, "htmx", False)
    template = "roster/detail.html#status" if partial else "roster/detail.html"
    return render(request, template, context)


@login_required
@require_POST
def roster_import(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    upload = get_import(user, pk)
    try:
        services.start_import(actor=user, roster_import=upload)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("roster:detail", upload.pk)


@login_required
def roster_sample(request: HttpRequest) -> HttpResponse:
    """A small OneRoster zip for this district, to try the import with (made-up people)."""
    district = roster_district(current_user(request))
    response = HttpResponse(sample_roster_zip(district), content_type="application/zip")
    response["Content-Disposition"] = 'attachment; filename="sample-oneroster.zip"'
    return response
