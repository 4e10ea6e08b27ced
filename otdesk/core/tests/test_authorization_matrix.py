"""The authorization matrix: every route from the resolver x every persona of PRODUCT.md.

Each route is classified in otdesk/testing/route_access.py (ROUTES: the relationship that
grants it); an unclassified route fails with its name and the line to add. For each route
and persona (otdesk/testing/personas.py: one world with real ids) the expected answer
follows from the classification: the page (2xx, or a redirect that is not the sign-in
page), 403 for those who may only read, 404 for everyone else signed in, the sign-in page
for anonymous. Every persona turned away on GET also POSTs the form the granted persona
was shown (real values, real ids): it must be turned away the same way and the database
must see no INSERT, UPDATE or DELETE. Every response is searched for the first and last
names of the children the persona may not know, and for the session notes' words (only the
therapists serving its students read session notes).

Known leaks (route_access.KNOWN_LEAKS) and access promised but not given yet (KNOWN_GAPS)
are listed: the test fails when one of them no longer happens (remove the entry when you
fix it) and when a new one appears.

The world is built once per module; every request runs in a savepoint that is rolled
back, so each sees the same records.
"""

import io
import logging
import re
from base64 import b32encode
from collections.abc import Iterator
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pypdfium2
import pytest
import time_machine
from django.conf import settings
from django.db import connection, transaction
from django.http import HttpResponse
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from otdesk.testing.personas import (
    KNOWS,
    NOTE_READERS,
    NOTE_TEXTS,
    NOW,
    PERSONAS,
    SIGNED_IN,
    MatrixWorld,
    build_world,
    clients,
    unknown_names,
)
from otdesk.testing.route_access import (
    KNOWN_GAPS,
    KNOWN_LEAKS,
    ROUTES,
    Rule,
    classify_help,
    classify_hint,
    fill,
    record,
    rule_for,
)

pytestmark = pytest.mark.django_db

CONVERTER = re.compile(r"<(?:(\w+):)?(\w+)>")
WRITES = re.compile(r"^\s*(INSERT|UPDATE|DELETE)\b", re.IGNORECASE)
# Tables a request may write without changing a record: the session of the signed-in client.
QUIET_TABLES = ("django_session", "axes_")
TEXT_TYPES = ("text/", "application/json", "application/javascript")
# The query names by which pages are asked about a student (the new-session, plan,
# consultation and program forms read them), and the children asked about, in order; a
# second probe asks about the child's records (?planned=, ?miss=, ?program=...).
PROBE_NAMES = ("student", "students", "child")
PROBED = ("benedikt", "marisol", "ottilie", "wendell")


