"""Today returns to the card just logged, missed or signed; the session form's students part
comes as an htmx partial; the long lists start with the group and the goals' suggestions."""

import datetime as dt
import re
import zoneinfo

import pytest
import time_machine
from django.urls import reverse

from otdesk.delivery import services
from otdesk.delivery.models import PlannedSession, Session
from otdesk.schools.models import NonSchoolDay
from otdesk.students.models import TeamRole
from otdesk.testing import factories as f

pytestmark = pytest.mark.django_db
CHICAGO = zoneinfo.ZoneInfo("America/Chicago")
FRIDAY = dt.datetime(2026, 10, 9, 15, 0, tzinfo=CHICAGO)
MON = dt.date(2026, 10, 5)
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture(autouse=True)
def on_a_friday_afternoon():
    with time_machine.travel(FRIDAY, tick=False):
        yield


def make_plan(world, *, weekday=0, students=None, start=dt.time(9, 0)) -> PlannedSession:
    planned = PlannedSession(
        weekday=weekday,
        start=start,
        minutes=30,
        school=world.school,
        session_type="push_in",
        location="general_ed",
        active_from=dt.date(2026, 9, 1),
    )
    return services.save_planned_session(
        actor=world.therapist, planned=planned, students=students or [world.student]
    )


def card(html: str, anchor: str) -> str:
    """The text of one card on Today."""
    match = re.search(rf'<li class="work-item[^"]*" id="{anchor}">(.*?)</li>', html, re.S)
    assert match, f"no card {anchor}"
    return match.group(1)


def top_messages(html: str) -> str:
    start = r'<main id="main" tabindex="-1">\s*'
    match = re.search(start + r'(<div class="messages".*?</div>)?', html, re.S)
    assert match
    return match.group(1) or ""


# Today -----------------------------------------------------------------------------------


def test_log_as_planned_returns_to_the_card_with_its_message_and_a_sign_button(client, world):
    plan = make_plan(world)
    client.force_login(world.therapist)
    response = client.post(reverse("delivery:quick_log", args=[plan.pk]), {"date": "2026-10-05"})
    anchor = f"plan-{plan.pk}-2026-10-05"
    assert response["Location"] == f"/today/?week=2026-10-05#{anchor}"
    html = client.get(response["Location"]).content.decode()
    on_card = card(html, anchor)
    assert (
        '<p class="message message-success">Logged 30 min for Maya Lopez on Mon 5 Oct 2026. '
        "Sign the note now, or write it first from View note.</p>"
    ) in on_card
    assert top_messages(html) == ""
    session = Session.objects.get()
    assert f'action="/sessions/{session.pk}/sign/"' in on_card
    assert '<input type="hidden" name="back" value="today">' in on_card
    assert "Not signed yet" in on_card
    # The message was shown once.
    assert "Logged 30 min" not in client.get(response["Location"]).content.decode()


def test_sign_from_the_card_is_one_tap_and_returns_to_the_card(client, world):
    plan = make_plan(world)
    client.force_login(world.therapist)
    client.post(reverse("delivery:quick_log", args=[plan.pk]), {"date": "2026-10-05"})
    session = Session.objects.get()
    sign = reverse("delivery:sign", args=[session.pk])
    anchor = f"plan-{plan.pk}-2026-10-05"
    client.get(reverse("delivery:week"))  # the logging message has been read
    response = client.post(sign, {"back": "today"})
    assert response["Location"] == f"/today/?week=2026-10-05#{anchor}"
    session.refresh_from_db()
    assert session.status == "signed"
    on_card = card(client.get(response["Location"]).content.decode(), anchor)
    assert "Signed. The note is now locked; corrections go in addenda." in on_card
    assert "Sign note" not in on_card
    assert '<span class="muted">Signed</span>' in on_card
    # Signing twice says so, on the card.
    response = client.post(sign, {"back": "today"}, follow=True)
    on_card = card(response.content.decode(), anchor)
    assert '<p class="message message-error">This note is already signed or voided.</p>' in on_card


def test_sign_from_the_card_is_the_providers_alone(client, world):
    plan = make_plan(world)
    client.force_login(world.therapist)
    client.post(reverse("delivery:quick_log", args=[plan.pk]), {"date": "2026-10-05"})
    session = Session.objects.get()
    sign = reverse("delivery:sign", args=[session.pk])
    client.force_login(world.outsider)
    assert client.post(sign, {"back": "today"}).status_code == 404
    client.force_login(world.cota)  # on Maya's team: reads the note, may not sign it
    assert client.post(sign, {"back": "today"}).status_code == 403
    session.refresh_from_db()
    assert session.status == "draft"
    # From the session page, signing still returns to the session page.
    client.force_login(world.therapist)
    assert client.post(sign)["Location"] == f"/sessions/{session.pk}/"


