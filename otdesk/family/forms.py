"""What a parent or the therapist types on the family pages, with labels and messages in
the reader's language."""

from django import forms
from django.utils.translation import gettext_lazy as _

from otdesk.core.forms import Form
from otdesk.core.limits import DESCRIPTION_CHARS

from .models import SUBJECT_CHARS
from .words import EMPTY_MESSAGE, EMPTY_SUBJECT


class FamilyForm(Form):
    """A family page's form (core.forms.Form: plain length and number messages)."""


class QuestionForm(FamilyForm):
    subject = forms.CharField(
        label=_("What is your question about?"),
        help_text=_("A few words, for example “Pencil grip at home”."),
        max_length=SUBJECT_CHARS,
        error_messages={"required": EMPTY_SUBJECT},
    )
    text = forms.CharField(
        label=_("Your question"),
        max_length=DESCRIPTION_CHARS,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": EMPTY_MESSAGE},
    )


class ReplyForm(FamilyForm):
    text = forms.CharField(
        label=_("Your message"),
        max_length=DESCRIPTION_CHARS,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": EMPTY_MESSAGE},
    )


class AnswerForm(Form):
    """The therapist's answer (a staff page: English)."""

    text = forms.CharField(
        label="Your answer",
        max_length=DESCRIPTION_CHARS,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Write your answer before sending it."},
    )


class StrategyRequestForm(FamilyForm):
    """The parent's free-text request (students.services.request_strategy checks it)."""

    text = forms.CharField(
        label=_("What would you like added to the IEP?"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Write what you would like added to the IEP.")},
    )
