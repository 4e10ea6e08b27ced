from typing import Any

from django import forms

from otdesk.accounts.models import User
from otdesk.core.forms import Form, SaneDatesMixin
from otdesk.core.models import AuditEvent
from otdesk.schools.models import District
from otdesk.students.models import Student

from .queries import district_people, district_students


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj.display_name} ({obj.get_role_display()})"


class StudentChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Student) -> str:
        return f"{obj.last_name}, {obj.first_name}"


class SearchForm(SaneDatesMixin, Form):
    person = PersonChoice(
        queryset=User.objects.none(), required=False, empty_label="Anyone", label="Who"
    )
    student = StudentChoice(
        queryset=Student.objects.none(), required=False, empty_label="Any student"
    )
    start = forms.DateField(
        required=False, label="From", widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        required=False, label="To", widget=forms.DateInput(attrs={"type": "date"})
    )
    action = forms.ChoiceField(
        required=False, choices=[("", "Anything"), *AuditEvent.Action.choices], label="What"
    )

    def __init__(self, *args: Any, district: District, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        person = self.fields["person"]
        student = self.fields["student"]
        assert isinstance(person, PersonChoice) and isinstance(student, StudentChoice)
        person.queryset = district_people(district)
        person.error_messages["invalid_choice"] = "Choose a person of your district."
        student.queryset = district_students(district)
        student.error_messages["invalid_choice"] = "Choose a student of your district."
        self.fields["action"].error_messages["invalid_choice"] = "Choose one of the actions."

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", "The end date comes before the start date.")
        return data