def test_missed_returns_to_the_card_with_its_message(client, world):
    plan = make_plan(world, weekday=2)
    client.force_login(world.therapist)
    url = reverse("delivery:missed", args=[plan.pk]) + "?date=2026-10-07"
    anchor = f"plan-{plan.pk}-2026-10-07"
    html = client.get(url).content.decode()
    assert f'<a href="/today/?week=2026-10-07#{anchor}">Cancel</a>' in html
    response = client.post(
        url,
        {
            "date": "2026-10-07",
            "minutes": "30",
            "reason": "provider_absent",
            "students": [world.student.pk],
        },
    )
    assert response["Location"] == f"/today/?week=2026-10-07#{anchor}"
    html = client.get(response["Location"]).content.decode()
    on_card = card(html, anchor)
    assert "Recorded as missed for 1 student. A make-up of 30 min is owed to each." in on_card
    assert ">Maya Lopez</a>" in on_card  # the link to plan her make-up
    assert top_messages(html) == ""


def test_a_message_whose_card_is_not_on_the_page_shows_at_the_top(client, world):
    plan = make_plan(world, weekday=1)
    NonSchoolDay.objects.create(district=world.district, date=dt.date(2026, 10, 6), name="PD day")
    client.force_login(world.therapist)
    response = client.post(
        reverse("delivery:quick_log", args=[plan.pk]), {"date": "2026-10-06"}, follow=True
    )
    html = response.content.decode()
    assert "Tue 6 Oct 2026 is not a school day in Test District." in top_messages(html)
    assert Session.objects.count() == 0


def test_today_is_marked_and_earlier_work_is_a_link_away(client, world):
    monday = make_plan(world, weekday=0)
    make_plan(world, weekday=4)
    client.force_login(world.therapist)
    html = client.get(reverse("delivery:week")).content.decode()
    assert (
        '<section class="day" id="day-2026-10-09" aria-labelledby="day-2026-10-09-title"'
        " data-today>"
    ) in html
    assert html.count("data-today") == 1
    assert (
        f'<a href="#plan-{monday.pk}-2026-10-05">1 session from earlier this week still to log</a>'
    ) in html
    assert '<script src="/static/otdesk/today.js" defer></script>' in html
    # Another week has no today.
    html = client.get(reverse("delivery:week") + "?week=2026-10-12").content.decode()
    assert "data-today" not in html
    assert "earlier this week" not in html


# Log with details ------------------------------------------------------------------------


@pytest.fixture
def caseload(world):
    """Maya and eleven more students on the therapist's caseload; one student elsewhere."""
    others = []
    for n in range(11):
        student = f.make_student(world.school, first_name=f"Pupil{n:02d}", last_name="Zed")
        iep = f.make_iep(student)
        f.make_line(iep)
        f.make_goal(iep, area="visual_motor", description=f"Copies shape {n}.")
        f.add_to_team(student, world.therapist, TeamRole.OT)
        others.append(student)
    stranger = f.make_student(world.school, first_name="Stranger", last_name="Danger")
    f.make_goal(f.make_iep(stranger), description="Not ours to see.")
    return {"others": others, "stranger": stranger}


def students_part(html: str) -> tuple[list[str], list[str]]:
    """The students shown first and those behind 'Everyone else', by label."""
    group = re.search(r'id="id_students_group"(.*?)</fieldset>', html, re.S)
    assert group
    shown = re.search(r'<div class="picker-shown"[^>]*>(.*?)</div></div>', group.group(1), re.S)
    rest = re.search(r'<div class="picker-list">(.*?)</div></div>', group.group(1), re.S)
    label = re.compile(r'<label for="id_students_\d+"><input[^>]*>\s*([^<(]+?) \(')
    return (
        label.findall(shown.group(1)) if shown else [],
        label.findall(rest.group(1)) if rest else [],
    )


