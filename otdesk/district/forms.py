"""What a coordinator types on the district pages, checked in their words."""

from typing import Any

from django import forms
from django.db.models import QuerySet

from otdesk.accounts.models import User
from otdesk.core.forms import Form, ModelForm, SaneDatesMixin, whole_number
from otdesk.delivery.forms import IdChoice
from otdesk.schools.models import District, School
from otdesk.students.forms import DateInput
from otdesk.students.team import STAFF_TEAM_ROLES


class SchoolForm(ModelForm):
    class Meta:
        model = School
        fields = ["name", "short_name", "address"]
        labels = {"name": "Name", "short_name": "Short name", "address": "Address"}
        help_texts = {
            "name": "e.g. Maple Grove Elementary.",
            "short_name": "Up to 20 characters, shown on calendars and phone screens, e.g. MGE.",
            "address": "Street and town, for therapists who travel between schools.",
        }
        error_messages = {
            "name": {"required": "Enter the school's name."},
            "short_name": {"required": "Enter a short name, e.g. MGE."},
        }


class ClosedDaysForm(SaneDatesMixin, Form):
    first = forms.DateField(
        label="Closed on",
        widget=DateInput(),
        error_messages={"required": "Enter the day the schools are closed."},
    )
    last = forms.DateField(
        label="Through (for a break)",
        widget=DateInput(),
        required=False,
        help_text="For a break of several days, the last day closed; every weekday in "
        "between is closed too.",
    )
    name = forms.CharField(
        label="What it is",
        max_length=80,
        help_text="e.g. Thanksgiving break, Teacher work day.",
        error_messages={"required": "Say what the day is, e.g. Teacher work day."},
    )


class DistrictRulesForm(Form):
    initial_evaluation_days = whole_number(
        low=1,
        high=365,
        message="Enter a number of days from 1 to 365.",
        label="Days allowed for an initial evaluation",
        help_text="From the parent's consent to the evaluation, as your state sets it (often 60).",
    )
    initial_evaluation_day_kind = forms.ChoiceField(
        label="Those days are",
        choices=District.DayKind.choices,
        widget=forms.RadioSelect,
        help_text="School days leave out weekends, closed days and the summer break.",
        error_messages={"required": "Choose calendar or school days."},
    )
    cota_cosign_required = forms.BooleanField(
        label="A COTA's session notes wait for the supervising OT's co-signature",
        required=False,
    )
    supervision_every_days = whole_number(
        low=1,
        high=365,
        message="Enter a number of days from 1 to 365.",
        label="A COTA's supervision is due every (days)",
        help_text="The most days allowed between supervision contacts, as your state's "
        "rules set it.",
    )


class AssignmentForm(SaneDatesMixin, Form):
    person = IdChoice(
        queryset=User.objects.none(),
        label="Person",
        error_messages={"required": "Choose who joins the team."},
    )
    role = forms.ChoiceField(
        label="Role on the team",
        choices=[(role.value, role.label) for role in STAFF_TEAM_ROLES],
        error_messages={"required": "Choose the role.", "invalid_choice": "Choose a role."},
    )
    relationship = forms.CharField(
        label="Detail",
        max_length=60,
        required=False,
        help_text="e.g. SLP, 1:1 aide, Grade 2 teacher.",
    )
    start_date = forms.DateField(
        label="From",
        widget=DateInput(),
        error_messages={"required": "Enter the first day of the assignment."},
    )
    end_date = forms.DateField(
        label="Until",
        widget=DateInput(),
        required=False,
        help_text="Leave blank while it lasts. Access ends after this day.",
    )

    def __init__(self, *args: Any, people: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        person = self.fields["person"]
        assert isinstance(person, forms.ModelChoiceField)
        person.queryset = people
        person.label_from_instance = _person_label  # type: ignore[assignment]


def _person_label(person: User) -> str:
    return f"{person.display_name} — {person.get_role_display()}"


class DatesForm(SaneDatesMixin, Form):
    start_date = forms.DateField(
        label="From",
        widget=DateInput(),
        error_messages={"required": "Enter the first day of the assignment."},
    )
    end_date = forms.DateField(
        label="Until",
        widget=DateInput(),
        required=False,
        help_text="Leave blank while it lasts. Access ends after this day.",
    )


class EndForm(SaneDatesMixin, Form):
    end_date = forms.DateField(
        label="Last day",
        widget=DateInput(),
        error_messages={"required": "Enter the last day of the assignment."},
        help_text="The person keeps access through this day and loses it the day after.",
    )
