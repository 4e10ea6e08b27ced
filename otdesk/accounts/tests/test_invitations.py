"""Invitations (issue 12, point 1): a coordinator invites staff, the student's OT invites
a guardian; the link is single-use and expires; bad links explain themselves."""

import datetime as dt
import re

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from otdesk.accounts.models import Invitation, Role, User
from otdesk.accounts.services import hash_token
from otdesk.core.models import AuditEvent
from otdesk.students.models import TeamMember, TeamRole
from otdesk.students.team import assignment_words
from otdesk.testing import factories as f
from otdesk.testing.login import sign_in

GOOD_PASSWORD = "blue kettle on the porch"
LINK = re.compile(r"http://testserver(/invite/[A-Za-z0-9_-]+/)")


def _link(message: mail.EmailMessage) -> str:
    found = LINK.search(str(message.body))
    assert found, message.body
    return found.group(1)


def _invite_staff(client: Client, **data: str) -> object:
    return client.post(
        reverse("accounts:invite_staff"),
        {"email": "new.ot@school.org", "role": Role.OT, "first_name": "Nia", "last_name": "Ng"}
        | data,
    )


def _accept(client: Client, link: str, **data: str) -> object:
    return client.post(
        link,
        {
            "first_name": "Nia",
            "last_name": "Ng",
            "username": "nia.ng",
            "password1": GOOD_PASSWORD,
            "password2": GOOD_PASSWORD,
        }
        | data,
    )


def test_a_coordinator_invites_staff_who_make_their_account(world) -> None:  # type: ignore[no-untyped-def]
    coordinator = Client()
    sign_in(coordinator, world.coordinator)
    response = _invite_staff(coordinator)
    assert response["Location"] == reverse("accounts:people")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["new.ot@school.org"]
    assert message.subject == "Your OT Desk account in Test District"
    assert "invited you to OT Desk as Occupational therapist (OTR) in Test District." in (
        message.body
    )
    assert "The link works once and for 7 days." in message.body
    link = _link(message)
    invitation = Invitation.objects.get()
    assert invitation.token_hash == hash_token(link.split("/")[2])
    assert link.split("/")[2] not in invitation.token_hash  # only the hash is stored
    assert invitation.expires_at - invitation.sent_at == dt.timedelta(days=7)

    newcomer = Client()
    page = newcomer.get(link)
    assert page.status_code == 200
    assert page.context["form"].initial["username"] == "new.ot@school.org"
    done = _accept(newcomer, link)
    assert done["Location"] == "/"
    user = User.objects.get(username="nia.ng")
    assert (user.role, user.district, user.email) == (Role.OT, world.district, "new.ot@school.org")
    assert user.check_password(GOOD_PASSWORD)
    assert newcomer.get(reverse("accounts:account")).status_code == 200  # signed in
    invitation.refresh_from_db()
    assert invitation.used_by == user
    assert AuditEvent.objects.filter(user=user, summary="Made an account by invitation").count()


def test_a_used_link_does_not_work_twice(world) -> None:  # type: ignore[no-untyped-def]
    coordinator = Client()
    sign_in(coordinator, world.coordinator)
    _invite_staff(coordinator)
    link = _link(mail.outbox[0])
    _accept(Client(), link)
    again = Client().get(link)
    assert again.status_code == 410
    assert "This invitation was already used to make an account." in again.content.decode()
    second = _accept(Client(), link, username="someone.else")
    assert second.status_code == 410
    assert not User.objects.filter(username="someone.else").exists()


def test_an_expired_link_says_when_it_ran_out_and_whom_to_ask(world) -> None:  # type: ignore[no-untyped-def]
    coordinator = Client()
    sign_in(coordinator, world.coordinator)
    _invite_staff(coordinator)
    link = _link(mail.outbox[0])
    invitation = Invitation.objects.get()
    with time_machine.travel(invitation.expires_at + dt.timedelta(seconds=1), tick=False):
        response = Client().get(link)
        assert response.status_code == 410
        day = timezone.localtime(invitation.expires_at).strftime("%-d %B %Y")
        assert (
            f"This invitation ran out on {day}. Ask {world.coordinator.display_name} to send "
            "it again." in response.content.decode()
        )
        assert _accept(Client(), link).status_code == 410
    with time_machine.travel(invitation.expires_at - dt.timedelta(seconds=1), tick=False):
        assert Client().get(link).status_code == 200


