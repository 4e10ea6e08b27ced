"""Co-signing a COTA's note: the supervising OT co-signs or sends back, the COTA sends it
again; the district's policy decides whether a note waits at all."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from otdesk.core.models import AuditEvent
from otdesk.delivery.models import Session
from otdesk.supervision import services
from otdesk.supervision.models import NoteReview, ReviewOutcome
from otdesk.supervision.queries import note_state, sent_back_notes, waiting_notes
from otdesk.testing import factories as f
from otdesk.testing.login import sign_in
from otdesk.testing.supervision_factories import make_signed_note

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def text(response) -> str:  # type: ignore[no-untyped-def]
    return " ".join(response.content.decode().split())


def note_url(session: Session) -> str:
    return reverse("supervision:note", args=[session.pk])


def test_the_supervisor_reads_the_note_and_co_signs_it(client, world, sup):
    sign_in(client, world.therapist)
    home = text(client.get(reverse("supervision:home")))
    badge = '<span class="badge badge-risk"><span aria-hidden="true">● </span>1</span>'
    assert f"Notes waiting for co-signature</dt><dd>{badge}" in home
    detail = text(client.get(reverse("supervision:detail", args=[sup.supervision.pk])))
    assert f'href="{note_url(sup.note)}">Integrated (push-in) on Tue 13 Oct 2026</a>' in detail
    assert "Maya Lopez" in detail
    page = text(client.get(note_url(sup.note)))
    assert "Copied 8 of 10 letters within the lines." in page
    back = reverse("supervision:detail", args=[sup.supervision.pk])
    assert f'<a href="{back}">Supervision of {world.cota}</a>' in page
    assert "Waiting for co-signature</span> by the supervising OT" in page
    reads = AuditEvent.objects.filter(user=world.therapist, action="view")
    assert reads.filter(summary__startswith="Read ").count() == 1
    assert reads.get(summary__startswith="Read ").student_id == world.student.pk

    response = client.post(note_url(sup.note), {"decision": "cosign", "comment": "Clear note."})
    assert response.status_code == 302
    assert response["Location"] == reverse("supervision:detail", args=[sup.supervision.pk])
    review = NoteReview.objects.get()
    assert (review.by, review.outcome, review.comment) == (
        world.therapist,
        ReviewOutcome.COSIGNED,
        "Clear note.",
    )
    event = AuditEvent.objects.get(action="update", object_type="supervision.notereview")
    assert (event.user, event.student_id, event.address) == (
        world.therapist,
        world.student.pk,
        "127.0.0.1",
    )
    assert event.summary == f"Co-signed {world.cota}'s note of Tue 13 Oct 2026"
    assert list(waiting_notes([world.cota.pk])) == []

    # The COTA's session page says who co-signed and when.
    sign_in(client, world.cota)
    session_page = text(client.get(reverse("delivery:session", args=[sup.note.pk])))
    assert "Co-signed</span> by Olive Ot, Thu 15 Oct 2026" in session_page
    assert "“Clear note.”" in session_page


def test_a_note_is_co_signed_once(world, sup):
    services.review_note(actor=world.therapist, session=sup.note, outcome=ReviewOutcome.COSIGNED)
    with pytest.raises(ValidationError) as caught:
        services.review_note(
            actor=world.therapist, session=sup.note, outcome=ReviewOutcome.COSIGNED
        )
    assert caught.value.messages == [
        "This note was already co-signed by Olive Ot on Thu 15 Oct 2026."
    ]


def test_send_back_needs_a_reason_then_the_cota_sends_it_again(client, world, sup):
    sign_in(client, world.therapist)
    response = client.post(note_url(sup.note), {"decision": "send_back", "comment": "  "})
    assert response.status_code == 400
    assert "Say what the COTA should correct or add." in text(response)
    assert NoteReview.objects.count() == 0

    reason = "Add the assistance level for the copying task."
    client.post(note_url(sup.note), {"decision": "send_back", "comment": reason})
    assert note_state(sup.note).status == "sent_back"
    assert list(sent_back_notes([world.cota.pk])) == [sup.note]
    assert list(waiting_notes([world.cota.pk])) == []
    # Sent back: the supervisor cannot co-sign until the COTA sends it again.
    response = client.post(note_url(sup.note), {"decision": "cosign"})
    assert response.status_code == 400

    sign_in(client, world.cota)
    home = text(client.get(reverse("supervision:home")))
    assert f"<strong>Sent back:</strong> {reason}" in home
    session_page = text(client.get(reverse("delivery:session", args=[sup.note.pk])))
    assert f"Sent back by Olive Ot</strong> on Thu 15 Oct 2026: {reason}" in session_page
    assert 'send it for review again from <a href="/supervision/">Supervision</a>' in session_page
    response = client.post(
        reverse("supervision:resubmit", args=[sup.note.pk]), {"comment": "Addendum added."}
    )
    assert response.status_code == 302
    assert note_state(sup.note).status == "waiting"
    assert list(waiting_notes([world.cota.pk])) == [sup.note]
    assert [(r.outcome, r.by) for r in NoteReview.objects.all()] == [
        (ReviewOutcome.SENT_BACK, world.therapist),
        (ReviewOutcome.RESUBMITTED, world.cota),
    ]
    # Sending again twice is refused in plain words.
    client.post(reverse("supervision:resubmit", args=[sup.note.pk]))
    assert NoteReview.objects.count() == 2

    sign_in(client, world.therapist)
    client.post(note_url(sup.note), {"decision": "cosign"})
    assert note_state(sup.note).status == "cosigned"


def test_only_signed_cota_notes_wait(world, sup):
    f.make_session(world.cota, world.school, [world.student], date=dt.date(2026, 10, 6))  # draft
    voided = make_signed_note(world.cota, world.school, [world.student], date=dt.date(2026, 10, 7))
    voided.status = Session.Status.VOIDED
    voided.save()
    make_signed_note(world.therapist, world.school, [world.student], date=dt.date(2026, 10, 8))
    assert list(waiting_notes([world.cota.pk, world.therapist.pk])) == [sup.note]
    with pytest.raises(ValidationError) as caught:
        services.review_note(actor=world.therapist, session=voided, outcome=ReviewOutcome.COSIGNED)
    assert caught.value.messages == ["Only a signed note is co-signed."]


def test_policy_off_means_no_co_signature_is_needed(client, world, sup):
    world.district.cota_cosign_required = False
    world.district.save()
    assert list(waiting_notes([world.cota.pk])) == []
    assert note_state(sup.note).status == "not_required"

    sign_in(client, world.cota)
    page = text(client.get(reverse("delivery:session", args=[sup.note.pk])))
    assert "co-signature" not in page
    sign_in(client, world.therapist)
    home = text(client.get(reverse("supervision:home")))
    assert "Notes waiting for co-signature</dt><dd>0</dd>" in home
    assert "your district does not ask for co-signatures on COTA notes" in home
    review = text(client.get(note_url(sup.note)))
    assert "Co-sign the note" not in review
    response = client.post(note_url(sup.note), {"decision": "cosign"})
    assert response.status_code == 400
    assert (
        "Your district does not ask for co-signatures on COTA notes, so this note needs none."
        in text(response)
    )
    assert NoteReview.objects.count() == 0

    # Turned back on, the note waits again.
    world.district.cota_cosign_required = True
    world.district.save()
    assert list(waiting_notes([world.cota.pk])) == [sup.note]
    sign_in(client, world.cota)
    page = text(client.get(reverse("delivery:session", args=[sup.note.pk])))
    assert "Waiting for co-signature</span> by the supervising OT" in page


def test_an_ot_s_own_note_shows_nothing_about_co_signing(client, world):
    own = make_signed_note(world.therapist, world.school, [world.student])
    sign_in(client, world.therapist)
    assert "co-sign" not in text(client.get(reverse("delivery:session", args=[own.pk])))


def test_a_bad_decision_is_a_plain_message(client, world, sup):
    sign_in(client, world.therapist)
    response = client.post(note_url(sup.note), {"decision": "approve"})
    assert response.status_code == 400
    assert "Choose to co-sign the note or to send it back." in text(response)
    assert NoteReview.objects.count() == 0


def test_a_group_note_is_audited_once_per_student(world, sup):
    other = f.make_student(world.school, first_name="Noah", last_name="Kim")
    f.make_line(f.make_iep(other))
    group = make_signed_note(
        world.cota,
        world.school,
        [world.student, other],
        date=dt.date(2026, 10, 14),
        session_type="pull_out_group",
        location="therapy_room",
    )
    services.review_note(actor=world.therapist, session=group, outcome=ReviewOutcome.COSIGNED)
    events = AuditEvent.objects.filter(object_type="supervision.notereview")
    assert sorted(events.values_list("student_id", flat=True)) == sorted(
        [world.student.pk, other.pk]
    )


def test_a_cota_with_no_supervisor_still_sees_the_notes_waiting(client, world):
    note = make_signed_note(world.cota, world.school, [world.student], date=dt.date(2026, 10, 5))
    sign_in(client, world.cota)
    page = text(client.get(reverse("supervision:home")))
    assert "No supervising OT on record" in page
    assert "Waiting for co-signature (1)" in page
    assert f'href="/sessions/{note.pk}/">Integrated (push-in) on Mon 5 Oct 2026</a>' in page
    # Nobody may review it: the OT on the team does not supervise this COTA.
    sign_in(client, world.therapist)
    assert client.get(note_url(note)).status_code == 404
