"""The API against its own OpenAPI schema, with schemathesis inside the suite (a bounded
number of generated requests per operation), as two therapists: no server error, every
answer's status, content type and body as the schema declares them; and one therapist's
records never readable or changeable with the other's token."""

import json

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from otdesk.accounts.models import Role
from otdesk.api.services import create_token
from otdesk.students.models import TeamRole
from otdesk.testing import factories as f

pytestmark = pytest.mark.django_db
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
# Each therapist's student's names: never in an answer to the other therapist.
OURS = ("Maya", "Lopez")
THEIRS = ("Zora", "Quill")


@pytest.fixture(autouse=True)
def keep_the_test_connection():  # type: ignore[no-untyped-def]
    """The WSGI handler closes the database connection after each request, which would end
    the test's transaction (on PostgreSQL); Django's test client unhooks it the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def two_therapists(world):  # type: ignore[no-untyped-def]
    """The world's OT (Maya, a session) and an OT of the same district with a caseload of
    her own (Zora, a session), each with a read-write token."""
    other = world.outsider
    zora = f.make_student(world.school, first_name="Zora", last_name="Quill")
    f.add_to_team(zora, other, TeamRole.OT)
    f.make_line(f.make_iep(zora), minutes=30)
    mine = f.make_session(world.therapist, world.school, [world.student])
    theirs = f.make_session(other, world.school, [zora])
    _, ot_token = create_token(actor=world.therapist, name="Fuzz", scope="write", days=30)
    _, other_token = create_token(actor=other, name="Fuzz", scope="write", days=30)
    return {
        "ot": ot_token,
        "other": other_token,
        "ids": {"student_id": world.student.pk, "session_id": mine.pk},
        "their_ids": {"student_id": zora.pk, "session_id": theirs.pk},
    }


def _names_in(text: str, names: tuple[str, ...]) -> list[str]:
    return [name for name in names if name in text]


@schema.parametrize()
@settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
)
def test_the_api_keeps_to_its_schema(case, two_therapists):  # type: ignore[no-untyped-def]
    for who, others in (("ot", THEIRS), ("other", OURS)):
        response = case.call_and_validate(
            headers={"Authorization": f"Bearer {two_therapists[who]}"}, checks=CHECKS
        )
        assert response.status_code < 500
        assert not _names_in(response.text, others), (who, case.path, response.text[:300])


def _fill(path: str, ids: dict[str, int]) -> str:
    for name, value in ids.items():
        path = path.replace("{" + name + "}", str(value))
    return path


def test_one_therapists_records_are_not_found_with_the_others_token(two_therapists):  # type: ignore[no-untyped-def]
    """Every operation that names a record, with the other therapist's record ids: 404 for
    reads and for writes (or 422 when the body is wrong before the record is looked up),
    never the record."""
    body = {"reason": "Not mine", "version": 1}
    other = Client(HTTP_AUTHORIZATION=f"Bearer {two_therapists['other']}")
    ours = Client(HTTP_AUTHORIZATION=f"Bearer {two_therapists['ot']}")
    seen = []
    for path, operations in schema.raw_schema["paths"].items():
        if "{" not in path:
            continue
        for method in operations:
            url = _fill(path, two_therapists["ids"])
            if method == "get":
                theirs, own = other.get(url), ours.get(url)
            else:
                data = json.dumps(body)
                theirs = other.generic(method.upper(), url, data, content_type="application/json")
                own = None
            assert theirs.status_code == 404, (method, url, theirs.content)
            assert _names_in(theirs.content.decode(), OURS) == []
            if own is not None and "compliance" not in url:
                assert own.status_code == 200, (url, own.content)
            seen.append(f"{method.upper()} {path}")
    assert sorted(seen) == [
        "GET /api/v1/sessions/{session_id}",
        "GET /api/v1/students/{student_id}",
        "GET /api/v1/students/{student_id}/compliance",
        "GET /api/v1/students/{student_id}/goals",
        "GET /api/v1/students/{student_id}/ieps",
        "GET /api/v1/students/{student_id}/strategies",
        "POST /api/v1/sessions/{session_id}/sign",
        "POST /api/v1/sessions/{session_id}/void",
        "PUT /api/v1/sessions/{session_id}/note",
    ]


def test_a_parent_has_no_token_to_use(world):  # type: ignore[no-untyped-def]
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="API tokens are for the district's staff"):
        create_token(actor=world.parent, name="Mine", scope="read", days=30)
    operator = f.make_user(Role.OPERATOR, None, username="op")
    with pytest.raises(ValidationError):
        create_token(actor=operator, name="Mine", scope="read", days=30)
