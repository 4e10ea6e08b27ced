from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from otdesk.core.http import current_user

from .models import AssessmentTool
from .permissions import require_catalog_reader


@login_required
def catalog(request: HttpRequest) -> HttpResponse:
    require_catalog_reader(current_user(request))
    tools = AssessmentTool.objects.prefetch_related("parts")
    return render(
        request, "assessments/catalog.html", {"title": "Assessment catalog", "tools": tools}
    )
