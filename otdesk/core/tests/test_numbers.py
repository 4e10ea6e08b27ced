"""A 20-digit number in any number box gets the same plain message as any number out of
range: never Django's 'Ensure this value is less than or equal to ...' or a database error."""

import copy
import importlib
import pkgutil

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse

import otdesk
from otdesk.activities.models import Activity
from otdesk.core.forms import PlainNumbersMixin, bound_numbers
from otdesk.programs.forms import ImplementationForm, ProgramForm
from otdesk.students.forms import ServiceLineForm
from otdesk.students.models import ServiceLine
from otdesk.students.tests.test_validation import GOOD_LINE

HUGE = "99999999999999999999"


def _otdesk_forms() -> list[type[forms.BaseForm]]:
    for info in pkgutil.walk_packages(otdesk.__path__, "otdesk."):
        if not any(part in info.name for part in (".tests", ".migrations", ".management")):
            importlib.import_module(info.name)
    found: list[type[forms.BaseForm]] = []
    pending = list(forms.BaseForm.__subclasses__())
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if cls.__module__.startswith("otdesk.") and ".tests" not in cls.__module__:
            found.append(cls)
    return sorted(set(found), key=lambda c: f"{c.__module__}.{c.__qualname__}")


FORMS = _otdesk_forms()


def _message(field: forms.IntegerField, text: str) -> str:
    with pytest.raises(ValidationError) as info:
        field.clean(text)
    [message] = info.value.messages
    return message


def test_every_form_uses_the_shared_base():
    assert len(FORMS) > 30
    assert [f.__qualname__ for f in FORMS if not issubclass(f, PlainNumbersMixin)] == []


@pytest.mark.parametrize(
    ("name", "field"),
    [
        (f"{form.__module__}.{form.__qualname__}.{name}", field)
        for form in FORMS
        for name, field in form.base_fields.items()
        if isinstance(field, forms.IntegerField)
    ],
)
def test_a_huge_number_gets_the_out_of_range_message(name, field):
    field = copy.deepcopy(field)
    bound_numbers({"field": field})
    assert field.max_value is not None and field.min_value is not None
    huge = _message(field, HUGE)
    assert huge == _message(field, str(field.max_value + 1))
    assert "Ensure" not in huge and "2147483647" not in huge
    if field.min_value > 0:
        assert _message(field, str(field.min_value - 1)) == _message(field, "-" + HUGE)


@pytest.mark.django_db
@pytest.mark.parametrize(("period", "limit"), [("week", 600), ("month", 2400), ("year", 21600)])
def test_iep_grid_minutes_say_the_period_limit_however_many_digits(world, period, limit):
    message = f"More than the {limit} minutes a {period} OT Desk allows; check the IEP."
    for typed in (str(limit + 1), "21601", HUGE):
        form = ServiceLineForm(
            {**GOOD_LINE, "minutes": typed, "period": period}, instance=ServiceLine(iep=world.iep)
        )
        assert form.errors == {"minutes": [message]}, typed


@pytest.mark.django_db
def test_group_size_says_its_range_however_many_digits(world):
    message = "Group size must be between 1 (individual) and 8 students."
    for typed in ("9", HUGE, "0"):
        form = ServiceLineForm(
            {**GOOD_LINE, "group_size": typed}, instance=ServiceLine(iep=world.iep)
        )
        assert form.errors == {"group_size": [message]}, typed


@pytest.mark.django_db
def test_program_numbers_say_their_range_however_many_digits(world):
    data = {"title": "Pencil grip", "activities": "Grip", "instructions": "Step one"}
    data |= {"start_date": "2026-09-01", "times_per_week": HUGE, "minutes_each": HUGE}
    form = ProgramForm(data, student=world.student, library=Activity.objects.none())
    assert {name: form.errors[name] for name in ("times_per_week", "minutes_each")} == {
        "times_per_week": ["Between 1 and 10 times a week."],
        "minutes_each": ["Between 1 and 120 minutes each time."],
    }
    log = ImplementationForm({"date": "2026-09-01", "done": "yes", "minutes": HUGE})
    # The record's own rule (a program carried out took some minutes) speaks too.
    assert log.errors == {
        "minutes": ["Enter from 0 to 240 minutes.", "Say how many minutes it took."]
    }


@pytest.mark.django_db
def test_the_service_line_page_answers_a_huge_number_with_the_plain_message(client, world):
    client.force_login(world.therapist)
    url = reverse("students:line_add", args=[world.student.pk])
    before = ServiceLine.objects.count()
    response = client.post(url, {**GOOD_LINE, "minutes": HUGE, "group_size": HUGE})
    html = response.content.decode()
    assert response.status_code == 400
    assert "More than the 600 minutes a week OT Desk allows; check the IEP." in html
    assert "Group size must be between 1 (individual) and 8 students." in html
    assert "Ensure this value" not in html
    assert ServiceLine.objects.count() == before
