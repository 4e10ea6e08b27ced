"""Team assignments: who serves, teaches or supports which student, from which day to
which day. Only the district's coordinator opens these pages (district.permissions);
every change goes through students/team.py, the one writer of assignments. Each student
shown is a read of their record, written to the access log."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from otdesk.core.audit import record_access, record_access_many
from otdesk.core.dates import nice_date
from otdesk.core.http import add_service_errors, current_user, parse_id
from otdesk.students import team

from .forms import AssignmentForm, DatesForm, EndForm
from .permissions import coordinator_district, get_team_member, get_team_student, team_students
from .queries import assignable_people, filter_team_students, team_history, team_rows

PAGE_SIZE = 25


def _status(request: HttpRequest) -> int:
    return 400 if request.method == "POST" else 200


@login_required
def team_list(request: HttpRequest) -> HttpResponse:
    user = current_user(request)
    district = coordinator_district(user)
    today = timezone.localdate()
    school = parse_id(request.GET.get("school"))
    words = request.GET.get("q", "").strip()[:80]
    students = filter_team_students(team_students(user), school=school, words=words)
    page = Paginator(students, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = team_rows(students.filter(pk__in=[s.pk for s in page.object_list]), today=today)
    record_access_many(
        request, students=[row.student for row in rows], summary="Team assignments list"
    )
    kept = request.GET.copy()
    kept.pop("page", None)
    return render(
        request,
        "district/team_list.html",
        {
            "title": "Team assignments",
            "district": district,
            "rows": rows,
            "page": page,
            "schools": district.schools.order_by("name"),
            "school": school,
            "query": words,
            "kept": kept.urlencode(),
        },
    )


@login_required
def student_team(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    district = coordinator_district(user)
    student = get_team_student(user, pk)
    today = timezone.localdate()
    form = AssignmentForm(
        request.POST if request.method == "POST" else None,
        people=assignable_people(district),
        initial={"start_date": today},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            member = team.add_assignment(
                actor=user,
                student=student,
                person=data["person"],
                role=data["role"],
                relationship=data["relationship"],
                start_date=data["start_date"],
                end_date=data["end_date"],
                request=request,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Added {team.assignment_words(member)}.")
            return redirect("district:student_team", pk=student.pk)
    record_access(request, obj=student, student_id=student.pk, summary="Team assignments")
    history = team_history(student)
    return render(
        request,
        "district/student_team.html",
        {
            "title": f"Team of {student.first_name} {student.last_name}",
            "student": student,
            "current": [m for m in history if m.active_on(today)],
            "upcoming": [m for m in history if m.start_date > today],
            "ended": [m for m in history if m.end_date is not None and m.end_date < today],
            "form": form,
            "today": today,
        },
        status=_status(request),
    )


@login_required
def end_assignment(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    member = get_team_member(user, pk)
    today = timezone.localdate()
    form = EndForm(request.POST if request.method == "POST" else None, initial={"end_date": today})
    if request.method == "POST" and form.is_valid():
        try:
            team.end_assignment(
                actor=user, member=member, end_date=form.cleaned_data["end_date"], request=request
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                f"{member.person.display_name}'s assignment ends on "
                f"{nice_date(form.cleaned_data['end_date'])}; access ends after that day.",
            )
            return redirect("district:student_team", pk=member.student_id)
    record_access(
        request, obj=member, student_id=member.student_id, summary="Team assignment dates"
    )
    return render(
        request,
        "district/assignment_form.html",
        {
            "title": f"End {member.person.display_name}'s assignment",
            "member": member,
            "form": form,
            "button": "End the assignment",
        },
        status=_status(request),
    )


@login_required
def change_dates(request: HttpRequest, pk: int) -> HttpResponse:
    user = current_user(request)
    member = get_team_member(user, pk)
    form = DatesForm(
        request.POST if request.method == "POST" else None,
        initial={"start_date": member.start_date, "end_date": member.end_date},
    )
    if request.method == "POST" and form.is_valid():
        try:
            team.change_dates(
                actor=user,
                member=member,
                start_date=form.cleaned_data["start_date"],
                end_date=form.cleaned_data["end_date"],
                request=request,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"Saved: {team.assignment_words(member)}.")
            return redirect("district:student_team", pk=member.student_id)
    record_access(
        request, obj=member, student_id=member.student_id, summary="Team assignment dates"
    )
    return render(
        request,
        "district/assignment_form.html",
        {
            "title": f"Change the dates of {member.person.display_name}'s assignment",
            "member": member,
            "form": form,
            "button": "Save the dates",
        },
        status=_status(request),
    )
