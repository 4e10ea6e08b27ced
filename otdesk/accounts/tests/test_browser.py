"""Accounts in Chromium at desktop and phone width: a guardian accepts an invitation, a
coordinator passes the code step and invites staff, a teacher sets up two-factor."""

import datetime as dt
import re
import secrets

import pytest
from django.core import mail
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from otdesk.accounts.models import Invitation, Role, User
from otdesk.accounts.services import hash_token
from otdesk.students.models import TeamMember
from otdesk.testing import factories as f
from otdesk.testing.browser import checked, sign_in
from otdesk.testing.login import current_code, totp_device

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "blue kettle on the porch"


def guardian_link(world, student=None) -> str:  # type: ignore[no-untyped-def]
    """An invitation as the OT's form makes it (the email is tested without a browser)."""
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    Invitation.objects.create(
        email="dana@example.com",
        role=Role.GUARDIAN,
        district=world.district,
        student=student or world.student,
        relationship="Mother",
        invited_by=world.therapist,
        token_hash=hash_token(token),
        sent_at=now,
        expires_at=now + dt.timedelta(days=7),
    )
    return f"/invite/{token}/"


def test_a_guardian_accepts_an_invitation(page, live_server, world) -> None:  # type: ignore[no-untyped-def]
    link = guardian_link(world)
    page.goto(f"{live_server.url}{link}")
    page.get_by_role("heading", name="Make your OT Desk account").wait_for()
    checked(page, "invitation-accept")
    page.get_by_label("First name").fill("Dana")
    page.get_by_label("Last name").fill("Lopez")
    page.get_by_label("Username").fill("dana.lopez")
    page.get_by_label("Password", exact=True).fill("84736291")
    page.get_by_label("Password again").fill("84736291")
    page.get_by_role("button", name="Make my account").click()
    page.get_by_text("This password is entirely numeric.").first.wait_for()
    checked(page, "invitation-accept-error")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password again").fill(PASSWORD)
    page.get_by_role("button", name="Make my account").click()
    page.get_by_text("Welcome to OT Desk. Your account is ready.").wait_for()
    dana = User.objects.get(username="dana.lopez")
    assert TeamMember.objects.get(person=dana).student == world.student
    page.get_by_role("link", name="Account").click()
    page.get_by_role("heading", name="Your account").wait_for()
    checked(page, "account")
    # The link is used up.
    page.goto(f"{live_server.url}{link}")
    page.get_by_role("heading", name="This invitation link does not work").wait_for()
    checked(page, "invitation-used")


