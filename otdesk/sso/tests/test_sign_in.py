"""District sign-in over OpenID Connect against a real local provider (issue 14, point 3):
a known staff email signs in; an unknown one, a guardian, a switched-off account and an
unverified email are refused; bad state, a replayed code, a wrong nonce, audience or
signature and an expired ID token are refused; a coordinator still confirms OT Desk's
own second step."""

import html
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth import SESSION_KEY
from django.core.cache import cache
from django.test import Client

from otdesk.accounts.models import Role, User
from otdesk.core.models import AuditEvent
from otdesk.sso import services
from otdesk.sso.models import DistrictSignIn
from otdesk.testing import factories as f
from otdesk.testing.login import current_code, totp_device

from .helpers import at_provider, district_sign_in, start

pytestmark = pytest.mark.django_db

VERIFY = "/account/two-factor/verify/"


def signed_in(client: Client) -> int | None:
    value = client.session.get(SESSION_KEY)
    return int(value) if value is not None else None


def page(response) -> str:  # type: ignore[no-untyped-def]
    return html.unescape(response.content.decode())


def test_a_known_staff_email_signs_in_and_lands_on_their_home_page(client, lakeside, provider):  # type: ignore[no-untyped-def]
    # The provider's email in another case than the account's: matched all the same.
    to_provider = start(client, "ana.ruiz@lakeside.org")
    asked = parse_qs(urlsplit(to_provider).query)
    assert to_provider.startswith(f"{provider.issuer}/authorize?")
    assert asked["response_type"] == ["code"]
    assert asked["client_id"] == ["otdesk-test-client"]
    assert asked["redirect_uri"] == ["http://testserver/sign-in/district/callback/"]
    assert asked["code_challenge_method"] == ["S256"]
    assert asked["login_hint"] == ["ana.ruiz@lakeside.org"]
    assert len(asked["state"][0]) >= 43 and len(asked["nonce"][0]) >= 43
    assert asked["state"] != asked["nonce"]

    response = client.get(at_provider(to_provider))
    assert response["Location"] == "/"
    assert signed_in(client) == lakeside.ot.pk
    assert client.get("/")["Location"] == "/today/"
    assert client.get("/today/").status_code == 200
    event = AuditEvent.objects.get(user=lakeside.ot, object_type="accounts.user")
    assert event.summary == "Signed in with the district account (Another OpenID Connect provider)"
    assert event.student_id is None


def test_it_takes_the_person_back_to_the_page_they_asked_for(client, lakeside):  # type: ignore[no-untyped-def]
    response = district_sign_in(client, "ana.ruiz@lakeside.org", next="/caseload/")
    assert response["Location"] == "/caseload/"
    other = Client()
    response = district_sign_in(other, "ana.ruiz@lakeside.org", next="https://evil.example/")
    assert response["Location"] == "/"


def test_an_unknown_email_is_refused_and_no_account_is_made(client, lakeside, provider):  # type: ignore[no-untyped-def]
    provider.email = "new.teacher@lakeside.org"
    people = User.objects.count()
    response = district_sign_in(client, "new.teacher@lakeside.org")
    assert response.status_code == 403
    assert (
        "No one in Lakeside USD has the email new.teacher@lakeside.org; ask your coordinator "
        "to invite you." in page(response)
    )
    assert User.objects.count() == people
    assert signed_in(client) is None


def test_a_guardian_cannot_use_it_even_when_the_email_matches(client, lakeside, provider):  # type: ignore[no-untyped-def]
    parent = f.make_user(Role.GUARDIAN, lakeside.district, email="dana@lakeside.org")
    provider.email = "dana@lakeside.org"
    response = district_sign_in(client, "dana@lakeside.org")
    assert response.status_code == 403
    assert "Parents and guardians sign in with their username and password." in page(response)
    assert signed_in(client) is None
    refused = AuditEvent.objects.get(user=parent)
    assert refused.summary == (
        "District sign-in refused: the account with this email is not a staff account"
    )


def test_a_staff_account_wins_over_a_guardian_account_with_the_same_email(client, lakeside):  # type: ignore[no-untyped-def]
    f.make_user(Role.GUARDIAN, lakeside.district, email="ana.ruiz@lakeside.org")
    assert district_sign_in(client, "ana.ruiz@lakeside.org")["Location"] == "/"
    assert signed_in(client) == lakeside.ot.pk


def test_an_account_switched_off_is_refused(client, lakeside):  # type: ignore[no-untyped-def]
    User.objects.filter(pk=lakeside.ot.pk).update(is_active=False)
    response = district_sign_in(client, "ana.ruiz@lakeside.org")
    assert response.status_code == 403
    assert "Your OT Desk account is switched off." in page(response)
    assert signed_in(client) is None


