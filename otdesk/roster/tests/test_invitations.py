"""People a roster import made: invited in one step, and accepting takes up the
roster's account (its team links and roster id) instead of making a second one."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from otdesk.accounts.models import Invitation, Role, User
from otdesk.roster.services import import_roster
from otdesk.roster.synthetic import build_zip
from otdesk.students.models import Student, TeamMember
from otdesk.testing.login import sign_in

from .test_oneroster import files

pytestmark = pytest.mark.django_db


def test_roster_people_invited_and_accepting_takes_up_the_account(client, world):  # type: ignore[no-untyped-def]
    import_roster(district=world.district, data=build_zip(files()), actor=world.coordinator)
    sign_in(client, world.coordinator)
    page = client.get(reverse("accounts:people")).content.decode()
    assert "3 people the roster import added have no sign-in yet." in page

    response = client.post(reverse("accounts:invite_roster"), follow=True)
    assert "3 invitations are on their way." in response.content.decode()
    assert sorted(m.to[0] for m in mail.outbox) == [
        "a.okoro@riverbend.example",
        "rita.marsh@family.example",
        "t.reyes@riverbend.example",
    ]
    rita = User.objects.get(sourced_id="p-1")
    invitation = Invitation.objects.get(account=rita)
    assert invitation.student == Student.objects.get(sourced_id="s-1")
    # Nobody is invited twice.
    client.post(reverse("accounts:invite_roster"))
    assert len(mail.outbox) == 3
    assert "no sign-in yet" not in client.get(reverse("accounts:people")).content.decode()

    client.logout()
    message = next(m for m in mail.outbox if m.to == ["rita.marsh@family.example"])
    link = re.search(r"https?://[^/]+(/\S+)", message.body)
    assert link is not None
    accept = link.group(1)
    response = client.post(
        accept,
        {
            "username": "rita.m",
            "first_name": "Rita",
            "last_name": "Marsh",
            "password1": "a long family passphrase 42",
            "password2": "a long family passphrase 42",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    rita.refresh_from_db()
    assert rita.username == "rita.m" and rita.has_usable_password()
    assert rita.sourced_id == "p-1"
    assert User.objects.filter(email__iexact="rita.marsh@family.example").count() == 1
    assert TeamMember.objects.filter(person=rita).count() == 1


def test_roster_invitations_are_the_coordinators(client, world):  # type: ignore[no-untyped-def]
    import_roster(district=world.district, data=build_zip(files()), actor=world.coordinator)
    for person in (world.therapist, world.teacher, world.parent):
        sign_in(client, person)
        assert client.post(reverse("accounts:invite_roster")).status_code == 404
    assert mail.outbox == []
    assert Role.GUARDIAN in {u.role for u in User.objects.exclude(sourced_id="")}
