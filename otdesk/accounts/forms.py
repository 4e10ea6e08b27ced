"""What people type on the account pages, checked in their words."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from otdesk.core.forms import Form

from .services import STAFF_INVITE_ROLES


class InviteStaffForm(Form):
    email = forms.EmailField(
        max_length=254, error_messages={"invalid": "Enter an email address, like name@school.org."}
    )
    role = forms.ChoiceField(choices=[(r.value, r.label) for r in STAFF_INVITE_ROLES])
    first_name = forms.CharField(max_length=150, required=False)
    last_name = forms.CharField(max_length=150, required=False)


class InviteGuardianForm(Form):
    email = forms.EmailField(
        max_length=254,
        error_messages={"invalid": "Enter an email address, like name@example.com."},
    )
    relationship = forms.CharField(
        max_length=60, help_text="How they are related to the student, e.g. Mother, Grandfather."
    )
    first_name = forms.CharField(max_length=150, required=False)
    last_name = forms.CharField(max_length=150, required=False)
    language = forms.ChoiceField(
        choices=settings.LANGUAGES,
        label="Language",
        help_text="The language of the email and of OT Desk for them. They can change it later.",
    )


class AcceptForm(Form):
    """A new account from an invitation: a name, a username and a password (twice)."""

    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        help_text=_("You sign in with this. Your email address works well."),
        widget=forms.TextInput(attrs={"autocomplete": "username"}),
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        max_length=128,
        help_text=_(
            "At least 10 characters. Not only numbers, not a common password, and not "
            "like your name or username."
        ),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        max_length=128,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("password1") and data.get("password2") != data.get("password1"):
            self.add_error("password2", _("The two passwords are not the same. Type them again."))
        return data


class CodeForm(Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        help_text=_("The 6 numbers your authenticator app shows, or one of your recovery codes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text"}),
    )


class SetupCodeForm(Form):
    code = forms.CharField(
        label=_("Code from the app"),
        max_length=10,
        help_text=_("The 6 numbers the app shows for OT Desk."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
