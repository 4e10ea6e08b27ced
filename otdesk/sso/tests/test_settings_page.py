"""The coordinator's district sign-in page (/district/sign-in/), the configuration by
environment variables, and what is never shown or exported: the client secret."""

import html

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import Client

from otdesk import settings as otdesk_settings
from otdesk.accesslog.record import exported_fields
from otdesk.accounts.models import Role
from otdesk.core.models import AuditEvent
from otdesk.sso import oidc
from otdesk.sso.models import DistrictSignIn
from otdesk.testing import factories as f
from otdesk.testing.login import sign_in
from otdesk.testing.oidc_provider import CLIENT_ID, CLIENT_SECRET

from .helpers import district_sign_in

pytestmark = pytest.mark.django_db

PAGE = "/district/sign-in/"


def page(response) -> str:  # type: ignore[no-untyped-def]
    return html.unescape(response.content.decode())


def coordinator_client(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    sign_in(client, user)
    return client


def form(provider, **changes: str) -> dict[str, str]:  # type: ignore[no-untyped-def]
    values = {
        "kind": "other",
        "issuer": provider.issuer,
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "email_domains": "Lakeside.org, @staff.lakeside.org",
        "enabled": "on",
    }
    return {**values, **changes}


def test_the_coordinator_sets_it_up_and_the_secret_is_never_shown(provider, db) -> None:  # type: ignore[no-untyped-def]
    district = f.make_district(name="Lakeside USD")
    coordinator = f.make_user(Role.COORDINATOR, district)
    client = coordinator_client(coordinator)
    empty = client.get(PAGE)
    assert empty.status_code == 200
    assert "Not set up: everyone signs in with a username and password." in page(empty)
    assert "http://testserver/sign-in/district/callback/" in page(empty)

    saved = client.post(PAGE, form(provider))
    assert saved["Location"] == PAGE
    record = DistrictSignIn.objects.get(district=district)
    assert (record.kind, record.issuer, record.client_id, record.client_secret) == (
        "other",
        provider.issuer,
        CLIENT_ID,
        CLIENT_SECRET,
    )
    assert record.email_domains == "lakeside.org, staff.lakeside.org"
    assert record.enabled and record.updated_by == coordinator
    shown = page(client.get(PAGE))
    assert "District sign-in is saved." in shown
    assert "On: staff may sign in with their district account" in shown
    assert "Saved, ends in …6789" in shown
    assert CLIENT_SECRET not in shown
    event = AuditEvent.objects.get(object_type="sso.districtsignin")
    assert event.user == coordinator and event.action == "create"
    assert event.after == {
        "kind": "other",
        "issuer": provider.issuer,
        "client_id": CLIENT_ID,
        "email_domains": "lakeside.org, staff.lakeside.org",
        "enabled": True,
        "client_secret": "changed",
    }

    # A blank secret keeps the saved one; switching off needs no provider.
    client.post(PAGE, form(provider, client_secret="", enabled=""))
    record.refresh_from_db()
    assert record.client_secret == CLIENT_SECRET and not record.enabled
    change = AuditEvent.objects.filter(object_type="sso.districtsignin").order_by("pk").last()
    assert change is not None and change.action == "update"
    assert change.before is not None and change.before["enabled"] is True
    assert change.after is not None and change.after["client_secret"] == "kept"
    assert CLIENT_SECRET not in str(change.before) + str(change.after)


def test_a_wrong_issuer_is_said_next_to_it_and_nothing_is_saved(provider, db) -> None:  # type: ignore[no-untyped-def]
    district = f.make_district()
    client = coordinator_client(f.make_user(Role.COORDINATOR, district))
    nowhere = client.post(PAGE, form(provider, issuer=f"{provider.issuer}/nowhere"))
    assert nowhere.status_code == 400
    assert (
        "OT Desk could not read the provider's sign-in settings "
        f"({provider.issuer}/nowhere/.well-known/openid-configuration answered 404 not_found)"
    ) in page(nowhere)
    plain = client.post(PAGE, form(provider, issuer="http://login.example.org"))
    assert "The address must start with https://." in page(plain)
    # The issuer's origin goes into the sign-in page's policy: nothing but a host gets there.
    sneaky = client.post(PAGE, form(provider, issuer="https://login.example.org; script-src *"))
    assert "This is not a web address." in page(sneaky)
    entra = client.post(
        PAGE,
        form(provider, kind="microsoft", issuer="https://login.microsoftonline.com/common/v2.0"),
    )
    assert "For Microsoft Entra ID use your tenant's own address" in page(entra)
    domains = client.post(PAGE, form(provider, email_domains="lakeside"))
    assert "“lakeside” is not an email domain such as lakeside.org." in page(domains)
    no_secret = client.post(PAGE, form(provider, client_secret=""))
    assert "Type the client secret your provider gave." in page(no_secret)
    assert not DistrictSignIn.objects.exists()


def test_google_needs_no_issuer_typed(provider, db, settings) -> None:  # type: ignore[no-untyped-def]
    district = f.make_district()
    client = coordinator_client(f.make_user(Role.COORDINATOR, district))
    client.post(PAGE, form(provider, kind="google", issuer="", enabled=""))
    assert DistrictSignIn.objects.get().issuer == "https://accounts.google.com"


@pytest.mark.parametrize("role", [Role.OT, Role.TEACHER, Role.GUARDIAN])
def test_only_the_coordinator_has_the_page(db, role) -> None:  # type: ignore[no-untyped-def]
    district = f.make_district()
    client = coordinator_client(f.make_user(role, district))
    assert client.get(PAGE).status_code == 404
    assert client.post(PAGE, {"kind": "google", "client_id": "x"}).status_code == 404
    assert not DistrictSignIn.objects.exists()


def test_another_districts_coordinator_sees_only_their_own(lakeside) -> None:  # type: ignore[no-untyped-def]
    other = f.make_district(name="Hillview SD")
    client = coordinator_client(f.make_user(Role.COORDINATOR, other))
    shown = page(client.get(PAGE))
    assert "Hillview SD" in shown and "Lakeside USD" not in shown
    assert "Not set up" in shown


def test_the_secret_never_leaves_in_an_export() -> None:
    names = [field.name for field in exported_fields(DistrictSignIn)]
    assert "client_secret" not in names
    assert {"district", "kind", "issuer", "client_id", "email_domains", "enabled"} <= set(names)


# The environment ------------------------------------------------------------------------


@pytest.fixture
def from_environment(settings, provider, db):  # type: ignore[no-untyped-def]
    district = f.make_district(name="Lakeside USD")
    settings.OTDESK_OIDC_ISSUER = provider.issuer
    settings.OTDESK_OIDC_CLIENT_ID = CLIENT_ID
    settings.OTDESK_OIDC_CLIENT_SECRET = CLIENT_SECRET
    settings.OTDESK_OIDC_DISTRICT = "lakeside usd"
    settings.OTDESK_OIDC_EMAIL_DOMAINS = ["lakeside.org"]
    return district


def test_the_environment_sets_it_for_one_district(from_environment, client, provider) -> None:  # type: ignore[no-untyped-def]
    teacher = f.make_user(Role.TEACHER, from_environment, email="ana.ruiz@lakeside.org")
    assert district_sign_in(client, "ana.ruiz@lakeside.org")["Location"] == "/"
    assert client.session["_auth_user_id"] == str(teacher.pk)


def test_the_page_shows_the_environments_setting_read_only(from_environment, provider) -> None:  # type: ignore[no-untyped-def]
    client = coordinator_client(f.make_user(Role.COORDINATOR, from_environment))
    shown = page(client.get(PAGE))
    assert "Set by the server's environment" in shown
    assert provider.issuer in shown and "Saved, ends in …6789" in shown
    assert CLIENT_SECRET not in shown
    assert "Save district sign-in" not in shown
    assert client.post(PAGE, form(provider)).status_code == 400
    assert not DistrictSignIn.objects.exists()


def test_the_environment_variables_go_together(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    names = otdesk_settings.OIDC_VARIABLES
    for name in names:
        monkeypatch.delenv(name, raising=False)
    otdesk_settings.env_together(names)  # none: fine
    monkeypatch.setenv("OTDESK_OIDC_ISSUER", "https://accounts.google.com")
    monkeypatch.setenv("OTDESK_OIDC_CLIENT_ID", "abc")
    with pytest.raises(ImproperlyConfigured) as caught:
        otdesk_settings.env_together(names)
    assert str(caught.value) == (
        "OTDESK_OIDC_CLIENT_SECRET, OTDESK_OIDC_DISTRICT must be set too: set all of "
        "OTDESK_OIDC_ISSUER, OTDESK_OIDC_CLIENT_ID, OTDESK_OIDC_CLIENT_SECRET, "
        "OTDESK_OIDC_DISTRICT, or none."
    )
    monkeypatch.setenv("OTDESK_OIDC_PROVIDER", "okta")
    with pytest.raises(ImproperlyConfigured) as wrong:
        otdesk_settings.env_choice("OTDESK_OIDC_PROVIDER", "other", ("google", "microsoft"))
    assert str(wrong.value) == "OTDESK_OIDC_PROVIDER='okta' is not one of google, microsoft."
    monkeypatch.setenv("OTDESK_OIDC_PROVIDER", "Google")
    assert otdesk_settings.env_choice("OTDESK_OIDC_PROVIDER", "other", ("google",)) == "google"


# Microsoft Entra ID's email ----------------------------------------------------------------


def test_microsoft_vouches_for_a_work_email_with_xms_edov() -> None:
    claims = {"email": "ana@lakeside.org", "xms_edov": True}
    assert oidc.verified_email(claims, microsoft=True) == "ana@lakeside.org"
    with pytest.raises(oidc.OIDCError):
        oidc.verified_email(claims, microsoft=False)
    with pytest.raises(oidc.OIDCError):
        oidc.verified_email({"email": "ana@lakeside.org"}, microsoft=True)
    with pytest.raises(oidc.OIDCError):  # said false is false, whatever else it says
        oidc.verified_email({**claims, "email_verified": False}, microsoft=True)