def test_resending_makes_a_new_link_and_the_old_one_stops(world) -> None:  # type: ignore[no-untyped-def]
    coordinator = Client()
    sign_in(coordinator, world.coordinator)
    _invite_staff(coordinator)
    old = _link(mail.outbox[0])
    invitation = Invitation.objects.get()
    response = coordinator.post(reverse("accounts:invitation_resend", args=[invitation.pk]))
    assert response["Location"] == reverse("accounts:people")
    new = _link(mail.outbox[1])
    assert new != old
    gone = Client().get(old)
    assert gone.status_code == 404
    assert "OT Desk does not know this link." in gone.content.decode()
    assert Client().get(new).status_code == 200


def test_a_cancelled_invitation_says_so(world) -> None:  # type: ignore[no-untyped-def]
    coordinator = Client()
    sign_in(coordinator, world.coordinator)
    _invite_staff(coordinator)
    link = _link(mail.outbox[0])
    invitation = Invitation.objects.get()
    coordinator.post(reverse("accounts:invitation_cancel", args=[invitation.pk]))
    response = Client().get(link)
    assert response.status_code == 410
    assert f"{world.coordinator.display_name} cancelled this invitation." in (
        response.content.decode()
    )
    # Nothing more to do with it: resending a cancelled one is refused.
    coordinator.post(reverse("accounts:invitation_resend", args=[invitation.pk]))
    assert len(mail.outbox) == 1


def test_a_weak_password_is_refused_in_plain_words(world) -> None:  # type: ignore[no-untyped-def]
    coordinator = Client()
    sign_in(coordinator, world.coordinator)
    _invite_staff(coordinator)
    link = _link(mail.outbox[0])
    client = Client()
    numeric = _accept(client, link, password1="84736291", password2="84736291")
    assert numeric.status_code == 200
    errors = numeric.context["form"].errors["password1"]
    assert errors == [
        "This password is too short. It must contain at least 10 characters.",
        "This password is entirely numeric.",
    ]
    similar = _accept(
        client, link, username="ot.alvarez", password1="ot.alvarez1", password2="ot.alvarez1"
    )
    assert similar.context["form"].errors["password1"] == [
        "The password is too similar to the username."
    ]
    mismatch = _accept(client, link, password2="something else here")
    assert mismatch.context["form"].errors["password2"] == [
        "The two passwords are not the same. Type them again."
    ]
    assert not User.objects.filter(email="new.ot@school.org").exists()


def test_staff_invitations_refuse_a_taken_email_and_an_unknown_role(world) -> None:  # type: ignore[no-untyped-def]
    world.teacher.email = "tess@school.org"
    world.teacher.save()
    coordinator = Client()
    sign_in(coordinator, world.coordinator)
    taken = _invite_staff(coordinator, email="TESS@school.org")
    assert taken.status_code == 200
    assert taken.context["form"].errors["email"] == [
        "Tess Teacher already has an account with this email."
    ]
    guardian = _invite_staff(coordinator, role=Role.GUARDIAN)
    assert "role" in guardian.context["form"].errors
    _invite_staff(coordinator)
    twice = _invite_staff(coordinator)
    assert twice.context["form"].errors["email"] == [
        "This email already has an invitation waiting. Resend it from the list."
    ]
    assert len(mail.outbox) == 1


def test_only_the_coordinator_invites_staff(world) -> None:  # type: ignore[no-untyped-def]
    for person in (world.therapist, world.teacher, world.parent):
        client = Client()
        sign_in(client, person)
        assert _invite_staff(client).status_code == 404
    assert Invitation.objects.count() == 0


