"""Consultation logs credit consultation lines, never direct ones."""

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from otdesk.delivery import services
from otdesk.delivery.models import ConsultationLog
from otdesk.delivery.queries import student_compliance
from otdesk.students.models import Concern
from otdesk.testing.login import sign_in

pytestmark = pytest.mark.django_db
FRIDAY = dt.datetime(2026, 10, 9, 15, 0, tzinfo=zoneinfo.ZoneInfo("America/Chicago"))


@pytest.fixture(autouse=True)
def on_a_friday():
    with time_machine.travel(FRIDAY, tick=False):
        yield


def current(student, kind):
    [item] = [c for c in student_compliance(student, FRIDAY.date()) if c.line.kind == kind]
    return item.current


def consult(world, **kwargs):
    defaults = dict(
        actor=world.therapist,
        date=dt.date(2026, 10, 7),
        minutes=20,
        with_whom=["teacher"],
        method="in_person",
        students=[world.student],
    )
    return services.log_consultation(**{**defaults, **kwargs})


def test_consultation_credits_the_consultation_line_not_the_direct_line(world):
    consult(world, minutes=20)
    consult(world, minutes=25, date=dt.date(2026, 10, 1), with_whom=["teacher", "aide"])
    october = current(world.student, "consultation")
    assert (october.required, october.delivered, october.remaining) == (60, 45, 15)
    assert current(world.student, "direct").delivered == 0


def test_voided_consultation_stops_counting(world):
    log = consult(world)
    services.void_consultation(actor=world.therapist, log=log, reason="Wrong day")
    assert current(world.student, "consultation").delivered == 0
    assert ConsultationLog.objects.count() == 1


def test_consultation_validation(world):
    with pytest.raises(ValidationError) as info:
        consult(world, with_whom=[])
    assert info.value.message_dict == {"with_whom": ["Say who you consulted with."]}
    with pytest.raises(ValidationError) as info:
        consult(world, date=dt.date(2026, 10, 12))
    assert info.value.message_dict == {
        "date": ["A consultation cannot be logged for a future date."]
    }
    other = world.outsider
    with pytest.raises(ValidationError) as info:
        consult(world, actor=other)
    assert info.value.messages == ["Maya Lopez is not on your caseload."]


def test_consultation_pages(client, world):
    client.force_login(world.therapist)
    url = reverse("delivery:consult_add") + f"?student={world.student.pk}"
    html = client.get(url).content.decode()
    assert "Maya: Triangular pencil grip" in html
    response = client.post(url, {"date": "2026-10-08", "minutes": "15", "method": "phone"})
    assert response.status_code == 400
    assert "Say who you consulted with." in response.content.decode()
    strategy = world.student.strategies.get()
    response = client.post(
        url,
        {
            "date": "2026-10-08",
            "minutes": "15",
            "method": "phone",
            "with_whom": ["teacher", "parent"],
            "students": [world.student.pk],
            "strategies": [strategy.pk],
            "discussed": "Grip is working.",
        },
    )
    assert response.status_code == 302
    log = ConsultationLog.objects.get()
    assert (log.with_whom_words, list(log.strategies.all())) == ("Teacher, Parent", [strategy])
    html = client.get(reverse("delivery:consultations")).content.decode()
    assert "phone with teacher, parent" in html
    for persona in ("teacher", "aide", "parent", "coordinator"):
        sign_in(client, getattr(world, persona))
        assert client.get(reverse("delivery:consultations")).status_code == 404
    client.force_login(world.outsider)
    void = reverse("delivery:consult_void", args=[log.pk])
    assert client.post(void, {"reason": "x"}).status_code == 404


# New concerns raised in a consultation reach the Team page --------------------------------


def test_new_concerns_of_a_consultation_reach_the_team_page_of_those_who_serve(client, world):
    log = consult(world, new_concerns="Falls often on the playground.")
    concern = Concern.objects.get()
    assert (concern.student, concern.raised_by, concern.text, concern.status) == (
        world.student,
        world.therapist,
        "Falls often on the playground.",
        "open",
    )
    assert log.students.get().concern == concern
    team = reverse("students:team_queue")
    link = reverse("delivery:consultation", args=[log.pk])
    for persona in ("therapist", "cota"):  # both serve Maya
        sign_in(client, getattr(world, persona))
        html = client.get(team).content.decode()
        assert "New concerns (1)" in html
        assert "“Falls often on the playground.”" in html
        assert (
            f'Olive Ot, Fri 9 Oct 2026, in <a href="{link}">a consultation on Wed 7 Oct 2026</a>'
            " with teacher" in html
        )
        page = client.get(link)
        assert page.status_code == 200
        assert "Falls often on the playground." in page.content.decode()
    # Only the provider who logged it may void it.
    assert "Void this entry" not in page.content.decode()
    client.force_login(world.therapist)
    assert "Void this entry" in client.get(link).content.decode()


def test_an_outsider_sees_neither_the_concern_nor_the_consultation(client, world):
    log = consult(world, new_concerns="Falls often on the playground.")
    client.force_login(world.outsider)
    html = client.get(reverse("students:team_queue")).content.decode()
    assert "New concerns (0)" in html and "Falls often" not in html
    assert client.get(reverse("delivery:consultation", args=[log.pk])).status_code == 404
    concern = log.students.get().concern
    assert client.get(reverse("students:concern_answer", args=[concern.pk])).status_code == 404
    for persona in ("coordinator", "parent", "aide"):
        sign_in(client, getattr(world, persona))
        assert client.get(reverse("delivery:consultation", args=[log.pk])).status_code == 404
    # The student's teacher reads consultation notes about the students in their class
    # (PRODUCT.md; issue 12, point 5), never session notes.
    client.force_login(world.teacher)
    assert client.get(reverse("delivery:consultation", args=[log.pk])).status_code == 200


def test_a_consultation_concern_is_answered_like_a_teachers(client, world):
    log = consult(world, new_concerns="Falls often on the playground.")
    concern = log.students.get().concern
    answer = reverse("students:concern_answer", args=[concern.pk])
    # The coordinator reads Maya's record, concern included, but does not answer it.
    sign_in(client, world.coordinator)
    record = client.get(reverse("students:detail", args=[world.student.pk])).content.decode()
    assert "Falls often on the playground." in record
    assert client.get(answer).status_code == 403
    assert client.post(answer, {"response": "Seen."}).status_code == 403
    concern.refresh_from_db()
    assert concern.status == "open"
    client.force_login(world.cota)
    assert client.post(answer, {"response": "PE teacher will watch."}).status_code == 302
    concern.refresh_from_db()
    assert (concern.status, concern.answered_by) == ("answered", world.cota)
    html = client.get(reverse("students:team_queue")).content.decode()
    assert "New concerns (0)" in html


def test_a_consultation_without_new_concerns_raises_none(world):
    consult(world, new_concerns="   ")
    assert Concern.objects.count() == 0
