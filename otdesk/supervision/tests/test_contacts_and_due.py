"""Supervision contacts, the due flag (the district's supervision_every_days, never a
constant) and the coordinator's assignments."""

import datetime as dt

import pytest
from django.urls import reverse

from otdesk.accounts.models import Role
from otdesk.core.models import AuditEvent
from otdesk.supervision.models import Supervision, SupervisionContact
from otdesk.supervision.queries import statuses
from otdesk.testing import factories as f
from otdesk.testing.login import sign_in
from otdesk.testing.supervision_factories import make_contact, make_supervision

from .conftest import TODAY

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def text(response) -> str:  # type: ignore[no-untyped-def]
    return " ".join(response.content.decode().split())


def status_of(supervision: Supervision):  # type: ignore[no-untyped-def]
    return statuses(Supervision.objects.filter(pk=supervision.pk))[0]


def test_the_due_flag_follows_the_district_setting(client, world, sup):
    make_contact(sup.supervision, TODAY - dt.timedelta(days=20))
    make_contact(sup.supervision, TODAY - dt.timedelta(days=50))
    row = status_of(sup.supervision)
    assert (row.last_contact, row.due_by, row.overdue) == (
        dt.date(2026, 9, 25),
        dt.date(2026, 10, 25),
        False,
    )
    sign_in(client, world.therapist)
    page = text(client.get(reverse("supervision:home")))
    assert "Supervision due" not in page
    assert "Contacts are due every 30 days (your district's setting)" in page

    world.district.supervision_every_days = 14  # a stricter state
    world.district.save()
    row = status_of(sup.supervision)
    assert (row.due_by, row.overdue, row.due.words) == (
        dt.date(2026, 10, 9),
        True,
        "Overdue by 6 days",
    )
    page = text(client.get(reverse("supervision:home")))
    assert "Supervision due: overdue by 6 days" in page
    assert "Contacts are due every 14 days (your district's setting)" in page
    sign_in(client, world.cota)
    assert "Supervision due: overdue by 6 days" in text(client.get(reverse("supervision:home")))


def test_with_no_contact_the_clock_starts_with_the_supervision(world):
    supervision = make_supervision(world.cota, world.therapist, start_date=dt.date(2026, 10, 1))
    world.district.supervision_every_days = 10
    world.district.save()
    row = status_of(supervision)
    assert (row.last_contact, row.due_by, row.overdue, row.due.words) == (
        None,
        dt.date(2026, 10, 11),
        True,
        "Overdue by 4 days",
    )


def test_the_supervisor_logs_a_contact(client, world, sup):
    sign_in(client, world.therapist)
    response = client.post(
        reverse("supervision:contact_new", args=[sup.supervision.pk]),
        {"date": "2026-10-14", "kind": "observation", "minutes": "45", "note": "Watched a group"},
    )
    assert response.status_code == 302
    contact = SupervisionContact.objects.get()
    assert (contact.date, contact.kind, contact.minutes, contact.note, contact.logged_by) == (
        dt.date(2026, 10, 14),
        "observation",
        45,
        "Watched a group",
        world.therapist,
    )
    event = AuditEvent.objects.get(object_type="supervision.supervisioncontact")
    assert (event.user, event.action, event.student_id) == (world.therapist, "create", None)
    assert event.after == {"date": "2026-10-14", "kind": "observation", "minutes": 45}
    row = status_of(sup.supervision)
    assert (row.last_contact, row.overdue) == (dt.date(2026, 10, 14), False)
    page = text(client.get(reverse("supervision:detail", args=[sup.supervision.pk])))
    assert "Wed 14 Oct 2026</strong> · Observed the COTA with a student · 45 min" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"date": "2026-10-16"}, "A contact cannot be logged before it happens."),
        ({"date": "2026-08-01"}, "That date is outside this supervision (from Mon 17 Aug 2026)."),
        ({"minutes": "0"}, "Enter a whole number from 5 to 480."),
        ({"minutes": "99999999999999999999"}, "Enter a whole number from 5 to 480."),
        ({"kind": "telepathy"}, "Select a valid choice. telepathy is not one of the available"),
        ({"note": "x" * 2001}, "Keep this to 2000 characters; it has 2001."),
    ],
)
def test_bad_contacts_are_refused_in_plain_words(client, world, sup, data, message):
    sign_in(client, world.therapist)
    good = {"date": "2026-10-14", "kind": "meeting", "minutes": "30", "note": ""}
    response = client.post(
        reverse("supervision:contact_new", args=[sup.supervision.pk]), {**good, **data}
    )
    assert response.status_code == 400
    assert message in text(response)
    assert SupervisionContact.objects.count() == 0


