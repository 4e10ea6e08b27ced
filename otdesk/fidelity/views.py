"""Service fidelity reports: a therapist's caseload, one student, the coordinator's
district (by school and therapist). Any date range; the page, CSV and XLSX."""

import datetime as dt
from collections.abc import Iterable

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from otdesk.core.audit import record_access_many
from otdesk.core.db_router import reading_from_replica
from otdesk.core.exports import csv_response, xlsx_response
from otdesk.core.http import current_user, parse_id
from otdesk.core.memory import collector_paused
from otdesk.core.models import AuditEvent
from otdesk.delivery.queries import district_therapists, filter_students
from otdesk.schools.models import District
from otdesk.students.models import Student
from otdesk.students.permissions import students_visible_to

from .exports import fidelity_sheet
from .permissions import caseload_students, get_report_student, report_district
from .queries import fidelity_rows, fidelity_totals
from .ranges import presets, report_range

SUMMARY = "Service fidelity report"
PAGE_SIZE = 50
DOWNLOADS = ("csv", "xlsx")


@collector_paused()  # the whole page: its rows live until it is rendered (memory.py)
def _report(
    request: HttpRequest,
    *,
    students: Iterable[Student],
    district: District | None,
    title: str,
    scope: str,
    today: dt.date,
    extra: dict[str, object] | None = None,
    every_period: bool = False,
) -> HttpResponse:
    form, chosen = report_range(request.GET, district, today)
    filters = request.GET.copy()
    for name in ("page", "download", "start", "end"):
        filters.pop(name, None)
    quick = []
    for preset in presets(district, today):
        query = filters.copy()
        query["start"], query["end"] = preset.start.isoformat(), preset.end.isoformat()
        quick.append((preset, query.urlencode()))
    context: dict[str, object] = {
        "title": title,
        "form": form,
        "scope": scope,
        "presets": quick,
        **(extra or {}),
    }
    if chosen is None:
        return render(request, "fidelity/report.html", context, status=400)
    rows = fidelity_rows(
        students=students,
        start=chosen.start,
        end=chosen.end,
        today=today,
        every_period=every_period,
    )
    totals = fidelity_totals(rows)
    download = request.GET.get("download", "")
    if download in DOWNLOADS:
        record_access_many(
            request,
            students=(row.student for row in rows),
            summary=f"{SUMMARY} ({download.upper()})",
            action=AuditEvent.Action.EXPORT,
        )
        sheet = fidelity_sheet(rows, totals, chosen)
        name = f"fidelity-{scope}-{chosen.start.isoformat()}-{chosen.end.isoformat()}"
        if download == "csv":
            return csv_response(sheet, f"{name}.csv")
        return xlsx_response([sheet], f"{name}.xlsx")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    record_access_many(request, students=(row.student for row in page), summary=SUMMARY)
    kept = request.GET.copy()
    for name in ("page", "download"):
        kept.pop(name, None)
    kept["start"], kept["end"] = chosen.start.isoformat(), chosen.end.isoformat()
    context.update(
        {
            "range": chosen,
            "rows": page.object_list,
            "page": page,
            "totals": totals,
            "kept": kept.urlencode(),
            "future": chosen.end >= today,
        }
    )
    return render(request, "fidelity/report.html", context)


@login_required
def caseload_report(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    students = caseload_students(user)
    return _report(
        request,
        students=students,
        district=user.district,
        title="Service fidelity on your caseload",
        scope="caseload",
        today=timezone.localdate(),
    )


@login_required
def student_report(request: HttpRequest, pk: int) -> HttpResponse:
    student = get_report_student(current_user(request), pk)
    return _report(
        request,
        students=[student],
        district=student.school.district,
        title=f"Service fidelity: {student.full_name}",
        scope=f"student-{student.pk}",
        today=timezone.localdate(),
        extra={"student": student},
        every_period=True,  # the page shows them one by one
    )


@login_required
def district_report(request: HttpRequest) -> HttpResponse:
    """Every student of the district, or one school's, or one therapist's caseload today.
    Students come through students_visible_to, so another district's school or therapist
    filters down to nobody."""
    coordinator = current_user(request)
    district = report_district(coordinator)
    today = timezone.localdate()
    school = parse_id(request.GET.get("school"))
    provider = parse_id(request.GET.get("provider"))
    students = filter_students(
        students_visible_to(coordinator), today=today, school=school, provider=provider
    )
    # The report's reads (the page rendered too) from the read replica, if there is one.
    with reading_from_replica():
        return _report(
            request,
            students=students,
            district=district,
            title=f"Service fidelity across {district.name}",
            scope="district",
            today=today,
            extra={
                "district_view": True,
                "schools": district.schools.all(),
                "school": school,
                "therapists": district_therapists(district),
                "provider": provider,
            },
        )
