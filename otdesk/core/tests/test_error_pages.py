"""Error pages are pages of the site: its layout, a plain reason, and where to go next."""

import pytest
from django.test import Client
from django.urls import reverse

from otdesk.testing.browser import assert_accessible, assert_fits_width, screenshot, sign_in
from otdesk.testing.factories import PASSWORD


def test_404_says_why_in_the_sites_layout_and_never_names_a_table(client, world):
    client.force_login(world.outsider)
    response = client.get(reverse("students:detail", args=[world.student.pk]))
    assert response.status_code == 404
    html = response.content.decode()
    assert '<a class="brand" href="/">OT Desk</a>' in html
    assert '<nav class="tasknav"' in html
    assert "<h1>Page not found</h1>" in html
    assert "No such student on your caseload." in html
    assert "Go to your start page" in html
    # The same words for a student who does not exist: nothing tells the two apart.
    missing = client.get(reverse("students:detail", args=[999999]))
    assert missing.status_code == 404
    assert "No such student on your caseload." in missing.content.decode()
    # An address that matches nothing gets a general sentence, not Django's internals.
    nowhere = client.get("/no-such-page/").content.decode()
    assert "There is nothing here for you" in nowhere
    assert "Resolver404" not in nowhere and "matches the given query" not in nowhere


def test_403_says_what_the_person_may_not_do(client, world):
    client.force_login(world.teacher)
    response = client.get(reverse("students:iep_edit", args=[world.student.pk]))
    assert response.status_code == 403
    html = response.content.decode()
    assert "<h1>Not allowed</h1>" in html
    assert "You can read this student&#x27;s record but not change it." in html
    assert "ask the student&#x27;s OT or your district coordinator" in html


def test_signed_out_404_offers_sign_in(client, db):
    html = client.get("/no-such-page/").content.decode()
    assert "<h1>Page not found</h1>" in html
    assert 'href="/login/?next=/no-such-page/"' in html


def test_400_is_a_page_too(client, world):
    client.force_login(world.therapist)
    response = client.get("/", HTTP_HOST="not-our-site.example")
    assert response.status_code == 400
    html = response.content.decode()
    assert "<h1>That request could not be used</h1>" in html
    assert "Something in what was sent could not be understood." in html
    assert "Go back, check what you typed or chose, and try again." in html
    assert "not-our-site" not in html  # Django's reason is for developers, not people


def test_a_stale_form_gets_a_page_that_says_nothing_was_saved(world):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(world.therapist)
    response = browser.post(reverse("students:concern_new", args=[world.student.pk]), {})
    assert response.status_code == 403
    html = response.content.decode()
    assert "Nothing was saved. Go back, reload the page and send it again." in html
    assert '<a class="brand" href="/">OT Desk</a>' in html


def test_favicon(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == "/static/otdesk/favicon.ico"
    html = client.get(reverse("login")).content.decode()
    assert '<link rel="icon" href="/static/otdesk/favicon.svg" type="image/svg+xml">' in html


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_error_pages_in_the_browser(page, live_server, world):
    sign_in(page, live_server.url, world.outsider.username, PASSWORD)
    page.goto(f"{live_server.url}/students/{world.student.pk}/")
    page.get_by_text("No such student on your caseload.").wait_for()
    assert_accessible(page)
    assert_fits_width(page)
    screenshot(page, f"error-404-{page.width_name}")
    page.get_by_role("link", name="Go to your start page").click()
    page.wait_for_load_state()
    assert page.locator("main h1").first.inner_text() != "Page not found"
    page.context.clear_cookies()
    sign_in(page, live_server.url, world.teacher.username, PASSWORD)
    page.goto(f"{live_server.url}/students/{world.student.pk}/iep/")
    page.get_by_text("You can read this student's record but not change it.").wait_for()
    assert_accessible(page)
    assert_fits_width(page)
    screenshot(page, f"error-403-{page.width_name}")
