"""The coordinator's district pages: the hub, schools, closed days and the district's
rules. Every view checks access with district.permissions and writes through
district.services; team assignments are in team_views.py."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.views.decorators.http import require_POST

from otdesk.core.dates import nice_date
from otdesk.core.http import add_service_errors, current_user
from otdesk.schools.models import District

from . import services
from .forms import ClosedDaysForm, DistrictRulesForm, SchoolForm
from .permissions import (
    can_change_district,
    coordinator_district,
    district_to_change,
    get_closed_day,
    get_school,
    readable_district,
)
from .queries import closed_days

# Pages other apps add under /district/ (people and invitations, the access log search):
# the hub links them once they are installed.
PEOPLE_PAGE = "/district/people/"
AUDIT_PAGE = "/district/audit/"


def _status(request: HttpRequest) -> int:
    """400 when a posted form comes back with errors."""
    return 400 if request.method == "POST" else 200


def _installed(path: str) -> bool:
    try:
        resolve(path)
    except Resolver404:
        return False
    return True


@login_required
def hub(request: HttpRequest) -> HttpResponse:
    district = coordinator_district(current_user(request))
    today = timezone.localdate()
    schools = district.schools.annotate(
        blocks=Count("bell_blocks", filter=Q(bell_blocks__classroom__isnull=True))
    ).order_by("name")
    upcoming = [day for day in closed_days(district) if day.date >= today]
    return render(
        request,
        "district/hub.html",
        {
            "title": district.name,
            "district": district,
            "schools": schools,
            "next_closed": upcoming[0] if upcoming else None,
            "closed_left": len(upcoming),
            "people_page": PEOPLE_PAGE if _installed(PEOPLE_PAGE) else None,
            "audit_page": AUDIT_PAGE if _installed(AUDIT_PAGE) else None,
        },
    )


# Schools -------------------------------------------------------------------------------


@login_required
def schools(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    district = readable_district(user)
    return render(
        request,
        "district/schools.html",
        {
            "title": f"Schools of {district.name}",
            "district": district,
            "schools": district.schools.order_by("name"),
            "can_change": can_change_district(user, district),
        },
    )


def _school_form(request: HttpRequest, district: District, school: Any = None) -> HttpResponse:
    user = current_user(request)
    form = SchoolForm(request.POST if request.method == "POST" else None, instance=school)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_school(
                actor=user,
                district=district,
                data=form.cleaned_data,
                school=school,
                request=request,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Saved {saved.name}.")
            return redirect("district:schools")
    title = f"Change {school.name}" if school else "Add a school"
    return render(
        request,
        "district/school_form.html",
        {"title": title, "form": form, "school": school},
        status=_status(request),
    )


@login_required
def school_add(request: HttpRequest) -> HttpResponse:
    district = district_to_change(current_user(request))
    return _school_form(request, district)


@login_required
def school_edit(request: HttpRequest, pk: int) -> HttpResponse:
    school = get_school(current_user(request), pk, write=True)
    return _school_form(request, school.district, school)


# Closed days ---------------------------------------------------------------------------


@login_required
def closed_days_page(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    district = readable_district(user)
    can_change = can_change_district(user, district)
    form = ClosedDaysForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        district = district_to_change(user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                added = services.add_closed_days(
                    actor=user,
                    district=district,
                    first=data["first"],
                    last=data["last"],
                    name=data["name"],
                    request=request,
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                if len(added) == 1:
                    words = f"{nice_date(added[0].date)} is a closed day: {added[0].name}."
                else:
                    words = (
                        f"{len(added)} weekdays closed, {nice_date(added[0].date)} to "
                        f"{nice_date(added[-1].date)}: {added[0].name}."
                    )
                messages.success(request, words)
                return redirect("district:closed_days")
    today = timezone.localdate()
    days = closed_days(district)
    return render(
        request,
        "district/closed_days.html",
        {
            "title": "Closed days",
            "district": district,
            "upcoming": [day for day in days if day.date >= today],
            "past": [day for day in days if day.date < today],
            "form": form if can_change else None,
            "can_change": can_change,
        },
        status=_status(request),
    )


@login_required
@require_POST
def closed_day_remove(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    day = get_closed_day(user, pk)
    words = f"{nice_date(day.date)} ({day.name})"
    services.remove_closed_day(actor=user, day=day, request=request)
    messages.success(request, f"Removed the closed day {words}; schools are open that day.")
    return redirect("district:closed_days")


# The district's rules ------------------------------------------------------------------


@login_required
def rules(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    district = readable_district(user)
    can_change = can_change_district(user, district)
    if request.method == "POST":
        district = district_to_change(user)
    form = DistrictRulesForm(
        request.POST if request.method == "POST" else None,
        initial={name: getattr(district, name) for name in services.RULE_FIELDS},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.set_district_rules(
                actor=user,
                district=district,
                request=request,
                **{name: form.cleaned_data[name] for name in services.RULE_FIELDS},
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Saved the rules of {district.name}.")
            return redirect("district:rules")
    return render(
        request,
        "district/rules.html",
        {
            "title": "District rules",
            "district": district,
            "form": form if can_change else None,
            "can_change": can_change,
        },
        status=_status(request),
    )