def test_someone_of_another_district_is_not_matched(client, lakeside, provider):  # type: ignore[no-untyped-def]
    elsewhere = f.make_district(name="Hillview SD")
    f.make_user(Role.OT, elsewhere, email="sam@lakeside.org")
    provider.email = "sam@lakeside.org"
    response = district_sign_in(client, "sam@lakeside.org")
    assert response.status_code == 403
    assert "No one in Lakeside USD has the email sam@lakeside.org" in page(response)


@pytest.mark.parametrize("verified", [False, None])
def test_an_email_the_provider_does_not_vouch_for_is_refused(client, lakeside, provider, verified):  # type: ignore[no-untyped-def]
    provider.email_verified = verified
    response = district_sign_in(client, "ana.ruiz@lakeside.org")
    assert response.status_code == 400
    assert "Your district account's email address is not verified" in page(response)
    assert f"email_verified is {verified!r}" in page(response)
    assert signed_in(client) is None


def test_an_address_outside_the_districts_domains_is_refused(client, lakeside, provider):  # type: ignore[no-untyped-def]
    User.objects.filter(pk=lakeside.ot.pk).update(email="ana@gmail.com")
    provider.email = "ana@gmail.com"
    # The typed email picks Lakeside; the provider's says another domain.
    response = district_sign_in(client, "ana.ruiz@lakeside.org")
    assert response.status_code == 403
    assert "District sign-in for Lakeside USD takes addresses at lakeside.org only." in page(
        response
    )


def test_google_workspace_needs_the_districts_own_workspace(client, lakeside, provider):  # type: ignore[no-untyped-def]
    DistrictSignIn.objects.filter(pk=lakeside.setup.pk).update(kind=DistrictSignIn.Kind.GOOGLE)
    response = district_sign_in(client, "ana.ruiz@lakeside.org")
    assert response.status_code == 403
    assert "not a personal Google account" in page(response)
    provider.extra_claims = {"hd": "lakeside.org"}
    assert district_sign_in(client, "ana.ruiz@lakeside.org")["Location"] == "/"


# The protocol's checks --------------------------------------------------------------------


def test_a_bad_state_is_refused(client, lakeside):  # type: ignore[no-untyped-def]
    back = at_provider(start(client, "ana.ruiz@lakeside.org"))
    code = parse_qs(urlsplit(back).query)["code"][0]
    for query in (f"?code={code}&state=forged", f"?code={code}", ""):
        response = client.get(f"/sign-in/district/callback/{query}")
        assert response.status_code == 400
        assert "This sign-in was already used or has run out" in page(response)
    assert signed_in(client) is None
    # Another browser with the real state but not the session that started: refused too.
    assert Client().get(back).status_code == 400
    assert client.get(back)["Location"] == "/"  # the real one still works in its session


def test_a_replayed_code_is_refused(client, lakeside):  # type: ignore[no-untyped-def]
    back = at_provider(start(client, "ana.ruiz@lakeside.org"))
    assert client.get(back)["Location"] == "/"
    client.logout()
    again = client.get(back)  # the same answer: its state is used up
    assert again.status_code == 400
    assert "already used or has run out" in page(again)
    # The same code with a fresh state: the provider takes a code once.
    fresh = urlsplit(start(client, "ana.ruiz@lakeside.org"))
    state = parse_qs(fresh.query)["state"][0]
    code = parse_qs(urlsplit(back).query)["code"][0]
    response = client.get(f"/sign-in/district/callback/?code={code}&state={state}")
    assert response.status_code == 400
    assert "did not accept this sign-in" in page(response)
    assert "invalid_grant" in page(response)
    assert signed_in(client) is None


@pytest.mark.parametrize(
    ("switch", "reason"),
    [
        ("wrong_nonce", "the ID token's nonce claim does not hold (invalid_claim)"),
        ("wrong_audience", "the ID token's aud claim does not hold (invalid_claim)"),
        ("wrong_key", "the ID token's signature does not hold (bad_signature"),
        ("expired", "the ID token has expired"),
    ],
)
def test_an_id_token_that_does_not_hold_is_refused(client, lakeside, provider, switch, reason):  # type: ignore[no-untyped-def]
    setattr(provider, switch, True)
    response = district_sign_in(client, "ana.ruiz@lakeside.org")
    assert response.status_code == 400
    assert reason in page(response)
    assert signed_in(client) is None
    assert not AuditEvent.objects.filter(user=lakeside.ot).exists()


def test_a_token_signed_with_an_unknown_key_fetches_the_keys_once_more(client, lakeside, provider):  # type: ignore[no-untyped-def]
    assert district_sign_in(client, "ana.ruiz@lakeside.org")["Location"] == "/"
    assert provider.count("/jwks") == 1
    old_key = provider.key
    provider.key = type(old_key).generate_key(2048, parameters={"use": "sig", "alg": "RS256"})
    provider.key.ensure_kid()  # the provider rotated its key
    other = Client()
    assert district_sign_in(other, "ana.ruiz@lakeside.org")["Location"] == "/"
    assert provider.count("/jwks") == 2


