"""A real OpenID Connect provider on 127.0.0.1 (otdesk/testing/oidc_provider.py) and a
district whose coordinator set district sign-in up with it."""

from dataclasses import dataclass

import pytest
from django.core.cache import cache

from otdesk.accounts.models import Role, User
from otdesk.schools.models import District
from otdesk.sso import services
from otdesk.sso.models import DistrictSignIn
from otdesk.testing import factories as f
from otdesk.testing.oidc_provider import CLIENT_ID, CLIENT_SECRET, LocalProvider


@pytest.fixture
def provider(settings):  # type: ignore[no-untyped-def]
    settings.OTDESK_OIDC_ALLOW_LOOPBACK_HTTP = True
    cache.clear()  # discovery and keys are cached by address; each test starts cold
    with LocalProvider(email="ana.ruiz@lakeside.org") as running:
        yield running


@dataclass
class Lakeside:
    district: District
    coordinator: User
    ot: User
    setup: DistrictSignIn


@pytest.fixture
def lakeside(db, provider) -> Lakeside:  # type: ignore[no-untyped-def]
    district = f.make_district(name="Lakeside USD")
    coordinator = f.make_user(
        Role.COORDINATOR, district, username="coord.lake", email="coord@lakeside.org"
    )
    ot = f.make_user(Role.OT, district, username="ana.ruiz", email="Ana.Ruiz@Lakeside.org")
    setup = services.save_district_sign_in(
        actor=coordinator,
        district=district,
        kind=DistrictSignIn.Kind.OTHER,
        issuer=provider.issuer,
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        email_domains="lakeside.org",
        enabled=True,
    )
    return Lakeside(district, coordinator, ot, setup)
