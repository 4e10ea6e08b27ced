import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.db.models import Case, Model, QuerySet, When
from django.http import QueryDict
from django.utils import timezone

from otdesk.activities.models import Activity
from otdesk.core.forms import Form, ModelForm, SaneDatesMixin
from otdesk.core.http import parse_id
from otdesk.core.limits import NOTE_CHARS, REASON_CHARS
from otdesk.core.versions import VersionedModelForm, version_field
from otdesk.schools.models import Classroom, School
from otdesk.students.forms import DateInput
from otdesk.students.models import Goal, Location, PullOutReason, Strategy, Student

from .models import (
    PLAIN_MAX_LENGTH,
    Assistance,
    Attendance,
    ConsultMethod,
    ConsultWith,
    MissedSession,
    MissReason,
    PlannedSession,
    Session,
    SessionType,
)
from .services import AttendeeEntry, GoalEntry


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self) -> None:
        super().__init__(format="%H:%M")


NOT_ON_THE_LIST = "Choose from the list; that choice is not one of them."


class IdsChecked:
    """A model choice field whose posted values are record ids, read with the one id
    parser: anything else (e.g. '²', '-1', 30 digits) is refused with a plain message
    before it reaches the database."""

    def clean(self, value: Any) -> Any:
        if isinstance(value, list | tuple):
            items = list(value)
        else:
            items = [] if value in (None, "") else [value]
        for item in items:
            raw = item.pk if isinstance(item, Model) else item
            if parse_id(str(raw)) is None:
                raise forms.ValidationError(NOT_ON_THE_LIST, code="invalid_choice")
        return super().clean(value)  # type: ignore[misc]


def text_box(
    label: str | None = None, *, chars: int = NOTE_CHARS, rows: int = 2
) -> forms.CharField:
    """A free-text box of at most `chars` characters, optional."""
    return forms.CharField(
        label=label,
        max_length=chars,
        required=False,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages=PLAIN_MAX_LENGTH,
    )


class IdChoice(IdsChecked, forms.ModelChoiceField):
    """One record from a list, by id."""


class StudentChoice(IdsChecked, forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.full_name} ({obj.get_grade_display()}, {obj.school.short_name})"


class GoalPick(IdsChecked, forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.iep.student.known_as}: {obj.get_area_display()} — {obj.description}"


class ActivityPick(IdsChecked, forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.settings_words})"


MINUTES_ERRORS = {
    "invalid": "Enter minutes as a whole number, e.g. 30.",
    "min_value": "A session lasts from 5 to 240 minutes.",
    "max_value": "A session lasts from 5 to 240 minutes.",
    "required": "Enter how many minutes.",
}


