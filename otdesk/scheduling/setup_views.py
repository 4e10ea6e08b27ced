"""The schedule set-up pages: enter the constraints of the weekly schedule once.

Every page checks access with scheduling.permissions and writes through
scheduling.services."""

import datetime as dt
from collections import defaultdict
from itertools import combinations
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from otdesk.accounts.models import User
from otdesk.accounts.permissions import is_therapist
from otdesk.core.http import add_service_errors, current_user, parse_id
from otdesk.core.times import SCHOOL_DAYS, day_name, minutes_of, span
from otdesk.schools.models import (
    BellBlock,
    Classroom,
    District,
    School,
    SchoolAssignment,
    TravelTime,
)
from otdesk.students.models import Student, UnavailableTime

from . import services
from .models import FixedTime, ScheduleSettings
from .permissions import (
    active_assignments,
    can_edit_school_blocks,
    can_edit_unavailable,
    classrooms_editable_by,
    get_block_for_user,
    get_fixed_time_for_user,
    get_school_for_setup,
    get_student_for_unavailable,
    get_therapist,
    get_travel_district,
    keeps_travel_times,
    schools_visible_for_setup,
    setup_user,
)
from .rules import DEFAULT_TRAVEL
from .setup_forms import (
    BlockForm,
    DaysForm,
    FixedTimeForm,
    ScheduleSettingsForm,
    TravelForm,
    UnavailableForm,
)


def _status(request: HttpRequest) -> int:
    """400 when a posted form comes back with errors."""
    return 400 if request.method == "POST" else 200


def _posted(request: HttpRequest) -> Any:
    """The POST data of a submitted form (even when every box was left empty), else None."""
    return request.POST if request.method == "POST" else None


def _span(start: dt.time, end: dt.time) -> str:
    return span(minutes_of(start), minutes_of(end) - minutes_of(start))


# Reads ---------------------------------------------------------------------------------


def _district_pairs(district: District) -> list[tuple[School, School]]:
    schools = sorted(district.schools.all(), key=lambda school: school.pk)
    pairs = list(combinations(schools, 2))
    return sorted(pairs, key=lambda pair: (pair[0].name, pair[1].name))


def _travel_minutes(pairs: list[tuple[School, School]]) -> dict[tuple[int, int], int]:
    ids = {school.pk for pair in pairs for school in pair}
    rows = TravelTime.objects.filter(school_a__in=ids, school_b__in=ids)
    return {(row.school_a_id, row.school_b_id): row.minutes for row in rows}


def _by_weekday(blocks: list[BellBlock]) -> list[tuple[str, list[BellBlock]]]:
    days: dict[int, list[BellBlock]] = defaultdict(list)
    for block in blocks:
        days[block.weekday].append(block)
    return [(day_name(day), days[day]) for day in SCHOOL_DAYS if days[day]]


# The hub -------------------------------------------------------------------------------


@login_required
def hub(request: HttpRequest) -> HttpResponse:
    user = setup_user(current_user(request))
    schools = schools_visible_for_setup(user).annotate(
        whole=Count("bell_blocks", filter=Q(bell_blocks__classroom__isnull=True)),
        rooms=Count("bell_blocks", filter=Q(bell_blocks__classroom__isnull=False)),
    )
    context: dict[str, Any] = {
        "title": "Schedule set-up",
        "schools": schools.order_by("name"),
        "therapist": is_therapist(user),
        "travel": None,
    }
    if is_therapist(user):
        context["assignments"] = list(active_assignments(user).order_by("school__name"))
        context["fixed_count"] = (
            FixedTime.objects.filter(provider=user)
            .filter(Q(date__isnull=True) | Q(date__gte=timezone.localdate()))
            .count()
        )
        context["settings"] = ScheduleSettings.objects.filter(provider=user).first()
    if keeps_travel_times(user) and user.district is not None:
        pairs = _district_pairs(user.district)
        context["travel"] = {"pairs": len(pairs), "entered": len(_travel_minutes(pairs))}
        context["travel_default"] = DEFAULT_TRAVEL
    return render(request, "scheduling/setup/hub.html", context)


# Bell schedule -------------------------------------------------------------------------


