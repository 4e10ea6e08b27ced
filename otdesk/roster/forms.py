from django import forms

from otdesk.core.forms import Form

from .models import MAX_UPLOAD_BYTES


class UploadForm(Form):
    file = forms.FileField(
        label="OneRoster zip",
        help_text="The zip your student information system exports: manifest.csv, orgs.csv, "
        "users.csv, classes.csv, enrollments.csv and the others at the top of the zip.",
        widget=forms.ClearableFileInput(attrs={"accept": ".zip,application/zip"}),
    )

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("The file is larger than 50 MB.")
        if upload.size == 0:
            raise forms.ValidationError("The file is empty.")
        return upload