def test_discovery_and_keys_are_cached(client, lakeside, provider):  # type: ignore[no-untyped-def]
    for _ in range(3):
        assert district_sign_in(Client(), "ana.ruiz@lakeside.org")["Location"] == "/"
    # Once when the coordinator saved, never again; the keys once.
    assert provider.count("/.well-known/openid-configuration") == 1
    assert provider.count("/jwks") == 1
    assert provider.count("/token") == 3


def test_the_providers_access_denied_is_said_plainly(client, lakeside, provider):  # type: ignore[no-untyped-def]
    provider.deny = True
    response = district_sign_in(client, "ana.ruiz@lakeside.org")
    assert response.status_code == 400
    assert "You stopped at your district's sign-in page, so you are not signed in." in page(
        response
    )
    assert provider.count("/token") == 0


def test_a_coordinator_still_confirms_the_second_step(client, lakeside, provider):  # type: ignore[no-untyped-def]
    device = totp_device(lakeside.coordinator)
    provider.email = "coord@lakeside.org"
    assert district_sign_in(client, "coord@lakeside.org")["Location"] == "/"
    assert signed_in(client) == lakeside.coordinator.pk
    # Signed in, but every page waits for the app's code.
    assert client.get("/district/")["Location"] == f"{VERIFY}?next=%2Fdistrict%2F"
    assert client.get("/district/sign-in/")["Location"].startswith(VERIFY)
    confirmed = client.post(VERIFY, {"code": current_code(device), "next": "/district/"})
    assert confirmed["Location"] == "/district/"
    assert client.get("/district/").status_code == 200


def test_a_coordinator_without_an_app_is_sent_to_set_one_up(client, lakeside, provider):  # type: ignore[no-untyped-def]
    provider.email = "coord@lakeside.org"
    assert district_sign_in(client, "coord@lakeside.org")["Location"] == "/"
    assert client.get("/district/")["Location"] == "/account/two-factor/?next=%2Fdistrict%2F"


def test_switching_it_off_mid_way_stops_the_sign_in(client, lakeside):  # type: ignore[no-untyped-def]
    back = at_provider(start(client, "ana.ruiz@lakeside.org"))
    DistrictSignIn.objects.filter(pk=lakeside.setup.pk).update(enabled=False)
    response = client.get(back)
    assert response.status_code == 400
    assert "District sign-in was switched off or changed" in page(response)


# Starting -----------------------------------------------------------------------------


def test_the_sign_in_page_offers_it_only_when_a_district_has_it(client, db, provider):  # type: ignore[no-untyped-def]
    bare = client.get("/login/")
    assert "Sign in with your district account" not in page(bare)
    assert "form-action 'self';" in bare["Content-Security-Policy"]
    district = f.make_district(name="Lakeside USD")
    coordinator = f.make_user(Role.COORDINATOR, district)
    services.save_district_sign_in(
        actor=coordinator,
        district=district,
        kind="other",
        issuer=provider.issuer,
        client_id="otdesk-test-client",
        client_secret="test-secret-0123456789",
        email_domains="",
        enabled=True,
    )
    offered = client.get("/login/")
    assert "Sign in with your district account" in page(offered)
    assert 'id="district_email"' in page(offered)
    # Chrome applies form-action to the redirect after the form: the provider is named.
    policy = offered["Content-Security-Policy"]
    assert f"form-action 'self' {provider.issuer};" in policy
    assert "script-src 'self';" in policy


def test_an_address_no_district_takes_is_told_so(client, lakeside):  # type: ignore[no-untyped-def]
    f.make_district(name="Hillview SD")
    response = client.post("/sign-in/district/", {"email": "pat@hillview.org"})
    assert response.status_code == 400
    assert "District sign-in is not set up for hillview.org." in page(response)
    bad = client.post("/sign-in/district/", {"email": "not an email"})
    assert bad.status_code == 400
    assert "Type your work email, like name@district.org." in page(bad)


def test_a_sign_in_page_on_another_origin_gets_a_link(client, lakeside, provider):  # type: ignore[no-untyped-def]
    provider.authorize_host = "localhost"
    cache.clear()  # the provider's settings changed since the coordinator saved
    response = client.post("/sign-in/district/", {"email": "ana.ruiz@lakeside.org"})
    assert response.status_code == 200
    assert f"http://localhost:{provider.port}/authorize?" in page(response)


def test_someone_signed_in_is_sent_home_from_the_start(client, lakeside):  # type: ignore[no-untyped-def]
    client.force_login(lakeside.ot)
    assert client.get("/sign-in/district/")["Location"] == "/"
