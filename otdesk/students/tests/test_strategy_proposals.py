"""Only the student's OT changes a strategy's wording or status (issue 12, point 6): a
COTA's "modify" or "discontinue" in a review is a proposal the OT accepts or declines."""

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from otdesk.accounts.models import Role
from otdesk.core.models import AuditEvent
from otdesk.students import services
from otdesk.students.models import StrategyReview
from otdesk.testing import factories as f
from otdesk.testing.login import sign_in

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 10, 9)


@pytest.fixture(autouse=True)
def on_a_friday():
    when = dt.datetime(2026, 10, 9, 15, 0, tzinfo=zoneinfo.ZoneInfo("America/Chicago"))
    with time_machine.travel(when, tick=False):
        yield


@pytest.fixture
def strategy(world):
    return world.student.strategies.get()


def review_url(world, strategy):
    return reverse("students:strategy_review", args=[world.student.pk, strategy.pk])


def post_review(client, world, strategy, user, outcome, wording=""):
    sign_in(client, user)
    return client.post(
        review_url(world, strategy),
        {
            "date": TODAY.isoformat(),
            "outcome": outcome,
            "observed": "Grip slips when she tires.",
            "consulted": "Tess Teacher (teacher)",
            "description_after": wording,
        },
    )


def decide_url(world, strategy, review):
    return reverse("students:proposal_decide", args=[world.student.pk, strategy.pk, review.pk])


def test_a_cota_modify_is_a_proposal_and_leaves_the_strategy_as_it_is(client, world, strategy):
    response = post_review(client, world, strategy, world.cota, "modify", "Crossover grip")
    assert response.status_code == 302
    strategy.refresh_from_db()
    assert (strategy.status, strategy.description) == ("active", "Triangular pencil grip")
    assert strategy.next_review_date == dt.date(2026, 11, 8)
    review = strategy.reviews.get()
    assert (review.outcome, review.proposal, review.description_after) == (
        "modify",
        "open",
        "Crossover grip",
    )
    event = AuditEvent.objects.filter(object_type="students.strategy").get()
    assert (event.user, event.summary) == (world.cota, "Proposed: Modify")
    unchanged = {"status": "active", "description": "Triangular pencil grip"}
    # Only the next review moves on: the wording and the status stay.
    assert event.before == {**unchanged, "next_review_date": "2026-09-24"}
    assert event.after == {**unchanged, "next_review_date": "2026-11-08"}


def test_a_cota_cannot_discontinue_a_strategy(client, world, strategy):
    post_review(client, world, strategy, world.cota, "discontinue")
    strategy.refresh_from_db()
    assert strategy.status == "active"
    assert strategy.reviews.get().proposal == "open"


def test_the_cota_review_form_offers_proposals(client, world, strategy):
    sign_in(client, world.cota)
    body = client.get(review_url(world, strategy)).content.decode()
    assert "Propose a change" in body and "Propose stopping it" in body
    assert "goes to the OT as a proposal" in body
    sign_in(client, world.therapist)
    body = client.get(review_url(world, strategy)).content.decode()
    assert "Propose a change" not in body and "Discontinue" in body


def test_the_ot_sees_the_proposal_on_the_team_page_and_accepts_it(client, world, strategy):
    post_review(client, world, strategy, world.cota, "modify", "Crossover grip")
    review = strategy.reviews.get()
    sign_in(client, world.therapist)
    queue = client.get(reverse("students:team_queue"))
    assert [r.pk for r in queue.context["proposals"]] == [review.pk]
    assert "Changes proposed by a COTA (1)" in queue.content.decode()
    response = client.post(decide_url(world, strategy, review), {"decision": "accept"})
    assert response.status_code == 302
    strategy.refresh_from_db()
    assert (strategy.status, strategy.description) == ("modified", "Crossover grip")
    review.refresh_from_db()
    assert (review.proposal, review.decided_by) == ("accepted", world.therapist)
    event = AuditEvent.objects.filter(object_type="students.strategy").order_by("pk").last()
    assert event.summary == "Proposed, accepted by the OT: Modify"
    assert event.before == {
        "status": "active",
        "description": "Triangular pencil grip",
        "next_review_date": "2026-11-08",
    }
    assert event.after == {
        "status": "modified",
        "description": "Crossover grip",
        "next_review_date": "2026-11-08",
    }
    sign_in(client, world.cota)
    assert client.get(reverse("students:team_queue")).context["proposals"] == []


def test_the_ot_declines_a_proposed_stop(client, world, strategy):
    post_review(client, world, strategy, world.cota, "discontinue")
    review = strategy.reviews.get()
    sign_in(client, world.therapist)
    client.post(decide_url(world, strategy, review), {"decision": "decline"})
    strategy.refresh_from_db()
    review.refresh_from_db()
    assert (strategy.status, review.proposal) == ("active", "declined")
    with pytest.raises(ValidationError, match="already been decided"):
        services.decide_proposal(actor=world.therapist, review=review, accept=True)


def test_the_ot_still_changes_a_strategy_directly(client, world, strategy):
    post_review(client, world, strategy, world.therapist, "modify", "Crossover grip")
    strategy.refresh_from_db()
    assert (strategy.status, strategy.description) == ("modified", "Crossover grip")
    assert strategy.reviews.get().proposal == ""


def test_who_may_decide_a_proposal(client, world, strategy):
    post_review(client, world, strategy, world.cota, "modify", "Crossover grip")
    review = strategy.reviews.get()
    url = decide_url(world, strategy, review)
    other_teacher = f.make_user(Role.TEACHER, world.district, username="t2")
    for user, status in [
        (world.cota, 403),  # serves the student, proposes, never decides
        (world.teacher, 403),  # reads the record
        (world.coordinator, 403),  # reads the district, read-only
        (world.outsider, 404),
        (other_teacher, 404),
        (world.parent, 404),
    ]:
        sign_in(client, user)
        assert client.post(url, {"decision": "accept"}).status_code == status, user
    strategy.refresh_from_db()
    assert strategy.description == "Triangular pencil grip"
    assert StrategyReview.objects.get().proposal == "open"


def test_the_service_refuses_a_reviewer_who_does_not_serve_the_student(world, strategy):
    with pytest.raises(ValidationError, match="Only the student's OT or COTA"):
        services.review_strategy(
            actor=world.outsider,
            strategy=strategy,
            date=TODAY,
            outcome="discontinue",
            observed="x",
            consulted="y",
        )
