"""What the OT types on the evaluation pages, checked in their words."""

from decimal import Decimal
from typing import Any

from django import forms

from otdesk.assessments.models import (
    RANGES,
    SCORE_KINDS,
    AssessmentPart,
    AssessmentTool,
    standard_message,
)
from otdesk.core.forms import Form, ModelForm, SaneDatesMixin, whole_number
from otdesk.delivery.forms import IdChoice
from otdesk.students.forms import DateInput

from .models import Evaluation
from .services import EDITABLE

DATES = ("referral_date", "consent_date", "evaluation_date", "report_date")


class StartForm(SaneDatesMixin, ModelForm):
    class Meta:
        model = Evaluation
        fields = ["kind", "referral_date", "consent_date", "reason", "early_agreed"]
        labels = {
            "early_agreed": "For a re-evaluation within a year of the last: the parent and "
            "the district agreed to it",
            "kind": "What kind",
            "referral_date": "Referred on",
            "consent_date": "Parent's consent received on",
            "reason": "Reason for the evaluation",
        }
        help_texts = {
            "consent_date": "Leave empty while the consent form is out: the due date starts "
            "from it."
        }
        widgets = {
            "kind": forms.RadioSelect,
            "referral_date": DateInput(),
            "consent_date": DateInput(),
            "reason": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {"kind": {"required": "Choose an initial evaluation or a re-evaluation."}}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kind = self.fields["kind"]
        assert isinstance(kind, forms.ChoiceField)
        kind.choices = Evaluation.Kind.choices

    def _post_clean(self) -> None:
        """The service checks the record (dates in order, the once-a-year limit)."""


class EvaluationForm(SaneDatesMixin, ModelForm):
    minutes = whole_number(
        low=1,
        high=600,
        required=False,
        label="Minutes spent testing",
        help_text="Time spent testing the student (for billing the evaluation).",
    )

    class Meta:
        model = Evaluation
        fields = list(EDITABLE)  # what the service saves, in the same order
        labels = {
            "closed_on": "Closed without an evaluation on",
            "closed_reason": "Why it was closed",
            "referral_date": "Referred on",
            "consent_date": "Parent's consent received on",
            "evaluation_date": "Evaluated on",
            "report_date": "Report written on",
            "complexity": "Complexity",
            "minutes": "Minutes spent testing",
            "reason": "Reason for the evaluation",
            "summary": "Findings and recommendations",
            "early_agreed": "The parent and the district agreed to re-evaluate within a year",
        }
        widgets = {
            **{name: DateInput() for name in (*DATES, "closed_on")},
            "reason": forms.Textarea(attrs={"rows": 3}),
            "summary": forms.Textarea(attrs={"rows": 8}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.kind != Evaluation.Kind.REEVALUATION:
            del self.fields["early_agreed"]
        else:
            del self.fields["complexity"]

    def _post_clean(self) -> None:
        """The service checks the record (dates in order, the once-a-year limit)."""


class ToolChoice(IdChoice):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.short_name}: {obj.range_label}"


class TestForm(SaneDatesMixin, Form):
    tool = ToolChoice(
        queryset=AssessmentTool.objects.all(),
        label="Which assessment",
        error_messages={"required": "Choose the assessment you gave."},
    )
    test_date = forms.DateField(
        label="Given on",
        widget=DateInput(),
        error_messages={"required": "Enter the day you gave it.", "invalid": "Enter a date."},
    )


LABELS = {name: label for name, (_, label) in SCORE_KINDS.items()}
USES = {name: flag for name, (flag, _) in SCORE_KINDS.items()}


def _number_field(name: str, label: str) -> forms.Field:
    low, high, message = RANGES[name]
    messages = {"min_value": message, "max_value": message, "invalid": message}
    if isinstance(low, Decimal):
        return forms.DecimalField(
            label=label,
            required=False,
            min_value=low,
            max_value=high,
            max_digits=3,
            decimal_places=1,
            error_messages={**messages, "max_digits": message, "max_decimal_places": message},
        )
    if name == "raw":
        return forms.DecimalField(
            label=label,
            required=False,
            min_value=Decimal(low),
            max_value=Decimal(high),
            decimal_places=1,
            error_messages={**messages, "max_decimal_places": "Give at most one decimal."},
        )
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=int(low),
        max_value=int(high),
        error_messages=messages,
    )


def _short_label(part: AssessmentPart, name: str) -> str:
    if name == "standard_score":
        return f"{LABELS[name]} ({part.standard_low}–{part.standard_high})"
    return LABELS[name]


class ScoresForm(Form):
    """One box per score the tool's part reports, named '<part pk>-<score>'."""

    def __init__(self, *args: Any, parts: list[AssessmentPart], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.parts = parts
        for part in parts:
            for name, label in LABELS.items():
                if not getattr(part, USES[name]):
                    continue
                key = f"{part.pk}-{name}"
                full = f"{part.name}: {label.lower()}"
                if name == "category":
                    self.fields[key] = forms.CharField(label=full, required=False, max_length=60)
                elif name == "standard_score":
                    message = standard_message(part)
                    self.fields[key] = forms.IntegerField(
                        label=full,
                        required=False,
                        min_value=part.standard_low,
                        max_value=part.standard_high,
                        error_messages={
                            "min_value": message,
                            "max_value": message,
                            "invalid": message,
                        },
                    )
                else:
                    self.fields[key] = _number_field(name, full)

    def rows(self) -> list[tuple[AssessmentPart, list[tuple[forms.BoundField, str]]]]:
        """Per part, its boxes with their short labels (the part's name is the group's)."""
        return [
            (
                part,
                [
                    (self[key], _short_label(part, key.split("-", 1)[1]))
                    for key in self.fields
                    if key.split("-", 1)[0] == str(part.pk)
                ],
            )
            for part in self.parts
        ]

    def scores(self) -> dict[int, dict[str, Any]]:
        out: dict[int, dict[str, Any]] = {part.pk: {} for part in self.parts}
        for key, value in self.cleaned_data.items():
            pk, name = key.split("-", 1)
            out[int(pk)][name] = value
        return out
