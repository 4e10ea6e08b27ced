"""What people type for district sign-in: their work email, and the coordinator's
configuration."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from otdesk.core.forms import Form

from .models import GOOGLE_ISSUER, DistrictSignIn


class DistrictEmailForm(Form):
    """The work email that picks the district's sign-in (on the sign-in page too, whose
    own boxes are username and password: hence the ids district_email, district_next)."""

    email = forms.EmailField(
        label=_("Your work email"),
        max_length=254,
        error_messages={
            "required": _("Type your work email, like name@district.org."),
            "invalid": _("Type your work email, like name@district.org."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    next = forms.CharField(required=False, max_length=2000, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "district_%s")
        super().__init__(*args, **kwargs)


class DistrictSignInForm(Form):
    kind = forms.ChoiceField(
        label="Where your staff's accounts are",
        choices=DistrictSignIn.Kind.choices,
        widget=forms.RadioSelect,
    )
    issuer = forms.CharField(
        label="Issuer address",
        max_length=300,
        required=False,
        help_text="Google Workspace: leave blank (https://accounts.google.com). Microsoft Entra "
        "ID: https://login.microsoftonline.com/ then your tenant ID, then /v2.0. Another "
        "provider: its issuer, as its documentation gives it.",
        widget=forms.URLInput(attrs={"inputmode": "url"}),
    )
    client_id = forms.CharField(
        label="Client ID",
        max_length=300,
        help_text="From the app or client you registered for OT Desk at your provider.",
    )
    client_secret = forms.CharField(
        label="Client secret",
        max_length=500,
        required=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
    )
    email_domains = forms.CharField(
        label="Email domains",
        max_length=500,
        required=False,
        help_text="e.g. lakeside.org; separate several with commas. Only addresses at these "
        "domains may sign in this way. Blank: any address that belongs to a person in "
        "your district.",
    )
    enabled = forms.BooleanField(
        label="Staff may sign in with their district account", required=False
    )

    def __init__(self, *args: Any, secret_hint: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        secret = self.fields["client_secret"]
        secret.required = not secret_hint  # a saved secret is kept when left blank
        secret.error_messages["required"] = "Type the client secret your provider gave."
        secret.help_text = (
            f"The secret is {secret_hint}. Leave this blank to keep it; type a new one to "
            "replace it."
            if secret_hint
            else "Made with the client ID at your provider. It is kept for OT Desk and never "
            "shown again."
        )

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or self.cleaned_data
        kind = data.get("kind")
        if not data.get("issuer"):
            if kind == DistrictSignIn.Kind.GOOGLE:
                data["issuer"] = GOOGLE_ISSUER
            else:
                self.add_error("issuer", "Type the issuer address your provider gives.")
        return data
