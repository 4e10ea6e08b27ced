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
from .forms import UploadForm
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
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            roster_import = services.upload(
                actor=user, district=district, file_name=upload.name, data=upload.read()
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return redirect("roster:detail", roster_import.pk)
    imports = RosterImport.objects.filter(district=district).select_related("uploaded_by")
    return render(
        request,
        "roster/home.html",
        {
            "title": "Roster import",
            "district": district,
            "form": form,
            "imports": imports.defer("data")[:RECENT],
        },
        status=400 if request.method == "POST" else 200,
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
