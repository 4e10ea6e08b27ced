"""The API's endpoints with two therapists' tokens: exact values, the same permission rules
as the pages (another caseload's student is a 404, a COTA may not sign the OT's note: 403),
the error shape and codes (400, 401, 403, 404, 409, 422), pagination and the access log."""

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.test import Client

from otdesk.api.services import create_token
from otdesk.core.models import AuditEvent
from otdesk.delivery.models import ConsultationLog, MissedSession, Session
from otdesk.students.models import TeamRole
from otdesk.testing import factories as f
from otdesk.workload.models import ProfessionalTime

pytestmark = pytest.mark.django_db
CHICAGO = zoneinfo.ZoneInfo("America/Chicago")
NOW = dt.datetime(2026, 10, 7, 15, 0, tzinfo=CHICAGO)  # a Wednesday
MONDAY = "2026-10-05"


@pytest.fixture(autouse=True)
def on_a_wednesday():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield


def client_for(person, scope: str = "write") -> Client:  # type: ignore[no-untyped-def]
    _, plain = create_token(actor=person, name="Test", scope=scope, days=30)
    return Client(HTTP_AUTHORIZATION=f"Bearer {plain}")


@pytest.fixture
def ot(world):  # type: ignore[no-untyped-def]
    return client_for(world.therapist)


def post(client: Client, url: str, data: object):  # type: ignore[no-untyped-def]
    return client.post(url, data, content_type="application/json")


def session_body(world, **changes):  # type: ignore[no-untyped-def]
    return {
        "date": MONDAY,
        "start": "09:30",
        "minutes": 30,
        "session_type": "push_in",
        "location": "general_ed",
        "school_id": world.school.pk,
        "students": [{"student_id": world.student.pk}],
        "activities": "Cutting on curved lines",
        **changes,
    }


def test_students_and_their_records(world, ot):  # type: ignore[no-untyped-def]
    response = ot.get("/api/v1/students")
    assert response.status_code == 200
    assert response.json() == {
        "count": 1,
        "page": 1,
        "pages": 1,
        "items": [
            {
                "id": world.student.pk,
                "first_name": "Maya",
                "last_name": "Lopez",
                "preferred_name": "",
                "grade": "2",
                "school_id": world.school.pk,
                "school": world.school.name,
                "classroom": world.student.classroom.name,
                "active": True,
            }
        ],
    }
    base = f"/api/v1/students/{world.student.pk}"
    ieps = ot.get(f"{base}/ieps").json()
    assert [(i["id"], i["status"], i["start_date"]) for i in ieps] == [
        (world.iep.pk, "active", world.iep.start_date.isoformat())
    ]
    assert sorted(
        (line["kind"], line["minutes"], line["period"]) for line in ieps[0]["service_lines"]
    ) == [
        ("consultation", 60, "month"),
        ("direct", 30, "week"),
    ]
    goals = ot.get(f"{base}/goals").json()
    assert [(g["area"], g["description"]) for g in goals] == [
        ("fine_motor", "Will cut along a curved line.")
    ]
    strategies = ot.get(f"{base}/strategies").json()
    assert [(s["category"], s["description"]) for s in strategies] == [
        ("writing_tool", "Triangular pencil grip")
    ]
    # Each read of the record is in the access log, as on the pages.
    assert list(
        AuditEvent.objects.filter(user=world.therapist, student_id=world.student.pk)
        .order_by("pk")
        .values_list("summary", flat=True)
    ) == ["API: IEPs and service lines", "API: goals", "API: strategies"]


