from django.http import HttpRequest, HttpResponse
from django.urls import path

from otdesk.urls import urlpatterns as product


def hello(request: HttpRequest) -> HttpResponse:
    return HttpResponse("hello", content_type="text/plain")


urlpatterns = [path("bench/hello/", hello), *product]
