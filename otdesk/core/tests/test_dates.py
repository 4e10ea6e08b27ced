"""Dates are written one way everywhere: 'Tue 1 Dec', with the year where it matters."""

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.template import Context, Template
from django.urls import reverse

from otdesk.core.dates import nice_date, nice_moment
from otdesk.delivery.models import ConsultationLog

CHICAGO = zoneinfo.ZoneInfo("America/Chicago")
REVIEW_POST = {"date": "2026-10-09", "outcome": "keep", "observed": "Fine", "consulted": "Teacher"}


def test_nice_date_has_no_leading_zero_and_the_year_only_when_asked():
    day = dt.date(2026, 12, 1)
    assert nice_date(day) == "Tue 1 Dec 2026"
    assert nice_date(day, year=False) == "Tue 1 Dec"
    assert nice_date(dt.date(2026, 10, 6), year=False) == "Tue 6 Oct"
    assert nice_date(None) == ""


def test_a_date_and_time_gives_the_local_day_it_fell_on(settings):
    settings.TIME_ZONE = "America/Chicago"
    # 03:30 UTC on Wednesday 2 December is still Tuesday evening in Chicago.
    moment = dt.datetime(2026, 12, 2, 3, 30, tzinfo=dt.UTC)
    assert nice_date(moment) == "Tue 1 Dec 2026"
    assert nice_moment(moment) == "Tue 1 Dec 2026, 21:30"
    assert nice_moment(None) == ""


def test_template_filters_use_the_same_helper():
    template = Template(
        "{% load otdesk %}{{ d|nice_date }}|{{ d|short_date }}|"
        "{{ m|nice_moment }}|{{ m|nice_date }}"
    )
    moment = dt.datetime(2026, 10, 6, 9, 5, tzinfo=CHICAGO)
    html = template.render(Context({"d": dt.date(2026, 12, 1), "m": moment}))
    assert html == "Tue 1 Dec 2026|Tue 1 Dec|Tue 6 Oct 2026, 09:05|Tue 6 Oct 2026"


@pytest.mark.django_db
def test_the_message_after_logging_a_consultation_writes_the_date_the_house_way(client, world):
    with time_machine.travel(dt.datetime(2026, 10, 9, 15, 0, tzinfo=CHICAGO), tick=False):
        client.force_login(world.therapist)
        response = client.post(
            reverse("delivery:consult_add"),
            {
                "date": "2026-10-06",
                "minutes": "15",
                "method": "phone",
                "with_whom": ["teacher"],
                "students": [world.student.pk],
            },
        )
    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Logged: Consultation on Tue 6 Oct 2026, 15 min."
    ]
    assert str(ConsultationLog.objects.get()) == "Consultation on Tue 6 Oct 2026, 15 min"


@pytest.mark.django_db
def test_the_message_after_a_strategy_review_writes_the_next_review_date_in_words(client, world):
    strategy = world.student.strategies.get()
    with time_machine.travel(dt.datetime(2026, 10, 9, 15, 0, tzinfo=CHICAGO), tick=False):
        client.force_login(world.therapist)
        url = reverse("students:strategy_review", args=[world.student.pk, strategy.pk])
        response = client.post(url, REVIEW_POST)
    assert response.status_code == 302, response.content.decode()[:3000]
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    strategy.refresh_from_db()
    assert message == f"Review saved. Next review: {nice_date(strategy.next_review_date)}."
    assert "-" not in message


def test_a_form_on_29_february_checks_its_dates_without_crashing():
    from django import forms as django_forms

    from otdesk.core.forms import Form, SaneDatesMixin

    class OneDate(SaneDatesMixin, Form):
        day = django_forms.DateField()

    with time_machine.travel(dt.datetime(2028, 2, 29, 12, tzinfo=zoneinfo.ZoneInfo("UTC"))):
        assert OneDate({"day": "2028-02-29"}).is_valid()
        late = OneDate({"day": "2033-03-01"})
        assert not late.is_valid()
        assert late.errors["day"] == ["Enter a date between 2000 and 2033."]