def _invite_guardian(client: Client, student_id: int, **data: str) -> object:
    return client.post(
        reverse("accounts:invite_guardian", args=[student_id]),
        {"email": "dana@example.com", "relationship": "Mother", "language": "es"} | data,
    )


def test_the_students_ot_invites_a_guardian_who_joins_the_team(world) -> None:  # type: ignore[no-untyped-def]
    ot = Client()
    sign_in(ot, world.therapist)
    page = ot.get(reverse("students:detail", args=[world.student.pk]))
    assert reverse("accounts:invite_guardian", args=[world.student.pk]) in page.content.decode()
    ot.get(reverse("accounts:invite_guardian", args=[world.student.pk]))
    assert (
        AuditEvent.objects.filter(
            user=world.therapist,
            action=AuditEvent.Action.VIEW,
            student_id=world.student.pk,
            summary="Opened the guardian invitations",
        ).count()
        == 1
    )
    response = _invite_guardian(ot, world.student.pk)
    assert response["Location"] == reverse("accounts:invite_guardian", args=[world.student.pk])
    message = mail.outbox[0]
    assert message.to == ["dana@example.com"]
    link = _link(message)
    invitation = Invitation.objects.get()
    assert (invitation.role, invitation.student, invitation.language) == (
        Role.GUARDIAN,
        world.student,
        "es",
    )
    parent = Client()
    assert _accept(parent, link, username="dana.l")["Location"] == "/"
    dana = User.objects.get(username="dana.l")
    assert (dana.role, dana.language, dana.district) == (Role.GUARDIAN, "es", world.district)
    member = TeamMember.objects.get(person=dana)
    assert (member.student, member.role, member.relationship, member.start_date) == (
        world.student,
        TeamRole.GUARDIAN,
        "Mother",
        timezone.localdate(),
    )
    assert list(
        AuditEvent.objects.filter(student_id=world.student.pk, user=dana).values_list(
            "action", "summary"
        )
    ) == [("create", f"Team assignment: {assignment_words(member)}")]


def test_a_guardian_with_an_account_adds_a_second_child(world) -> None:  # type: ignore[no-untyped-def]
    sibling = f.make_student(world.school, first_name="Leo", last_name="Lopez")
    f.add_to_team(sibling, world.therapist, TeamRole.OT)
    world.parent.email = "parent@example.com"
    world.parent.save()
    ot = Client()
    sign_in(ot, world.therapist)
    _invite_guardian(ot, sibling.pk, email="parent@example.com", relationship="Father")
    link = _link(mail.outbox[0])
    # Not signed in: the page offers to sign in first and come back.
    anonymous = Client().get(link).content.decode()
    assert f"/login/?next=%2Finvite%2F{link.split('/')[2]}%2F" in anonymous
    parent = Client()
    sign_in(parent, world.parent)
    page = parent.get(link)
    assert "Add Leo to my account" in page.content.decode()
    assert parent.post(link)["Location"] == "/"
    assert set(
        TeamMember.objects.filter(person=world.parent, role=TeamRole.GUARDIAN).values_list(
            "student__first_name", flat=True
        )
    ) == {"Maya", "Leo"}
    assert Client().get(link).status_code == 410


def test_a_forwarded_link_does_not_add_the_child_to_another_guardian(world) -> None:  # type: ignore[no-untyped-def]
    sibling = f.make_student(world.school, first_name="Leo", last_name="Lopez")
    f.add_to_team(sibling, world.therapist, TeamRole.OT)
    world.parent.email = "someone.else@example.com"
    world.parent.save()
    ot = Client()
    sign_in(ot, world.therapist)
    _invite_guardian(ot, sibling.pk, email="leos.mother@example.com", relationship="Mother")
    link = _link(mail.outbox[0])
    parent = Client()
    sign_in(parent, world.parent)
    page = parent.post(link).content.decode()
    assert "This invitation was sent to another email address" in page
    assert not TeamMember.objects.filter(person=world.parent, student=sibling).exists()
    assert Invitation.objects.get().used_at is None


