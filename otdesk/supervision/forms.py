from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from otdesk.accounts.models import User
from otdesk.core.forms import Form, ModelForm, SaneDatesMixin, whole_number
from otdesk.core.limits import REASON_CHARS
from otdesk.students.forms import DateInput

from .models import CONTACT_MINUTES, SupervisionContact


class ContactForm(SaneDatesMixin, ModelForm):
    minutes = whole_number(
        low=CONTACT_MINUTES[0], high=CONTACT_MINUTES[1], label="Minutes", initial=30
    )

    class Meta:
        model = SupervisionContact
        fields = ["date", "kind", "minutes", "note"]
        widgets = {
            "date": DateInput(),
            "kind": forms.RadioSelect,
            "note": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {"note": "What you observed or discussed, and what was agreed."}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["date"].initial = timezone.localdate()


class ReviewForm(Form):
    """Co-sign (a comment is optional) or send back (the reason is required)."""

    comment = forms.CharField(
        label="Comment or reason",
        required=False,
        max_length=REASON_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Optional when you co-sign. When you send the note back, say what the "
        "COTA should correct or add.",
    )


class ResubmitForm(Form):
    comment = forms.CharField(
        label="What you changed",
        required=False,
        max_length=REASON_CHARS,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AssignForm(SaneDatesMixin, Form):
    cota = forms.ModelChoiceField(
        queryset=User.objects.none(), label="COTA", empty_label="Choose a COTA"
    )
    supervisor = forms.ModelChoiceField(
        queryset=User.objects.none(), label="Supervising OT", empty_label="Choose an OT"
    )
    start_date = forms.DateField(label="From", widget=DateInput())

    def __init__(
        self, *args: Any, cotas: QuerySet[User], therapists: QuerySet[User], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        cota_field = self.fields["cota"]
        ot_field = self.fields["supervisor"]
        assert isinstance(cota_field, forms.ModelChoiceField)
        assert isinstance(ot_field, forms.ModelChoiceField)
        cota_field.queryset = cotas
        ot_field.queryset = therapists
        cota_field.error_messages["invalid_choice"] = "Choose a COTA of your district."
        ot_field.error_messages["invalid_choice"] = "Choose an OT of your district."
        self.fields["start_date"].initial = timezone.localdate()


class EndForm(SaneDatesMixin, Form):
    end_date = forms.DateField(label="Last day of this supervision", widget=DateInput())
