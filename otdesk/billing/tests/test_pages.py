import csv
import datetime as dt
import io

import pytest
from django.test import Client
from django.urls import reverse

from otdesk.accounts.models import Role
from otdesk.billing import services
from otdesk.billing.models import BilledLine, BillingCode, BillingExport, BillingProfile
from otdesk.core.models import AuditEvent
from otdesk.delivery import services as delivery
from otdesk.students.models import TeamRole
from otdesk.testing.factories import (
    add_to_team,
    make_district,
    make_school,
    make_session,
    make_student,
    make_user,
)
from otdesk.testing.login import sign_in

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 9, 14)
RANGE = {"start": "2026-09-01", "end": "2026-09-30"}


@pytest.fixture
def world():  # type: ignore[no-untyped-def]
    district = make_district()
    school = make_school(district)
    coordinator = make_user(Role.COORDINATOR, district)
    ot = make_user(Role.OT, district)
    student = make_student(school, first_name="Ana", last_name="Diaz")
    add_to_team(student, ot, TeamRole.OT)
    services.save_credential(actor=coordinator, provider=ot, credential="OTR/L 1", npi="")
    services.save_profile(
        actor=coordinator,
        student=student,
        medicaid_id="MD1",
        consent_received=dt.date(2026, 8, 1),
        consent_withdrawn=None,
        prescription_date=None,
    )
    session = make_session(ot, school, [student], session_type="pull_out_individual", minutes=40)
    delivery.sign_session(actor=ot, session=session)
    other = make_user(Role.COORDINATOR, make_district(name="Elsewhere"))
    return coordinator, ot, student, session, other


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    sign_in(client, user)
    return client


def test_coordinator_exports_and_the_export_is_kept(world) -> None:  # type: ignore[no-untyped-def]
    coordinator, _, student, session, _ = world
    client = _client(coordinator)
    page = client.get(reverse("billing:home"), RANGE)
    assert page.status_code == 200
    assert b"1 line, 3 units" in page.content
    assert AuditEvent.objects.filter(
        user=coordinator, student_id=student.pk, action=AuditEvent.Action.VIEW
    ).exists()
    response = client.post(reverse("billing:export"), RANGE)
    assert response.status_code == 200
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [(r["CPT code"], r["Modifier"], r["Units"], r["Medicaid id"]) for r in rows] == [
        ("97530", "GO", "3", "MD1")
    ]
    export = BillingExport.objects.get()
    assert list(BilledLine.objects.values_list("session_id", "units", "minutes")) == [
        (session.pk, 3, 40)
    ]
    assert export.created_by == coordinator
    assert AuditEvent.objects.filter(
        user=coordinator, student_id=student.pk, action=AuditEvent.Action.EXPORT
    ).exists()


def test_billed_then_voided_shows_on_the_page(world) -> None:  # type: ignore[no-untyped-def]
    coordinator, ot, _, session, _ = world
    client = _client(coordinator)
    client.post(reverse("billing:export"), RANGE)
    delivery.void_session(actor=ot, session=session, reason="wrong day")
    page = client.get(reverse("billing:home"), RANGE)
    assert b"Voided after it was billed" in page.content
    line = BilledLine.objects.get()
    client.post(reverse("billing:corrected"), {"line": line.pk})
    line.refresh_from_db()
    assert line.correction_done is True
    assert b"No billed session has changed" in client.get(reverse("billing:home")).content


def test_not_billed_csv(world) -> None:  # type: ignore[no-untyped-def]
    coordinator, ot, _student, session, _ = world
    delivery.void_session(actor=ot, session=session, reason="wrong day")
    response = _client(coordinator).get(reverse("billing:problems_csv"), RANGE)
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [(r["Last name"], r["Why not billed"]) for r in rows] == [("Diaz", "Session voided")]


