"""The parent summary for the IEP meeting: who reaches it, the portal's own minutes,
Spanish, the reporting period, and a one-page PDF."""

import datetime as dt
import io
from pathlib import Path
from zoneinfo import ZoneInfo

import pypdfium2
import pytest
import time_machine
from django.urls import reverse

from otdesk.accounts.models import Role
from otdesk.core.models import AuditEvent
from otdesk.progress.minutes import period_minutes
from otdesk.schools.models import ReportingPeriod
from otdesk.testing import factories as f
from otdesk.testing.login import sign_in

NOW = dt.datetime(2026, 10, 7, 12, 0, tzinfo=ZoneInfo("America/Chicago"))
SCREENSHOTS = Path(__file__).resolve().parents[3] / "screenshots"


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def sessions(world):
    f.make_session(world.therapist, world.school, [world.student], date=dt.date(2026, 10, 5))
    f.make_session(world.therapist, world.school, [world.student], date=dt.date(2026, 9, 28))


def get(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_who_reaches_the_summary(client, world, frozen):
    url = reverse("family:summary", args=[world.student.pk])
    pdf = reverse("family:summary_pdf", args=[world.student.pk])
    for persona in ("parent", "therapist", "cota"):
        sign_in(client, getattr(world, persona))
        assert client.get(url).status_code == 200, persona
    for persona in ("teacher", "coordinator", "aide", "outsider"):
        sign_in(client, getattr(world, persona))
        assert client.get(url).status_code == 404, persona
        assert client.get(pdf).status_code == 404, persona
    sign_in(client, f.make_user(Role.GUARDIAN, world.district))
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_the_minutes_are_the_portals_and_the_read_is_logged(client, world, frozen):
    sessions(world)
    sign_in(client, world.parent)
    portal = get(client, reverse("family:child", args=[world.student.pk]))
    assert "This school year so far: 180 minutes promised, 30 given." in portal
    html = get(client, reverse("family:summary", args=[world.student.pk]))
    assert "<h1>OT summary for Maya</h1>" in html
    assert '<th scope="row">Minutes promised</th><td>180</td>' in html
    assert '<th scope="row">Minutes given</th><td>30</td>' in html
    assert '<th scope="row">Minutes missed and owed</th><td>0</td>' in html
    assert '<th scope="row">Minutes made up</th><td>0</td>' in html
    assert "This week: 30 of 30 minutes given so far." in html
    assert "the school year so far (since" in html
    assert AuditEvent.objects.filter(
        student_id=world.student.pk, summary="Parent summary", user=world.parent
    ).exists()


def test_the_current_reporting_period_or_the_one_chosen(client, world, frozen):
    q1 = ReportingPeriod.objects.create(
        district=world.district,
        name="Quarter 1",
        start_date=dt.date(2026, 8, 20),
        end_date=dt.date(2026, 10, 30),
    )
    ReportingPeriod.objects.create(
        district=world.district,
        name="Quarter 2",
        start_date=dt.date(2026, 11, 2),
        end_date=dt.date(2027, 1, 22),
    )
    sign_in(client, world.therapist)
    url = reverse("family:summary", args=[world.student.pk])
    assert "Period: Quarter 1" in get(client, url)
    q2 = ReportingPeriod.objects.get(name="Quarter 2")
    assert "Period: Quarter 2" in get(client, f"{url}?period={q2.pk}")
    assert "Period: Quarter 1" in get(client, f"{url}?period=nonsense")
    assert q1.pk


def test_a_periods_minutes_are_the_progress_reports(client, world, frozen):
    """With a reporting period, the minutes are the period's (progress.minutes, the same
    numbers as the progress report), not the school year's."""
    sessions(world)
    q1 = ReportingPeriod.objects.create(
        district=world.district,
        name="Quarter 1",
        start_date=dt.date(2026, 9, 28),
        end_date=dt.date(2026, 10, 9),
    )
    lines = period_minutes(world.student, q1)["lines"]
    assert [(m["mandated"], m["provided"], m["remaining"]) for m in lines] == [
        (27, 0, 27),
        (60, 60, 0),
    ]
    sign_in(client, world.parent)
    html = get(client, reverse("family:summary", args=[world.student.pk]))
    assert "Period: Quarter 1" in html
    assert "This school year so far" not in html
    for promised, given, owed in [(27, 0, 27), (60, 60, 0)]:
        assert f'<th scope="row">Minutes promised</th><td class="num">{promised}</td>' in html
        assert f'<th scope="row">Minutes given</th><td class="num">{given}</td>' in html
        assert f'<th scope="row">Minutes still owed</th><td class="num">{owed}</td>' in html


def test_spanish_for_a_spanish_reading_family(client, world, frozen):
    sessions(world)
    sign_in(client, world.therapist)
    html = get(client, reverse("family:summary", args=[world.student.pk]) + "?lang=es")
    assert "<h1>Resumen de terapia ocupacional de Maya</h1>" in html
    assert '<th scope="row">Minutos prometidos</th><td>180</td>' in html
    assert "Para la reunión del IEP." in html


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_pdf_is_one_page_with_the_text_and_not_blank(client, world, frozen, lang):
    sessions(world)
    f.make_strategy(world.student)
    sign_in(client, world.therapist)
    url = reverse("family:summary_pdf", args=[world.student.pk]) + f"?lang={lang}"
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pdf = pypdfium2.PdfDocument(io.BytesIO(response.content))
    assert len(pdf) == 1
    page = pdf[0]
    text = page.get_textpage().get_text_range()
    heading = {"en": "OT summary for Maya", "es": "Resumen de terapia ocupacional de Maya"}
    assert heading[lang] in text
    assert "180" in text
    image = page.render(scale=1).to_pil()
    SCREENSHOTS.mkdir(exist_ok=True)
    image.save(SCREENSHOTS / f"summary-pdf-{lang}.png", format="PNG")
    assert sum(image.convert("L").histogram()[:200]) > 2000
    assert AuditEvent.objects.filter(
        student_id=world.student.pk, action=AuditEvent.Action.PRINT, summary="Parent summary PDF"
    ).exists()
