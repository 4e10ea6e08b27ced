"""District sign-in in Chromium at 1280 and 390 px, against the local OpenID Connect
provider: the coordinator sets it up from the district page; a teacher types her work
email on the sign-in page, passes through the provider and lands on her class; an
unknown address is refused in words. axe finds nothing; nothing scrolls sideways; every
tap target on these pages is 44 px."""

import pytest

from otdesk.accounts.models import Role
from otdesk.sso import services
from otdesk.sso.models import DistrictSignIn
from otdesk.testing import factories as f
from otdesk.testing.browser import checked, open_task, sign_in
from otdesk.testing.oidc_provider import CLIENT_ID, CLIENT_SECRET

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_coordinator_sets_up_district_sign_in(page, live_server, provider) -> None:  # type: ignore[no-untyped-def]
    district = f.make_district(name="Lakeside USD")
    f.make_user(Role.COORDINATOR, district, username="coord.test")
    sign_in(page, live_server.url, "coord.test", f.PASSWORD)
    open_task(page, "District")
    page.get_by_role("link", name="District sign-in").click()
    page.get_by_role("heading", name="District sign-in", level=1).wait_for()
    page.get_by_text(f"{live_server.url}/sign-in/district/callback/").wait_for()
    checked(page, "sso-settings", tap_targets=True)

    page.get_by_label("Another OpenID Connect provider").check()
    page.get_by_label("Issuer address").fill(f"{provider.issuer}/wrong")
    page.get_by_label("Client ID").fill(CLIENT_ID)
    page.get_by_label("Client secret").fill(CLIENT_SECRET)
    page.get_by_label("Email domains").fill("lakeside.org")
    page.get_by_label("Staff may sign in with their district account").check()
    page.get_by_role("button", name="Save district sign-in").click()
    page.get_by_text("OT Desk could not read the provider's sign-in settings").first.wait_for()
    checked(page, "sso-settings-error", tap_targets=True)
    assert not DistrictSignIn.objects.exists()

    page.get_by_label("Issuer address").fill(provider.issuer)
    page.get_by_label("Client secret").fill(CLIENT_SECRET)
    page.get_by_role("button", name="Save district sign-in").click()
    page.get_by_text("District sign-in is saved.").wait_for()
    page.get_by_text("On: staff may sign in with their district account").wait_for()
    checked(page, "sso-settings-saved", tap_targets=True)
    assert DistrictSignIn.objects.get().enabled


def test_staff_sign_in_with_their_district_account(page, live_server, provider) -> None:  # type: ignore[no-untyped-def]
    district = f.make_district(name="Lakeside USD")
    coordinator = f.make_user(Role.COORDINATOR, district)
    f.make_user(Role.TEACHER, district, email="ana.ruiz@lakeside.org", first_name="Ana")
    services.save_district_sign_in(
        actor=coordinator,
        district=district,
        kind="other",
        issuer=provider.issuer,
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        email_domains="lakeside.org",
        enabled=True,
    )

    page.goto(f"{live_server.url}/login/")
    page.get_by_role("heading", name="Sign in with your district account").wait_for()
    checked(page, "sso-login", tap_targets=True)
    page.get_by_label("Your work email").fill("ana.ruiz@lakeside.org")
    page.get_by_role("button", name="Continue with my district account").click()
    # Off to the provider, which sends her straight back: her class is her home page.
    page.wait_for_url(f"{live_server.url}/classroom/")
    assert provider.count("/authorize") == 1 and provider.count("/token") == 1
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url(f"{live_server.url}/login/")

    provider.email = "new.teacher@lakeside.org"
    page.get_by_label("Your work email").fill("new.teacher@lakeside.org")
    page.get_by_role("button", name="Continue with my district account").click()
    page.get_by_role("heading", name="You are not signed in").wait_for()
    page.get_by_text("No one in Lakeside USD has the email new.teacher@lakeside.org").wait_for()
    checked(page, "sso-refused", tap_targets=True)

    page.goto(f"{live_server.url}/sign-in/district/")
    page.get_by_label("Your work email").fill("pat@hillview.org")
    page.get_by_role("button", name="Continue with my district account").click()
    page.get_by_text("District sign-in is not set up for hillview.org.").wait_for()
    checked(page, "sso-start-not-set-up", tap_targets=True)
