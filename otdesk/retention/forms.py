from django import forms

from otdesk.core.forms import Form, SaneDatesMixin
from otdesk.students.forms import DateInput


class HoldForm(Form):
    reason = forms.CharField(
        label="Why the record must be kept",
        max_length=200,
        help_text="e.g. 'Due-process hearing requested 3 Dec 2026'. Leave the child's name out.",
        error_messages={"required": "Say why the record must be kept."},
    )


class DestroyForm(SaneDatesMixin, Form):
    requested_on = forms.DateField(
        label="Request received on",
        widget=DateInput(),
        error_messages={"required": "Enter the date the family's request came in."},
    )
    request = forms.CharField(
        label="Who asked, and how",
        max_length=200,
        help_text="e.g. 'Mother, in writing'. Leave the child's name out: it is not kept.",
        error_messages={"required": "Say who asked and how."},
    )
    confirm_name = forms.CharField(
        label="Type the student's full name to confirm",
        max_length=170,
        error_messages={"required": "Type the student's full name to confirm."},
    )


class CheckForm(Form):
    full_name = forms.CharField(label="The name on the certificate", max_length=170)
    date_of_birth = forms.DateField(label="Date of birth", widget=DateInput())
    code = forms.CharField(
        label="Certificate code", max_length=16, help_text="16 letters and digits."
    )
