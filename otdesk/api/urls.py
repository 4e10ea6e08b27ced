"""The API at /api/v1/ (its endpoints in students.py and delivery.py, its frame in
core.py), its docs page, and the Account pages where a person makes and revokes tokens."""

from django.urls import path

from . import views
from .core import api
from .delivery import router as delivery
from .students import router as students

api.add_router("", students)
api.add_router("", delivery)
api_urls = api.urls

app_name = "apitokens"

urlpatterns = [
    path("api/v1/docs/", views.docs, name="docs"),
    path("account/api-tokens/", views.tokens, name="tokens"),
    path("account/api-tokens/<int:pk>/revoke/", views.revoke, name="revoke"),
]
