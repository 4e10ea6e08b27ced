"""API tokens: made on the Account page and shown once, stored as a hash only, with a
scope (read or read-write), an expiry, revocation and the time last used; who may hold
them and whose they see."""

import datetime as dt
import hashlib
import re
import zoneinfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from otdesk.api.models import ApiToken
from otdesk.api.services import create_token
from otdesk.core.models import AuditEvent
from otdesk.testing.login import sign_in

pytestmark = pytest.mark.django_db
CHICAGO = zoneinfo.ZoneInfo("America/Chicago")
NOW = dt.datetime(2026, 10, 7, 15, 0, tzinfo=CHICAGO)


@pytest.fixture(autouse=True)
def on_a_wednesday():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield


def api(token: str) -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {token}")


def test_a_token_is_made_on_the_page_shown_once_and_kept_as_a_hash(client, world):  # type: ignore[no-untyped-def]
    sign_in(client, world.therapist)
    account = client.get(reverse("accounts:account")).content.decode()
    assert "You have no active token." in account
    assert f'href="{reverse("apitokens:tokens")}"' in account
    page = client.get(reverse("apitokens:tokens"))
    assert page.status_code == 200 and b"You have no API token yet." in page.content

    made = client.post(
        reverse("apitokens:tokens"), {"name": "Caseload sheet", "scope": "read", "days": "90"}
    )
    assert made.status_code == 200
    html = made.content.decode()
    plain = re.search(r'id="new-token"[^>]*value="(otd_[^"]+)"', html)
    assert plain is not None
    token = ApiToken.objects.get()
    assert token.token_hash == hashlib.sha256(plain.group(1).encode()).hexdigest()
    assert plain.group(1) not in str(ApiToken.objects.values().get())  # only the hash kept
    assert (token.name, token.scope, token.person_id) == (
        "Caseload sheet",
        "read",
        world.therapist.pk,
    )
    assert token.expires_at == NOW.astimezone(dt.UTC) + dt.timedelta(days=90)
    assert "Caseload sheet" in html and "Never" in html and "Active" in html
    assert AuditEvent.objects.filter(
        summary__startswith="Made the API token Caseload sheet", user=world.therapist
    ).exists()
    # The list never shows it again.
    again = client.get(reverse("apitokens:tokens")).content.decode()
    assert plain.group(1) not in again and f"{token.token_prefix}…" in again

    assert api(plain.group(1)).get("/api/v1/students").status_code == 200
    token.refresh_from_db()
    assert token.last_used_at == NOW


def test_the_form_explains_what_is_wrong(client, world):  # type: ignore[no-untyped-def]
    sign_in(client, world.therapist)
    bad = client.post(reverse("apitokens:tokens"), {"name": "", "scope": "all", "days": "7"})
    assert bad.status_code == 400
    html = bad.content.decode()
    assert "Give the token a name, so you know it later." in html
    assert "Select a valid choice." in html
    assert ApiToken.objects.count() == 0


def test_revoked_and_expired_tokens_open_nothing(client, world):  # type: ignore[no-untyped-def]
    token, plain = create_token(actor=world.therapist, name="Script", scope="write", days=30)
    sign_in(client, world.therapist)
    response = client.post(reverse("apitokens:revoke", args=[token.pk]))
    assert response["Location"] == reverse("apitokens:tokens")
    token.refresh_from_db()
    assert token.revoked_at == NOW
    refused = api(plain).get("/api/v1/students")
    assert refused.status_code == 401
    assert refused.json() == {
        "error": "Send a valid API token: Authorization: Bearer <token>. It may be unknown, "
        "expired or revoked.",
        "fields": {},
    }
    page = client.get(reverse("apitokens:tokens")).content.decode()
    assert "Revoked</span>" in page

    _, later = create_token(actor=world.therapist, name="Short", scope="read", days=30)
    assert api(later).get("/api/v1/students").status_code == 200
    with time_machine.travel(NOW + dt.timedelta(days=30, seconds=1), tick=False):
        assert api(later).get("/api/v1/students").status_code == 401
    # A person switched off takes their tokens with them.
    _, third = create_token(actor=world.therapist, name="Third", scope="read", days=30)
    world.therapist.is_active = False
    world.therapist.save()
    assert api(third).get("/api/v1/students").status_code == 401
    assert api("otd_not-a-token").get("/api/v1/students").status_code == 401
    assert Client().get("/api/v1/students").status_code == 401


def test_a_read_token_cannot_write(world):  # type: ignore[no-untyped-def]
    _, plain = create_token(actor=world.therapist, name="Reader", scope="read", days=30)
    response = api(plain).post(
        "/api/v1/professional-time",
        {"date": "2026-10-06", "minutes": 30, "category": "documentation"},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert response.json() == {
        "error": "This token is read-only; make a read-and-write token to do that.",
        "fields": {},
    }


def test_who_holds_tokens_and_whose_they_see(client, world):  # type: ignore[no-untyped-def]
    mine, _ = create_token(actor=world.therapist, name="Mine", scope="read", days=30)
    # Someone else's token: not found, never revoked by another.
    client.force_login(world.outsider)
    assert client.post(reverse("apitokens:revoke", args=[mine.pk])).status_code == 404
    assert "Mine" not in client.get(reverse("apitokens:tokens")).content.decode()
    mine.refresh_from_db()
    assert mine.revoked_at is None
    # Parents have no tokens: the page is not theirs.
    client.force_login(world.parent)
    assert client.get(reverse("apitokens:tokens")).status_code == 404
    assert client.post(reverse("apitokens:tokens"), {"name": "x"}).status_code == 404
    assert "API tokens" not in client.get(reverse("accounts:account")).content.decode()
    # A coordinator has them (past the second step).
    sign_in(client, world.coordinator)
    assert client.get(reverse("apitokens:tokens")).status_code == 200
