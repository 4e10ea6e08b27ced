"""Ids from a form are parsed one way (a bad one is a 404, never a server error), and
free text has a length limit with a plain message."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from otdesk.core.limits import DESCRIPTION_CHARS, NOTE_CHARS
from otdesk.students import services
from otdesk.students.models import Concern, StrategyRequest
from otdesk.testing import factories as f

pytestmark = pytest.mark.django_db
BAD_IDS = ["²", "٣", "-1", "99999999999999999999", "abc", " 1"]
TOO_LONG = f"Keep this to {DESCRIPTION_CHARS} characters; it has {DESCRIPTION_CHARS + 1}."
NOTE_TOO_LONG = f"Keep this to {NOTE_CHARS} characters; it has {NOTE_CHARS + 1}."


@pytest.mark.parametrize("bad", BAD_IDS)
def test_a_parents_request_with_a_bad_strategy_id_is_404(client, world, bad):
    agreed = f.make_strategy(world.student, iep_status="agreed")
    client.force_login(world.parent)
    url = reverse("family:request", args=[world.student.pk])
    response = client.post(url, {"strategy": bad})
    assert response.status_code == 404
    assert StrategyRequest.objects.count() == 0
    # The same form with the strategy's own id still sends the request.
    assert client.post(url, {"strategy": str(agreed.pk)}).status_code == 302
    assert StrategyRequest.objects.get().strategy == agreed


def test_a_parent_cannot_name_another_childs_strategy(client, world):
    other = f.make_student(world.school)
    theirs = f.make_strategy(other, iep_status="agreed")
    client.force_login(world.parent)
    url = reverse("family:request", args=[world.student.pk])
    assert client.post(url, {"strategy": str(theirs.pk)}).status_code == 404
    assert StrategyRequest.objects.count() == 0


def test_a_concern_over_the_limit_is_refused_with_the_message(world):
    with pytest.raises(ValidationError) as info:
        services.raise_concern(
            actor=world.teacher, student=world.student, text="x" * (NOTE_CHARS + 1)
        )
    assert info.value.message_dict["text"] == [
        f"{NOTE_TOO_LONG} Shorten it or split it over two entries."
    ]
    assert Concern.objects.count() == 0


def test_a_concern_at_the_limit_is_kept_whole(world):
    # As long as a consultation's new concerns, which become a concern per student.
    concern = services.raise_concern(
        actor=world.teacher, student=world.student, text="x" * NOTE_CHARS
    )
    concern.refresh_from_db()
    assert len(concern.text) == NOTE_CHARS


def test_the_concern_page_refuses_text_over_the_limit(client, world):
    client.force_login(world.teacher)
    url = reverse("students:concern_new", args=[world.student.pk])
    page = client.get(url).content.decode()
    assert f'maxlength="{NOTE_CHARS}"' in page
    response = client.post(url, {"text": "x" * (NOTE_CHARS + 1)})
    assert response.status_code == 400
    assert Concern.objects.count() == 0


def test_a_teams_decision_and_a_concerns_answer_are_limited(world):
    request = services.request_strategy(
        actor=world.parent, student=world.student, text="A slant board"
    )
    with pytest.raises(ValidationError, match=TOO_LONG):
        services.decide_request(
            actor=world.therapist,
            strategy_request=request,
            status=StrategyRequest.Status.ADDED,
            decision="x" * (DESCRIPTION_CHARS + 1),
        )
    concern = services.raise_concern(actor=world.teacher, student=world.student, text="Grip")
    with pytest.raises(ValidationError, match=TOO_LONG):
        services.answer_concern(
            actor=world.therapist, concern=concern, response="x" * (DESCRIPTION_CHARS + 1)
        )
    request.refresh_from_db()
    concern.refresh_from_db()
    assert (request.status, concern.status) == ("open", "open")
