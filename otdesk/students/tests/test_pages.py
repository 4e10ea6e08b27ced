import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from otdesk.accounts.models import Role
from otdesk.core.models import AuditEvent
from otdesk.students.models import ServiceLine, Strategy, TeamRole
from otdesk.students.queries import due_status
from otdesk.testing import factories as f
from otdesk.testing.login import sign_in

pytestmark = pytest.mark.django_db


def signed_in(client, user):
    sign_in(client, user)
    return client


def detail_url(world):
    return reverse("students:detail", args=[world.student.pk])


def test_caseload_lists_the_therapists_students_with_a_service_summary(client, world):
    html = signed_in(client, world.therapist).get(reverse("students:caseload")).content.decode()
    assert "Your caseload" in html
    assert "Maya Lopez" in html
    assert "Direct 30 min/week (push-in) · Consult 60 min/month" in html
    assert (
        '<span class="date">Mon 24 Aug 2026</span> – <span class="date">Fri 20 Aug 2027</span>'
        in html
    )


def test_caseload_is_empty_for_an_outsider(client, world):
    html = signed_in(client, world.outsider).get(reverse("students:caseload")).content.decode()
    assert "Maya Lopez" not in html
    assert "No students to show." in html


def test_caseload_flags_reviews_due_soon_and_overdue(client, world):
    today = timezone.localdate()
    world.iep.annual_review_due = today + dt.timedelta(days=12)
    world.iep.reevaluation_due = today - dt.timedelta(days=3)
    world.iep.save()
    html = signed_in(client, world.therapist).get(reverse("students:caseload")).content.decode()
    assert "Due in 12 days" in html
    assert "Overdue by 3 days" in html
    assert "1 with an overdue review or re-evaluation" in html


def test_due_status_words():
    today = dt.date(2026, 11, 28)
    assert due_status(dt.date(2026, 11, 27), today).words == "Overdue by 1 day"
    assert due_status(dt.date(2026, 11, 28), today).words == "Due today"
    assert due_status(dt.date(2026, 12, 28), today).words == "Due in 30 days"
    assert due_status(dt.date(2026, 12, 29), today).status == "ok"
    assert due_status(None, today).words == "Not set"


def test_teacher_sees_students_in_their_class_only(client, world):
    other = f.make_student(world.school, first_name="Zed", last_name="Other")
    html = signed_in(client, world.teacher).get(reverse("students:caseload")).content.decode()
    assert "Students in your classes" in html
    assert "Maya Lopez" in html
    assert other.full_name not in html


def test_coordinator_sees_the_district(client, world):
    other_district = f.make_district(name="Elsewhere")
    elsewhere = f.make_student(f.make_school(other_district), first_name="Far", last_name="Away")
    html = signed_in(client, world.coordinator).get(reverse("students:caseload")).content.decode()
    assert "Maya Lopez" in html
    assert elsewhere.full_name not in html


def test_student_page_shows_grid_goals_strategies_and_team(client, world):
    html = signed_in(client, world.therapist).get(detail_url(world)).content.decode()
    assert "Maya Lopez’s OT services" in html
    assert "Integrated (push-in)" in html
    assert "30 min/week" in html
    assert "60 min/month" in html
    assert "Consultation with the team" in html
    assert "Manipulation / fine motor" in html
    assert "Cuts straight lines." in html
    assert "4 of 5 trials" in html
    assert "Pencil grip / adapted writing tool" in html
    assert "Written in the IEP" in html
    assert "Tess Teacher" in html
    assert "Parent or guardian (Mother)" in html
    assert "Add service line" in html


def test_student_page_view_is_audited(client, world):
    signed_in(client, world.therapist).get(detail_url(world))
    event = AuditEvent.objects.get()
    assert (event.user, event.action, event.student_id) == (
        world.therapist,
        "view",
        world.student.pk,
    )


@pytest.mark.parametrize("persona", ["outsider", "aide", "parent"])
def test_student_page_is_404_for_people_without_a_relationship(client, world, persona):
    response = signed_in(client, getattr(world, persona)).get(detail_url(world))
    assert response.status_code == 404


def test_student_page_is_404_after_the_assignment_ends(client, world):
    world.student.team.filter(person=world.therapist).update(
        end_date=timezone.localdate() - dt.timedelta(days=1)
    )
    assert signed_in(client, world.therapist).get(detail_url(world)).status_code == 404


@pytest.mark.parametrize("persona", ["teacher", "coordinator", "cota"])
def test_read_only_people_see_the_page_without_edit_links(client, world, persona):
    response = signed_in(client, getattr(world, persona)).get(detail_url(world))
    assert response.status_code == 200
    assert "Add service line" not in response.content.decode()


EDIT_URLS = ["iep_edit", "line_add", "goal_add", "strategy_add"]


@pytest.mark.parametrize("name", EDIT_URLS)
@pytest.mark.parametrize("persona", ["teacher", "coordinator", "cota"])
def test_edit_forms_are_403_for_read_only_people(client, world, persona, name):
    url = reverse(f"students:{name}", args=[world.student.pk])
    c = signed_in(client, getattr(world, persona))
    assert c.get(url).status_code == 403
    assert c.post(url, {}).status_code == 403


@pytest.mark.parametrize("name", EDIT_URLS)
def test_edit_forms_are_404_for_outsiders(client, world, name):
    url = reverse(f"students:{name}", args=[world.student.pk])
    assert signed_in(client, world.outsider).get(url).status_code == 404


