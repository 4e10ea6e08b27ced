"""Every route, every persona, bad ids: never a server error.

The walk finds the routes itself (django.urls.get_resolver), so a new page is covered the
day it is added. Path ids are filled with a real record's id and with one too large for any
database. Query and form values: each persona first sends nothing, recording which
id-like names the view reads (from the query string or the form); then, one name at a
time, each bad value under each name read, and a real id under it to find the names the
view reads only once that one is good (each of those gets the bad values too). A POST carries
its values in the query string as well. A bad id must give a 4xx or a form error.
For speed each name of a route is given the bad values once per method, by the first
persona whose request reads it (a view parses a name the same way for everyone).

Every request runs in a savepoint that is rolled back, so each one sees the same records.
"""

import datetime as dt
import logging
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from urllib.parse import urlencode

import pytest
from django.db import transaction
from django.http import HttpResponse
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils.datastructures import MultiValueDict

from otdesk.delivery.models import MissedSession, MissReason, SessionPlan
from otdesk.testing import factories as f

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"
BAD_VALUES = ("²", "٣", "-1", "abc", HUGE)
ID_NAMES = (
    "student", "students", "planned", "plan", "makeup", "school", "classroom", "miss",
    "strategy", "program", "goal", "line", "session", "pk", "id", "item", "provider", "run",
    "block", "week_of", "teacher", "activity", "concern", "request",
)  # fmt: skip
ID_LIKE = re.compile(r"(^|_)(id|ids|pk)$")
# Routes that are not pages of ours, or that end the persona's session.
SKIPPED = ("admin/", "i18n/", "logout/", "favicon.ico")
PERSONAS = ("therapist", "cota", "teacher", "aide", "parent", "coordinator", "outsider")
HUGE_PERSONAS = ("therapist", "parent", "coordinator")
DENIED = {302, 403, 404}  # to the sign-in page, not allowed, not one of theirs
# Django's own reads while copying or encoding a query (not a view asking for a name).
COPYING = ("django/utils/datastructures.py", "django/http/request.py")
# The walk runs as one test per app, so the apps' routes are walked side by side (xdist).
APPS = ("students", "activities", "delivery", "programs", "workload", "scheduling", "core")
CONVERTER = re.compile(r"<(?:(\w+):)?(\w+)>")


