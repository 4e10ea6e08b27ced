"""Destroying a student's record on the family's request (retention/services.py): nothing
of her is left in any table but the tombstone, group records stay for the other students,
the access log's chain still verifies, the certificate matches the tombstone; refused
while a legal hold or an IEP in force applies; the coordinator's pages."""

import datetime as dt
import json
import re
import zoneinfo

import pytest
import time_machine
from django.apps import apps
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import models
from django.test import Client
from django.urls import reverse

from otdesk.accounts.models import Role
from otdesk.core import chain
from otdesk.core.audit import record_event
from otdesk.core.models import AuditEvent
from otdesk.delivery.models import ConsultationLog, Session, SessionStudent
from otdesk.jobs.models import JobFile
from otdesk.programs import services as programs
from otdesk.retention import services
from otdesk.retention.models import Destruction, LegalHold
from otdesk.students.models import IEP, Student, TeamRole
from otdesk.testing import factories as f
from otdesk.testing.login import sign_in

pytestmark = pytest.mark.django_db
CHICAGO = zoneinfo.ZoneInfo("America/Chicago")
NOW = dt.datetime(2026, 12, 2, 15, 0, tzinfo=CHICAGO)
NAME = "Zephyrine Quillfeather"  # in no other record of the world


@pytest.fixture(autouse=True)
def in_december():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def record(world):
    """Zephyrine's record, her IEP ended in June: sessions alone and in a group with Noor,
    a consultation, a miss, a strategy, a program, access-log entries, a district export."""
    student = f.make_student(
        world.school, first_name="Zephyrine", last_name="Quillfeather", student_number="Z-77"
    )
    iep = f.make_iep(
        student,
        status=IEP.Status.ENDED,
        start_date=dt.date(2025, 9, 1),
        end_date=dt.date(2026, 6, 1),
    )
    f.make_line(iep, minutes=30, start_date=dt.date(2025, 9, 1), end_date=dt.date(2026, 6, 1))
    f.make_goal(iep, description="Zephyrine writes her name")
    f.make_strategy(student, description="Slant board for Zephyrine")
    f.add_to_team(student, world.therapist, TeamRole.OT, start_date=dt.date(2025, 9, 1))
    f.add_to_team(student, world.parent, TeamRole.GUARDIAN, relationship="Mother")
    day = dt.date(2026, 3, 3)
    alone = f.make_session(
        world.therapist,
        world.school,
        [student],
        date=day,
        objective="Zephyrine copied 4 of 5 letters",
    )
    group = f.make_session(
        world.therapist, world.school, [student, world.student], date=day, objective="Group work"
    )
    consultation = ConsultationLog.objects.create(
        provider=world.therapist, date=day, minutes=15, method="phone", discussed="Zephyrine's grip"
    )
    consultation.students.create(student=student)
    program = programs.create_program(
        actor=world.therapist,
        student=student,
        title="Zephyrine's warm-up",
        activities="Putty",
        instructions="Squeeze",
        times_per_week=3,
        minutes_each=10,
        start_date=dt.date(2026, 3, 1),
    )
    record_event(
        user=world.therapist,
        action="view",
        obj=student,
        student_id=student.pk,
        summary=f"Opened {NAME}",
    )
    record_event(
        user=world.therapist,
        action="update",
        obj=alone,
        student_id=None,
        summary="Wrote the note",
        after={"objective": "Zephyrine copied"},
    )
    job = f.make_job(world.coordinator, world.district, label="District export")
    f.make_job_file(job, "export.zip", f"{NAME}".encode())
    return {
        "student": student,
        "alone": alone,
        "group": group,
        "consultation": consultation,
        "program": program,
    }


def destroy(world, student, **kwargs):
    values = {
        "requested_on": dt.date(2026, 12, 1),
        "request": "Mother, in writing",
        "confirm_name": NAME,
    }
    return services.destroy(actor=world.coordinator, student=student, **{**values, **kwargs})


def residue(words: tuple[str, ...]) -> list[str]:
    """Every row of every table (the tombstone's aside) whose text holds one of the words."""
    found = []
    for model in apps.get_models(include_auto_created=True):
        texts = [
            fld.attname
            for fld in model._meta.concrete_fields
            if isinstance(
                fld, (models.CharField, models.TextField, models.JSONField, models.BinaryField)
            )
        ]
        if not texts:
            continue
        for row in model._base_manager.values_list("pk", *texts):
            text = json.dumps(
                [
                    bytes(v).decode(errors="ignore") if isinstance(v, (bytes, memoryview)) else v
                    for v in row[1:]
                ],
                default=str,
            )
            if any(word in text for word in words):
                found.append(f"{model._meta.label} #{row[0]}")
    return found


