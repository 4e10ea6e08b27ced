from typing import Any

from django import forms
from django.db.models import QuerySet

from otdesk.core.forms import Form
from otdesk.students.forms import DateInput
from otdesk.students.models import Student

from .models import TimeCategory
from .services import MINUTES_MESSAGE


class CaseloadStudent(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.full_name} ({obj.get_grade_display()}, {obj.school.short_name})"


class TimeEntryForm(Form):
    date = forms.DateField(
        widget=DateInput(),
        error_messages={
            "required": "Enter the date.",
            "invalid": "Enter the date as year-month-day, e.g. 2026-10-05.",
        },
    )
    minutes = forms.IntegerField(
        min_value=1,
        max_value=600,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        help_text="Whole minutes, e.g. 45.",
        error_messages={
            "required": "Enter how many minutes.",
            "invalid": "Enter minutes as a whole number, e.g. 45.",
            "min_value": MINUTES_MESSAGE,
            "max_value": MINUTES_MESSAGE,
        },
    )
    category = forms.ChoiceField(
        label="Category",
        choices=TimeCategory.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what the time was for."},
    )
    student = CaseloadStudent(
        queryset=Student.objects.none(),
        required=False,
        empty_label="No one student",
        help_text="Only when the time was for one student on your caseload.",
        error_messages={"invalid_choice": "Choose a student on your caseload."},
    )
    note = forms.CharField(
        required=False,
        max_length=200,
        help_text="A few words, e.g. 'Sensory diet handout for room 12'.",
    )

    def __init__(self, *args: Any, caseload: QuerySet[Student], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        student = self.fields["student"]
        assert isinstance(student, forms.ModelChoiceField)
        student.queryset = caseload.select_related("school").order_by("last_name", "first_name")
