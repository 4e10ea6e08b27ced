"""Two people changing one record (core/versions.py): the second save, made from the
version both opened, is refused with what the first saved beside what the second typed;
the typing is kept, the page now carries the current version, and saving again (after
merging) goes through. Service lines, goals, strategies, aide programs, unsigned notes,
the district's minutes policy, and the API's note (409)."""

import datetime as dt
import re
import zoneinfo
from typing import Any

import pytest
import time_machine
from django.forms import BaseForm
from django.test import Client
from django.urls import reverse

from otdesk.accounts.models import Role
from otdesk.api.services import create_token
from otdesk.core import versions
from otdesk.core.models import AuditEvent
from otdesk.delivery.forms import NoteForm
from otdesk.delivery.models import PolicyVersion, Session
from otdesk.programs import services as programs
from otdesk.programs.models import AideProgram
from otdesk.schools.models import District
from otdesk.students.forms import GoalForm, ServiceLineForm, StrategyForm
from otdesk.students.models import Goal, ServiceLine, Strategy, TeamRole
from otdesk.testing import factories as f
from otdesk.testing.login import sign_in

pytestmark = pytest.mark.django_db
CHICAGO = zoneinfo.ZoneInfo("America/Chicago")
NOW = dt.datetime(2026, 10, 7, 15, 0, tzinfo=CHICAGO)  # a Wednesday


@pytest.fixture(autouse=True)
def on_a_wednesday():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def second_ot(world):
    """Another OT on Maya's team, who writes her IEP too."""
    other = f.make_user(
        Role.OT, world.district, username="omar", first_name="Omar", last_name="Second"
    )
    f.add_to_team(world.student, other, TeamRole.OT)
    return other


def as_sent(form: BaseForm) -> dict[str, Any]:
    """What a browser sends for an unbound form as it opened: each box's value."""
    data: dict[str, Any] = {}
    for name in form.fields:
        value = form[name].value()
        if isinstance(value, bool):
            if value:
                data[name] = "on"
        elif isinstance(value, (list, tuple)):
            data[name] = [str(v) for v in value]
        elif value is None:
            data[name] = ""
        elif isinstance(value, dt.date):
            data[name] = value.isoformat()
        else:
            data[name] = str(value)
    return data


