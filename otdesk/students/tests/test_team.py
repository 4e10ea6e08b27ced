"""Strategy reviews, parents' requests and teachers' concerns."""

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from otdesk.accounts.models import Role
from otdesk.students import services
from otdesk.students.models import Concern, Strategy, StrategyRequest, TeamRole
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


def test_keep_sets_the_next_review_from_the_cadence(world, strategy):
    review = services.review_strategy(
        actor=world.therapist,
        strategy=strategy,
        date=TODAY,
        outcome="keep",
        observed="Uses the grip for all writing.",
        consulted="Tess Teacher (teacher)",
    )
    strategy.refresh_from_db()
    assert (strategy.status, strategy.next_review_date) == ("active", dt.date(2026, 11, 8))
    assert (review.description_before, review.description_after) == ("Triangular pencil grip", "")


def test_modify_needs_the_new_wording_and_keeps_the_old(world, strategy):
    with pytest.raises(ValidationError) as info:
        services.review_strategy(
            actor=world.therapist,
            strategy=strategy,
            date=TODAY,
            outcome="modify",
            observed="Grip slips",
            consulted="Teacher",
        )
    assert info.value.message_dict == {
        "description_after": ["Describe the strategy as it is now that it has changed."]
    }
    services.review_strategy(
        actor=world.therapist,
        strategy=strategy,
        date=TODAY,
        outcome="modify",
        observed="Grip slips",
        consulted="Teacher",
        new_description="Crossover grip",
    )
    strategy.refresh_from_db()
    assert (strategy.status, strategy.description) == ("modified", "Crossover grip")
    assert list(strategy.reviews.values_list("description_before", "description_after")) == [
        ("Triangular pencil grip", "Crossover grip")
    ]


def test_discontinue_ends_reviews_and_refuses_more(world, strategy):
    services.review_strategy(
        actor=world.therapist,
        strategy=strategy,
        date=TODAY,
        outcome="discontinue",
        observed="No longer needed",
        consulted="Teacher",
    )
    strategy.refresh_from_db()
    assert (strategy.status, strategy.next_review_date) == ("discontinued", None)
    with pytest.raises(ValidationError, match="discontinued"):
        services.review_strategy(
            actor=world.therapist,
            strategy=strategy,
            date=TODAY,
            outcome="keep",
            observed="x",
            consulted="y",
        )


def test_team_queue_lists_strategies_due_within_two_weeks(client, world, strategy):
    later = f.make_strategy(
        world.student, description="Wiggle cushion", next_review_date=dt.date(2026, 12, 1)
    )
    soon = f.make_strategy(
        world.student, description="Slant board", next_review_date=dt.date(2026, 10, 20)
    )
    client.force_login(world.therapist)
    html = client.get(reverse("students:team_queue")).content.decode()
    assert "Strategies due for review (2)" in html
    assert "Overdue by 15 days" in html  # the pencil grip, due 24 Sep
    assert soon.description in html
    assert later.description not in html


def test_review_page_access(client, world, strategy):
    url = reverse("students:strategy_review", args=[world.student.pk, strategy.pk])
    client.force_login(world.therapist)
    assert client.get(url).status_code == 200
    response = client.post(url, {"date": "2026-10-09", "outcome": "keep"})
    assert response.status_code == 400
    assert strategy.reviews.count() == 0
    response = client.post(
        url,
        {"date": "2026-10-09", "outcome": "keep", "observed": "Fine", "consulted": "Teacher"},
    )
    assert response.status_code == 302
    assert strategy.reviews.count() == 1
    client.force_login(world.teacher)  # sees the strategy, cannot review it
    assert client.get(url).status_code == 403
    history = reverse("students:strategy_history", args=[world.student.pk, strategy.pk])
    assert "Keep as it is" in client.get(history).content.decode()
    client.force_login(world.outsider)
    assert client.get(url).status_code == 404
    assert client.get(history).status_code == 404


