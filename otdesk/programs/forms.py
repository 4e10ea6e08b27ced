from typing import Any

from django import forms
from django.db.models import QuerySet

from otdesk.accounts.models import User
from otdesk.activities.models import Activity
from otdesk.core.forms import Form, ModelForm, SaneDatesMixin, whole_number
from otdesk.core.limits import DESCRIPTION_CHARS
from otdesk.core.versions import version_field
from otdesk.students.forms import DateInput
from otdesk.students.models import Goal, Student

from .models import (
    MINUTES_EACH,
    MINUTES_IF_DONE,
    MINUTES_SPENT,
    TIMES_A_WEEK,
    AideProgram,
    AssistiveTechItem,
    ImplementationLog,
    MonitoringCheck,
    TrainingEvent,
)

STEPS_HELP = "One step per line, in plain words, as the aide will read them."


def _number(bounds: tuple[int, int, str], label: str, **kwargs: Any) -> forms.IntegerField:
    low, high, message = bounds
    return whole_number(low=low, high=high, message=message, label=label, **kwargs)


class ProgramForm(SaneDatesMixin, ModelForm):
    times_per_week = _number(TIMES_A_WEEK, "Times per week", initial=3)
    minutes_each = _number(MINUTES_EACH, "Minutes each", initial=10)

    class Meta:
        model = AideProgram
        fields = [
            "title",
            "goals",
            "library_activities",
            "activities",
            "times_per_week",
            "minutes_each",
            "instructions",
            "start_date",
        ]
        widgets = {
            "goals": forms.CheckboxSelectMultiple,
            "library_activities": forms.CheckboxSelectMultiple,
            "activities": forms.Textarea(attrs={"rows": 3}),
            "instructions": forms.Textarea(attrs={"rows": 6}),
            "start_date": DateInput(),
        }
        help_texts = {"instructions": STEPS_HELP}

    def __init__(
        self, *args: Any, student: Student, library: QuerySet[Activity], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        goals = self.fields["goals"]
        assert isinstance(goals, forms.ModelMultipleChoiceField)
        goals.queryset = Goal.objects.filter(iep__student=student, status=Goal.Status.ACTIVE)
        goals.required = False
        activities = self.fields["library_activities"]
        assert isinstance(activities, forms.ModelMultipleChoiceField)
        activities.queryset = library.filter(in_class=True)
        activities.required = False


class ReviseForm(Form):
    activities = forms.CharField(
        max_length=DESCRIPTION_CHARS, widget=forms.Textarea(attrs={"rows": 3})
    )
    instructions = forms.CharField(
        label="Step-by-step instructions",
        max_length=DESCRIPTION_CHARS,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=STEPS_HELP,
    )
    times_per_week = _number(TIMES_A_WEEK, "Times per week")
    minutes_each = _number(MINUTES_EACH, "Minutes each")
    status = forms.ChoiceField(choices=AideProgram.Status.choices)
    change_note = forms.CharField(
        label="What changed and why",
        max_length=300,
        error_messages={"required": "Say what changed and why."},
    )
    version = version_field()


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.display_name} ({obj.title or obj.get_role_display()})"


class AssignForm(SaneDatesMixin, Form):
    person = PersonChoice(
        label="Who carries it out",
        queryset=User.objects.none(),
        error_messages={"required": "Choose who carries out the program."},
    )
    start_date = forms.DateField(widget=DateInput())

    def __init__(self, *args: Any, people: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["person"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = people


class TrainingForm(SaneDatesMixin, ModelForm):
    minutes = _number(MINUTES_SPENT, "Minutes", initial=15)

    class Meta:
        model = TrainingEvent
        fields = ["trainee", "kind", "date", "minutes", "notes", "signed_off"]
        widgets = {
            "kind": forms.RadioSelect,
            "date": DateInput(),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, people: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["trainee"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = people


class ImplementationForm(SaneDatesMixin, ModelForm):
    minutes = _number(MINUTES_IF_DONE, "Minutes", required=False)
    response = forms.ChoiceField(
        label="How the student responded",
        choices=ImplementationLog.Response.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    done = forms.TypedChoiceField(
        label="Did it happen?",
        choices=[("yes", "Done"), ("no", "Not done")],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        initial="yes",
    )

    class Meta:
        model = ImplementationLog
        fields = ["date", "done", "minutes", "response", "note"]
        widgets = {"date": DateInput(), "response": forms.RadioSelect}
        help_texts = {"note": "Needed when it was not done: say why."}


class MonitoringForm(SaneDatesMixin, ModelForm):
    minutes = _number(MINUTES_SPENT, "Minutes", initial=15)
    fidelity = forms.TypedChoiceField(
        label="Fidelity: was it carried out as written?",
        choices=[(n, f"{n}") for n in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
        help_text="1 = not as written, 3 = mostly, 5 = exactly as written.",
        error_messages={"required": "Rate fidelity from 1 to 5."},
    )
    new_instructions = forms.CharField(
        label="Updated instructions",
        max_length=DESCRIPTION_CHARS,
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        help_text="Change the steps here to save a new version of the program.",
    )
    version = version_field()  # the program's, when the page was opened

    class Meta:
        model = MonitoringCheck
        fields = ["date", "minutes", "observation", "fidelity", "changes"]
        widgets = {
            "date": DateInput(),
            "observation": forms.Textarea(attrs={"rows": 3}),
            "changes": forms.Textarea(attrs={"rows": 2}),
        }


class ATItemForm(ModelForm):
    class Meta:
        model = AssistiveTechItem
        fields = ["device", "status", "program", "strategy", "trained", "notes"]
        widgets = {"trained": forms.CheckboxSelectMultiple}

    def __init__(self, *args: Any, student: Student, people: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, queryset in (
            ("program", student.programs.all()),
            ("strategy", student.strategies.all()),
            ("trained", people),
        ):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField | forms.ModelMultipleChoiceField)
            field.queryset = queryset
            field.required = False
