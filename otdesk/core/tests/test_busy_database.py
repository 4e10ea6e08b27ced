"""A save that waited past SQLite's busy timeout (many saves at once), or that PostgreSQL
rolled back to break a deadlock, answers 503 with Retry-After: the API in JSON, a page in
words; nothing else is turned into a 503."""

import json

import pytest
from django.db import OperationalError
from django.http import HttpResponse
from django.test import RequestFactory

from otdesk.core.middleware import BUSY, BusyDatabaseMiddleware

pytestmark = pytest.mark.django_db


def middleware() -> BusyDatabaseMiddleware:
    return BusyDatabaseMiddleware(lambda request: HttpResponse())


def test_the_api_says_busy_in_json_with_retry_after():
    request = RequestFactory().post("/api/v1/sessions")
    answer = middleware().process_exception(request, OperationalError("database is locked"))
    assert answer is not None
    assert (answer.status_code, answer["Retry-After"]) == (503, "1")
    assert json.loads(answer.content) == {"error": BUSY, "fields": {}}


def test_a_page_says_busy_in_words(world):
    request = RequestFactory().post("/sessions/new/")
    request.user = world.therapist
    answer = middleware().process_exception(request, OperationalError("database is locked"))
    assert answer is not None
    assert (answer.status_code, answer["Retry-After"]) == (503, "1")
    html = answer.content.decode()
    assert "Busy for a moment" in html
    assert "Wait a second and send it again: it will go through." in html


def test_a_deadlock_postgresql_broke_is_busy_too():
    request = RequestFactory().post("/api/v1/sessions")
    deadlock = OperationalError(
        "deadlock detected\nDETAIL:  Process 7 waits for ShareLock on transaction 9; blocked "
        "by process 8."
    )
    answer = middleware().process_exception(request, deadlock)
    assert answer is not None
    assert (answer.status_code, answer["Retry-After"]) == (503, "1")


def test_other_database_errors_are_left_alone():
    request = RequestFactory().get("/api/v1/sessions")
    assert middleware().process_exception(request, OperationalError("no such table")) is None
    assert middleware().process_exception(request, ValueError("locked")) is None