def test_parent_asks_to_add_an_agreed_strategy_and_sees_the_decision(client, world):
    agreed = f.make_strategy(
        world.student, description="Movement break before writing", iep_status="agreed"
    )
    client.force_login(world.parent)
    html = client.get(reverse("family:home")).content.decode()
    assert "Movement break before writing" in html
    assert "agreed by the team, not written in the IEP" in html
    response = client.post(
        reverse("family:request", args=[world.student.pk]), {"strategy": agreed.pk}
    )
    assert response.status_code == 302
    request = StrategyRequest.objects.get()
    agreed.refresh_from_db()
    assert (request.text, agreed.iep_status) == (
        "Please add to the IEP: Movement break before writing",
        "requested",
    )
    client.force_login(world.therapist)
    assert (
        "Movement break before writing"
        in client.get(reverse("students:team_queue")).content.decode()
    )
    url = reverse("students:request_decide", args=[request.pk])
    assert client.post(url, {"status": "added"}).status_code == 400
    response = client.post(
        url, {"status": "added", "decision": "The team agreed; it is in the IEP from today."}
    )
    assert response.status_code == 302
    agreed.refresh_from_db()
    assert agreed.iep_status == "in_iep"
    client.force_login(world.parent)
    html = client.get(reverse("family:home")).content.decode()
    assert "Added to the IEP" in html
    assert "The team agreed; it is in the IEP from today." in html


def test_parent_free_text_request_and_privacy(client, world):
    client.force_login(world.parent)
    url = reverse("family:request", args=[world.student.pk])
    assert client.post(url, {"text": ""}).status_code == 400
    assert client.post(url, {"text": "A slant board at home and school"}).status_code == 302
    assert StrategyRequest.objects.get().strategy is None
    other = f.make_student(world.school)
    assert client.get(reverse("family:request", args=[other.pk])).status_code == 404
    client.force_login(world.teacher)
    assert client.get(reverse("family:home")).status_code == 404


def test_a_parent_cannot_request_twice_or_for_a_written_strategy(world, strategy):
    with pytest.raises(ValidationError, match="already written in the IEP"):
        services.request_strategy(
            actor=world.parent, student=world.student, text="", strategy=strategy
        )
    agreed = f.make_strategy(world.student, iep_status="agreed")
    services.request_strategy(actor=world.parent, student=world.student, text="", strategy=agreed)
    with pytest.raises(ValidationError, match="already asked"):
        services.request_strategy(
            actor=world.parent, student=world.student, text="", strategy=agreed
        )


def test_teacher_raises_a_concern_the_therapist_answers(client, world):
    client.force_login(world.teacher)
    page = client.get(reverse("students:detail", args=[world.student.pk])).content.decode()
    assert "Raise a concern" in page
    url = reverse("students:concern_new", args=[world.student.pk])
    assert client.post(url, {"text": ""}).status_code == 400
    response = client.post(url, {"area": "fine_motor", "text": "Cannot open her lunch box."})
    assert response.status_code == 302
    concern = Concern.objects.get()
    assert (concern.raised_by, concern.status) == (world.teacher, "open")
    client.force_login(world.therapist)
    assert (
        "Cannot open her lunch box." in client.get(reverse("students:team_queue")).content.decode()
    )
    answer = reverse("students:concern_answer", args=[concern.pk])
    assert client.post(answer, {"response": "I will try a grip aid."}).status_code == 302
    concern.refresh_from_db()
    assert (concern.status, concern.answered_by) == ("answered", world.therapist)
    client.force_login(world.outsider)
    assert client.get(answer).status_code == 404


def test_concerns_only_from_the_students_teachers(client, world):
    other_teacher = f.make_user(Role.TEACHER, world.district)
    f.make_classroom(world.school, teacher=other_teacher)
    url = reverse("students:concern_new", args=[world.student.pk])
    client.force_login(other_teacher)
    assert client.get(url).status_code == 404
    sign_in(client, world.coordinator)  # reads the record, does not raise concerns
    assert client.get(url).status_code == 403
    client.force_login(world.aide)
    assert client.get(url).status_code == 404


def test_team_queue_is_for_therapists(client, world):
    for persona in ("teacher", "aide", "parent", "coordinator"):
        sign_in(client, getattr(world, persona))
        assert client.get(reverse("students:team_queue")).status_code == 404


def test_strategy_status_choices_are_plain():
    assert Strategy.IEPStatus.AGREED.label == "Agreed by the team, not written in the IEP"
    assert TeamRole.GUARDIAN.label == "Parent or guardian"
