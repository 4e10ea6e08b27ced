"""The Django admin is the site operator's alone: a coordinator (even one marked staff or
superuser) gets no admin; records with a legal life are read-only there; every add,
change and delete made in it is in the audit log with the values before and after."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from otdesk.accounts.models import Role, User
from otdesk.core.models import AuditEvent
from otdesk.district.tests.helpers import log_in, make_operator
from otdesk.programs import services as programs
from otdesk.programs.models import AideProgram, ImplementationLog
from otdesk.testing import factories as f

pytestmark = pytest.mark.django_db

# Every model in the admin, and whether the operator may add there.
EDITABLE = [
    "accounts_user",
    "schools_district",
    "schools_school",
    "schools_classroom",
    "schools_bellblock",
    "schools_nonschoolday",
    "schools_schoolassignment",
    "students_student",
    "programs_aideprogram",
    "programs_assistivetechitem",
    "workload_professionaltime",
]
READ_ONLY = [
    "core_auditevent",
    "students_iep",
    "students_strategy",
    "students_teammember",
    "students_strategyreview",
    "students_strategyrequest",
    "students_concern",
    "delivery_session",
    "delivery_missedsession",
    "delivery_plannedsession",
    "delivery_policyversion",
    "delivery_consultationlog",
    "programs_trainingevent",
    "programs_implementationlog",
    "programs_monitoringcheck",
]


@pytest.fixture
def operator(db):
    return make_operator(username="operator")


@pytest.fixture
def program(world):
    program = programs.create_program(
        actor=world.therapist,
        student=world.student,
        title="Hand warm-up",
        activities="Theraputty hide-and-find",
        instructions="Hide 5 beads",
        times_per_week=3,
        minutes_each=10,
        start_date=dt.date(2026, 9, 21),
    )
    return program


@pytest.mark.parametrize("model", EDITABLE)
def test_the_operator_adds_where_the_record_allows(client, world, operator, model):
    log_in(client, operator)
    assert client.get(reverse(f"admin:{model}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:{model}_add")).status_code == 200


@pytest.mark.parametrize("model", READ_ONLY)
def test_records_with_a_legal_life_are_read_only(client, world, operator, model):
    log_in(client, operator)
    assert client.get(reverse(f"admin:{model}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:{model}_add")).status_code == 403
    assert client.post(reverse(f"admin:{model}_add"), {}).status_code == 403


def test_a_coordinator_gets_no_admin_even_as_superuser(client, world):
    world.coordinator.is_staff = world.coordinator.is_superuser = True
    world.coordinator.save()
    log_in(client, world.coordinator)
    for url in (reverse("admin:index"), reverse("admin:students_student_changelist")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))
    body = client.get(reverse("district:hub")).content.decode()
    assert reverse("admin:index") not in body


def test_the_admin_is_closed_to_therapists(client, world):
    log_in(client, world.therapist)
    assert client.get(reverse("admin:students_student_changelist")).status_code == 302


def test_the_operator_has_the_admin_in_the_navigation(client, operator):
    log_in(client, operator)
    body = client.get(reverse("admin:index")).content.decode()
    assert "OT Desk administration" in body
    nav = client.get(reverse("more")).content.decode()
    assert f'href="{reverse("admin:index")}"' in nav


def test_the_admin_cannot_change_a_signed_note(client, world, operator):
    session = f.make_session(world.therapist, world.school, [world.student])
    session.objective = "Copied 4 of 5 letters on the line."
    session.status, session.signed_at = "signed", timezone.now()
    session.save()
    log_in(client, operator)
    url = reverse("admin:delivery_session_change", args=[session.pk])
    page = client.get(url)
    assert page.status_code == 200  # shown, read-only
    assert 'name="objective"' not in page.content.decode()
    response = client.post(url, {"objective": "Rewritten in the admin", "status": "signed"})
    assert response.status_code == 403
    delete = reverse("admin:delivery_session_delete", args=[session.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    session.refresh_from_db()
    assert (session.objective, session.status) == ("Copied 4 of 5 letters on the line.", "signed")


def test_the_admin_cannot_add_change_or_delete_an_audit_event(client, world, operator):
    event = AuditEvent.objects.create(
        user=world.therapist, action="view", student_id=world.student.pk, object_type="x"
    )
    log_in(client, operator)
    forged = {
        "user": world.therapist.pk,
        "action": "view",
        "student_id": world.student.pk,
        "object_type": "students.student",
        "summary": "Opened the student's record",
    }
    assert client.post(reverse("admin:core_auditevent_add"), forged).status_code == 403
    change = reverse("admin:core_auditevent_change", args=[event.pk])
    assert client.post(change, {**forged, "summary": "edited"}).status_code == 403
    delete = reverse("admin:core_auditevent_delete", args=[event.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert list(AuditEvent.objects.values_list("pk", "summary")) == [(event.pk, "")]


def test_deleting_a_program_with_logs_is_refused(client, world, operator, program):
    ImplementationLog.objects.create(
        program=program, implementer=world.aide, date=dt.date(2026, 9, 22), done=True, minutes=10
    )
    log_in(client, operator)
    delete = reverse("admin:programs_aideprogram_delete", args=[program.pk])
    assert client.get(delete).status_code == 403
    assert client.post(delete, {"post": "yes"}).status_code == 403
    # Nor through the list's "delete selected" action.
    client.post(
        reverse("admin:programs_aideprogram_changelist"),
        {"action": "delete_selected", "_selected_action": [program.pk], "post": "yes"},
    )
    assert AideProgram.objects.filter(pk=program.pk).exists()
    assert ImplementationLog.objects.filter(program=program).count() == 1


def test_deleting_a_program_without_logs_is_audited(client, world, operator, program):
    log_in(client, operator)
    delete = reverse("admin:programs_aideprogram_delete", args=[program.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 302
    assert not AideProgram.objects.filter(pk=program.pk).exists()
    event = AuditEvent.objects.get(object_type="programs.aideprogram", action="delete")
    assert (event.user, event.student_id, event.after) == (operator, world.student.pk, None)
    assert event.before["title"] == "Hand warm-up"
    assert event.summary == "In the admin, deleted aide program Hand warm-up — Maya Lopez"


def test_an_admin_change_is_audited_with_before_and_after(client, world, operator):
    school = world.school
    old_name = school.name
    log_in(client, operator)
    response = client.post(
        reverse("admin:schools_school_change", args=[school.pk]),
        {
            "district": world.district.pk,
            "name": "Maple Grove Elementary",
            "short_name": school.short_name,
            "address": "",
            "sourced_id": "",
            "active": "on",
            "bell_blocks-TOTAL_FORMS": "1",
            "bell_blocks-INITIAL_FORMS": "0",
            "bell_blocks-MIN_NUM_FORMS": "0",
            "bell_blocks-MAX_NUM_FORMS": "1000",
            "bell_blocks-0-weekday": "0",
            "bell_blocks-0-name": "Reading",
            "bell_blocks-0-kind": "reading",
            "bell_blocks-0-start": "09:00",
            "bell_blocks-0-end": "09:45",
        },
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(object_type="schools.school", action="update")
    assert (event.user, event.before, event.after) == (
        operator,
        {"name": old_name},
        {"name": "Maple Grove Elementary"},
    )
    assert event.address == "127.0.0.1"
    # The inline row added with it is audited too.
    block = AuditEvent.objects.get(object_type="schools.bellblock", action="create")
    assert block.after["name"] == "Reading" and block.after["start"] == "09:00:00"


def test_setting_a_password_in_the_admin_is_audited(client, world, operator):
    log_in(client, operator)
    url = reverse("admin:auth_user_password_change", args=[world.teacher.pk])
    response = client.post(
        url,
        {
            "password1": "a-long-new-pass-9",
            "password2": "a-long-new-pass-9",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(object_type="accounts.user", object_id=world.teacher.pk)
    assert (event.user, event.action, event.before, event.after) == (
        operator,
        "update",
        {"password": "(set)"},
        {"password": "(changed)"},
    )


def test_createsuperuser_makes_a_site_operator(monkeypatch):
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "a-long-operator-pass-7")
    call_command("createsuperuser", interactive=False, username="ops", email="ops@example.org")
    user = User.objects.get(username="ops")
    assert (user.role, user.is_staff, user.is_superuser, user.district) == (
        Role.OPERATOR,
        True,
        True,
        None,
    )


def test_opening_a_students_record_in_the_admin_is_logged(client, world, operator):
    log_in(client, operator)
    assert client.get(reverse("admin:students_iep_change", args=[world.iep.pk])).status_code == 200
    event = AuditEvent.objects.get(action="view")
    assert (event.user, event.student_id, event.object_type, event.summary) == (
        operator,
        world.student.pk,
        "students.iep",
        "Opened in the admin",
    )


def test_reading_a_group_session_note_in_the_admin_is_logged_for_each_student(
    client, world, operator
):
    brother = f.make_student(world.school, first_name="Leo", last_name="Lopez")
    session = f.make_session(world.therapist, world.school, [world.student, brother])
    log_in(client, operator)
    url = reverse("admin:delivery_session_change", args=[session.pk])
    assert client.get(url).status_code == 200
    events = AuditEvent.objects.filter(action="view").order_by("student_id")
    assert [(e.user, e.student_id, e.object_type, e.summary) for e in events] == [
        (operator, world.student.pk, "delivery.session", "Opened in the admin"),
        (operator, brother.pk, "delivery.session", "Opened in the admin"),
    ]
