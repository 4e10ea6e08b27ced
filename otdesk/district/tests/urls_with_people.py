"""The site's URLs plus stand-ins for the people and access-log pages other apps add."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from otdesk.urls import urlpatterns as site_patterns


def stand_in(request: HttpRequest) -> HttpResponse:
    return HttpResponse("stand-in")


urlpatterns = [
    path("district/people/", stand_in),
    path("district/audit/", stand_in),
    *site_patterns,
]