@login_required
def school_blocks(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    school = get_school_for_setup(user, pk)
    blocks = list(
        BellBlock.objects.filter(school=school, classroom__isnull=True).order_by("weekday", "start")
    )
    rooms = (
        Classroom.objects.filter(school=school)
        .select_related("teacher")
        .prefetch_related(
            Prefetch("blocks", queryset=BellBlock.objects.order_by("weekday", "start"))
        )
    )
    edit_school = can_edit_school_blocks(user, school)
    room_rows = [
        {
            "room": room,
            "days": _by_weekday(list(room.blocks.all())),
            "can_edit": edit_school or room.teacher_id == user.pk,
        }
        for room in rooms
    ]
    return render(
        request,
        "scheduling/setup/school.html",
        {
            "title": f"Bell schedule of {school.name}",
            "school": school,
            "days": _by_weekday(blocks),
            "rooms": room_rows,
            "can_edit_school": edit_school,
            "can_add": edit_school or any(row["can_edit"] for row in room_rows),
        },
    )


def _block_form(
    request: HttpRequest, user: User, school: School, block: BellBlock | None = None
) -> BlockForm:
    rooms = classrooms_editable_by(user, school)
    initial: dict[str, Any] | None = None
    if block is None:
        initial = {}
        if text := request.GET.get("classroom", ""):
            room = parse_id(text)
            if room is None:
                raise Http404("No such classroom in this school.")
            initial["classroom"] = room
    kwargs: dict[str, Any] = {} if initial is None else {"initial": initial}
    return BlockForm(
        _posted(request),
        school=school,
        rooms=rooms,
        whole_school=can_edit_school_blocks(user, school),
        block=block,
        **kwargs,
    )


@login_required
def block_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    school = get_school_for_setup(user, pk, write=True)
    form = _block_form(request, user, school)
    if request.method == "POST" and form.is_valid():
        days = [int(day) for day in form.cleaned_data["weekdays"]]
        try:
            blocks = services.add_blocks(
                actor=user, school=school, data=form.cleaned_data, days=days
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            names = ", ".join(day_name(block.weekday) for block in blocks)
            messages.success(
                request,
                f"Added {form.cleaned_data['name']} "
                f"{_span(form.cleaned_data['start'], form.cleaned_data['end'])} on {names}.",
            )
            return redirect("scheduling:setup_school", pk=school.pk)
    return render(
        request,
        "scheduling/setup/block_form.html",
        {"title": f"Add a block to {school.name}", "form": form, "school": school},
        status=_status(request),
    )


@login_required
def block_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    block = get_block_for_user(user, pk)
    school = block.school
    form = _block_form(request, user, school, block)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_block(actor=user, block=block, data=form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Saved {block.name} on {day_name(block.weekday)}.")
            return redirect("scheduling:setup_school", pk=school.pk)
    return render(
        request,
        "scheduling/setup/block_form.html",
        {
            "title": f"Change {block.name} on {day_name(block.weekday)}",
            "form": form,
            "school": school,
            "bell_block": block,
        },
        status=_status(request),
    )


@login_required
@require_POST
def block_remove(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    block = get_block_for_user(user, pk)
    school = block.school
    words = f"{block.name} on {day_name(block.weekday)} {_span(block.start, block.end)}"
    services.remove_block(actor=user, block=block)
    messages.success(request, f"Removed {words}.")
    return redirect("scheduling:setup_school", pk=school.pk)


# Days at each school -------------------------------------------------------------------


def _split_days(assignments: list[SchoolAssignment]) -> list[str]:
    """Days spent at two or more schools, e.g. 'Wednesday: Maple Grove and Cedar Hill'."""
    schools: dict[int, list[str]] = defaultdict(list)
    for assignment in assignments:
        for day in assignment.weekdays:
            schools[day].append(assignment.school.name)
    return [
        f"{day_name(day)}: {' and '.join(schools[day])}"
        for day in SCHOOL_DAYS
        if len(schools[day]) > 1
    ]


@login_required
def days(request: HttpRequest) -> HttpResponse:
    user = get_therapist(current_user(request))
    assignments = list(active_assignments(user).order_by("school__name"))
    form = DaysForm(_posted(request), assignments=assignments)
    if request.method == "POST" and form.is_valid():
        changes = [(a, form.days_of(a)) for a in assignments]
        changed = services.set_days(actor=user, changes=changes)
        messages.success(
            request,
            f"Saved your days at each school ({changed} changed)."
            if changed
            else "Nothing changed.",
        )
        return redirect("scheduling:setup_days")
    return render(
        request,
        "scheduling/setup/days.html",
        {
            "title": "Your days at each school",
            "form": form,
            "split": _split_days(assignments),
        },
        status=_status(request),
    )


# Travel times --------------------------------------------------------------------------


@login_required
def travel(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    district = get_travel_district(user)
    pairs = _district_pairs(district)
    form = TravelForm(_posted(request), pairs=pairs, current=_travel_minutes(pairs))
    if request.method == "POST" and form.is_valid():
        minutes = {(a, b): form.cleaned_data[form.field_name(a, b)] for a, b in pairs}
        changed = services.set_travel_times(actor=user, minutes=minutes)
        messages.success(
            request,
            f"Saved travel times ({changed} changed)." if changed else "Nothing changed.",
        )
        return redirect("scheduling:setup_travel")
    return render(
        request,
        "scheduling/setup/travel.html",
        {
            "title": "Travel times between schools",
            "form": form,
            "district": district,
            "default": DEFAULT_TRAVEL,
        },
        status=_status(request),
    )


# Meetings and protected time -----------------------------------------------------------


@login_required
def fixed_list(request: HttpRequest) -> HttpResponse:
    user = get_therapist(current_user(request))
    today = timezone.localdate()
    rows = FixedTime.objects.filter(provider=user).select_related("school")
    weekly = list(rows.filter(date__isnull=True).order_by("weekday", "start"))
    one_offs = list(rows.filter(date__gte=today).order_by("date", "start"))
    return render(
        request,
        "scheduling/setup/fixed_list.html",
        {
            "title": "Meetings and protected time",
            "weekly": _by_weekday_fixed(weekly),
            "one_offs": one_offs,
        },
    )


def _by_weekday_fixed(rows: list[FixedTime]) -> list[tuple[str, list[FixedTime]]]:
    days: dict[int, list[FixedTime]] = defaultdict(list)
    for row in rows:
        days[row.weekday].append(row)
    return [(day_name(day), days[day]) for day in SCHOOL_DAYS if days[day]]


@login_required
def fixed_add(request: HttpRequest) -> HttpResponse:
    user = get_therapist(current_user(request))
    form = FixedTimeForm(_posted(request), district=user.district)
    if request.method == "POST" and form.is_valid():
        try:
            added = services.add_fixed_times(actor=user, data=form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request, f"Added {'; '.join(services.fixed_time_words(f) for f in added)}."
            )
            return redirect("scheduling:setup_fixed")
    return render(
        request,
        "scheduling/setup/fixed_form.html",
        {"title": "Add a meeting or protected time", "form": form, "button": "Add"},
        status=_status(request),
    )


@login_required
def fixed_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    fixed = get_fixed_time_for_user(user, pk)
    form = FixedTimeForm(_posted(request), district=user.district, fixed=fixed)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_fixed_time(actor=user, fixed=fixed, data=form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Saved {services.fixed_time_words(fixed)}.")
            return redirect("scheduling:setup_fixed")
    return render(
        request,
        "scheduling/setup/fixed_form.html",
        {"title": f"Change {fixed.title}", "form": form, "button": "Save", "fixed": fixed},
        status=_status(request),
    )


@login_required
@require_POST
def fixed_remove(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    fixed = get_fixed_time_for_user(user, pk)
    words = services.fixed_time_words(fixed)
    services.remove_fixed_time(actor=user, fixed=fixed)
    messages.success(request, f"Removed {words}.")
    return redirect("scheduling:setup_fixed")


# Students' unavailable times -----------------------------------------------------------


def unavailable_panel(request: HttpRequest, student: Student) -> dict[str, object] | None:
    """'Times the student cannot be seen' on the student page, for everyone who sees it."""
    user = request.user
    if not isinstance(user, User):
        return None
    return {
        "times": list(student.unavailable_times.order_by("weekday", "start")),
        "can_edit": can_edit_unavailable(user, student),
    }


@login_required
def unavailable_add(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    student = get_student_for_unavailable(user, pk)
    form = UnavailableForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            added = services.add_unavailable_times(
                actor=user, student=student, data=form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            names = ", ".join(day_name(item.weekday) for item in added)
            messages.success(
                request,
                f"{student.known_as} cannot be seen "
                f"{_span(form.cleaned_data['start'], form.cleaned_data['end'])} on {names}.",
            )
            return redirect("students:detail", pk=student.pk)
    return render(
        request,
        "scheduling/setup/unavailable_form.html",
        {
            "title": f"A time {student.known_as} cannot be seen",
            "form": form,
            "student": student,
        },
        status=_status(request),
    )


@login_required
@require_POST
def unavailable_remove(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    user = current_user(request)
    student = get_student_for_unavailable(user, pk)
    entry = UnavailableTime.objects.filter(pk=item, student=student).first()
    if entry is None:
        raise Http404("No such time for this student.")
    words = str(entry)
    services.remove_unavailable_time(actor=user, item=entry)
    messages.success(request, f"Removed {words}.")
    return redirect("students:detail", pk=student.pk)


# Group rules and weights ---------------------------------------------------------------


@login_required
def rules(request: HttpRequest) -> HttpResponse:
    user = get_therapist(current_user(request))
    settings = ScheduleSettings.objects.filter(provider=user).first() or ScheduleSettings(
        provider=user
    )
    form = ScheduleSettingsForm(_posted(request), instance=settings)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_schedule_settings(actor=user, settings=form.instance)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Saved your group rules and preference weights.")
            return redirect("scheduling:setup_rules")
    return render(
        request,
        "scheduling/setup/rules.html",
        {"title": "Group rules and preference weights", "form": form, "saved": bool(settings.pk)},
        status=_status(request),
    )
