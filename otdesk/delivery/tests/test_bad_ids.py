"""Every id a delivery page reads from the query string or a form goes through the one id
parser: a bad id is a 404 or a form error in plain words, never a server error."""

import datetime as dt
import html
import zoneinfo

import pytest
import time_machine
from django.urls import reverse

from otdesk.delivery.forms import NOT_ON_THE_LIST
from otdesk.testing import factories as f
from otdesk.testing.login import sign_in

pytestmark = pytest.mark.django_db
FRIDAY = dt.datetime(2026, 10, 9, 15, 0, tzinfo=zoneinfo.ZoneInfo("America/Chicago"))
MON = dt.date(2026, 10, 5)
# A Unicode superscript and an Arabic-Indic digit (str.isdigit accepts both), a negative
# number, a number no database column holds, and nothing at all.
BAD = ["²", "٣", "-1", "99999999999999999999", ""]


@pytest.fixture(autouse=True)
def on_a_friday():
    with time_machine.travel(FRIDAY, tick=False):
        yield


@pytest.fixture
def therapist(client, world):
    client.force_login(world.therapist)
    return world.therapist


@pytest.mark.parametrize("bad", BAD)
@pytest.mark.parametrize("name", ["student", "planned", "plan", "makeup"])
def test_session_form_starting_point_with_a_bad_id_is_not_found(client, therapist, name, bad):
    response = client.get(reverse("delivery:log"), {name: bad})
    # No id at all is the plain form; anything else names no record of theirs.
    assert response.status_code == (200 if bad == "" else 404)


def test_an_arabic_indic_digit_does_not_stand_for_an_ascii_id(client, therapist, world):
    """'٣' is not 3: int() would read it so, and open record 3."""
    pk = world.student.pk
    digit = str(pk).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    assert client.get(reverse("delivery:log"), {"student": str(pk)}).status_code == 200
    assert client.get(reverse("delivery:log"), {"student": digit}).status_code == 404


def session_post(world, **extra):
    data = {
        "date": MON.isoformat(),
        "start": "09:00",
        "minutes": "30",
        "session_type": "push_in",
        "location": "general_ed",
        "students": [str(world.student.pk)],
        f"s{world.student.pk}-attendance": "present",
        f"s{world.student.pk}-targeted": "on",
    }
    return {**data, **extra}


@pytest.mark.parametrize("bad", BAD)
def test_logging_a_session_for_a_bad_student_id_says_so(client, therapist, world, bad):
    response = client.post(reverse("delivery:log"), session_post(world, students=[bad]))
    assert response.status_code == 400
    assert NOT_ON_THE_LIST in response.content.decode()


@pytest.mark.parametrize("bad", ["²", "٣", "-1", "99999999999999999999", "10000"])
def test_trials_must_be_ascii_digits_up_to_9999(client, therapist, world, bad):
    goal = f.make_goal(world.iep)
    prefix = f"s{world.student.pk}-g{goal.pk}"
    response = client.post(
        reverse("delivery:log"), session_post(world, **{f"{prefix}-trials": bad})
    )
    assert response.status_code == 400
    assert "Trials and correct are whole numbers up to 9999" in response.content.decode()


def test_blank_trials_log_the_session(client, therapist, world):
    goal = f.make_goal(world.iep)
    data = session_post(world, **{f"s{world.student.pk}-g{goal.pk}-trials": ""})
    assert client.post(reverse("delivery:log"), data).status_code == 302


@pytest.mark.parametrize("bad", ["²", "٣", "-1", "99999999999999999999"])
def test_a_bad_makeup_choice_says_so(client, therapist, world, bad):
    response = client.post(
        reverse("delivery:log"), session_post(world, **{f"s{world.student.pk}-makeup": bad})
    )
    assert response.status_code == 400
    text = html.unescape(response.content.decode())
    assert "Choose one of Maya Lopez's missed sessions to make up." in text


@pytest.mark.parametrize("bad", BAD)
def test_planning_a_session_with_bad_ids(client, therapist, world, bad):
    url = reverse("delivery:plan_session")
    # Listed in the address, a bad id selects nobody.
    assert client.get(url, {"students": bad, "student": bad, "goals": bad}).status_code == 200
    response = client.post(url, {"students": [bad], "goals": [bad], "session_type": "push_in"})
    assert response.status_code == 400
    assert NOT_ON_THE_LIST in response.content.decode()


@pytest.mark.parametrize("bad", BAD)
def test_logging_a_consultation_with_bad_ids(client, therapist, world, bad):
    url = reverse("delivery:consult_add")
    assert client.get(url, {"students": bad, "student": bad}).status_code == 200
    response = client.post(
        url,
        {
            "date": MON.isoformat(),
            "minutes": "20",
            "with_whom": ["teacher"],
            "method": "in_person",
            "students": [bad],
        },
    )
    assert response.status_code == 400
    assert NOT_ON_THE_LIST in response.content.decode()
    # Refreshing the students part with a bad id shows the form again, nothing chosen.
    assert client.post(url, {"students": [bad], "refresh": "1"}).status_code == 200


@pytest.mark.parametrize("bad", BAD)
def test_the_weekly_plan_form_with_bad_ids(client, therapist, world, bad):
    response = client.post(
        reverse("delivery:plan_add"),
        {
            "weekday": "0",
            "start": "09:00",
            "minutes": "30",
            "school": bad,
            "classroom": bad,
            "session_type": "push_in",
            "location": "general_ed",
            "students": [bad],
            "active_from": "2026-10-05",
        },
    )
    assert response.status_code == 400
    assert NOT_ON_THE_LIST in response.content.decode()


@pytest.mark.parametrize("bad", BAD)
def test_the_district_table_ignores_a_bad_school_or_provider(client, world, bad):
    sign_in(client, world.coordinator)
    response = client.get(
        reverse("delivery:district_compliance"), {"school": bad, "provider": bad, "status": "all"}
    )
    assert response.status_code == 200
    assert "Maya Lopez" in response.content.decode()
