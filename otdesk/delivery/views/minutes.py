"""Minutes compliance: a therapist's caseload, the district's table (for its coordinator)
and the district's minutes policy."""

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from otdesk.accounts.permissions import coordinated_district
from otdesk.core.audit import record_access_many
from otdesk.core.dates import nice_date
from otdesk.core.db_router import reading_from_replica
from otdesk.core.http import add_service_errors, current_user, parse_id
from otdesk.core.memory import collector_paused
from otdesk.core.versions import Stale, show_conflict
from otdesk.schools.models import District
from otdesk.students.permissions import served_students, students_visible_to

from .. import services
from ..compliance import AT_RISK, BEHIND, EXCUSED, ON_TRACK
from ..forms import PolicyForm
from ..models import MissReason
from ..policy import Policy
from ..queries import (
    ComplianceRow,
    compliance_rows,
    district_therapists,
    filter_students,
    show_positions,
)
from .common import therapist

MINUTES = "Minutes delivered and owed"


def _status_counts(rows: list[ComplianceRow]) -> dict[str, int]:
    counts = {BEHIND: 0, AT_RISK: 0, EXCUSED: 0, ON_TRACK: 0}
    for row in rows:
        counts[row.compliance.status] += 1
    return counts


@login_required
@collector_paused()
def caseload_compliance(request: HttpRequest) -> HttpResponse:
    provider = therapist(request)
    today = timezone.localdate()
    if provider.district is None:
        rows = []
    else:
        rows = compliance_rows(
            district=provider.district, students=served_students(provider), today=today
        )
    record_access_many(request, students=(row.student for row in rows), summary=MINUTES)
    return render(
        request,
        "delivery/compliance.html",
        {
            "title": "Minutes on your caseload",
            "rows": rows,
            "counts": _status_counts(rows),
            "today": today,
            "district_view": False,
        },
    )


# The district table's status filter: the lines that need attention by default.
STATUS_FILTERS = {
    "": ("Behind and at risk", {BEHIND, AT_RISK}),
    BEHIND: ("Behind", {BEHIND}),
    AT_RISK: ("At risk", {AT_RISK}),
    EXCUSED: ("Excused", {EXCUSED}),
    ON_TRACK: ("On track", {ON_TRACK}),
    "all": ("All lines", {BEHIND, AT_RISK, EXCUSED, ON_TRACK}),
}
DISTRICT_PAGE_SIZE = 25


@login_required
@collector_paused()  # the whole page: its rows live until it is rendered (memory.py)
def district_compliance(request: HttpRequest) -> HttpResponse:
    """Every line in force in the coordinator's district, filtered by school, provider,
    name and status. Students are read through students_visible_to, so a school or a
    provider of another district filters down to nobody."""
    coordinator = current_user(request)
    district = coordinated_district(coordinator)
    today = timezone.localdate()
    school = parse_id(request.GET.get("school"))
    provider = parse_id(request.GET.get("provider"))
    query = request.GET.get("q", "").strip()[:80]
    students = filter_students(
        students_visible_to(coordinator).filter(active=True),
        today=today,
        school=school,
        provider=provider,
        words=query,
    )
    # The table's reads (the page rendered too) from the read replica, if there is one.
    with reading_from_replica():
        rows = compliance_rows(
            district=district, students=students, today=today, with_providers=True
        )
        counts = _status_counts(rows)
        status = request.GET.get("status", "")
        if status not in STATUS_FILTERS:
            status = ""
        wanted = STATUS_FILTERS[status][1]
        rows = [r for r in rows if r.compliance.status in wanted]
        page = Paginator(rows, DISTRICT_PAGE_SIZE).get_page(request.GET.get("page"))
        show_positions(list(page.object_list))
        record_access_many(request, students=(row.student for row in page), summary=MINUTES)
        kept = request.GET.copy()
        kept.pop("page", None)
        return render(
            request,
            "delivery/compliance.html",
            {
                "title": "Minutes across the district",
                "rows": page.object_list,
                "page": page,
                "counts": counts,
                "today": today,
                "district_view": True,
                "schools": district.schools.all(),
                "school": school,
                "therapists": district_therapists(district),
                "provider": provider,
                "query": query,
                "status": status,
                "status_filters": [(value, label) for value, (label, _) in STATUS_FILTERS.items()],
                "status_label": STATUS_FILTERS[status][0],
                "kept": kept.urlencode(),
            },
        )


@login_required
def makeup_policy(request: HttpRequest) -> HttpResponse:
    coordinator = current_user(request)
    district = coordinated_district(coordinator)
    today = timezone.localdate()
    policy = Policy.for_district(district)
    now = policy.on(today)
    form = PolicyForm(request.POST or None, initial=_policy_form_values(district, today))
    status = 400 if request.method == "POST" else 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.set_policy(
                actor=coordinator,
                district=district,
                effective_from=data["effective_from"],
                owed={reason: reason in data["owed"] for reason in MissReason.values},
                prorate_short_weeks=data["prorate_short_weeks"],
                makeup_within_days=data["makeup_within_days"],
                version=data["version"],
            )
        except Stale as stale:
            show_conflict(
                form, stale, _policy_form_values(stale.current, today), skip=["effective_from"]
            )
            policy = Policy.for_district(stale.current)
            now = policy.on(today)
            status = 409
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                f"Saved. From {nice_date(data['effective_from'])} compliance follows the new "
                "rules; earlier periods keep the rules in force then.",
            )
            return redirect("delivery:policy")
    return render(
        request,
        "delivery/policy.html",
        {
            "title": "Minutes policy",
            "form": form,
            "district": district,
            "history": list(reversed(policy.versions)),
            "in_force": now,
            "today": today,
        },
        status=status,
    )


def _policy_form_values(district: District, today: dt.date) -> dict[str, Any]:
    """What the policy form holds: the rules in force today, from today."""
    now = Policy.for_district(district).on(today)
    return {
        "effective_from": today,
        "owed": [reason for reason in MissReason.values if now.is_owed(reason)],
        "prorate_short_weeks": now.prorate_short_weeks,
        "makeup_within_days": now.makeup_within_days,
        "version": district.policy_version,
    }
