"""Session plans that log with their activities, and home programs on the web and as PDF."""

import datetime as dt
import io
import zoneinfo

import pypdfium2
import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from otdesk.activities.models import Activity, HomeProgram
from otdesk.activities.services import create_home_program
from otdesk.delivery import services as delivery
from otdesk.delivery.models import Session, SessionPlan
from otdesk.testing import factories as f
from otdesk.testing.browser import SCREENSHOTS
from otdesk.testing.login import sign_in

pytestmark = pytest.mark.django_db
FRIDAY = dt.datetime(2026, 10, 9, 15, 0, tzinfo=zoneinfo.ZoneInfo("America/Chicago"))


@pytest.fixture(autouse=True)
def on_a_friday():
    with time_machine.travel(FRIDAY, tick=False):
        yield


def by_key(*keys):
    return [Activity.objects.get(key=key) for key in keys]


def test_push_in_plans_take_only_activities_that_work_in_class(world):
    goal = world.iep.goals.get()
    with pytest.raises(ValidationError) as info:
        delivery.save_session_plan(
            actor=world.therapist,
            students=[world.student],
            goals=[goal],
            session_type="push_in",
            activities=by_key("cutting", "hammer-nails"),
        )
    assert info.value.message_dict == {
        "activities": [
            "Toy hammer and nails does not work inside a class activity; choose another."
        ]
    }


def test_plan_page_suggests_then_saves_and_logs_with_the_activities(client, world):
    client.force_login(world.therapist)
    goal = world.iep.goals.get()
    url = reverse("delivery:plan_session")
    response = client.post(
        url,
        {
            "students": [world.student.pk],
            "goals": [goal.pk],
            "session_type": "pull_out_group",
            "refresh": "1",
        },
    )
    html = response.content.decode()
    assert "Toy hammer and nails" not in html  # visual-motor/strengthening, not the goal's area
    assert "Hide and find in therapy putty" in html
    chosen = by_key("putty-hide-find", "tweezers")
    response = client.post(
        url,
        {
            "students": [world.student.pk],
            "goals": [goal.pk],
            "session_type": "push_in",
            "activities": [a.pk for a in chosen],
        },
    )
    assert response.status_code == 302
    plan = SessionPlan.objects.get()
    log_url = reverse("delivery:log") + f"?plan={plan.pk}"
    html = client.get(log_url).content.decode()
    assert "the planned activities are ticked" in html
    sid = world.student.pk
    response = client.post(
        log_url,
        {
            "date": "2026-10-09",
            "start": "09:30",
            "minutes": "30",
            "session_type": "push_in",
            "location": "general_ed",
            "students": [sid],
            "library_activities": [a.pk for a in chosen],
            f"s{sid}-attendance": "present",
            f"s{sid}-targeted": "on",
        },
    )
    assert response.status_code == 302
    session = Session.objects.get()
    plan.refresh_from_db()
    assert set(session.library_activities.all()) == set(chosen)
    assert plan.session == session
    client.force_login(world.outsider)
    assert client.get(reverse("delivery:plan_detail", args=[plan.pk])).status_code == 404


def make_home_program(world):
    return create_home_program(
        actor=world.therapist,
        student=world.student,
        activities=by_key("putty-hide-find", "clothespins-tongs", "buttons"),
        note="Try these after dinner.",
        note_es="Prueben después de la cena.",
    )


def test_home_program_needs_home_activities(world):
    with pytest.raises(ValidationError) as info:
        create_home_program(
            actor=world.therapist, student=world.student, activities=by_key("peg-light-board")
        )
    assert info.value.message_dict == {
        "activities": ["'Peg light board' is not one for home; choose another."]
    }


def test_home_program_form(client, world):
    client.force_login(world.therapist)
    url = reverse("activities:home_new", args=[world.student.pk])
    html = client.get(url).content.decode()
    assert html.index("Buttons practice") < html.index("Animal walks")  # goal matches first
    assert client.post(url, {"times_per_week": "3"}).status_code == 400
    response = client.post(
        url, {"activities": [a.pk for a in by_key("buttons")], "times_per_week": "2"}
    )
    assert response.status_code == 302
    assert HomeProgram.objects.get().times_per_week == 2


def test_sheet_in_english_and_spanish(client, world):
    program = make_home_program(world)
    client.force_login(world.parent)
    url = reverse("activities:sheet", args=[program.pk])
    html = client.get(url).content.decode()
    assert "Activities to do at home with Maya" in html
    assert "Try one activity 3 times a week, for about 10 minutes." in html
    assert "Hide and find in therapy putty" in html
    assert "Try these after dinner." in html
    html = client.get(url + "?lang=es").content.decode()
    assert "Actividades para hacer en casa con Maya" in html
    assert "Hagan una actividad 3 veces por semana, unos 10 minutos." in html
    assert "Esconder y buscar en plastilina terapéutica" in html
    assert "Practicar los botones" in html
    assert "Prueben después de la cena." in html
    assert "Qué necesitan:" in html
    # The page says which language it is in; a guardian's header is translated with it.
    assert '<html lang="es">' in html
    assert '<header class="topbar">' in html and "Cerrar sesión" in html
    assert '<html lang="en">' in client.get(url).content.decode()


def pdf_text_and_ink(content: bytes, png_name: str) -> tuple[str, int]:
    """The first page's text, and how many of its pixels are ink once rendered to PNG."""
    pdf = pypdfium2.PdfDocument(io.BytesIO(content))
    page = pdf[0]
    text = page.get_textpage().get_text_range()
    image = page.render(scale=1).to_pil()
    SCREENSHOTS.mkdir(exist_ok=True)
    image.save(SCREENSHOTS / png_name, format="PNG")
    ink = sum(image.convert("L").histogram()[:200])
    return text, ink


def test_pdf_opens_has_the_activities_and_is_not_blank(client, world):
    program = make_home_program(world)
    client.force_login(world.therapist)
    response = client.get(reverse("activities:pdf", args=[program.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = pypdfium2.PdfDocument(io.BytesIO(response.content))
    assert len(pdf) == 1
    text, ink = pdf_text_and_ink(response.content, "home-program-en.png")
    for name in ("Hide and find in therapy putty", "Clothespins and tongs", "Buttons practice"):
        assert name in text
    assert ink > 5000
    response = client.get(reverse("activities:pdf", args=[program.pk]) + "?lang=es")
    text, _ = pdf_text_and_ink(response.content, "home-program-es.png")
    assert "Actividades para hacer en casa con Maya" in text
    assert "Pinzas de ropa y tenazas" in text


def test_sheet_access(client, world):
    program = make_home_program(world)
    url = reverse("activities:sheet", args=[program.pk])
    for persona in ("outsider", "teacher", "aide", "coordinator"):
        sign_in(client, getattr(world, persona))
        assert client.get(url).status_code == 404, persona
    other_parent = f.make_user(world.parent.role, world.district)
    client.force_login(other_parent)
    assert client.get(url).status_code == 404
    assert client.get(reverse("activities:pdf", args=[program.pk])).status_code == 404
    client.force_login(world.parent)
    html = client.get(reverse("family:home")).content.decode()
    assert "Activities to do at home" in html
    assert client.get(url).status_code == 200


def test_suggesting_activities_shows_no_errors_before_saving(client, world):
    client.force_login(world.therapist)
    goal = world.iep.goals.get()
    response = client.post(
        reverse("delivery:plan_session"),
        {
            "students": [world.student.pk],
            "goals": [goal.pk],
            "session_type": "push_in",
            "refresh": "1",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Please fix" not in html
    assert "Clothespins and tongs" in html
