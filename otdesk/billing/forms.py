"""What a coordinator types on the billing pages."""

import datetime as dt
from typing import Any

from django import forms

from otdesk.accounts.models import Role, User
from otdesk.core.forms import Form
from otdesk.delivery.choices import SessionType
from otdesk.schools.models import District

from .models import EVALUATION_KINDS

LONGEST_RANGE = 366


class RangeForm(Form):
    start = forms.DateField(label="From", widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label="To", widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end:
            if end < start:
                self.add_error("end", "The end date comes before the start date.")
            elif (end - start).days >= LONGEST_RANGE:
                self.add_error("end", "Export at most a year at a time.")
        return data


def month_of(day: dt.date) -> tuple[dt.date, dt.date]:
    first = day.replace(day=1)
    following = (first + dt.timedelta(days=32)).replace(day=1)
    return first, following - dt.timedelta(days=1)


class CodeForm(Form):
    code = forms.CharField(max_length=10, help_text="e.g. 97530. An existing code is changed.")
    description = forms.CharField(max_length=120)
    timed = forms.BooleanField(
        required=False, label="Timed (15-minute units by the 8-minute rule)", initial=True
    )
    session_types = forms.MultipleChoiceField(
        label="Sessions billed with it",
        choices=SessionType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    evaluation_kinds = forms.MultipleChoiceField(
        label="Evaluations billed with it",
        choices=list(EVALUATION_KINDS.items()),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    requires_prescription = forms.BooleanField(
        required=False, label="The state requires a prescription or referral"
    )

    def clean_code(self) -> str:
        return str(self.cleaned_data["code"]).strip().upper()


class ProfileForm(Form):
    medicaid_id = forms.CharField(label="Medicaid id", max_length=20, required=False)
    consent_received = forms.DateField(
        label="Billing consent received",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    consent_withdrawn = forms.DateField(
        label="Billing consent withdrawn",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    prescription_date = forms.DateField(
        label="Prescription or referral on file from",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class CredentialForm(Form):
    provider = forms.ModelChoiceField(queryset=User.objects.none(), label="Therapist")
    credential = forms.CharField(
        label="License or credential", max_length=60, help_text="e.g. OTR/L 012345"
    )
    npi = forms.CharField(label="NPI", max_length=10, required=False, help_text="10 digits")

    def __init__(self, *args: Any, district: District, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["provider"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = User.objects.filter(
            district=district, role__in=[Role.OT, Role.COTA], is_active=True
        ).order_by("last_name", "first_name")