def test_a_staff_member_signed_in_is_told_to_sign_out_first(world) -> None:  # type: ignore[no-untyped-def]
    coordinator = Client()
    sign_in(coordinator, world.coordinator)
    _invite_staff(coordinator)
    link = _link(mail.outbox[0])
    teacher = Client()
    sign_in(teacher, world.teacher)
    page = teacher.get(link).content.decode()
    assert "This invitation is for a new account: sign out, then open the link again." in page
    teacher.post(link)
    assert Invitation.objects.get().used_at is None


def test_who_may_invite_a_guardian(world) -> None:  # type: ignore[no-untyped-def]
    url = reverse("accounts:invite_guardian", args=[world.student.pk])
    for person, status in (
        (world.outsider, 404),  # an OT who does not serve the student
        (world.aide, 404),
        (world.parent, 404),
        (world.cota, 403),  # serves the student, but only the OT invites
        (world.teacher, 403),
        (world.coordinator, 403),
    ):
        client = Client()
        sign_in(client, person)
        assert client.get(url).status_code == status, person.username
        assert _invite_guardian(client, world.student.pk).status_code == status
    assert Invitation.objects.count() == 0


def test_a_guardian_invitation_is_managed_by_the_ot_and_the_coordinator_only(world) -> None:  # type: ignore[no-untyped-def]
    ot = Client()
    sign_in(ot, world.therapist)
    _invite_guardian(ot, world.student.pk)
    invitation = Invitation.objects.get()
    for person in (world.outsider, world.cota, world.teacher, world.parent):
        client = Client()
        sign_in(client, person)
        url = reverse("accounts:invitation_cancel", args=[invitation.pk])
        assert client.post(url).status_code == 404
    other_coordinator = f.make_user(Role.COORDINATOR, f.make_district(name="Elsewhere"))
    client = Client()
    sign_in(client, other_coordinator)
    assert (
        client.post(reverse("accounts:invitation_cancel", args=[invitation.pk])).status_code == 404
    )
    invitation.refresh_from_db()
    assert invitation.cancelled_at is None
    response = ot.post(reverse("accounts:invitation_cancel", args=[invitation.pk]))
    assert response["Location"] == reverse("accounts:invite_guardian", args=[world.student.pk])
    invitation.refresh_from_db()
    assert invitation.cancelled_at is not None


@pytest.mark.django_db
def test_an_unknown_link_is_a_plain_404() -> None:
    response = Client().get("/invite/not-a-real-token/")
    assert response.status_code == 404
    assert "OT Desk does not know this link." in response.content.decode()


def test_a_guardian_with_an_account_cannot_make_a_second_one(world) -> None:  # type: ignore[no-untyped-def]
    world.parent.email = "parent@example.com"
    world.parent.save()
    ot = Client()
    sign_in(ot, world.therapist)
    _invite_guardian(ot, world.student.pk, email="parent@example.com")
    # Already on Maya's team: nothing is sent.
    assert len(mail.outbox) == 0
    sibling = f.make_student(world.school, first_name="Leo", last_name="Lopez")
    f.add_to_team(sibling, world.therapist, TeamRole.OT)
    _invite_guardian(ot, sibling.pk, email="parent@example.com")
    link = _link(mail.outbox[0])
    response = _accept(Client(), link, username="parent.again")
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "There is already an OT Desk account with the email parent@example.com. Sign in with "
        "it (or set a new password by email), then open this link again."
    ]
    assert not User.objects.filter(username="parent.again").exists()


def test_a_spanish_invitation_opens_in_spanish(world) -> None:  # type: ignore[no-untyped-def]
    ot = Client()
    sign_in(ot, world.therapist)
    _invite_guardian(ot, world.student.pk, language="es")
    link = _link(mail.outbox[0])
    page = Client().get(link).content.decode()
    assert '<html lang="es">' in page
    english = Client()
    _invite_guardian(ot, world.student.pk, email="sam@example.com", language="en")
    assert '<html lang="en">' in english.get(_link(mail.outbox[1])).content.decode()