def test_others_get_404_and_the_students_team_403(world) -> None:  # type: ignore[no-untyped-def]
    _, ot, student, _, other = world
    for url in (reverse("billing:home"), reverse("billing:codes"), reverse("billing:students")):
        assert _client(ot).get(url).status_code == 404
        # Another district's coordinator gets their own district's page, never ours.
        page = _client(other).get(url)
        assert page.status_code == 200
        assert b"Diaz" not in page.content
    record = reverse("billing:student", args=[student.pk])
    assert _client(ot).get(record).status_code == 403
    assert _client(ot).post(record, {"medicaid_id": "X"}).status_code == 403
    assert _client(other).get(record).status_code == 404
    assert BillingProfile.objects.get(student=student).medicaid_id == "MD1"


def test_student_record_validated(world) -> None:  # type: ignore[no-untyped-def]
    coordinator, _, student, _, _ = world
    client = _client(coordinator)
    url = reverse("billing:student", args=[student.pk])
    response = client.post(
        url,
        {
            "medicaid_id": "MD 1!",
            "consent_received": "2026-09-10",
            "consent_withdrawn": "2026-09-01",
        },
    )
    assert response.status_code == 200
    assert "A Medicaid id has only letters and digits (up to 20)." in response.content.decode()
    assert "Consent cannot be withdrawn before it was received." in response.content.decode()
    response = client.post(url, {"medicaid_id": "md77", "consent_received": "2026-09-10"})
    assert response.status_code == 302
    assert BillingProfile.objects.get(student=student).medicaid_id == "MD77"


def test_code_table_edit(world) -> None:  # type: ignore[no-untyped-def]
    coordinator, _, _, _, _ = world
    client = _client(coordinator)
    assert client.get(reverse("billing:codes")).status_code == 200
    district = coordinator.district
    assert BillingCode.objects.filter(district=district).count() == 10
    # Group sessions already bill as 97150: a second code for them is refused in words.
    response = client.post(
        reverse("billing:codes"),
        {
            "code": "97535",
            "description": "Self-care",
            "timed": "on",
            "session_types": ["pull_out_group"],
        },
    )
    assert "Pull-out, group already bill as 97150." in response.content.decode()
    response = client.post(
        reverse("billing:codes"),
        {
            "code": "97530",
            "description": "Therapeutic activities",
            "timed": "on",
            "session_types": ["pull_out_individual"],
            "requires_prescription": "on",
        },
    )
    assert response.status_code == 302
    code = BillingCode.objects.get(district=district, code="97530")
    assert (code.session_types, code.requires_prescription) == (["pull_out_individual"], True)


def test_credential_for_a_therapist_only(world) -> None:  # type: ignore[no-untyped-def]
    coordinator, ot, _, _, _ = world
    client = _client(coordinator)
    response = client.post(
        reverse("billing:providers"), {"provider": ot.pk, "credential": "OTR/L 9", "npi": "12"}
    )
    assert "An NPI is 10 digits." in response.content.decode()
    response = client.post(
        reverse("billing:providers"),
        {"provider": ot.pk, "credential": "OTR/L 9", "npi": "1234567890"},
    )
    assert response.status_code == 302
    ot.billing_credential.refresh_from_db()
    assert ot.billing_credential.npi == "1234567890"


def test_therapist_sees_own_sessions_not_billed(world) -> None:  # type: ignore[no-untyped-def]
    coordinator, ot, student, _session, _ = world
    unsigned = make_session(
        ot, student.school, [student], session_type="pull_out_individual", start=dt.time(13, 0)
    )
    page = _client(ot).get(reverse("billing:mine"), RANGE)
    assert page.status_code == 200
    assert [(p.session, p.reasons) for p in page.context["problems"]] == [
        (unsigned, ["Note not signed"])
    ]
    assert b"MD1" not in page.content
    assert _client(coordinator).get(reverse("billing:mine")).status_code == 404
    # The therapist finds it from the Minutes page; the district's Minutes page has no link.
    link = f'href="{reverse("billing:mine")}"'
    assert link in _client(ot).get(reverse("delivery:compliance")).content.decode()
    district_page = _client(coordinator).get(reverse("delivery:district_compliance"))
    assert link not in district_page.content.decode()