class PlannedSessionForm(SaneDatesMixin, ModelForm):
    minutes = forms.IntegerField(min_value=5, max_value=240, error_messages=MINUTES_ERRORS)
    students = StudentChoice(
        queryset=Student.objects.none(),
        error_messages={"required": "Choose at least one student."},
    )

    class Meta:
        model = PlannedSession
        fields = [
            "weekday",
            "start",
            "minutes",
            "school",
            "classroom",
            "session_type",
            "location",
            "students",
            "active_from",
            "active_until",
            "locked",
        ]
        widgets = {"start": TimeInput(), "active_from": DateInput(), "active_until": DateInput()}
        labels = {"active_from": "Plan starts", "active_until": "Plan ends"}
        field_classes = {"school": IdChoice, "classroom": IdChoice}

    def __init__(self, *args: Any, caseload: QuerySet[Student], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        students = self.fields["students"]
        assert isinstance(students, forms.ModelMultipleChoiceField)
        students.queryset = caseload.select_related("school").order_by(
            "school__name", "last_name", "first_name", "pk"
        )
        school = self.fields["school"]
        assert isinstance(school, forms.ModelChoiceField)
        school.queryset = School.objects.filter(pk__in=caseload.values("school_id"))
        classroom = self.fields["classroom"]
        assert isinstance(classroom, forms.ModelChoiceField)
        classroom.queryset = Classroom.objects.filter(school__in=school.queryset).select_related(
            "school"
        )
        classroom.required = False


class SessionForm(SaneDatesMixin, Form):
    date = forms.DateField(widget=DateInput(), error_messages={"required": "Enter the date."})
    start = forms.TimeField(widget=TimeInput(), error_messages={"required": "Enter the start."})
    minutes = forms.IntegerField(min_value=5, max_value=240, error_messages=MINUTES_ERRORS)
    session_type = forms.ChoiceField(label="Delivery model", choices=SessionType.choices)
    location = forms.ChoiceField(choices=Location.choices)
    pull_out_reason = forms.ChoiceField(
        label="Reason for pull-out",
        choices=[("", "—"), *PullOutReason.choices],
        required=False,
        help_text="Only needed when a student's IEP has no pull-out service line.",
    )
    students = StudentChoice(
        queryset=Student.objects.none(),
        error_messages={"required": "Choose at least one student."},
        help_text="Everyone in the group. Each student's attendance and goals show below.",
    )
    library_activities = ActivityPick(
        label="Activities from the library",
        queryset=Activity.objects.none(),
        required=False,
        help_text="The library's suggestions for the students' goals come first.",
    )
    activities = text_box("Other activities")
    subjective = text_box("S — subjective")
    objective = text_box("O — objective")
    assessment = text_box("A — assessment")
    plan = text_box("P — plan")
    sign = forms.BooleanField(
        label="Sign the note now", required=False, help_text="A signed note can only be amended."
    )

    def __init__(
        self,
        *args: Any,
        caseload: QuerySet[Student],
        activities: QuerySet[Activity] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        students = self.fields["students"]
        assert isinstance(students, forms.ModelMultipleChoiceField)
        students.queryset = caseload.select_related("school").order_by(
            "school__name", "last_name", "first_name", "pk"
        )
        library = self.fields["library_activities"]
        assert isinstance(library, forms.ModelMultipleChoiceField)
        library.queryset = activities if activities is not None else Activity.objects.none()

    def clean_date(self) -> dt.date:
        day: dt.date = self.cleaned_data["date"]
        if day > timezone.localdate() + dt.timedelta(days=1):
            raise forms.ValidationError("A session cannot be logged for a future date.")
        return day


@dataclass
class GoalRow:
    goal: Goal
    prefix: str
    trials: str = ""
    correct: str = ""
    assistance: str = ""


@dataclass
class AttendeeRow:
    """One student's part of the session form, with what was typed and any error."""

    student: Student
    attendance: str = Attendance.PRESENT
    absence_reason: str = ""
    targeted: bool = True
    makeup_for: str = ""
    goals: list[GoalRow] = field(default_factory=list)
    makeup_choices: list[MissedSession] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"s{self.student.pk}"


def _count_or_none(text: str) -> int | None:
    """A count of trials typed in the form: blank, or ASCII digits up to 9999."""
    text = text.strip()
    if not text:
        return None
    number = parse_id(text)
    if number is None or number > 9999:
        raise ValueError(text)
    return number


def attendee_rows(
    students: list[Student],
    goals: dict[int, list[Goal]],
    open_misses: dict[int, list[MissedSession]],
    data: QueryDict | None,
    *,
    makeup: MissedSession | None = None,
) -> list[AttendeeRow]:
    rows = []
    for student in students:
        row = AttendeeRow(student=student, makeup_choices=open_misses.get(student.pk, []))
        key = row.key
        if data is not None and f"{key}-attendance" in data:
            row.attendance = data.get(f"{key}-attendance", Attendance.PRESENT)
            row.absence_reason = data.get(f"{key}-why", "")
            row.targeted = data.get(f"{key}-targeted") == "on"
            row.makeup_for = data.get(f"{key}-makeup", "")
        elif makeup is not None and makeup.student_id == student.pk:
            row.makeup_for = str(makeup.pk)
        for goal in goals.get(student.pk, []):
            prefix = f"{key}-g{goal.pk}"
            goal_row = GoalRow(goal=goal, prefix=prefix)
            if data is not None:
                goal_row.trials = data.get(f"{prefix}-trials", "")
                goal_row.correct = data.get(f"{prefix}-correct", "")
                goal_row.assistance = data.get(f"{prefix}-assist", "")
            row.goals.append(goal_row)
        rows.append(row)
    return rows


def attendee_entries(rows: list[AttendeeRow]) -> list[AttendeeEntry] | None:
    """The rows as service input, or None after putting an error on each bad row."""
    entries = []
    ok = True
    for row in rows:
        name = row.student.full_name
        if row.attendance not in Attendance.values:
            row.errors.append(f"Choose whether {name} was present.")
        if row.attendance == Attendance.ABSENT and row.absence_reason not in MissReason.values:
            row.errors.append(f"Say why {name} was absent.")
        makeup = None
        if row.makeup_for:
            makeup_id = parse_id(row.makeup_for)
            makeup = next((m for m in row.makeup_choices if m.pk == makeup_id), None)
            if makeup is None:
                row.errors.append(f"Choose one of {name}'s missed sessions to make up.")
        goal_entries = []
        for goal_row in row.goals:
            try:
                trials = _count_or_none(goal_row.trials)
                correct = _count_or_none(goal_row.correct)
            except ValueError:
                row.errors.append(
                    f"Trials and correct are whole numbers up to 9999 ({goal_row.goal})."
                )
                continue
            if goal_row.assistance and goal_row.assistance not in Assistance.values:
                row.errors.append("Choose a level of assistance from the list.")
                continue
            if trials is not None and correct is not None and correct > trials:
                row.errors.append(
                    f"{name}: correct ({correct}) cannot be more than the trials ({trials})."
                )
                continue
            if trials is None and correct is None and not goal_row.assistance:
                continue
            goal_entries.append(
                GoalEntry(
                    goal=goal_row.goal,
                    trials=trials,
                    correct=correct,
                    assistance=goal_row.assistance,
                )
            )
        ok = ok and not row.errors
        entries.append(
            AttendeeEntry(
                student=row.student,
                attendance=row.attendance,
                absence_reason=row.absence_reason if row.attendance == Attendance.ABSENT else "",
                targeted_service=row.targeted,
                makeup_for=makeup,
                goals=goal_entries,
            )
        )
    return entries if ok else None


class MissedForm(SaneDatesMixin, Form):
    date = forms.DateField(widget=DateInput(), error_messages={"required": "Enter the date."})
    minutes = forms.IntegerField(min_value=5, max_value=240, error_messages=MINUTES_ERRORS)
    reason = forms.ChoiceField(
        label="Why was it missed?",
        choices=MissReason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose why the session was missed."},
    )
    detail = forms.CharField(
        required=False,
        max_length=200,
        help_text="e.g. 'state testing' or 'field trip'.",
        error_messages=PLAIN_MAX_LENGTH,
    )
    students = StudentChoice(
        queryset=Student.objects.none(),
        error_messages={"required": "Choose at least one student."},
        help_text="Untick a student who did get their session.",
    )

    def __init__(self, *args: Any, students: QuerySet[Student], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field_ = self.fields["students"]
        assert isinstance(field_, forms.ModelMultipleChoiceField)
        field_.queryset = students.select_related("school")


class NoteForm(VersionedModelForm):
    """The written part of a draft note; attendance and minutes are fixed once logged."""

    sign = forms.BooleanField(
        label="Sign the note now", required=False, help_text="A signed note can only be amended."
    )

    class Meta:
        model = Session
        fields = ["activities", "subjective", "objective", "assessment", "plan"]
        labels = {
            "subjective": "S — subjective",
            "objective": "O — objective",
            "assessment": "A — assessment",
            "plan": "P — plan",
        }
        widgets = {name: forms.Textarea(attrs={"rows": 3}) for name in fields}
        error_messages = {name: PLAIN_MAX_LENGTH for name in fields}


class VoidForm(Form):
    reason = forms.CharField(
        label="Why is this entry a mistake?",
        max_length=REASON_CHARS,
        error_messages={"required": "Say why this entry is a mistake.", **PLAIN_MAX_LENGTH},
    )


class AddendumForm(Form):
    text = forms.CharField(
        label="Correction or addition",
        max_length=NOTE_CHARS,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Write the correction or addition.", **PLAIN_MAX_LENGTH},
    )


class PolicyForm(SaneDatesMixin, Form):
    """A change of the district's minutes policy, in force from a date."""

    effective_from = forms.DateField(
        label="In force from",
        widget=DateInput(),
        help_text="Periods from this day on follow the new rules; earlier days keep the rules "
        "in force then. Today unless the change was decided for another date.",
        error_messages={"required": "Enter the date the change takes effect."},
    )
    owed = forms.MultipleChoiceField(
        label="A make-up is owed when the reason is…",
        choices=MissReason.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Untick a reason for which the district owes no make-up.",
    )
    prorate_short_weeks = forms.BooleanField(
        label="Pro-rate short weeks",
        required=False,
        help_text="In a week with a holiday, required minutes shrink (4 school days of 5 "
        "require 4/5 of the weekly minutes). When off, only weeks with no school at all and "
        "service lines that start or end mid-period are pro-rated.",
    )
    makeup_within_days = forms.IntegerField(
        label="Make-ups must be given within (days of the miss)",
        required=False,
        min_value=1,
        max_value=366,
        help_text="Leave blank to allow make-ups until the IEP ends.",
        error_messages={
            "invalid": "Enter a whole number of days from 1 to 366, or leave it blank.",
            "min_value": "Enter a whole number of days from 1 to 366, or leave it blank.",
            "max_value": "Enter a whole number of days from 1 to 366, or leave it blank.",
        },
    )
    version = version_field()


class StrategyChoice(IdsChecked, forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.student.known_as}: {obj.description}"


class ConsultationForm(SaneDatesMixin, Form):
    date = forms.DateField(widget=DateInput(), error_messages={"required": "Enter the date."})
    minutes = forms.IntegerField(
        min_value=1,
        max_value=240,
        error_messages={
            "invalid": "Enter minutes as a whole number, e.g. 15.",
            "min_value": "A consultation lasts from 1 to 240 minutes.",
            "max_value": "A consultation lasts from 1 to 240 minutes.",
            "required": "Enter how many minutes.",
        },
    )
    with_whom = forms.MultipleChoiceField(
        label="With whom",
        choices=ConsultWith.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Say who you consulted with."},
    )
    method = forms.ChoiceField(
        label="How",
        choices=ConsultMethod.choices,
        widget=forms.RadioSelect,
        initial=ConsultMethod.IN_PERSON,
    )
    students = StudentChoice(
        queryset=Student.objects.none(),
        error_messages={"required": "Choose at least one student."},
        help_text="Press 'Update students' to see their strategies below.",
    )
    strategies = StrategyChoice(
        label="Strategies reviewed or changed",
        queryset=Strategy.objects.none(),
        required=False,
    )
    discussed = text_box("What was discussed", rows=3)
    new_concerns = text_box()
    follow_up = text_box()

    def __init__(
        self, *args: Any, caseload: QuerySet[Student], chosen: list[Student], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        students = self.fields["students"]
        assert isinstance(students, forms.ModelMultipleChoiceField)
        students.queryset = caseload.select_related("school").order_by(
            "school__name", "last_name", "first_name", "pk"
        )
        strategies = self.fields["strategies"]
        assert isinstance(strategies, forms.ModelMultipleChoiceField)
        strategies.queryset = (
            Strategy.objects.filter(student__in=chosen)
            .exclude(status=Strategy.Status.DISCONTINUED)
            .select_related("student")
        )


class PlanForm(Form):
    students = StudentChoice(
        queryset=Student.objects.none(),
        error_messages={"required": "Choose at least one student."},
        help_text="Press 'Suggest activities' after changing students, goals or delivery model.",
    )
    session_type = forms.ChoiceField(
        label="Delivery model", choices=SessionType.choices, widget=forms.RadioSelect
    )
    goals = GoalPick(
        queryset=Goal.objects.none(), error_messages={"required": "Choose the goals to work on."}
    )
    activities = ActivityPick(
        label="Suggested activities",
        queryset=Activity.objects.none(),
        error_messages={"required": "Choose at least one activity."},
        help_text="Push-in suggestions work inside a class activity.",
    )
    note = forms.CharField(max_length=300, required=False, error_messages=PLAIN_MAX_LENGTH)

    def __init__(
        self,
        *args: Any,
        caseload: QuerySet[Student],
        goals: QuerySet[Goal],
        suggestions: list[Activity],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        for name, queryset in (("students", caseload.select_related("school")), ("goals", goals)):
            field = self.fields[name]
            assert isinstance(field, forms.ModelMultipleChoiceField)
            field.queryset = queryset
        field = self.fields["activities"]
        assert isinstance(field, forms.ModelMultipleChoiceField)
        ranked = Case(
            *[When(pk=a.pk, then=i) for i, a in enumerate(suggestions)], default=len(suggestions)
        )
        field.queryset = Activity.objects.filter(pk__in=[a.pk for a in suggestions]).order_by(
            ranked
        )