def routes(patterns: list[object] | None = None, prefix: str = "") -> Iterator[tuple[str, str]]:
    """Every URL pattern as a route string such as 'students/<int:pk>/goals/<int:goal_id>/',
    with the app its view belongs to ('other' for Django's own)."""
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            yield from routes(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            module = getattr(pattern.callback, "__module__", "")
            app = next((app for app in APPS if module.startswith(f"otdesk.{app}.")), "other")
            yield prefix + str(pattern.pattern), app


@contextmanager
def names_read() -> Iterator[set[str]]:
    """The query and form names a view reads while the block runs."""
    seen: set[str] = set()
    originals = {
        name: getattr(MultiValueDict, name)
        for name in ("get", "getlist", "__getitem__", "__contains__")
    }

    def recorder(name: str) -> Callable[..., object]:
        original = originals[name]

        def record(self: MultiValueDict, key: object, *args: object) -> object:
            if not sys._getframe(1).f_code.co_filename.endswith(COPYING):
                seen.add(str(key))
            return original(self, key, *args)

        return record

    for name in originals:
        setattr(MultiValueDict, name, recorder(name))
    try:
        yield seen
    finally:
        for name, original in originals.items():
            setattr(MultiValueDict, name, original)


@pytest.fixture
def records(world):
    """One real record of each kind a route names, around the world's student."""
    classroom = world.student.classroom
    block = f.make_block(world.school)
    fixed = f.make_fixed_time(world.therapist)
    planned = f.make_planned(world.therapist, world.school, [world.student])
    session = f.make_session(world.therapist, world.school, [world.student])
    line = world.iep.service_lines.first()
    goal = world.iep.goals.first()
    strategy = world.student.strategies.first()
    session_plan = SessionPlan.objects.create(provider=world.therapist, session_type="push_in")
    session_plan.students.set([world.student])
    miss = MissedSession.objects.create(
        student=world.student,
        service_line=line,
        provider=world.therapist,
        planned=planned,
        date=dt.date(2026, 10, 5),
        minutes=30,
        reason=MissReason.STUDENT_ABSENT,
    )
    by_segment = {
        "students": world.student.pk,
        "family": world.student.pk,
        "sessions": session.pk,
        "today": planned.pk,
        "plan": planned.pk,
        "session": planned.pk,
        "booked": planned.pk,
        "school": world.school.pk,
        "classroom": classroom.pk,
        "block": block.pk,
        "fixed": fixed.pk,
        "plans": session_plan.pk,
        "missed": miss.pk,
        "makeups": miss.pk,
    }
    by_name = {
        "strategy_id": strategy.pk,
        "miss_id": miss.pk,
        "line_id": line.pk,
        "goal_id": goal.pk,
    }
    query = {name: str(world.student.pk) for name in ID_NAMES}
    query |= {
        "planned": str(planned.pk),
        "plan": str(session_plan.pk),
        "makeup": str(miss.pk),
        "miss": str(miss.pk),
        "school": str(world.school.pk),
        "classroom": str(classroom.pk),
        "strategy": str(strategy.pk),
        "goal": str(goal.pk),
        "line": str(line.pk),
        "session": str(session.pk),
        "block": str(block.pk),
        "provider": str(world.therapist.pk),
        "teacher": str(world.teacher.pk),
        "week_of": dt.date(2026, 10, 5).isoformat(),
    }
    return by_segment, by_name, query


def fill(route: str, by_segment: dict[str, int], by_name: dict[str, int], huge: bool) -> str:
    """The route with its parameters filled: a real record's id (or HUGE), 'abc' for text."""

    def value(match: re.Match[str]) -> str:
        kind, name = match.group(1) or "str", match.group(2)
        if kind != "int":
            return "abc"
        if huge:
            return HUGE
        if name in by_name:
            return str(by_name[name])
        segment = route[: match.start()].rstrip("/").rsplit("/", 1)[-1]
        return str(by_segment.get(segment, 1))

    return "/" + CONVERTER.sub(value, route)


def test_every_route_belongs_to_one_walk():
    found = list(routes())
    assert len(found) > 90
    assert {app for _, app in found} <= {*APPS, "other"}


@pytest.mark.parametrize("app", [*APPS, "other"])
def test_every_route_answers_bad_ids_without_a_server_error(world, records, app):
    by_segment, by_name, query = records
    clients = {"signed out": Client()}
    for persona in PERSONAS:
        clients[persona] = Client()
        clients[persona].force_login(getattr(world, persona))
    failures: list[str] = []

    def send(persona: str, method: str, url: str, data: dict[str, str]) -> tuple[int, set[str]]:
        """The status, and the id-like names the view read (from the query or the form)."""
        client = clients[persona]
        # A POST carries the values in its query string too: views read ?student= on POST.
        target = f"{url}?{urlencode(data)}" if method == "post" and data else url
        with names_read() as seen:
            try:
                with transaction.atomic():  # every write undone: each request sees the world
                    response: HttpResponse = getattr(client, method)(target, data)
                    transaction.set_rollback(True)
                status, why = response.status_code, ""
            except Exception as exc:  # the failure is the finding; record it and go on
                status, why = 500, f" {type(exc).__name__}: {str(exc)[:90]}"
        if status >= 500:
            failures.append(f"{method.upper()} {url} {data or ''} as {persona}: {status}{why}")
        return status, {name for name in seen if name in ID_NAMES or ID_LIKE.search(name)}

    def walk(route: str) -> None:
        url = fill(route, by_segment, by_name, huge=False)
        send("signed out", "get", url, {})
        tried: set[tuple[str, str]] = set()  # (method, name) already given the bad values

        def try_bad_values(persona: str, method: str, names: set[str], base: dict) -> None:
            # The first persona whose request reads a name tries the bad values under it;
            # the views parse a name the same way for everyone who gets that far.
            for name in sorted(names):
                if (method, name) in tried:
                    continue
                tried.add((method, name))
                for bad in BAD_VALUES:
                    send(persona, method, url, base | {name: bad})
                # A real id may lead the view on to read more names: try those too.
                if name in query and not base:
                    real = {name: query[name]}
                    try_bad_values(persona, method, send(persona, method, url, real)[1], real)

        for persona in PERSONAS:
            status, read = send(persona, "get", url, {})
            try_bad_values(persona, "get", read, {})
            if status not in DENIED:  # a person turned away on GET is turned away on POST
                try_bad_values(persona, "post", send(persona, "post", url, {})[1], {})
        if "<int:" in route:
            url = fill(route, by_segment, by_name, huge=True)
            for persona in HUGE_PERSONAS:
                if send(persona, "get", url, {})[0] not in DENIED:
                    send(persona, "post", url, {})

    quiet = logging.getLogger("django.request")
    level = quiet.level
    quiet.setLevel(logging.CRITICAL)  # thousands of expected 4xx warnings slow the walk
    try:
        for route, owner in routes():
            if owner == app and not route.startswith(SKIPPED):
                walk(route)
    finally:
        quiet.setLevel(level)
    assert failures == [], "\n".join(sorted(set(failures)))
