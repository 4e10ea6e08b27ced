from typing import Any

from django import forms
from django.db.models import Case, QuerySet, When

from otdesk.core.forms import Form, ModelForm
from otdesk.core.limits import DESCRIPTION_CHARS
from otdesk.students.models import Goal, SkillArea

from .models import Activity

# A search box takes a few words, not a page.
SEARCH_CHARS = 100

SETTING_CHOICES = [
    ("", "Anywhere"),
    ("class", "In class"),
    ("pull_out", "Pull-out"),
    ("home", "At home"),
]


class GoalChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.iep.student.full_name}: {obj.get_area_display()} goal"


class SearchForm(Form):
    q = forms.CharField(label="Words", required=False, max_length=SEARCH_CHARS)
    area = forms.ChoiceField(
        label="Skill area", choices=[("", "All areas"), *SkillArea.choices], required=False
    )
    setting = forms.ChoiceField(label="Where", choices=SETTING_CHOICES, required=False)
    material = forms.CharField(label="Uses this material", required=False, max_length=SEARCH_CHARS)
    goal = GoalChoice(
        label="For a student's goal",
        queryset=Goal.objects.none(),
        required=False,
        empty_label="Any goal",
    )

    def __init__(self, *args: Any, goals: QuerySet[Goal], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["goal"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = goals


class ActivityForm(ModelForm):
    areas = forms.MultipleChoiceField(
        label="Skill areas",
        choices=SkillArea.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one skill area."},
    )

    class Meta:
        model = Activity
        fields = [
            "name",
            "areas",
            "materials",
            "instructions",
            "easier",
            "harder",
            "safety",
            "in_class",
            "pull_out",
            "at_home",
            "group_size",
            "shared",
        ]
        widgets = {"instructions": forms.Textarea(attrs={"rows": 4})}


class ActivityChoice(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.settings_words})"


class HomeProgramForm(Form):
    activities = ActivityChoice(
        label="Activities for home",
        queryset=Activity.objects.none(),
        help_text="Up to 6; those matching the student's goals come first.",
        error_messages={"required": "Choose at least one activity for home."},
    )
    times_per_week = forms.IntegerField(label="Times a week", min_value=1, max_value=7, initial=3)
    note = forms.CharField(
        label="A note to the family",
        max_length=DESCRIPTION_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    note_es = forms.CharField(
        label="The note in Spanish",
        max_length=DESCRIPTION_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="Shown on the Spanish sheet; left empty, the Spanish sheet has no note.",
    )

    def __init__(self, *args: Any, choices: list[Activity], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["activities"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        ranked = Case(*[When(pk=a.pk, then=i) for i, a in enumerate(choices)], default=len(choices))
        field.queryset = Activity.objects.filter(pk__in=[a.pk for a in choices]).order_by(ranked)
