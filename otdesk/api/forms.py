from django import forms

from otdesk.core.forms import Form

from .models import ApiToken
from .services import LIFETIMES


class TokenForm(Form):
    name = forms.CharField(
        label="Name",
        max_length=80,
        help_text="What it is for, e.g. “Caseload spreadsheet” or “District warehouse”.",
        error_messages={"required": "Give the token a name, so you know it later."},
    )
    scope = forms.ChoiceField(
        label="What it may do",
        choices=ApiToken.Scope.choices,
        initial=ApiToken.Scope.READ,
        widget=forms.RadioSelect,
    )
    days = forms.TypedChoiceField(
        label="Lasts",
        choices=[(d, f"{d} days") for d in LIFETIMES],
        coerce=int,
        initial=90,
    )
