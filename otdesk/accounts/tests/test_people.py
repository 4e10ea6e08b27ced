"""The coordinator's People page, and changing or resetting a password."""

import re

from django.core import mail
from django.test import Client
from django.urls import reverse

from otdesk.accounts.models import Role
from otdesk.core.models import AuditEvent
from otdesk.testing import factories as f
from otdesk.testing.login import sign_in

NEW_PASSWORD = "green heron by the pond"


def test_the_people_page_lists_the_district_by_role(world) -> None:  # type: ignore[no-untyped-def]
    elsewhere = f.make_district(name="Elsewhere")
    f.make_user(Role.OT, elsewhere, first_name="Far", last_name="Away")
    f.make_user(Role.OPERATOR, None, username="operator")
    client = Client()
    sign_in(client, world.coordinator)
    response = client.get(reverse("accounts:people"))
    assert response.status_code == 200
    groups = {g.role: {p.username for p in g.people} for g in response.context["groups"]}
    assert groups == {
        "ot": {"otr", "outsider"},
        "cota": {"cota"},
        "teacher": {world.teacher.username},
        "aide": {"aide"},
        "guardian": {"parent"},
        "coordinator": {"coord"},
    }
    text = response.content.decode()
    assert "Far Away" not in text
    assert "Occupational therapist (OTR) (2)" in text


def test_only_a_coordinator_has_the_people_page(world) -> None:  # type: ignore[no-untyped-def]
    for person in (world.therapist, world.teacher, world.parent, world.aide):
        client = Client()
        sign_in(client, person)
        assert client.get(reverse("accounts:people")).status_code == 404
    assert Client().get(reverse("accounts:people"))["Location"] == "/login/?next=/district/people/"


def test_switching_an_account_off_and_on(world) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    sign_in(client, world.coordinator)
    teacher = Client()
    teacher.force_login(world.teacher)
    response = client.post(reverse("accounts:deactivate", args=[world.teacher.pk]))
    assert response["Location"] == reverse("accounts:people")
    world.teacher.refresh_from_db()
    assert world.teacher.is_active is False
    # Their open session ends and the password no longer works; nothing is deleted.
    assert teacher.get(reverse("accounts:account")).status_code == 302
    assert (
        Client()
        .post(reverse("login"), {"username": world.teacher.username, "password": f.PASSWORD})
        .status_code
        == 200
    )
    assert "Switched off" in client.get(reverse("accounts:people")).content.decode()
    client.post(reverse("accounts:reactivate", args=[world.teacher.pk]))
    world.teacher.refresh_from_db()
    assert world.teacher.is_active is True
    assert list(
        AuditEvent.objects.filter(object_id=world.teacher.pk, object_type="accounts.user")
        .order_by("pk")
        .values_list("summary", flat=True)
    ) == [
        f"Deactivated the account of {world.teacher.username}",
        f"Reactivated the account of {world.teacher.username}",
    ]


def test_a_coordinator_cannot_switch_off_themselves_or_another_districts_people(world) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    sign_in(client, world.coordinator)
    response = client.post(reverse("accounts:deactivate", args=[world.coordinator.pk]), follow=True)
    assert "You cannot switch off your own account." in response.content.decode()
    far = f.make_user(Role.OT, f.make_district(name="Elsewhere"))
    assert client.post(reverse("accounts:deactivate", args=[far.pk])).status_code == 404
    operator = f.make_user(Role.OPERATOR, world.district, is_staff=True)
    assert client.post(reverse("accounts:deactivate", args=[operator.pk])).status_code == 404
    far.refresh_from_db()
    world.coordinator.refresh_from_db()
    assert far.is_active and world.coordinator.is_active
    other = Client()
    sign_in(other, world.therapist)
    assert other.post(reverse("accounts:deactivate", args=[world.teacher.pk])).status_code == 404


def test_changing_the_password_when_signed_in(world) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    sign_in(client, world.therapist)
    weak = client.post(
        reverse("accounts:password_change"),
        {"old_password": f.PASSWORD, "new_password1": "84736291", "new_password2": "84736291"},
    )
    assert weak.status_code == 200
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": f.PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response["Location"] == reverse("accounts:password_change_done")
    world.therapist.refresh_from_db()
    assert world.therapist.check_password(NEW_PASSWORD)
    assert client.get(reverse("accounts:account")).status_code == 200  # still signed in


def test_resetting_a_forgotten_password_by_email(world) -> None:  # type: ignore[no-untyped-def]
    world.therapist.email = "olive@school.org"
    world.therapist.save()
    client = Client()
    sent = client.post(reverse("accounts:password_reset"), {"email": "olive@school.org"})
    assert sent["Location"] == reverse("accounts:password_reset_sent")
    # An unknown address looks the same and sends nothing.
    client.post(reverse("accounts:password_reset"), {"email": "nobody@school.org"})
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Set a new OT Desk password"
    assert "Someone asked to set a new password for your OT Desk account (otr)." in message.body
    link = re.search(r"http://testserver(/password-reset/\S+/)", message.body)
    assert link
    form = client.get(link.group(1), follow=True)
    assert form.status_code == 200
    set_url = form.redirect_chain[-1][0]
    done = client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done["Location"] == reverse("accounts:password_reset_complete")
    world.therapist.refresh_from_db()
    assert world.therapist.check_password(NEW_PASSWORD)
    # The link worked once.
    again = client.get(link.group(1), follow=True)
    assert "This link does not work any more" in again.content.decode()
    signed = Client().post(reverse("login"), {"username": "otr", "password": NEW_PASSWORD})
    assert signed.status_code == 302


def _invite(client: Client, n: int) -> None:
    client.post(reverse("accounts:invite_staff"), {"email": f"p{n}@school.org", "role": "aide"})


def test_the_people_page_queries_do_not_grow_with_people(world, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    sign_in(client, world.coordinator)
    _invite(client, 0)
    url = reverse("accounts:people")
    client.get(url)
    with django_assert_num_queries(6):
        client.get(url)
    for n in range(1, 6):
        f.make_user(Role.TEACHER, world.district)
        _invite(client, n)
    with django_assert_num_queries(6):
        response = client.get(url)
    assert len(response.context["invitations"]) == 6


def test_an_invited_coordinator_sets_up_two_factor_first(world) -> None:  # type: ignore[no-untyped-def]
    client = Client()
    sign_in(client, world.coordinator)
    client.post(
        reverse("accounts:invite_staff"), {"email": "second@school.org", "role": "coordinator"}
    )
    link = re.search(r"http://testserver(/invite/\S+/)", str(mail.outbox[0].body))
    assert link
    newcomer = Client()
    password = "a quiet library at noon"
    response = newcomer.post(
        link.group(1),
        {
            "first_name": "Sam",
            "last_name": "Second",
            "username": "sam.second",
            "password1": password,
            "password2": password,
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == "/account/two-factor/?next=%2F"
    assert "Your role needs two-factor sign-in before you can go on." in response.content.decode()
