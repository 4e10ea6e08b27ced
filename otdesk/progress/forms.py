"""What the coordinator, the OT and a guardian type on the progress pages, checked in their
words (the guardian's in their language)."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from otdesk.core.forms import Form, ModelForm, SaneDatesMixin
from otdesk.core.limits import DESCRIPTION_CHARS, NOTE_CHARS
from otdesk.schools.models import ReportingPeriod
from otdesk.students.forms import DateInput

from .models import GoalProgress, ProgressCode


class PeriodForm(SaneDatesMixin, ModelForm):
    class Meta:
        model = ReportingPeriod
        fields = ["name", "start_date", "end_date"]
        labels = {"name": "Name", "start_date": "First day", "end_date": "Last day"}
        help_texts = {
            "name": "As families know it, e.g. Quarter 2 or Fall trimester.",
            "start_date": "Inside the school year; periods may not overlap.",
            "end_date": "After the first day, inside the school year.",
        }
        widgets = {"start_date": DateInput(), "end_date": DateInput()}
        error_messages = {
            "name": {"required": "Enter a name, e.g. Quarter 2."},
            "start_date": {"required": "Enter the period's first day."},
            "end_date": {"required": "Enter the period's last day."},
        }

    def validate_unique(self) -> None:
        """The service checks overlaps with a message naming the other period."""


class CodeForm(ModelForm):
    class Meta:
        model = ProgressCode
        fields = ["label", "order", "active"]
        labels = {"label": "Words", "order": "Place in the list", "active": "In use"}
        help_texts = {
            "label": "As the report says it, e.g. Making progress.",
            "order": "1 comes first; leave empty to put a new code last.",
            "active": "Untick to retire the code: reports that used it keep it.",
        }
        error_messages = {"label": {"required": "Enter the code's words."}}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["order"].required = False

    def clean_order(self) -> int:
        return self.cleaned_data.get("order") or 0

    def validate_unique(self) -> None:
        """The service names a duplicate in plain words."""


class ReportForm(Form):
    """The draft: the report's narrative and, per goal, a code and a narrative (fields
    code_<entry pk> and words_<entry pk>)."""

    narrative = forms.CharField(
        label="About the period",
        required=False,
        max_length=NOTE_CHARS,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="How the period went overall, in words the family will read.",
    )

    def __init__(
        self,
        *args: Any,
        entries: list[GoalProgress],
        codes: QuerySet[ProgressCode],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.entries = entries
        for entry in entries:
            # A retired code a draft already has stays choosable for that goal.
            allowed = codes | ProgressCode.objects.filter(pk__in=[entry.code_id or 0])
            self.fields[f"code_{entry.pk}"] = forms.ModelChoiceField(
                queryset=allowed.distinct().order_by("order", "pk"),
                required=False,
                label=f"Progress code: {entry.goal.get_area_display()}",
                empty_label="Choose a code",
                initial=entry.code_id,
            )
            self.fields[f"words_{entry.pk}"] = forms.CharField(
                label=f"What the data show: {entry.goal.get_area_display()}",
                required=False,
                max_length=DESCRIPTION_CHARS,
                widget=forms.Textarea(attrs={"rows": 3}),
                initial=entry.narrative,
            )

    def goal_fields(self) -> list[tuple[GoalProgress, forms.BoundField, forms.BoundField]]:
        return [(e, self[f"code_{e.pk}"], self[f"words_{e.pk}"]) for e in self.entries]

    def goals(self) -> dict[int, tuple[ProgressCode | None, str]]:
        data = self.cleaned_data
        return {e.pk: (data[f"code_{e.pk}"], data[f"words_{e.pk}"]) for e in self.entries}


class AddendumForm(Form):
    text = forms.CharField(
        label="Addendum",
        max_length=NOTE_CHARS,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What you correct or add; the final report itself does not change.",
        error_messages={"required": "Write the correction or addition."},
    )


class ParentCommentForm(Form):
    text = forms.CharField(
        label=_("Your comments"),
        max_length=DESCRIPTION_CHARS,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What you see at home, what you are pleased or worried about."),
        error_messages={"required": _("Write your comments first.")},
    )