def test_another_caseload_is_not_found(world, ot):  # type: ignore[no-untyped-def]
    outsider = client_for(world.outsider)
    assert outsider.get("/api/v1/students").json()["count"] == 0
    response = outsider.get(f"/api/v1/students/{world.student.pk}/goals")
    assert response.status_code == 404
    assert response.json() == {"error": "No such student on your caseload.", "fields": {}}
    session = post(ot, "/api/v1/sessions", session_body(world)).json()
    assert outsider.get(f"/api/v1/sessions/{session['id']}").status_code == 404
    assert post(outsider, f"/api/v1/sessions/{session['id']}/sign", {}).status_code == 404
    refused = post(outsider, "/api/v1/sessions", session_body(world))
    assert refused.status_code == 422
    assert refused.json()["fields"] == {
        "students": [f"No student {world.student.pk} on your caseload."]
    }
    # The teacher reads the student, but not her minutes.
    teacher = client_for(world.teacher)
    assert teacher.get(f"/api/v1/students/{world.student.pk}").status_code == 200
    minutes = teacher.get(f"/api/v1/students/{world.student.pk}/compliance")
    assert minutes.status_code == 403
    assert teacher.get("/api/v1/sessions").json()["count"] == 0


def test_log_sign_and_void_a_session(world, ot):  # type: ignore[no-untyped-def]
    made = post(ot, "/api/v1/sessions", session_body(world))
    assert made.status_code == 201
    body = made.json()
    assert (body["status"], body["minutes"], body["date"], body["start"]) == (
        "draft",
        30,
        MONDAY,
        "09:30:00",
    )
    assert body["students"] == [
        {
            "student_id": world.student.pk,
            "attendance": "present",
            "absence_reason": "",
            "makeup_for_id": None,
        }
    ]
    sid = body["id"]
    # The COTA on the team reads it, but the OT's note is the OT's to sign.
    cota = client_for(world.cota)
    assert cota.get(f"/api/v1/sessions/{sid}").json()["activities"] == "Cutting on curved lines"
    assert post(cota, f"/api/v1/sessions/{sid}/sign", {}).status_code == 403

    signed = post(ot, f"/api/v1/sessions/{sid}/sign", {})
    assert signed.status_code == 200 and signed.json()["status"] == "signed"
    again = post(ot, f"/api/v1/sessions/{sid}/sign", {})
    assert again.status_code == 409
    assert again.json() == {"error": "This note is signed already.", "fields": {}}

    minutes = ot.get(f"/api/v1/students/{world.student.pk}/compliance").json()
    direct = next(m for m in minutes if m["kind"] == "direct")
    assert {k: direct[k] for k in ("period_start", "period_end", "required", "delivered")} == {
        "period_start": "2026-10-05",
        "period_end": "2026-10-11",
        "required": 30,
        "delivered": 30,
    }
    assert (direct["remaining"], direct["percent"]) == (0, 100)
    caseload = ot.get("/api/v1/compliance").json()
    assert caseload["count"] == 2
    assert {(m["kind"], m["delivered"]) for m in caseload["items"]} == {
        ("direct", 30),
        ("consultation", 0),
    }

    missing = post(ot, f"/api/v1/sessions/{sid}/void", {})
    assert missing.status_code == 422
    assert missing.json()["fields"] == {"reason": ["Field required"]}
    voided = post(ot, f"/api/v1/sessions/{sid}/void", {"reason": "Wrong student"})
    assert voided.status_code == 200
    assert (voided.json()["status"], voided.json()["void_reason"]) == ("voided", "Wrong student")
    assert post(ot, f"/api/v1/sessions/{sid}/void", {"reason": "Again"}).status_code == 409
    assert Session.objects.get(pk=sid).status == "voided"
    listed = ot.get("/api/v1/sessions").json()
    assert (listed["count"], listed["items"][0]["id"]) == (1, sid)


