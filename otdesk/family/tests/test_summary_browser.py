"""The parent summary in Chromium at 1280 and 390 px, in English and Spanish: axe finds
nothing, nothing scrolls sideways; the OT chooses Spanish to print for the family."""

import pytest

from otdesk.accounts.models import Role
from otdesk.students.models import TeamRole
from otdesk.testing import factories as f
from otdesk.testing.browser import sign_in

from .test_browser import checked, family  # noqa: F401  (the portal's fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_summary_in_english_and_spanish(page, live_server, family):  # noqa: F811
    parent = f.make_user(Role.GUARDIAN, family.school.district, username="parent.sum")
    f.add_to_team(family, parent, TeamRole.GUARDIAN, relationship="Father")
    sign_in(page, live_server.url, "parent.sum", f.PASSWORD)
    page.goto(f"{live_server.url}/family/{family.pk}/summary/")
    page.get_by_role("heading", name="OT summary for Maya").wait_for()
    page.get_by_role("main").get_by_text("Minutes promised").first.wait_for()
    checked(page, "family-summary-en")

    # The OT prints it in Spanish for the meeting.
    page.context.clear_cookies()
    sign_in(page, live_server.url, "ot.test", f.PASSWORD)
    page.goto(f"{live_server.url}/family/{family.pk}/summary/")
    page.get_by_label("Language").select_option("es")
    page.get_by_role("button", name="Show").click()
    page.get_by_role("heading", name="Resumen de terapia ocupacional de Maya").wait_for()
    assert page.locator("html").get_attribute("lang") == "es"
    page.get_by_role("main").get_by_text("Minutos prometidos").first.wait_for()
    checked(page, "family-summary-es")