def test_the_coordinator_assigns_and_ends_a_supervision(client, world):
    sign_in(client, world.coordinator)
    page = text(client.get(reverse("supervision:district")))
    assert "No supervisor</span> " in page
    response = client.post(
        reverse("supervision:assign"),
        {"cota": world.cota.pk, "supervisor": world.therapist.pk, "start_date": "2026-10-01"},
    )
    assert response.status_code == 302
    supervision = Supervision.objects.get()
    assert (supervision.cota, supervision.supervisor, supervision.start_date) == (
        world.cota,
        world.therapist,
        dt.date(2026, 10, 1),
    )
    created = AuditEvent.objects.get(object_type="supervision.supervision", action="create")
    assert created.user == world.coordinator
    assert "No supervisor</span>" not in text(client.get(reverse("supervision:district")))

    # The same pair twice over the same dates is refused.
    response = client.post(
        reverse("supervision:assign"),
        {"cota": world.cota.pk, "supervisor": world.therapist.pk, "start_date": "2026-10-10"},
    )
    assert response.status_code == 400
    assert f"{world.therapist} already supervises {world.cota} in those dates." in text(response)

    response = client.post(
        reverse("supervision:end", args=[supervision.pk]), {"end_date": "2026-10-15"}
    )
    assert response.status_code == 302
    supervision.refresh_from_db()
    assert supervision.end_date == dt.date(2026, 10, 15)
    ended = AuditEvent.objects.get(object_type="supervision.supervision", action="update")
    assert (ended.before, ended.after) == ({"end_date": None}, {"end_date": "2026-10-15"})


def test_the_coordinator_picks_only_cotas_and_ots_of_the_district(client, world):
    other = f.make_district(name="Elsewhere")
    far_ot = f.make_user(Role.OT, other, username="far.ot")
    sign_in(client, world.coordinator)
    for data, message in [
        ({"cota": world.therapist.pk, "supervisor": world.therapist.pk}, "Choose a COTA"),
        ({"cota": world.cota.pk, "supervisor": world.cota.pk}, "Choose an OT of your district."),
        ({"cota": world.cota.pk, "supervisor": far_ot.pk}, "Choose an OT of your district."),
    ]:
        response = client.post(reverse("supervision:assign"), {**data, "start_date": "2026-10-01"})
        assert response.status_code == 400
        assert message in text(response)
    assert Supervision.objects.count() == 0


def test_the_status_list_costs_the_same_for_more_supervisions(world, django_assert_num_queries):
    make_supervision(world.cota, world.therapist)
    with django_assert_num_queries(2):
        statuses(Supervision.objects.all())
    for n in range(3):
        cota = f.make_user(Role.COTA, world.district, username=f"cota{n}")
        supervision = make_supervision(cota, world.therapist)
        make_contact(supervision, TODAY)
    with django_assert_num_queries(2):
        assert len(statuses(Supervision.objects.all())) == 4


def test_a_supervision_cannot_end_before_a_contact_it_holds(client, world, sup):
    make_contact(sup.supervision, dt.date(2026, 10, 12))
    sign_in(client, world.coordinator)
    response = client.post(
        reverse("supervision:end", args=[sup.supervision.pk]),
        {"end_date": "2026-10-01"},
        follow=True,
    )
    assert (
        "A supervision contact was logged on Mon 12 Oct 2026; end the supervision on that day "
        "or later." in text(response)
    )
    sup.supervision.refresh_from_db()
    assert sup.supervision.end_date is None
    response = client.post(
        reverse("supervision:end", args=[sup.supervision.pk]),
        {"end_date": "2026-08-01"},
        follow=True,
    )
    assert "The end date comes before the start date." in text(response)