def test_the_form_starts_with_the_planned_group_and_keeps_everyone_a_tap_away(
    client, world, caseload
):
    group = [world.student, caseload["others"][3]]
    plan = make_plan(world, students=group)
    client.force_login(world.therapist)
    url = reverse("delivery:log") + f"?planned={plan.pk}&date=2026-10-05"
    html = client.get(url).content.decode()
    shown, rest = students_part(html)
    assert shown == ["Maya Lopez", "Pupil03 Zed"]
    assert rest == [f"Pupil{n:02d} Zed" for n in range(11) if n != 3]
    assert "<summary>Everyone else on your caseload (10)</summary>" in html
    assert '<details class="picker-rest">' in html  # closed: the group is what matters
    assert '<label for="id_students_search">Find another student</label>' in html
    assert "Stranger" not in html
    # The refresh button is for browsers without JavaScript only.
    assert (
        '<noscript><button type="submit" name="refresh" value="1">Update students</button>'
        "</noscript>"
    ) in html
    # A session that was not planned: the whole caseload is open, with the search.
    html = client.get(reverse("delivery:log")).content.decode()
    shown, rest = students_part(html)
    assert shown == []
    assert len(rest) == 12
    assert '<details class="picker-rest" open>' in html


def test_ticking_a_student_fetches_their_part_as_an_htmx_partial(client, world, caseload):
    plan = make_plan(world)
    pupil = caseload["others"][0]
    goal = world.iep.goals.get()
    client.force_login(world.therapist)
    url = reverse("delivery:log") + f"?planned={plan.pk}&date=2026-10-05"
    response = client.post(
        url,
        {
            "refresh": "students",
            "date": "2026-10-05",
            "start": "09:00",
            "minutes": "30",
            "session_type": "push_in",
            "location": "general_ed",
            "students": [world.student.pk, pupil.pk, caseload["stranger"].pk],
            f"s{world.student.pk}-attendance": "present",
            f"s{world.student.pk}-targeted": "on",
            f"s{world.student.pk}-g{goal.pk}-trials": "5",
        },
        **HTMX,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="attendees" hx-post=')
    assert "<html" not in html and "<h1>" not in html
    assert re.findall(r'<h2 class="attendee-name">([^<]+)</h2>', html) == [
        "Maya Lopez",
        "Pupil00 Zed",
    ]
    # What was typed for Maya is kept; the new student's goal fields are there, empty.
    assert f'id="s{world.student.pk}-g{goal.pk}-trials" value="5"' in html
    pupil_goal = pupil.ieps.get().goals.get()
    assert f'id="s{pupil.pk}-g{pupil_goal.pk}-trials" value=""' in html
    assert "Copies shape 0." in html
    # A student off the caseload never appears, even when asked for.
    assert "Stranger" not in html and "Not ours to see." not in html
    # The activity list comes along, to replace the one on the page.
    assert 'id="id_library_activities_group" data-picker hx-swap-oob="true"' in html
    assert Session.objects.count() == 0
    # Without htmx the same request is the whole page (the no-JavaScript path).
    response = client.post(
        url, {"refresh": "1", "students": [world.student.pk, pupil.pk], "date": "2026-10-05"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Log a session</h1>" in html
    assert students_part(html)[0] == ["Maya Lopez", "Pupil00 Zed"]


def test_the_students_partial_is_for_the_students_own_providers(client, world, caseload):
    data = {"refresh": "students", "students": [world.student.pk]}
    client.force_login(world.teacher)
    assert client.post(reverse("delivery:log"), data, **HTMX).status_code == 404
    client.force_login(world.outsider)  # an OT, but not Maya's
    assert client.get(reverse("delivery:log") + f"?student={world.student.pk}").status_code == 404
    response = client.post(reverse("delivery:log"), data, **HTMX)
    assert response.status_code == 200
    assert "Maya" not in response.content.decode()
    plan = make_plan(world)
    url = reverse("delivery:log") + f"?planned={plan.pk}"
    assert client.post(url, data, **HTMX).status_code == 404  # someone else's plan


def test_the_activity_list_starts_with_the_goals_suggestions(client, world, caseload, library):
    plan = make_plan(world)
    client.force_login(world.therapist)
    url = reverse("delivery:log") + f"?planned={plan.pk}&date=2026-10-05"
    html = client.get(url).content.decode()
    part = re.search(r'id="id_library_activities_group"(.*?)</fieldset>', html, re.S)
    assert part
    shown = re.search(r'<div class="picker-shown"[^>]*>(.*?)</div></div>', part.group(1), re.S)
    assert shown
    names = re.findall(r"<input[^>]*>\s*([^<(]+?) \(", shown.group(1))
    # Maya's one goal is fine motor; the session is push-in: the library's first six
    # in-class fine-motor activities.
    assert names == [
        "Buttons practice",
        "Clothespins and tongs",
        "Coins in a slot",
        "Cutting practice",
        "Hide and find in therapy putty",
        "Keyboarding",
    ]
    rest = re.search(r"<summary>Every other activity in the library \((\d+)\)</summary>", html)
    assert rest and int(rest.group(1)) == 25 - len(names)
    assert '<label for="id_library_activities_search">Find another activity</label>' in html