def routes(patterns: list[object] | None = None, prefix: str = "", ns: str = "") -> Iterator:
    """(key, route) for every URL pattern: the key is 'namespace:name', the route in place
    of the name for an unnamed pattern."""
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{ns}{pattern.namespace}:" if pattern.namespace else ns
            yield from routes(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            route = prefix + str(pattern.pattern)
            yield f"{ns}{pattern.name or route}", route


ALL_ROUTES = sorted(set(routes()))


@pytest.fixture(scope="module")
def matrix(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    with django_db_blocker.unblock(), time_machine.travel(NOW, tick=False), transaction.atomic():
        world = build_world()
        yield world, clients(world)
        transaction.set_rollback(True)


def test_every_route_is_classified():
    missing = [(key, route) for key, route in ALL_ROUTES if rule_for(key) is None]
    assert not missing, "\n".join(
        ["Unclassified routes; add one line per route to ROUTES in otdesk/testing/route_access.py:"]
        + [classify_hint(key, route) for key, route in missing]
        + [classify_help()]
    )
    keys = {key for key, _ in ALL_ROUTES}
    stale = [key for key in ROUTES if not key.endswith(":*") and key not in keys]
    assert not stale, f"ROUTES names routes that no longer exist (remove them): {stale}"
    unknown = [leak for leak in KNOWN_LEAKS | KNOWN_GAPS if leak[0] not in keys]
    assert not unknown, f"KNOWN_LEAKS or KNOWN_GAPS names routes that no longer exist: {unknown}"


# What a person would type into an empty box, by the box's type (a valid form gets as far
# as the write, so a missing gate shows as a write).
TYPED = {
    "text": "Matrix check",
    "search": "",
    "number": "1",
    "date": "2026-10-08",
    "time": "09:00",
    "email": "matrix@example.org",
    "url": "https://example.org/",
    "tel": "555 0100",
    "password": "",
    "hidden": "",
}


def test_every_persona_is_signed_in_for_real(matrix):
    """A persona stopped before the pages (say, sent to a second sign-in step) would pass
    every 'ok' by a redirect: each must get their menu page, the operator the admin."""
    _, by_persona = matrix
    for persona in SIGNED_IN:
        response, _ = send(by_persona[persona], "get", "/more/", {})
        assert response.status_code == 200, (
            f"{persona} does not reach /more/ ({words(response)}): switch "
            "otdesk/testing/personas.py: log_in to the sign-in the project requires"
        )
    response, _ = send(by_persona["operator"], "get", "/admin/", {})
    assert response.status_code == 200, f"the operator does not reach /admin/: {words(response)}"


def test_the_admin_shows_no_one_a_persons_second_factor(matrix):
    """The operator's admin lists two-factor devices but never their secrets: the
    authenticator key (its change page, config page, QR code) nor the recovery codes."""
    world, by_persona = matrix
    operator = by_persona["operator"]
    with transaction.atomic():
        app = TOTPDevice.objects.get(user=world.people["coordinator"])
        codes = StaticDevice.objects.create(user=app.user, name="Recovery codes")
        StaticToken.objects.create(device=codes, token="matrixcode1")
        pages = {
            f"/admin/otp_totp/totpdevice/{app.pk}/change/": 200,
            f"/admin/otp_totp/totpdevice/{app.pk}/config/": 403,
            f"/admin/otp_totp/totpdevice/{app.pk}/qrcode/": 403,
            f"/admin/otp_static/staticdevice/{codes.pk}/change/": 200,
        }
        secrets = (app.key, b32encode(app.bin_key).decode(), "matrixcode1")
        for url, status in pages.items():
            response = operator.get(url)
            text = response.content.decode()
            assert response.status_code == status, url
            assert [s for s in secrets if s in text] == [], url
        transaction.set_rollback(True)


class FormReader(HTMLParser):
    """The fields of the page's POST forms, as a browser would send them, with empty boxes
    filled as a person would (TYPED), an unchosen radio group or list on its first choice."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[str, dict[str, list[str]]]] = []
        self._form: dict[str, list[str]] | None = None
        self._radios: dict[str, str] = {}
        self._select: str | None = None
        self._options: list[str] = []
        self._chosen: list[str] = []
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            if a.get("method", "get").lower() == "post":
                self._form, self._radios = {}, {}
                self.forms.append((a.get("action", ""), self._form))
            return
        form = self._form
        if form is None:
            return
        if tag == "option" and self._select is not None:
            value = a.get("value", "")
            self._options.append(value)
            if "selected" in a:
                self._chosen.append(value)
            return
        name = a.get("name", "")
        if not name:
            return
        if tag == "input":
            kind = a.get("type", "text").lower()
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind == "radio" and a.get("value"):
                self._radios.setdefault(name, a["value"])
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            value = a.get("value", "on" if kind == "checkbox" else "")
            form.setdefault(name, []).append(value or TYPED.get(kind, ""))
        elif tag == "select":
            self._select, self._options, self._chosen = name, [], []
        elif tag == "textarea":
            self._textarea = name
            form.setdefault(name, []).append("")

    def handle_endtag(self, tag: str) -> None:
        form = self._form
        if form is None:
            return
        if tag == "form":
            for name, first in self._radios.items():
                if not any(form.get(name, [])):
                    form[name] = [first]
            self._form = None
        elif tag == "select" and self._select is not None:
            filled = [o for o in self._options if o]
            form[self._select] = [c for c in self._chosen if c] or filled[:1]
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            values = form[self._textarea]
            values[-1] = values[-1].strip() or TYPED["text"]
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea is not None and self._form is not None:
            self._form[self._textarea][-1] += data


def form_of(html: str, url: str) -> dict[str, list[str]]:
    """The POST form of the page that posts back to its own address (else nothing)."""
    reader = FormReader()
    reader.feed(html)
    for action, fields in reader.forms:
        if action in ("", url) or urlsplit(action).path == url:
            return fields
    return {}


def test_the_form_reader_sends_what_a_person_would():
    page = """
    <form method="get" action="/search/"><input name="q"></form>
    <form method="post" action="">
      <input type="hidden" name="csrfmiddlewaretoken" value="t">
      <input type="date" name="date"><input type="number" name="minutes" value="30">
      <input type="radio" name="outcome" value=""><input type="radio" name="outcome" value="keep">
      <input type="radio" name="outcome" value="modify">
      <input type="checkbox" name="students" value="7" checked>
      <input type="checkbox" name="students" value="8">
      <select name="reason"><option value="">---</option><option value="absent">A</option>
      </select>
      <textarea name="note"></textarea><textarea name="kept">As written</textarea>
      <button name="save" value="1">Save</button>
    </form>"""
    assert form_of(page, "/sessions/1/") == {
        "csrfmiddlewaretoken": ["t"],
        "date": ["2026-10-08"],
        "minutes": ["30"],
        "students": ["7"],
        "reason": ["absent"],
        "note": ["Matrix check"],
        "kept": ["As written"],
        "outcome": ["keep"],
    }


def body(response: HttpResponse) -> str:
    """The text of the response: a page, a feed, or a PDF's words."""
    content = (
        b"".join(response.streaming_content)  # type: ignore[arg-type]
        if response.streaming
        else response.content
    )
    kind = response.get("Content-Type", "text/html")
    if kind.startswith(TEXT_TYPES):
        return content.decode(errors="replace")
    if kind.startswith("application/pdf") and content:
        pdf = pypdfium2.PdfDocument(io.BytesIO(content))
        return " ".join(page.get_textpage().get_text_range() for page in pdf)
    return ""  # an image: no words


class Writes:
    """The write statements a request sent to the database (the session's left out)."""

    def __init__(self) -> None:
        self.statements: list[str] = []

    def __call__(self, execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        if WRITES.match(sql) and not any(table in sql for table in QUIET_TABLES):
            self.statements.append(sql[:80])
        return execute(sql, params, many, context)


def send(client: Client, method: str, url: str, data: dict) -> tuple[HttpResponse, list[str]]:
    writes = Writes()
    with connection.execute_wrapper(writes), transaction.atomic():
        response = getattr(client, method)(url, data)
        if response.streaming:
            response.content_text = body(response)  # read inside the savepoint
        transaction.set_rollback(True)
    return response, writes.statements


def post_and_read(
    client: Client, url: str, data: dict, world: MatrixWorld, rule: Rule
) -> tuple[dict, dict]:
    """The guarded record's fields before and after the POST (read inside its savepoint)."""
    obj = record(world, rule.guarded_record)
    rows = type(obj)._default_manager.filter(pk=obj.pk)
    before = rows.values(*rule.guarded_fields).get()
    with transaction.atomic():
        client.post(url, data)
        after = rows.values(*rule.guarded_fields).get()
        transaction.set_rollback(True)
    return before, after


def is_sign_in(response: HttpResponse, admin: bool) -> bool:
    target = "/admin/login/" if admin else resolve_url(settings.LOGIN_URL)
    return response.status_code == 302 and urlsplit(response["Location"]).path == target


def outcome(rule: Rule, persona: str) -> str:
    if persona in dict(rule.answers_for):
        return dict(rule.answers_for)[persona]
    if persona in rule.ok:
        return "ok"
    if persona == "anonymous":
        return "sign-in"
    if persona in rule.read_only:
        return "403"
    return str(rule.hidden)


def answers(response: HttpResponse, expected: str, admin: bool) -> bool:
    """Whether the answer is the expected one. 'ok' is let through the gate: a page, a
    redirect that is not the sign-in page, or a form's 400 (a POST of a form's values).
    In the admin the operator may also get 403: the admin refuses changes to records with a
    legal life (signed notes, audit events), which the admin's own tests pin down."""
    status = response.status_code
    if expected == "ok":
        refused = (404,) if admin else (403, 404)
        return status < 500 and status not in refused and not is_sign_in(response, admin)
    if expected == "sign-in":
        return is_sign_in(response, admin)
    return status == int(expected)


def words(response: HttpResponse) -> str:
    status = response.status_code
    if status in (301, 302):
        return f"{status} to {response['Location']}"
    return str(status)


def post_form(client: Client, url: str) -> dict[str, list[str]]:
    """The form a POST-only route receives: the one on the page above it (the session page
    holds the sign, addendum and void forms), as the granted persona sees it."""
    parent = url.split("?")[0].rstrip("/").rsplit("/", 1)[0] + "/"
    response, _ = send(client, "get", parent, {})
    return form_of(body(response), url) if response.status_code == 200 else {}


@pytest.mark.parametrize(("key", "route"), ALL_ROUTES, ids=[k for k, _ in ALL_ROUTES])
def test_route_answers_each_persona_as_classified(matrix, key, route):
    world, by_persona = matrix
    rule = rule_for(key)
    if rule is None:
        pytest.fail(f"{key} is not classified: see test_every_route_is_classified")
    url = fill(route, world, rule, key)
    admin = key.startswith("admin:")
    found: dict[tuple[str, str], str] = {}  # (persona, check) -> what happened

    def search(persona: str, method: str, response: HttpResponse) -> None:
        text = getattr(response, "content_text", None) or body(response)
        leaked = [name for name in unknown_names(rule.speaks_for or persona) if name in text]
        if leaked:
            found[(persona, "names")] = f"{method} shows {', '.join(leaked)}"
        shown = [note for note in NOTE_TEXTS if note in text]
        if persona not in NOTE_READERS and shown:
            found[(persona, "notes")] = f"{method} shows a session note ({shown[0]!r})"

    def probe(persona: str) -> None:
        """The page asked about a child the persona does not know (?student=<id>): it
        must not show that child."""
        strangers = [c for c in PROBED if c not in KNOWS[rule.speaks_for or persona]]
        if not strangers:
            return  # the operator knows every child
        stranger = strangers[0]
        pk = str(world.students[stranger].pk)
        response, _ = send(by_persona[persona], "get", url, {name: pk for name in PROBE_NAMES})
        search(persona, f"GET ?student={pk} ({stranger})", response)
        records = world.records["asked_about"].get(stranger)
        if records:
            asked = {name: str(obj.pk) for name, obj in records.items()}
            response, _ = send(by_persona[persona], "get", url, asked)
            search(persona, f"GET asked about {stranger}'s records {asked}", response)

    quiet = logging.getLogger("django.request")
    level = quiet.level
    quiet.setLevel(logging.CRITICAL)  # hundreds of expected 403/404 warnings
    form: dict[str, list[str]] = {}
    try:
        got: dict[str, HttpResponse] = {}
        for persona in PERSONAS:
            expected = outcome(rule, persona)
            response, writes = send(by_persona[persona], "get", url, {})
            got[persona] = response
            search(persona, "GET", response)
            shows_form = persona == (rule.form_from or persona)
            if expected == "ok" and shows_form and not form and response.status_code == 200:
                form = form_of(body(response), url)
            if expected != "ok" and writes:
                found[(persona, "writes")] = f"GET wrote: {writes}"
        # A POST-only route answers GET with 405 to everyone signed in (login_required
        # first sends anonymous to sign in); its gate is checked by the POSTs below.
        post_only = all(got[p].status_code == 405 for p in SIGNED_IN)
        for persona in PERSONAS:
            expected = outcome(rule, persona)
            # (The JSON API sends no one to sign in: its POST below is checked.)
            checked = not post_only or (persona == "anonymous" and expected == "sign-in")
            if checked and not answers(got[persona], expected, admin):
                found[(persona, "GET")] = f"GET gave {words(got[persona])}, expected {expected}"
        # A route no persona is granted here (the JSON API's) POSTs an empty form.
        granted = next((p for p in PERSONAS if p in rule.ok), None)
        if post_only and not form and granted is not None:
            form = post_form(by_persona[granted], url)
        form = {**form, **{name: [value] for name, value in rule.post_values}}
        for persona in PERSONAS:
            expected = outcome(rule, persona)
            if rule.no_post or (expected == "ok" and not post_only):
                continue
            response, writes = send(by_persona[persona], "post", url, form)
            search(persona, "POST", response)
            # 405: the route takes no POST from anyone (a page that only reads).
            if not answers(response, expected, admin) and not (
                expected != "ok" and response.status_code == 405
            ):
                found[(persona, "POST")] = f"POST gave {words(response)}, expected {expected}"
            if expected != "ok" and writes:
                found[(persona, "writes")] = f"POST wrote: {writes}"
        for persona in rule.guard_for:
            if rule.guarded_fields:
                kept, now = post_and_read(by_persona[persona], url, form, world, rule)
                if now != kept:
                    found[(persona, "writes")] = (
                        f"POST changed {rule.guarded_record}: {kept} -> {now}"
                    )
                continue
            response, writes = send(by_persona[persona], "post", url, form)
            table = f'"{rule.guarded_table}"'
            changed = [sql for sql in writes if table in sql.split(" SET ")[0].split(" (")[0]]
            if changed:
                found[(persona, "writes")] = f"POST changed {rule.guarded_table}: {changed}"
        for persona in PERSONAS:
            if persona in rule.ok and persona != "anonymous":
                probe(persona)
    finally:
        quiet.setLevel(level)

    listed = KNOWN_LEAKS | KNOWN_GAPS
    known = {(p, check): why for (k, p, check), why in listed.items() if k == key}
    new = [f"{url} as {p}: {what}" for (p, check), what in found.items() if (p, check) not in known]
    gone = [f"{key} as {p} ({check}): {why}" for (p, check), why in known.items()
            if (p, check) not in found]  # fmt: skip
    assert not new, f"{key} ({rule.name}):\n" + "\n".join(new)
    assert not gone, (
        "A known leak or gap no longer happens; remove it from KNOWN_LEAKS or KNOWN_GAPS in "
        "otdesk/testing/route_access.py:\n" + "\n".join(gone)
    )
