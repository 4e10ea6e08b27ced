from typing import Any

from django import forms

from otdesk.core.forms import Form

from .csvimport import FIELDS
from .models import upload_problem


class _FileForm(Form):
    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        problem = upload_problem(upload.size)
        if problem:
            raise forms.ValidationError(problem)
        return upload


class UploadForm(_FileForm):
    file = forms.FileField(
        label="OneRoster zip",
        help_text="The zip your student information system exports: manifest.csv, orgs.csv, "
        "users.csv, classes.csv, enrollments.csv and the others at the top of the zip.",
        widget=forms.ClearableFileInput(attrs={"accept": ".zip,application/zip"}),
    )


class CsvUploadForm(_FileForm):
    file = forms.FileField(
        label="Spreadsheet of students (CSV)",
        help_text="One line per student with a line of headings first, saved as CSV (UTF-8). "
        "Next you choose which column holds what.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )


def _lower(label: str) -> str:
    """A field's label inside a sentence: 'first name', 'student ID'."""
    return label[0].lower() + label[1:]


class ColumnsForm(Form):
    """Which heading of the spreadsheet holds each of OT Desk's fields."""

    def __init__(self, *args: Any, headings: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", "(not in the file)"), *((h, h) for h in headings)]
        for item in FIELDS:
            self.fields[item.name] = forms.ChoiceField(
                label=item.label,
                choices=choices,
                required=item.required,
                help_text=item.help,
                error_messages={
                    "required": f"Choose the column that holds the {_lower(item.label)}."
                },
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        seen: dict[str, str] = {}
        for item in FIELDS:
            heading = cleaned.get(item.name)
            if not heading:
                continue
            if heading in seen:
                self.add_error(
                    item.name,
                    f"The column {heading} is already chosen for {seen[heading]}.",
                )
            else:
                seen[heading] = _lower(item.label)
        return cleaned

    def mapping(self) -> dict[str, str]:
        return {item.name: self.cleaned_data.get(item.name) or "" for item in FIELDS}