@pytest.mark.parametrize("name", EDIT_URLS)
def test_edit_forms_open_for_the_owner(client, world, name):
    url = reverse(f"students:{name}", args=[world.student.pk])
    assert signed_in(client, world.therapist).get(url).status_code == 200


def test_pages_need_sign_in(client, world):
    response = client.get(detail_url(world))
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")


def test_a_line_of_another_student_is_404(client, world):
    other = f.make_student(world.school)
    f.add_to_team(other, world.therapist, TeamRole.OT)
    line = world.iep.service_lines.first()
    url = reverse("students:line_edit", args=[other.pk, line.pk])
    assert signed_in(client, world.therapist).get(url).status_code == 404


def test_adding_a_pull_out_line_without_reason_saves_nothing_then_fixing_saves(client, world):
    c = signed_in(client, world.therapist)
    url = reverse("students:line_add", args=[world.student.pk])
    data = {
        "kind": "direct",
        "delivery_model": "pull_out",
        "minutes": "25",
        "period": "week",
        "location": "therapy_room",
        "group_size": "2",
        "start_date": "2026-09-01",
        "end_date": "2027-06-04",
    }
    response = c.post(url, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Please fix 1 thing before saving" in html
    assert "Pull-out needs a reason: say why this service cannot happen in class." in html
    assert 'href="#id_pull_out_reason"' in html
    assert ServiceLine.objects.count() == 2
    assert AuditEvent.objects.count() == 0

    response = c.post(url, {**data, "pull_out_reason": "skill_gap"})
    assert response.status_code == 302
    line = ServiceLine.objects.get(minutes=25)
    assert line.summary == "Direct 25 min/week (pull-out)"
    assert line.pull_out_reason == "skill_gap"
    event = AuditEvent.objects.get()
    assert (event.action, event.object_type, event.object_id) == (
        "create",
        "students.serviceline",
        line.pk,
    )


def test_editing_a_strategy_sets_next_review_from_cadence(client, world):
    c = signed_in(client, world.therapist)
    url = reverse("students:strategy_add", args=[world.student.pk])
    response = c.post(
        url,
        {
            "category": "seating",
            "description": "Footrest under the desk",
            "implementer": "teacher",
            "implementer_person": str(world.teacher.pk),
            "review_every_days": "30",
            "start_date": "2026-10-01",
            "status": "active",
            "iep_status": "agreed",
        },
    )
    assert response.status_code == 302
    strategy = Strategy.objects.get(category="seating")
    assert strategy.next_review_date == dt.date(2026, 10, 31)
    assert strategy.implementer_person == world.teacher


def test_adding_a_goal(client, world):
    c = signed_in(client, world.therapist)
    url = reverse("students:goal_add", args=[world.student.pk])
    response = c.post(
        url,
        {
            "area": "posture",
            "description": "Sits upright for a desk task.",
            "baseline": "4 minutes",
            "target": "15 minutes",
            "measurement": "Timed observation",
            "status": "active",
        },
    )
    assert response.status_code == 302
    assert world.iep.goals.filter(area="posture").count() == 1


def _caseload_queries(client, user) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("students:caseload"))
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_caseload_query_count_does_not_grow_with_students(client, world):
    c = signed_in(client, world.therapist)
    one = _caseload_queries(c, world.therapist)
    for _ in range(29):
        student = f.make_student(world.school)
        iep = f.make_iep(student)
        f.make_line(iep)
        f.make_line(
            iep, kind="consultation", delivery_model="consultation", minutes=60, period="month"
        )
        f.add_to_team(student, world.therapist, TeamRole.OT)
    html = c.get(reverse("students:caseload")).content.decode()
    assert "30 students" in html
    assert _caseload_queries(c, world.therapist) == one


def test_home_goes_to_today_for_therapists_and_the_caseload_for_others(client, world):
    response = signed_in(client, world.therapist).get("/")
    assert response.status_code == 302
    assert response["Location"] == "/today/"
    response = signed_in(client, world.coordinator).get("/")
    assert response["Location"] == reverse("students:caseload")
    # A teacher starts on their own page (issue 12, point 14).
    response = signed_in(client, world.teacher).get("/")
    assert response["Location"] == reverse("teamwork:classroom")


def test_pages_send_a_strict_content_security_policy(client, world):
    response = signed_in(client, world.therapist).get(reverse("students:caseload"))
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]


def test_role_labels_are_plain(world):
    assert Role(world.therapist.role).label == "Occupational therapist (OTR)"


def test_iep_dates_cannot_leave_service_lines_outside(client, world):
    client.force_login(world.therapist)
    response = client.post(
        reverse("students:iep_edit", args=[world.student.pk]),
        {
            "start_date": "2026-09-01",
            "end_date": "2027-01-01",
            "annual_review_due": "2027-01-01",
            "reevaluation_due": "2028-05-01",
            "status": "active",
        },
    )
    assert response.status_code == 400
    assert (
        "A service line runs Mon 24 Aug 2026 – Fri 20 Aug 2027, outside these dates; change the "
        "line first." in response.content.decode()
    )
    world.iep.refresh_from_db()
    assert world.iep.start_date == dt.date(2026, 8, 24)


def test_far_future_strategy_dates_are_refused(client, world):
    client.force_login(world.therapist)
    response = client.post(
        reverse("students:strategy_add", args=[world.student.pk]),
        {
            "category": "seating",
            "description": "Footrest",
            "implementer": "teacher",
            "review_every_days": "30",
            "start_date": "9999-12-31",
            "status": "active",
            "iep_status": "agreed",
        },
    )
    assert response.status_code == 400
    assert "Enter a date between 2000 and" in response.content.decode()
