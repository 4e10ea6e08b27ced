from django import forms

from otdesk.core.forms import ModelForm

from .models import TeamNote


class TeamNoteForm(ModelForm):
    class Meta:
        model = TeamNote
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}
        labels = {"text": "Note for the team"}
        help_texts = {"text": "What the others who serve this student should know."}
        error_messages = {"text": {"required": "Write the note for the team."}}