def test_nothing_of_her_is_left_but_the_tombstone(world, record):
    student = record["student"]
    before = {e.pk for e in AuditEvent.objects.filter(student_id=student.pk)}
    assert residue(("Zephyrine", "Quillfeather"))  # she is there to begin with
    other_sessions = SessionStudent.objects.filter(student=world.student).count()

    certificate = destroy(world, student)

    assert residue(("Zephyrine", "Quillfeather")) == []
    assert not Student.objects.filter(pk=student.pk).exists()
    assert not Session.objects.filter(pk=record["alone"].pk).exists()
    assert not ConsultationLog.objects.filter(pk=record["consultation"].pk).exists()
    group = Session.objects.get(pk=record["group"].pk)  # Noor's too: kept for her
    assert list(group.attendees.values_list("student_id", flat=True)) == [world.student.pk]
    assert SessionStudent.objects.filter(student=world.student).count() == other_sessions
    assert JobFile.objects.count() == 0
    assert not AuditEvent.objects.filter(student_id=student.pk).exists()

    destruction = Destruction.objects.get()
    assert certificate.destruction == destruction
    assert (certificate.full_name, destruction.reference) == (
        NAME,
        f"D{world.district.pk}-2026-0001",
    )
    assert destruction.fingerprint == services.fingerprint(
        certificate.code, NAME, student.date_of_birth
    )
    assert destruction.removed["students.Student"] == 1
    assert destruction.removed["delivery.Session"] == 1  # the one she was alone in
    assert destruction.removed["students.IEP"] == 1
    assert destruction.removed["delivery.SessionStudent"] == 2  # alone and in the group
    assert destruction.kept_shared == {"delivery.Session": 1}
    assert "1 IEP" in destruction.removed_words and "1 session" in destruction.kept_words
    assert destruction.files_removed == 1
    tombstone = AuditEvent.objects.get(pk=destruction.audit_event_id)
    assert tombstone.action == "destroy" and tombstone.student_id is None
    redacted = set(AuditEvent.objects.filter(redacted_in=tombstone.pk).values_list("pk", flat=True))
    assert before <= redacted
    assert set(tombstone.after["redacted"]) == redacted
    assert destruction.redacted_events == len(redacted)
    assert chain.first_break(AuditEvent.objects.order_by("pk")) is None
    call_command("verify_audit")  # exits 0


def test_an_emptied_event_no_tombstone_lists_breaks_the_chain(world, record):
    event = AuditEvent.objects.filter(student_id=record["student"].pk).first()
    # The database lets an event be emptied (that is what destruction does) ...
    AuditEvent.objects.filter(pk=event.pk).update(
        redacted_in=999999,
        summary="",
        before=None,
        after=None,
        student_id=None,
        object_id=None,
        address=None,
    )
    # ... but without a destruction that lists it, the chain says so.
    found = chain.first_break(AuditEvent.objects.order_by("pk"))
    assert found is not None
    assert found.describe() == (
        f"Event #{event.pk} was emptied, but no record of a destruction on request lists it."
    )


def test_an_event_cannot_be_half_emptied(world, record):
    from django.db import DatabaseError, transaction

    event = AuditEvent.objects.filter(student_id=record["student"].pk).first()
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).update(redacted_in=1, summary="")  # keeps her id


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("hold", "A legal hold is in force: Due-process hearing. Lift it first."),
        (
            "iep",
            "An IEP is in force until Tue 31 Aug 2027: the record is needed to provide "
            "services. End the IEP first.",
        ),
        ("name", "Type the student's full name, Zephyrine Quillfeather, to confirm."),
        (
            "request",
            "Leave the child's name out: say who asked and how (e.g. 'Mother, in writing').",
        ),
    ],
)
def test_refused_destruction_changes_nothing(world, record, change, message):
    student = record["student"]
    kwargs = {}
    if change == "hold":
        services.place_hold(actor=world.coordinator, student=student, reason="Due-process hearing")
    if change == "iep":
        f.make_iep(student, start_date=dt.date(2026, 9, 1), end_date=dt.date(2027, 8, 31))
    if change == "name":
        kwargs["confirm_name"] = "Zephyrine"
    if change == "request":
        kwargs["request"] = "Zephyrine's mother"
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as refused:
        destroy(world, student, **kwargs)
    assert message in refused.value.messages
    assert Student.objects.filter(pk=student.pk).exists()
    assert AuditEvent.objects.count() == events
    assert AuditEvent.objects.filter(redacted_in__isnull=False).count() == 0
    assert Destruction.objects.count() == 0


