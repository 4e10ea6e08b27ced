from typing import Any

from django import forms
from django.db.models import Q

from otdesk.accounts.models import User
from otdesk.core.forms import Form, ModelForm, SaneDatesMixin, whole_number
from otdesk.core.limits import DESCRIPTION_CHARS
from otdesk.core.versions import VersionedModelForm

from .models import (
    GROUP_SIZE_MESSAGE,
    IEP,
    LARGEST_GROUP,
    MAX_MINUTES,
    MINUTES_AT_LEAST_ONE,
    Concern,
    Goal,
    ServiceLine,
    Strategy,
    StrategyRequest,
    StrategyReview,
    Student,
    minutes_limit_message,
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


WHOLE_MINUTES = {
    "invalid": "Enter minutes as a whole number, e.g. 30.",
    "min_value": MINUTES_AT_LEAST_ONE,
    "required": "Enter the minutes the IEP promises.",
}


class IEPForm(SaneDatesMixin, VersionedModelForm):
    class Meta:
        model = IEP
        fields = [
            "start_date",
            "end_date",
            "annual_review_due",
            "reevaluation_due",
            "status",
            "minutes_narrated_in_report",
            "report_narrative",
        ]
        widgets = {
            "start_date": DateInput(),
            "end_date": DateInput(),
            "annual_review_due": DateInput(),
            "reevaluation_due": DateInput(),
            "report_narrative": forms.Textarea(attrs={"rows": 3}),
        }


class ServiceLineForm(SaneDatesMixin, VersionedModelForm):
    minutes = whole_number(low=1, high=max(MAX_MINUTES.values()), error_messages=WHOLE_MINUTES)
    group_size = whole_number(
        low=1,
        high=LARGEST_GROUP,
        message=GROUP_SIZE_MESSAGE,
        label="Group size",
        initial=1,
        help_text="Most students in one session; 1 means individual.",
    )

    class Meta:
        model = ServiceLine
        fields = [
            "kind",
            "delivery_model",
            "minutes",
            "period",
            "three_one",
            "location",
            "group_size",
            "start_date",
            "end_date",
            "pull_out_reason",
            "pull_out_reason_other",
            "notes",
        ]
        widgets = {"start_date": DateInput(), "end_date": DateInput()}
        help_texts = {
            "pull_out_reason": "Needed for pull-out: why the service cannot happen in class.",
            "minutes": "Minutes per period, as the IEP's service grid says.",
        }
        labels = {"kind": "Kind of minutes", "pull_out_reason": "Reason for pull-out"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["minutes"].help_text = "Minutes per period, as the IEP's service grid says."
        self.fields["minutes"].label = "Minutes"
        # Above the period's limit, by one minute or by twenty digits, the same message.
        period = self.data.get("period", self.instance.period) if self.is_bound else None
        minutes = self.fields["minutes"]
        assert isinstance(minutes, forms.IntegerField)
        minutes.error_messages["max_value"] = minutes_limit_message(str(period))


class GoalForm(VersionedModelForm):
    class Meta:
        model = Goal
        fields = ["area", "description", "baseline", "target", "measurement", "status"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class StrategyForm(SaneDatesMixin, VersionedModelForm):
    class Meta:
        model = Strategy
        fields = [
            "category",
            "description",
            "implementer",
            "implementer_person",
            "review_every_days",
            "start_date",
            "next_review_date",
            "status",
            "iep_status",
        ]
        widgets = {"start_date": DateInput(), "next_review_date": DateInput()}
        help_texts = {"next_review_date": "Left empty, it is set from the start and the cadence."}

    def __init__(self, *args: Any, student: Student, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        status = self.fields["iep_status"]
        assert isinstance(status, forms.ChoiceField)
        if self.instance.iep_status != Strategy.IEPStatus.REQUESTED:
            # Only a parent's request marks a strategy as requested by the parent.
            status.choices = [
                (value, label)
                for value, label in Strategy.IEPStatus.choices
                if value != Strategy.IEPStatus.REQUESTED
            ]
        field = self.fields["implementer_person"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = User.objects.filter(
            Q(student_roles__student=student) | Q(classrooms_taught__students=student)
        ).distinct()
        field.required = False


class StrategyReviewForm(SaneDatesMixin, ModelForm):
    class Meta:
        model = StrategyReview
        fields = ["date", "outcome", "observed", "consulted", "description_after"]
        widgets = {
            "date": DateInput(),
            "outcome": forms.RadioSelect,
            "observed": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"description_after": "Only when you modify the strategy."}

    def __init__(self, *args: Any, proposing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if proposing:  # a COTA: a change of wording or status is the OT's decision
            outcome = self.fields["outcome"]
            assert isinstance(outcome, forms.ChoiceField)
            outcome.choices = PROPOSAL_CHOICES
            outcome.help_text = "A change or a stop goes to the student's OT, who decides."
            self.fields["description_after"].help_text = "Only when you propose a change."


PROPOSAL_CHOICES = [
    (StrategyReview.Outcome.KEEP, "Keep as it is"),
    (StrategyReview.Outcome.MODIFY, "Propose a change"),
    (StrategyReview.Outcome.DISCONTINUE, "Propose stopping it"),
]


DECISIONS = [c for c in StrategyRequest.Status.choices if c[0] != StrategyRequest.Status.OPEN]


class DecisionForm(Form):
    status = forms.ChoiceField(
        label="What did the team decide?",
        widget=forms.RadioSelect,
        choices=DECISIONS,
        error_messages={"required": "Choose what the team decided."},
    )
    decision = forms.CharField(
        label="The decision, for the parent",
        max_length=DESCRIPTION_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Plain words: the parent reads this.",
        error_messages={"required": "Write the team's decision in words the parent reads."},
    )

    def __init__(self, *args: Any, may_add: bool = True, **kwargs: Any) -> None:
        """may_add: whether the person may mark the request written in the IEP (the
        student's OT; students.permissions.may_decide_request)."""
        super().__init__(*args, **kwargs)
        if not may_add:
            field = self.fields["status"]
            assert isinstance(field, forms.ChoiceField)
            field.choices = [c for c in DECISIONS if c[0] != StrategyRequest.Status.ADDED]
            field.help_text = "Only the student's OT marks a request added to the IEP."


class ConcernForm(ModelForm):
    class Meta:
        model = Concern
        fields = ["area", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"area": "If you know it; the therapist can sort it out."}
        error_messages = {"text": {"required": "Describe what you noticed."}}


class AnswerForm(Form):
    response = forms.CharField(
        label="Your answer",
        max_length=DESCRIPTION_CHARS,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Write your answer to the concern."},
    )