def client_of(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def version_in(html: str) -> str:
    found = re.search(r'name="version" value="(\d+)"', html)
    assert found, "the page carries no version"
    return found.group(1)


def test_a_stale_service_line_save_shows_both_keeps_the_typing_and_merges(world, second_ot):
    line = world.iep.service_lines.get(minutes=30)
    url = reverse("students:line_edit", args=[world.student.pk, line.pk])
    olive, omar = client_of(world.therapist), client_of(second_ot)
    assert version_in(olive.get(url).content.decode()) == "1"
    opened = as_sent(ServiceLineForm(instance=line))
    assert opened["version"] == "1"

    assert omar.post(url, {**opened, "minutes": "45"}).status_code == 302
    stale = olive.post(url, {**opened, "minutes": "60"})

    assert stale.status_code == 409
    html = stale.content.decode()
    assert "Omar Second saved this while you were editing it." in html
    assert "<dt>Minutes</dt>" in html
    assert "Saved by Omar Second:</span> 45</dd>" in html
    assert '<span class="who">Yours:</span> 60</dd>' in html
    assert html.count("<dt>") == 1  # only the minutes differ
    assert 'name="minutes" value="60"' in html  # the typing is kept
    assert version_in(html) == "2"
    line.refresh_from_db()
    assert (line.minutes, line.version) == (45, 2)

    merged = olive.post(url, {**opened, "minutes": "60", "version": version_in(html)})
    assert merged.status_code == 302
    line.refresh_from_db()
    assert (line.minutes, line.version) == (60, 3)
    updates = AuditEvent.objects.filter(
        object_type="students.serviceline", object_id=line.pk, action="update"
    ).order_by("pk")
    assert [(e.user_id, e.after["minutes"]) for e in updates] == [
        (second_ot.pk, 45),
        (world.therapist.pk, 60),
    ]


@pytest.mark.parametrize(
    ("route", "form_class", "record", "changed"),
    [
        ("students:goal_edit", GoalForm, Goal, "target"),
        ("students:strategy_edit", StrategyForm, Strategy, "description"),
    ],
)
def test_a_stale_goal_or_strategy_save_changes_nothing(
    world, second_ot, route, form_class, record, changed
):
    obj = record.objects.get()
    url = reverse(route, args=[world.student.pk, obj.pk])
    extra = {"student": world.student} if form_class is StrategyForm else {}
    opened = as_sent(form_class(instance=obj, **extra))
    theirs = {**opened, changed: "Theirs: writes 3 sentences"}
    assert client_of(second_ot).post(url, theirs).status_code == 302

    stale = client_of(world.therapist).post(url, {**opened, changed: "Mine: writes a word"})

    assert stale.status_code == 409
    html = stale.content.decode()
    assert "Saved by Omar Second:</span> Theirs: writes 3 sentences</dd>" in html
    assert "Yours:</span> Mine: writes a word</dd>" in html
    obj.refresh_from_db()
    assert (getattr(obj, changed), obj.version) == ("Theirs: writes 3 sentences", 2)


def test_a_form_without_its_version_is_refused_plainly(world):
    line = world.iep.service_lines.get(minutes=30)
    url = reverse("students:line_edit", args=[world.student.pk, line.pk])
    sent = as_sent(ServiceLineForm(instance=line))
    del sent["version"]

    response = client_of(world.therapist).post(url, {**sent, "minutes": "45"})

    assert response.status_code == 400
    assert versions.OUT_OF_DATE in response.content.decode()
    line.refresh_from_db()
    assert (line.minutes, line.version) == (30, 1)


def test_a_new_record_needs_no_version(world):
    url = reverse("students:goal_add", args=[world.student.pk])
    sent = as_sent(GoalForm(instance=Goal(iep=world.iep)))
    sent |= {"area": "fine_motor", "description": "Writes a sentence", "baseline": "Letters"}
    sent |= {"target": "3 sentences", "measurement": "work samples", "status": "active"}
    assert client_of(world.therapist).post(url, sent).status_code == 302
    assert Goal.objects.latest("pk").version == 1


@pytest.fixture
def program(world):  # type: ignore[no-untyped-def]
    """Maya's aide program, at version 1."""
    return programs.create_program(
        actor=world.therapist,
        student=world.student,
        title="Hand warm-up",
        activities="Putty",
        instructions="Squeeze the putty ten times.",
        times_per_week=3,
        minutes_each=10,
        start_date=dt.date(2026, 10, 1),
    )


def test_a_stale_program_change_keeps_one_version_in_history(world, second_ot, program):
    url = reverse("programs:revise", args=[program.pk])
    opened = as_sent_from(client_of(world.therapist), url)
    assert opened["version"] == "1"
    omar = {**opened, "minutes_each": "15", "change_note": "Longer warm-up"}
    assert client_of(second_ot).post(url, omar).status_code == 302

    mine = {**opened, "times_per_week": "5", "change_note": "Daily"}
    stale = client_of(world.therapist).post(url, mine)

    assert stale.status_code == 409
    html = stale.content.decode()
    assert "Saved by Omar Second:</span> 15</dd>" in html  # minutes each
    assert "Yours:</span> 10</dd>" in html
    assert "Saved by Omar Second:</span> 3</dd>" in html  # times a week
    assert "Yours:</span> 5</dd>" in html
    program.refresh_from_db()
    assert (program.version, program.minutes_each, program.times_per_week) == (2, 15, 3)
    assert program.versions.count() == 1

    again = client_of(world.therapist).post(
        url, {**mine, "minutes_each": "15", "version": version_in(html)}
    )
    assert again.status_code == 302
    program = AideProgram.objects.get()
    assert (program.version, program.minutes_each, program.times_per_week) == (3, 15, 5)
    assert list(program.versions.values_list("number", flat=True).order_by("number")) == [1, 2]


def test_a_check_in_opened_before_a_change_does_not_undo_it(world, second_ot, program):
    check_url = reverse("programs:check", args=[program.pk])
    opened = as_sent_from(client_of(world.therapist), check_url)
    assert (opened["version"], opened["new_instructions"]) == ("1", "Squeeze the putty ten times.")
    revise_url = reverse("programs:revise", args=[program.pk])
    omar = as_sent_from(client_of(second_ot), revise_url)
    omar.update(instructions="Squeeze the putty twenty times.", change_note="Stronger now")
    assert client_of(second_ot).post(revise_url, omar).status_code == 302

    # The steps box still holds what the page showed: saving it would put back Omar's
    # old steps, so the check-in is refused and shows both.
    mine = {**opened, "observation": "Carried out well", "fidelity": "4"}
    stale = client_of(world.therapist).post(check_url, mine)
    assert stale.status_code == 409
    html = stale.content.decode()
    assert "Saved by Omar Second:</span> Squeeze the putty twenty times.</dd>" in html
    assert "Yours:</span> Squeeze the putty ten times.</dd>" in html
    program.refresh_from_db()
    assert (program.version, program.instructions) == (2, "Squeeze the putty twenty times.")
    assert not program.checks.exists()

    merged = {**mine, "new_instructions": program.instructions, "version": version_in(html)}
    assert client_of(world.therapist).post(check_url, merged).status_code == 302
    program.refresh_from_db()
    assert (program.version, program.instructions) == (2, "Squeeze the putty twenty times.")
    assert list(program.checks.values_list("observation", "fidelity")) == [("Carried out well", 4)]

    # A check-in that changes no steps needs no fresh version.
    assert (
        client_of(world.therapist).post(check_url, {**mine, "new_instructions": ""}).status_code
        == 302
    )
    assert program.checks.count() == 2


def as_sent_from(client: Client, url: str) -> dict[str, Any]:
    """The boxes of a form page as it opened (text inputs, text areas, selected options)."""
    html = client.get(url).content.decode()
    sent = dict(
        re.findall(r'<input type="(?:text|number|hidden|date)" name="(\w+)" value="([^"]*)"', html)
    )
    for name, text in re.findall(r'<textarea name="(\w+)"[^>]*>\n?(.*?)</textarea>', html, re.S):
        sent[name] = text
    for name, options in re.findall(r'<select name="(\w+)"[^>]*>(.*?)</select>', html, re.S):
        chosen = re.search(r'<option value="([^"]*)" selected>', options)
        sent[name] = chosen.group(1) if chosen else ""
    sent.pop("csrfmiddlewaretoken", None)
    return sent


def test_a_note_saved_on_another_device_is_not_overwritten(world):
    session = f.make_session(world.therapist, world.school, [world.student])
    url = reverse("delivery:note", args=[session.pk])
    phone, laptop = client_of(world.therapist), client_of(world.therapist)
    opened = as_sent(NoteForm(instance=session))
    assert opened["version"] == "1"
    assert phone.post(url, {**opened, "objective": "Copied 4 of 5 letters."}).status_code == 302

    stale = laptop.post(url, {**opened, "plan": "Try the slant board."})

    assert stale.status_code == 409
    html = stale.content.decode()
    assert "Olive Ot saved this while you were editing it." in html
    assert "Saved by Olive Ot:</span> Copied 4 of 5 letters.</dd>" in html
    assert "<dt>O — objective</dt>" in html and "<dt>P — plan</dt>" in html
    session.refresh_from_db()
    assert (session.objective, session.plan, session.version) == ("Copied 4 of 5 letters.", "", 2)

    merged = {**opened, "objective": "Copied 4 of 5 letters.", "plan": "Try the slant board."}
    assert laptop.post(url, {**merged, "version": version_in(html)}).status_code == 302
    session.refresh_from_db()
    assert (session.objective, session.plan, session.version) == (
        "Copied 4 of 5 letters.",
        "Try the slant board.",
        3,
    )


def test_a_note_signed_on_another_device_sends_the_stale_one_to_addenda(world):
    session = f.make_session(world.therapist, world.school, [world.student])
    url = reverse("delivery:note", args=[session.pk])
    opened = as_sent(NoteForm(instance=session))
    signed = {**opened, "objective": "Done.", "sign": "on"}
    assert client_of(world.therapist).post(url, signed).status_code == 302
    # The laptop's form was opened before the note was signed; its page reloads as signed.
    laptop = client_of(world.therapist)
    response = laptop.post(url, {**opened, "objective": "Other words"}, follow=True)
    assert "This note is signed; add an addendum instead." in response.content.decode()
    session.refresh_from_db()
    assert (session.objective, session.status, session.version) == ("Done.", "signed", 2)


def test_two_coordinators_changing_the_policy(world, client):
    other = f.make_user(Role.COORDINATOR, world.district, username="coord2", first_name="Cara")
    url = reverse("delivery:policy")
    sign_in(client, world.coordinator)
    opened = as_sent_from(client, url)
    assert opened["version"] == "1"
    second = Client()
    sign_in(second, other)
    owed_by_default = ["provider_absent", "provider_pulled"]
    first = {**opened, "owed": [*owed_by_default, "student_absent"], "prorate_short_weeks": "on"}
    assert second.post(url, first).status_code == 302

    stale = client.post(url, {**opened, "owed": owed_by_default, "makeup_within_days": "30"})

    assert stale.status_code == 409
    html = stale.content.decode()
    assert f"{other.display_name} saved this while you were editing it." in html
    assert "Make-ups must be given within (days of the miss)</dt>" in html
    assert "Yours:</span> 30</dd>" in html
    assert PolicyVersion.objects.count() == 1
    assert District.objects.get().policy_version == 2


def test_claim_takes_a_version_once(world):
    line = ServiceLine.objects.filter(iep=world.iep).first()
    versions.claim(line, 1)
    assert ServiceLine.objects.get(pk=line.pk).version == 2
    again = ServiceLine.objects.get(pk=line.pk)
    with pytest.raises(versions.Stale) as refused:
        versions.claim(again, 1)
    assert refused.value.version == 2
    assert ServiceLine.objects.get(pk=line.pk).version == 2


def api(person) -> Client:
    _, plain = create_token(actor=person, name="Test", scope="write", days=30)
    return Client(HTTP_AUTHORIZATION=f"Bearer {plain}")


def test_the_api_refuses_a_stale_note_with_409(world):
    session = f.make_session(world.therapist, world.school, [world.student])
    client = api(world.therapist)
    url = f"/api/v1/sessions/{session.pk}/note"
    read = client.get(f"/api/v1/sessions/{session.pk}")
    assert read.json()["version"] == 1

    first = client.put(url, {"version": 1, "objective": "Copied 4 of 5."}, "application/json")
    assert first.status_code == 200
    assert (first.json()["version"], first.json()["objective"]) == (2, "Copied 4 of 5.")

    stale = client.put(url, {"version": 1, "plan": "Slant board"}, "application/json")
    assert stale.status_code == 409
    assert stale.json() == {
        "error": "Olive Ot saved this since the version you sent; it is at version 2 now. "
        "Read it again, merge your change, and send that version.",
        "fields": {},
    }
    session.refresh_from_db()
    assert (session.objective, session.plan, session.version) == ("Copied 4 of 5.", "", 2)

    signed = client.put(
        url, {"version": 2, "objective": "Copied 4 of 5.", "sign": True}, "application/json"
    )
    assert (signed.status_code, signed.json()["status"]) == (200, "signed")
    late = client.put(url, {"version": 3, "plan": "x"}, "application/json")
    assert (late.status_code, late.json()["error"]) == (409, "This note is signed already.")
    assert Session.objects.get().version == 3


def test_the_api_note_is_the_providers_own(world):
    session = f.make_session(world.therapist, world.school, [world.student])
    url = f"/api/v1/sessions/{session.pk}/note"
    outsider = api(world.outsider).put(url, {"version": 1, "plan": "x"}, "application/json")
    assert outsider.status_code == 404
    _, plain = create_token(actor=world.therapist, name="Read", scope="read", days=30)
    reader = Client(HTTP_AUTHORIZATION=f"Bearer {plain}")
    assert reader.put(url, {"version": 1, "plan": "x"}, "application/json").status_code == 403
    assert Session.objects.get().version == 1