def test_wrong_values_name_their_fields(world, ot):  # type: ignore[no-untyped-def]
    response = post(ot, "/api/v1/sessions", session_body(world, minutes=0, school_id=999999))
    assert response.status_code == 422
    assert response.json() == {
        "error": "Some values are not right; see fields.",
        "fields": {"minutes": ["Input should be greater than or equal to 1"]},
    }
    response = post(ot, "/api/v1/sessions", session_body(world, school_id=999999))
    assert response.json()["fields"] == {"school_id": ["No such school in your district."]}
    response = post(ot, "/api/v1/sessions", session_body(world, date="2026-10-10"))
    assert response.status_code == 422
    assert response.json()["error"] == "A session cannot be logged for a future date."
    response = post(ot, "/api/v1/sessions", session_body(world, date="2026-10-03"))
    assert response.json()["error"] == "Sat 3 Oct 2026 is not a school day in Test District."
    response = post(ot, "/api/v1/sessions", session_body(world, activities="a\x00b"))
    assert response.json()["fields"] == {
        "activities": ["Value error, The text holds a NUL character."]
    }
    broken = ot.post("/api/v1/sessions", "{not json", content_type="application/json")
    assert broken.status_code == 400
    assert broken.json() == {"error": "Cannot parse request body", "fields": {}}
    assert ot.get("/api/v1/students?per_page=500").json()["fields"] == {
        "per_page": ["Input should be less than or equal to 100"]
    }
    assert Session.objects.count() == 0


def test_misses_consultations_time_and_the_plan(world, ot):  # type: ignore[no-untyped-def]
    miss = post(
        ot,
        "/api/v1/missed-sessions",
        {
            "student_ids": [world.student.pk],
            "date": MONDAY,
            "minutes": 30,
            "reason": "student_absent",
        },
    )
    assert miss.status_code == 201
    assert [(m["student_id"], m["minutes"], m["reason"]) for m in miss.json()] == [
        (world.student.pk, 30, "student_absent")
    ]
    assert MissedSession.objects.get().provider == world.therapist
    assert ot.get("/api/v1/missed-sessions").json()["count"] == 1
    assert client_for(world.outsider).get("/api/v1/missed-sessions").json()["count"] == 0

    consult = post(
        ot,
        "/api/v1/consultations",
        {
            "date": MONDAY,
            "minutes": 20,
            "with_whom": ["teacher"],
            "method": "in_person",
            "student_ids": [world.student.pk],
            "discussed": "Slant board for writing",
        },
    )
    assert consult.status_code == 201, consult.json()
    assert (consult.json()["with_whom"], consult.json()["student_ids"]) == (
        ["teacher"],
        [world.student.pk],
    )
    assert ConsultationLog.objects.get().discussed == "Slant board for writing"
    assert ot.get("/api/v1/consultations").json()["count"] == 1

    time = post(
        ot,
        "/api/v1/professional-time",
        {
            "date": MONDAY,
            "minutes": 45,
            "category": "documentation",
            "student_id": world.student.pk,
        },
    )
    assert time.status_code == 201
    assert time.json() == {
        "id": ProfessionalTime.objects.get().pk,
        "date": MONDAY,
        "minutes": 45,
        "category": "documentation",
        "student_id": world.student.pk,
        "note": "",
    }
    assert client_for(world.teacher).get("/api/v1/professional-time").status_code == 404

    f.make_planned(world.therapist, world.school, [world.student], weekday=0)
    plan = ot.get("/api/v1/weekly-plan").json()
    assert [day["day"] for day in plan] == ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
    assert [s["students"] for s in plan[0]["sessions"]] == [[world.student.pk]]
    assert client_for(world.teacher).get("/api/v1/weekly-plan").status_code == 404


def test_lists_are_paged(world, ot):  # type: ignore[no-untyped-def]
    for n in range(3):
        extra = f.make_student(world.school, first_name=f"Zed{n}", last_name="Zulu")
        f.add_to_team(extra, world.therapist, TeamRole.OT)
    first = ot.get("/api/v1/students?per_page=3").json()
    assert (first["count"], first["pages"], len(first["items"])) == (4, 2, 3)
    second = ot.get("/api/v1/students?per_page=3&page=2").json()
    assert [s["first_name"] for s in second["items"]] == ["Zed2"]
    assert ot.get("/api/v1/students?per_page=3&page=9").json()["items"] == []
