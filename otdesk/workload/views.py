import datetime as dt
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from otdesk.core.dates import nice_date
from otdesk.core.db_router import reading_from_replica
from otdesk.core.exports import csv_response, xlsx_response
from otdesk.core.http import add_service_errors as _form_errors
from otdesk.core.http import current_user as _user
from otdesk.core.times import SCHOOL_DAYS
from otdesk.students.permissions import served_students

from . import queries, report, services
from .forms import TimeEntryForm
from .permissions import (
    get_coordinated_district,
    get_provider,
    get_report_district,
    get_report_provider,
)
from .queries import MONTH, PERIOD_KINDS, WEEK, Period

# Links to earlier and later periods stay within this many years of today.
YEARS_AROUND = 20


def _period(request: HttpRequest, today: dt.date) -> Period:
    """The period in ?period=week|month&date=YYYY-MM-DD; this week when they are absent."""
    kind = request.GET.get("period") or WEEK
    if kind not in PERIOD_KINDS:
        raise Http404("Show a week or a month.")
    text = request.GET.get("date")
    try:
        day = dt.date.fromisoformat(text) if text else today
    except ValueError as exc:
        raise Http404("That is not a date.") from exc
    if abs(day.year - today.year) > YEARS_AROUND:
        raise Http404("That date is too far from today.")
    return Period.containing(kind, day)


def _period_links(period: Period, today: dt.date) -> dict[str, object]:
    """Previous, current and next period, and the same date as the other kind of period."""

    def query(kind: str, day: dt.date) -> str:
        return "?" + urlencode({"period": kind, "date": day.isoformat()})

    other = MONTH if period.kind == WEEK else WEEK
    if period.is_current(today):
        # On a Saturday or Sunday the current week still switches to today's month.
        switch_day = today
    elif period.first.weekday() not in SCHOOL_DAYS:
        # A month starting on a weekend switches to its first Monday, not the week before.
        switch_day = period.first + dt.timedelta(days=7 - period.first.weekday())
    else:
        switch_day = period.first
    return {
        "period": period,
        "previous_url": query(period.kind, period.previous.first),
        "current_url": query(period.kind, today),
        "next_url": query(period.kind, period.next.first),
        "other_url": query(other, switch_day),
        "other_label": f"Show the {other}",
        "is_current": period.is_current(today),
    }


def _lead(period: Period, today: dt.date) -> str:
    """The start of the summary sentence: 'This week', 'Week of Mon 5 Oct 2026'."""
    return f"This {period.kind}" if period.is_current(today) else period.label


@login_required
def time_entry(request: HttpRequest) -> HttpResponse:
    provider = get_provider(_user(request))
    today = timezone.localdate()
    form = TimeEntryForm(
        request.POST or None, initial={"date": today}, caseload=served_students(provider)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            entry = services.log_professional_time(
                actor=provider,
                date=data["date"],
                minutes=data["minutes"],
                category=data["category"],
                student=data["student"],
                note=data["note"],
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            text = (
                f"Logged {entry.minutes} min of {entry.get_category_display().lower()} "
                f"on {nice_date(entry.date)}."
            )
            if entry.date.weekday() not in SCHOOL_DAYS:
                # Workload weeks run Monday to Friday, so say where weekend time shows.
                text += " Weekend time counts in the month view of your workload, not a week."
            messages.success(request, text)
            return redirect("workload:time")
    week = Period.containing(WEEK, today)
    logged = queries.time_week(provider, week)
    return render(
        request,
        "workload/time_entry.html",
        {
            "title": "Log professional time",
            "form": form,
            "week": week,
            "entries": logged.entries,
            "totals": logged.totals,
            "week_minutes": logged.minutes,
            "week_hours": logged.hours,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def my_workload(request: HttpRequest) -> HttpResponse:
    provider = get_provider(_user(request))
    today = timezone.localdate()
    period = _period(request, today)
    workload = queries.provider_workload(provider, period.first, period.last, today)
    return render(
        request,
        "workload/mine.html",
        {
            "title": f"Your workload {period.name(today)}",
            "workload": workload,
            "summary": workload.sentence(_lead(period, today)),
            "scheduled_from": max(today, period.first) if today <= period.last else None,
            **_period_links(period, today),
        },
    )


@login_required
def district_workload(request: HttpRequest) -> HttpResponse:
    district = get_coordinated_district(_user(request))
    today = timezone.localdate()
    period = _period(request, today)
    with reading_from_replica():  # the read replica, if there is one
        rows = queries.district_workload(district, period.first, period.last, today)
    totals = queries.district_totals(rows, period.first, period.last)
    return render(
        request,
        "workload/district.html",
        {
            "title": f"Therapists’ workload {period.name(today)}",
            "rows": rows,
            "buckets": queries.BUCKETS,
            "summary": totals.sentence(f"{_lead(period, today)}, all therapists together"),
            "district": district,
            **_period_links(period, today),
        },
    )


def _report(
    request: HttpRequest,
    *,
    rows: list[queries.Workload],
    totals: queries.Workload | None,
    title: str,
    filename: str,
    period: Period,
    today: dt.date,
    extra: dict[str, object],
) -> HttpResponse:
    """The report page, or its CSV/XLSX with ?format=csv|xlsx (the same numbers)."""
    sheet = report.sheet(rows, totals, name="Workload")
    fmt = request.GET.get("format")
    if fmt == "csv":
        return csv_response(sheet, f"{filename}-{period.first.isoformat()}.csv")
    if fmt == "xlsx":
        return xlsx_response([sheet], f"{filename}-{period.first.isoformat()}.xlsx")
    if fmt:
        raise Http404("Download as csv or xlsx.")
    query = urlencode({"period": period.kind, "date": period.first.isoformat()})
    return render(
        request,
        "workload/report.html",
        {
            "title": title,
            "chart": report.chart(rows, totals, title=title),
            "rows": rows,
            "totals": totals,
            "buckets": queries.BUCKETS,
            "csv_url": f"?{query}&format=csv",
            "xlsx_url": f"?{query}&format=xlsx",
            **extra,
            **_period_links(period, today),
        },
    )


@login_required
def my_report(request: HttpRequest) -> HttpResponse:
    provider = get_report_provider(_user(request))
    today = timezone.localdate()
    period = _period(request, today)
    workload = queries.provider_workload(provider, period.first, period.last, today)
    return _report(
        request,
        rows=[workload],
        totals=None,
        title=f"Your workload report {period.name(today)}",
        filename="workload",
        period=period,
        today=today,
        extra={"back_url": "workload:mine"},
    )


@login_required
def district_report(request: HttpRequest) -> HttpResponse:
    district = get_report_district(_user(request))
    today = timezone.localdate()
    period = _period(request, today)
    with reading_from_replica():  # the read replica, if there is one
        rows = queries.district_workload(district, period.first, period.last, today)
    totals = queries.district_totals(rows, period.first, period.last)
    return _report(
        request,
        rows=rows,
        totals=totals,
        title=f"Therapists’ workload report {period.name(today)}",
        filename="district-workload",
        period=period,
        today=today,
        extra={"back_url": "workload:district", "district": district},
    )
