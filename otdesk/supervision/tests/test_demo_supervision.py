"""The demo shows supervision at work: one COTA supervised by an OT, notes waiting, one
sent back, and a contact history whose last contact is past the district's 30 days."""

import datetime as dt

import pytest

from otdesk.accounts.models import User
from otdesk.demo.generate import generate_demo
from otdesk.demo.supervision import SENT_BACK_REASON
from otdesk.supervision.models import Supervision
from otdesk.supervision.queries import note_state, sent_back_notes, statuses, waiting_notes

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 28)


def test_the_demo_cota_has_a_supervisor_notes_waiting_and_a_contact_history():
    generate_demo(seed=7, today=TODAY, students=20)
    cota = User.objects.get(username="cota.chen")
    supervision = Supervision.objects.get()
    assert (supervision.cota, supervision.supervisor.username) == (cota, "ot.alvarez")
    row = statuses(Supervision.objects.all(), today=TODAY)[0]
    assert row.last_contact == dt.date(2026, 10, 26)
    assert (row.due_by, row.overdue, row.due.words) == (
        dt.date(2026, 11, 25),
        True,
        "Overdue by 3 days",
    )
    assert supervision.contacts.count() >= 3
    waiting = list(waiting_notes([cota.pk]))
    sent_back = list(sent_back_notes([cota.pk]))
    assert len(waiting) == 4
    assert len(sent_back) == 1
    assert note_state(sent_back[0]).latest.comment == SENT_BACK_REASON
    signed = list(cota.sessions.filter(status="signed").order_by("date", "pk"))
    assert set(waiting) == set(signed[-4:])
    assert sent_back == signed[-5:-4]
    assert len(signed) > 5
    assert all(note_state(note).status == "cosigned" for note in signed[:-5])
