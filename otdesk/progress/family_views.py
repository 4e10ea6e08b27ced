"""The family's side of a progress report, in the parent portal: a guardian reads a final
report (and its PDF) and adds their comments to a draft. In the reader's language."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from otdesk.core.audit import record_access
from otdesk.core.http import add_service_errors, current_user
from otdesk.students.permissions import require_parent

from . import services
from .document import report_context
from .forms import ParentCommentForm
from .permissions import family_report_for


@login_required
def family_report(request: HttpRequest, report: int) -> HttpResponse:
    user = require_parent(current_user(request))
    found = family_report_for(user, report)
    form = None
    if not found.is_final:
        form = ParentCommentForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.add_parent_comment(
                    actor=user, report=found, text=form.cleaned_data["text"], request=request
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(
                    request, _("Thank you. Your comments are on the report for the therapist.")
                )
                return redirect("progress:family_report", found.pk)
    record_access(request, obj=found, student_id=found.student_id, summary="Progress report")
    context = (
        report_context(found)
        if found.is_final
        else {
            "report": found,
            "student": found.student,
            "period": found.period,
            "comments": list(found.comments.select_related("author")),
        }
    )
    name = found.student.known_as
    return render(
        request,
        "progress/family_report.html",
        {
            **context,
            "form": form,
            "title": _("%(name)s’s progress report, %(period)s")
            % {"name": name, "period": found.period.name},
        },
    )
