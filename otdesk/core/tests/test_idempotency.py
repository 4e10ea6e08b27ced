"""A write sent twice happens once (core/idempotency.py): the session and consultation
forms carry a one-time key, the API takes an Idempotency-Key header; a repeat gets what
the first made, a key reused with other details is refused, a failed write keeps no key,
and keys are each person's own."""

import datetime as dt
import re
import threading
import zoneinfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.urls import reverse

from otdesk.accounts.models import Role
from otdesk.api.services import create_token
from otdesk.core import idempotency
from otdesk.core.models import IdempotencyKey
from otdesk.delivery import services
from otdesk.delivery.models import ConsultationLog, Session
from otdesk.students.models import TeamRole
from otdesk.testing import factories as f

pytestmark = pytest.mark.django_db
CHICAGO = zoneinfo.ZoneInfo("America/Chicago")
NOW = dt.datetime(2026, 10, 7, 15, 0, tzinfo=CHICAGO)  # a Wednesday


@pytest.fixture(autouse=True)
def on_a_wednesday():
    with time_machine.travel(NOW, tick=False):
        yield


def key_in(html: str) -> str:
    found = re.search(r'name="idempotency_key" value="([0-9a-f]{32})"', html)
    assert found, "the form has no one-time key"
    return found.group(1)


def consultation_form(world) -> dict:
    return {
        "date": "2026-10-06",
        "minutes": "15",
        "method": "phone",
        "with_whom": ["teacher"],
        "students": [world.student.pk],
        "discussed": "Grip is working.",
    }


def test_a_consultation_form_sent_twice_is_logged_once(client, world):
    client.force_login(world.therapist)
    url = reverse("delivery:consult_add") + f"?student={world.student.pk}"
    key = key_in(client.get(url).content.decode())
    data = {**consultation_form(world), "idempotency_key": key}
    first = client.post(url, data)
    assert first.status_code == 302
    again = client.post(url, data, follow=True)
    assert ConsultationLog.objects.count() == 1
    assert "Already logged: " in again.content.decode()
    assert "The form was sent twice." in again.content.decode()
    # The same form sent with other details is refused, and logs nothing.
    other = client.post(url, {**data, "minutes": "40"})
    assert other.status_code == 400
    assert "already used for another entry with other details" in other.content.decode()
    assert ConsultationLog.objects.count() == 1
    # A fresh form logs a second one.
    fresh = key_in(client.get(url).content.decode())
    assert fresh != key
    assert client.post(url, {**data, "idempotency_key": fresh}).status_code == 302
    assert ConsultationLog.objects.count() == 2


def test_a_form_back_with_errors_keeps_its_key(client, world):
    client.force_login(world.therapist)
    url = reverse("delivery:consult_add")
    key = key_in(client.get(url).content.decode())
    response = client.post(url, {"date": "2026-10-06", "idempotency_key": key})
    assert response.status_code == 400
    assert key_in(response.content.decode()) == key
    assert IdempotencyKey.objects.count() == 0


def test_a_session_form_sent_twice_is_logged_once(client, world):
    client.force_login(world.therapist)
    url = reverse("delivery:log") + f"?student={world.student.pk}"
    key = key_in(client.get(url).content.decode())
    data = {
        "date": "2026-10-05",
        "start": "09:00",
        "minutes": "30",
        "session_type": "push_in",
        "location": "general_ed",
        "students": [world.student.pk],
        f"s{world.student.pk}-attendance": "present",
        f"s{world.student.pk}-targeted": "on",
        "idempotency_key": key,
    }
    first = client.post(url, data)
    assert first.status_code == 302
    second = client.post(url, data)
    assert second.status_code == 302
    assert second["Location"] == first["Location"]
    assert Session.objects.count() == 1


def test_a_failed_write_keeps_no_key_and_a_bad_key_is_named(world):
    def fails():
        raise ValidationError({"minutes": "A session lasts from 5 to 240 minutes."})

    args = dict(user=world.therapist, key="k" * 20, scope="test", sent="x", keep=lambda r: {})
    with pytest.raises(ValidationError):
        idempotency.once(run=fails, **args)
    assert IdempotencyKey.objects.count() == 0
    assert idempotency.once(run=lambda: 7, **{**args, "keep": lambda r: {"n": r}}).result == {
        "n": 7
    }
    with pytest.raises(ValidationError) as bad:
        idempotency.once(run=lambda: 1, **{**args, "key": "short"})
    assert bad.value.message_dict == {
        "idempotency_key": ["The request's one-time key must be 8 to 64 letters, digits, - or _."]
    }


def test_keys_are_each_persons_own(world):
    other = f.make_user(Role.OT, world.district, username="ot.other")
    made = [
        idempotency.once(
            user=person,
            key="same-key-01",
            scope="test",
            sent="x",
            run=lambda: 1,
            keep=lambda r: {"n": r},
        )
        for person in (world.therapist, other)
    ]
    assert [m.repeated for m in made] == [False, False]
    assert IdempotencyKey.objects.count() == 2


def api(person) -> Client:
    _, plain = create_token(actor=person, name="Test", scope="write", days=30)
    return Client(HTTP_AUTHORIZATION=f"Bearer {plain}")


def test_an_api_call_retried_with_its_key_writes_once(world):
    client = api(world.therapist)
    body = {
        "date": "2026-10-05",
        "start": "09:30",
        "minutes": 30,
        "session_type": "push_in",
        "location": "general_ed",
        "school_id": world.school.pk,
        "students": [{"student_id": world.student.pk}],
    }
    calls = [
        client.post(
            "/api/v1/sessions",
            body,
            content_type="application/json",
            HTTP_IDEMPOTENCY_KEY="retry-0001",
        )
        for _ in range(3)
    ]
    assert [c.status_code for c in calls] == [201, 201, 201]
    assert len({c.json()["id"] for c in calls}) == 1
    assert Session.objects.count() == 1
    changed = client.post(
        "/api/v1/sessions",
        {**body, "minutes": 20},
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY="retry-0001",
    )
    assert changed.status_code == 422
    assert "already used for another entry" in changed.json()["fields"]["idempotency_key"][0]
    # Without a key, each call is a new session (the service refuses a true double only
    # for a planned session).
    plain = client.post("/api/v1/sessions", body, content_type="application/json")
    assert plain.status_code == 201
    assert Session.objects.count() == 2


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="two connections writing at once: PostgreSQL"
)
def test_two_requests_at_once_with_one_key_write_once():
    district = f.make_district()
    school = f.make_school(district)
    therapist = f.make_user(Role.OT, district)
    student = f.make_student(school)
    f.add_to_team(student, therapist, TeamRole.OT, start_date=dt.date(2026, 8, 17))
    barrier = threading.Barrier(2)
    results = []

    def send() -> None:
        barrier.wait()
        try:
            done = idempotency.once(
                user=therapist,
                key="at-once-0001",
                scope="delivery.consultation",
                sent="same",
                run=lambda: services.log_consultation(
                    actor=therapist,
                    date=dt.date(2026, 10, 6),
                    minutes=20,
                    with_whom=["teacher"],
                    method="in_person",
                    students=[student],
                ),
                keep=lambda log: {"id": log.pk},
            )
            results.append((done.result["id"], done.repeated))
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not any(t.is_alive() for t in threads), "a request never finished"
    assert sorted(r[1] for r in results) == [False, True]
    assert len({r[0] for r in results}) == 1
    assert ConsultationLog.objects.count() == 1