def test_a_coordinator_confirms_a_code_and_invites_a_teacher(page, live_server, world) -> None:  # type: ignore[no-untyped-def]
    device = totp_device(world.coordinator)
    page.goto(f"{live_server.url}/login/")
    checked(page, "sign-in")
    page.get_by_label("Username").fill("coord")
    page.get_by_label("Password").fill(f.PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Confirm it is you").wait_for()
    checked(page, "two-factor-verify")
    page.get_by_label("Code").fill(current_code(device))
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/district/people/")
    page.get_by_role("heading", name="People", exact=True).wait_for()
    checked(page, "people")
    page.get_by_label("Email").fill("new.teacher@school.org")
    page.get_by_label("Role").select_option(Role.TEACHER)
    page.get_by_role("button", name="Send the invitation").click()
    page.get_by_text("The invitation is on its way to new.teacher@school.org.").wait_for()
    checked(page, "people-invited")
    assert Invitation.objects.get().role == Role.TEACHER


def test_a_teacher_sets_up_two_factor(page, live_server, world) -> None:  # type: ignore[no-untyped-def]
    sign_in(page, live_server.url, world.teacher.username, f.PASSWORD)
    page.goto(f"{live_server.url}/account/")
    page.get_by_role("link", name="Set up two-factor sign-in").click()
    page.get_by_role("heading", name="Set up two-factor sign-in").wait_for()
    checked(page, "two-factor-setup")
    device = TOTPDevice.objects.get(user=world.teacher)
    page.get_by_label("Code from the app").fill(current_code(device))
    page.get_by_role("button", name="Turn on two-factor sign-in").click()
    page.get_by_role("heading", name="Your recovery codes").wait_for()
    checked(page, "recovery-codes")
    assert page.locator(".codes li").count() == 10


def test_the_locked_page(page, live_server, world) -> None:  # type: ignore[no-untyped-def]
    for _ in range(5):
        page.goto(f"{live_server.url}/login/")
        page.get_by_label("Username").fill("otr")
        page.get_by_label("Password").fill("not the password")
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state()
    page.get_by_role("heading", name="Sign-in paused for this username").wait_for()
    checked(page, "locked")


def test_an_ot_invites_a_guardian_and_passwords_are_changed_and_reset(
    page, live_server, world
) -> None:  # type: ignore[no-untyped-def]
    world.therapist.email = "olive@school.org"
    world.therapist.save()
    sign_in(page, live_server.url, "otr", f.PASSWORD)
    page.goto(f"{live_server.url}/students/{world.student.pk}/")
    page.get_by_role("link", name="Invite a parent or guardian").click()
    page.get_by_role("heading", name="Invite a parent or guardian of Maya").wait_for()
    checked(page, "invite-guardian")
    page.get_by_label("Email").fill("dana@example.com")
    page.get_by_label("Relationship").fill("Mother")
    page.get_by_label("Language").select_option("es")
    page.get_by_role("button", name="Send the invitation").click()
    page.get_by_text("The invitation is on its way to dana@example.com.").wait_for()
    checked(page, "invite-guardian-sent")
    assert Invitation.objects.get().language == "es"

    page.goto(f"{live_server.url}/account/password/")
    page.get_by_role("heading", name="Change your password").wait_for()
    checked(page, "password-change")
    page.get_by_label("Old password").fill(f.PASSWORD)
    page.get_by_label("New password", exact=True).fill(PASSWORD)
    page.get_by_label("New password confirmation").fill(PASSWORD)
    page.get_by_role("button", name="Change the password").click()
    page.get_by_role("heading", name="Your password is changed").wait_for()
    checked(page, "password-changed")

    page.get_by_role("button", name="Sign out").click()
    page.goto(f"{live_server.url}/login/")
    page.get_by_role("link", name="Forgot your password?").click()
    page.get_by_role("heading", name="Set a new password by email").wait_for()
    checked(page, "password-reset")
    page.get_by_label("Email").fill("olive@school.org")
    page.get_by_role("button", name="Send the link").click()
    page.get_by_role("heading", name="Check your email").wait_for()
    checked(page, "password-reset-sent")
    body = str(mail.outbox[-1].body)
    link = re.search(r"https?://[^/\s]+(/password-reset/\S+/)", body)
    assert link, body
    page.goto(f"{live_server.url}{link.group(1)}")
    page.get_by_role("heading", name="Choose a new password").wait_for()
    checked(page, "password-reset-confirm")
    page.get_by_label("New password", exact=True).fill("green heron by the pond")
    page.get_by_label("New password confirmation").fill("green heron by the pond")
    page.get_by_role("button", name="Save the new password").click()
    page.get_by_role("heading", name="Your new password is saved").wait_for()
    checked(page, "password-reset-complete")


def test_a_signed_in_guardian_adds_a_second_child(page, live_server, world) -> None:  # type: ignore[no-untyped-def]
    leo = f.make_student(world.school, first_name="Leo", last_name="Lopez")
    link = guardian_link(world, leo)
    world.parent.email = "dana@example.com"  # the address the invitation went to
    world.parent.save()
    sign_in(page, live_server.url, "parent", f.PASSWORD)
    page.goto(f"{live_server.url}{link}")
    page.get_by_role("heading", name="Your OT Desk invitation").wait_for()
    checked(page, "invitation-signed-in")
    page.get_by_role("button", name="Add Leo to my account").click()
    page.get_by_text("Leo is now on your account.").wait_for()
    assert TeamMember.objects.filter(person=world.parent, student=leo).count() == 1
