"""A parent's request to write a strategy into the IEP: the student's OT or COTA answers
it, but only the student's OT decides "Added to the IEP" (it changes the IEP)."""

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from otdesk.core.models import AuditEvent
from otdesk.students import services
from otdesk.students.models import Strategy, StrategyRequest
from otdesk.testing import factories as f
from otdesk.testing.login import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def on_a_friday():
    when = dt.datetime(2026, 10, 9, 15, 0, tzinfo=zoneinfo.ZoneInfo("America/Chicago"))
    with time_machine.travel(when, tick=False):
        yield


@pytest.fixture
def asked(world):
    agreed = f.make_strategy(
        world.student, description="Wobble cushion", iep_status=Strategy.IEPStatus.AGREED
    )
    return services.request_strategy(
        actor=world.parent, student=world.student, text="", strategy=agreed
    )


def decide(client, user, asked, status):
    sign_in(client, user)
    return client.post(
        reverse("students:request_decide", args=[asked.pk]),
        {"status": status, "decision": "We wrote it in on Friday."},
    )


def states(asked):
    asked.refresh_from_db()
    assert asked.strategy is not None
    return asked.status, asked.strategy.iep_status


def test_a_cota_may_not_mark_a_request_added_to_the_iep(client, world, asked):
    response = decide(client, world.cota, asked, StrategyRequest.Status.ADDED)
    assert response.status_code == 403
    assert states(asked) == ("open", "requested")
    assert not AuditEvent.objects.filter(object_type="students.strategyrequest", user=world.cota)


def test_the_service_refuses_a_cota_added_too(world, asked):
    with pytest.raises(PermissionDenied):
        services.decide_request(
            actor=world.cota,
            strategy_request=asked,
            status=StrategyRequest.Status.ADDED,
            decision="Added",
        )
    assert states(asked) == ("open", "requested")


def test_the_cota_form_does_not_offer_added(client, world, asked):
    url = reverse("students:request_decide", args=[asked.pk])
    sign_in(client, world.cota)
    page = client.get(url).content.decode()
    assert 'value="added"' not in page
    assert "Only the student&#x27;s OT marks a request added to the IEP." in page
    sign_in(client, world.therapist)
    assert 'value="added"' in client.get(url).content.decode()


def test_a_cota_may_answer_next_meeting(client, world, asked):
    response = decide(client, world.cota, asked, StrategyRequest.Status.NEXT_MEETING)
    assert response.status_code == 302
    assert states(asked) == ("next_meeting", "requested")


def test_the_ot_marks_it_added_and_the_event_holds_before_and_after(client, world, asked):
    response = decide(client, world.therapist, asked, StrategyRequest.Status.ADDED)
    assert response.status_code == 302
    assert states(asked) == ("added", "in_iep")
    event = AuditEvent.objects.filter(object_type="students.strategyrequest").order_by("pk").last()
    assert event is not None
    assert (event.user, event.summary, event.address) == (
        world.therapist,
        "Decision: Added to the IEP",
        "127.0.0.1",
    )
    assert event.before is not None and event.after is not None
    assert set(event.before) == {
        "status", "decision", "decided_by_id", "decided_at", "strategy_iep_status"
    }  # fmt: skip
    assert (event.before["status"], event.before["decision"]) == ("open", "")
    assert (event.before["decided_by_id"], event.before["strategy_iep_status"]) == (
        None,
        "requested",
    )
    assert (event.after["status"], event.after["decision"]) == (
        "added",
        "We wrote it in on Friday.",
    )
    assert (event.after["decided_by_id"], event.after["strategy_iep_status"]) == (
        world.therapist.pk,
        "in_iep",
    )
