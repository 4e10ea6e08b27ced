"""Who reaches the supervision pages: the supervising OT (owner), the COTA and the
coordinator (read-only: 403 on the supervisor's and coordinator's actions), everyone
else 404."""

import pytest
from django.urls import reverse

from otdesk.accounts.models import Role
from otdesk.supervision.models import NoteReview, Supervision, SupervisionContact
from otdesk.testing import factories as f
from otdesk.testing.login import sign_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def url(name: str, pk: int | None = None) -> str:
    return reverse(f"supervision:{name}", args=[pk] if pk is not None else [])


END = {"end_date": "2026-10-20"}
CONTACT = {"date": "2026-10-14", "kind": "meeting", "minutes": "30", "note": "Goals review"}


def test_owner_reads_every_page(client, world, sup):
    sign_in(client, world.therapist)
    assert client.get(url("home")).status_code == 200
    assert client.get(url("detail", sup.supervision.pk)).status_code == 200
    assert client.get(url("contact_new", sup.supervision.pk)).status_code == 200
    assert client.get(url("note", sup.note.pk)).status_code == 200


@pytest.mark.parametrize("who", ["outsider", "teacher", "aide", "parent"])
def test_outsiders_get_404(client, world, sup, who):
    sign_in(client, getattr(world, who))
    assert client.get(url("detail", sup.supervision.pk)).status_code == 404
    assert client.get(url("note", sup.note.pk)).status_code == 404
    assert client.post(url("note", sup.note.pk), {"decision": "cosign"}).status_code == 404
    assert client.post(url("contact_new", sup.supervision.pk), CONTACT).status_code == 404
    assert client.post(url("resubmit", sup.note.pk)).status_code == 404
    assert client.post(url("end", sup.supervision.pk), END).status_code == 404
    assert NoteReview.objects.count() == 0
    assert SupervisionContact.objects.count() == 0


@pytest.mark.parametrize("who", ["teacher", "aide", "parent", "coordinator"])
def test_the_therapist_home_is_404_for_others(client, world, who):
    sign_in(client, getattr(world, who))
    assert client.get(url("home")).status_code == 404


def test_the_district_page_is_the_coordinators(client, world, sup):
    for who in (world.therapist, world.cota, world.teacher):
        sign_in(client, who)
        assert client.get(url("district")).status_code == 404
        assert client.post(url("assign"), {}).status_code == 404
    sign_in(client, world.coordinator)
    assert client.get(url("district")).status_code == 200


def test_coordinator_of_another_district_gets_404(client, world, sup):
    other = f.make_district(name="Other District")
    stranger = f.make_user(Role.COORDINATOR, other, username="coord.other")
    sign_in(client, stranger)
    assert client.get(url("detail", sup.supervision.pk)).status_code == 404
    assert client.post(url("end", sup.supervision.pk), END).status_code == 404
    assert Supervision.objects.get().end_date is None


def test_the_cota_reads_their_record_but_cannot_review_or_log(client, world, sup):
    sign_in(client, world.cota)
    assert client.get(url("home")).status_code == 200
    assert client.get(url("detail", sup.supervision.pk)).status_code == 200
    assert client.get(url("note", sup.note.pk)).status_code == 200
    assert client.get(url("contact_new", sup.supervision.pk)).status_code == 403
    assert client.post(url("contact_new", sup.supervision.pk), CONTACT).status_code == 403
    assert client.post(url("note", sup.note.pk), {"decision": "cosign"}).status_code == 403
    assert client.post(url("end", sup.supervision.pk), END).status_code == 403
    assert NoteReview.objects.count() == 0
    assert SupervisionContact.objects.count() == 0


def test_the_coordinator_reads_the_record_but_not_the_note(client, world, sup):
    sign_in(client, world.coordinator)
    assert client.get(url("detail", sup.supervision.pk)).status_code == 200
    assert client.post(url("contact_new", sup.supervision.pk), CONTACT).status_code == 403
    # The note itself is read by the people who serve the student, not the coordinator.
    assert client.get(url("note", sup.note.pk)).status_code == 404
    assert client.post(url("note", sup.note.pk), {"decision": "cosign"}).status_code == 404
    assert SupervisionContact.objects.count() == 0


def test_the_supervisor_cannot_end_the_supervision_or_resubmit(client, world, sup):
    sign_in(client, world.therapist)
    assert client.post(url("end", sup.supervision.pk), END).status_code == 403
    assert client.post(url("resubmit", sup.note.pk)).status_code == 403
    assert Supervision.objects.get().end_date is None


def test_another_ot_serving_the_student_cannot_review(client, world, sup):
    """Serving the student lets an OT read the session page, not review the COTA's note."""
    sign_in(client, world.outsider)
    f.add_to_team(world.student, world.outsider, "ot")
    assert client.get(reverse("delivery:session", args=[sup.note.pk])).status_code == 200
    assert client.get(url("note", sup.note.pk)).status_code == 404


def test_access_ends_the_day_the_supervision_ends(client, world, sup):
    sup.supervision.end_date = sup.note.date  # ended two days ago
    sup.supervision.save()
    sign_in(client, world.therapist)
    assert client.get(url("note", sup.note.pk)).status_code == 404
    assert client.get(url("detail", sup.supervision.pk)).status_code == 200  # the history
    assert client.post(url("contact_new", sup.supervision.pk), CONTACT).status_code == 403


def test_the_cota_s_draft_notes_are_not_open_to_the_supervisor(client, world, sup):
    draft = f.make_session(world.cota, world.school, [world.student], date=sup.note.date)
    sign_in(client, world.therapist)
    assert client.get(url("note", draft.pk)).status_code == 404