def coordinator(world) -> Client:
    client = Client()
    sign_in(client, world.coordinator)
    return client


def test_the_coordinators_pages_from_hold_to_certificate(world, record):
    student = record["student"]
    client = coordinator(world)
    url = reverse("retention:destroy", args=[student.pk])
    page = client.get(url).content.decode()
    assert "Destroy Zephyrine Quillfeather’s record" in page
    assert re.findall(r"<li>([^<]*)</li>", page)[:11] == [
        "1 consultation log",
        "1 consultation record",
        "1 session",  # the one she was alone in
        "2 attendance records",  # her attendance there and in the group
        "1 aide program",
        "1 goal",
        "1 IEP",
        "1 service line",
        "1 strategy",
        "1 student",
        "2 team members",
    ]
    assert "Kept for the other students in them" in page

    held = client.post(
        reverse("retention:hold", args=[student.pk]), {"reason": "Complaint filed"}, follow=True
    )
    assert "Legal hold placed: the record cannot be destroyed." in held.content.decode()
    assert "A legal hold is in force: Complaint filed. Lift it first." in held.content.decode()
    assert 'class="danger"' not in held.content.decode()
    lifted = client.post(reverse("retention:lift", args=[student.pk]), follow=True)
    assert "Legal hold lifted." in lifted.content.decode()
    assert LegalHold.objects.get().lifted_by == world.coordinator

    sent = {"requested_on": "2026-12-01", "request": "Mother, in writing", "confirm_name": NAME}
    done = client.post(url, sent)
    assert done.status_code == 200
    html = done.content.decode()
    assert "<h1>Certificate of destruction</h1>" in html
    assert f"{NAME}, born" in html
    code = re.search(r"<code>([0-9a-f]{16})</code>", html).group(1)
    destruction = Destruction.objects.get()
    assert destruction.fingerprint == services.fingerprint(code, NAME, student.date_of_birth)

    listing = client.get(reverse("retention:destructions")).content.decode()
    assert destruction.reference in listing and "Zephyrine" not in listing
    detail = reverse("retention:destruction", args=[destruction.reference])
    assert "Zephyrine" not in client.get(detail).content.decode()
    check = {"full_name": NAME, "date_of_birth": student.date_of_birth.isoformat(), "code": code}
    assert "It matches:" in client.post(detail, check).content.decode()
    wrong = client.post(detail, {**check, "code": "0" * 16}).content.decode()
    assert "It does not match" in wrong
    assert client.get(reverse("students:detail", args=[student.pk])).status_code == 404


def test_who_may_destroy(world, record):
    student = record["student"]
    url = reverse("retention:destroy", args=[student.pk])
    therapist = Client()
    therapist.force_login(world.therapist)
    assert therapist.get(url).status_code == 403  # she sees the student, may not destroy
    outsider = Client()
    outsider.force_login(world.outsider)
    assert outsider.get(url).status_code == 404
    assert (
        outsider.post(reverse("retention:hold", args=[student.pk]), {"reason": "x"}).status_code
        == 404
    )
    other = f.make_user(Role.COORDINATOR, f.make_district(name="Elsewhere"), username="coord-far")
    far = Client()
    sign_in(far, other)
    assert far.get(url).status_code == 404
    assert far.get(reverse("retention:destructions")).status_code == 200
    assert LegalHold.objects.count() == 0
    student_page = coordinator(world).get(reverse("students:detail", args=[student.pk]))
    assert (
        "Legal hold, or destroy the record on the family’s request" in student_page.content.decode()
    )
    assert (
        "Legal hold, or destroy"
        not in therapist.get(reverse("students:detail", args=[student.pk])).content.decode()
    )


def test_the_services_refuse_anyone_but_the_coordinator(world, record):
    from django.core.exceptions import PermissionDenied

    student = record["student"]
    with pytest.raises(PermissionDenied):
        services.destroy(
            actor=world.therapist,
            student=student,
            requested_on=dt.date(2026, 12, 1),
            request="Mother, in writing",
            confirm_name=NAME,
        )
    with pytest.raises(PermissionDenied):
        services.place_hold(actor=world.therapist, student=student, reason="Hearing")
    assert Student.objects.filter(pk=student.pk).exists()
    assert LegalHold.objects.count() == 0
