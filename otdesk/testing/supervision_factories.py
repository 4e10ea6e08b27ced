"""Builders for supervision tests: a supervision, a contact, a COTA's signed note."""

import datetime as dt
from typing import Any

from django.utils import timezone

from otdesk.accounts.models import User
from otdesk.delivery.models import Session
from otdesk.schools.models import School
from otdesk.students.models import Student
from otdesk.supervision.models import ContactKind, Supervision, SupervisionContact
from otdesk.testing.factories import make_session

SUPERVISION_START = dt.date(2026, 8, 17)


def make_supervision(cota: User, supervisor: User, **kwargs: Any) -> Supervision:
    defaults: dict[str, Any] = dict(start_date=SUPERVISION_START)
    assert cota.district_id is not None
    return Supervision.objects.create(
        district_id=cota.district_id, cota=cota, supervisor=supervisor, **{**defaults, **kwargs}
    )


def make_contact(supervision: Supervision, day: dt.date, **kwargs: Any) -> SupervisionContact:
    defaults: dict[str, Any] = dict(kind=ContactKind.MEETING, minutes=30, note="Talked it over")
    return SupervisionContact.objects.create(
        supervision=supervision,
        date=day,
        logged_by=supervision.supervisor,
        **{**defaults, **kwargs},
    )


def make_signed_note(
    provider: User, school: School, students: list[Student], **kwargs: Any
) -> Session:
    """A session with its note written and signed, as the COTA would leave it."""
    defaults: dict[str, Any] = dict(
        subjective="Said the pencil felt easier today.",
        objective="Copied 8 of 10 letters within the lines.",
        assessment="Progressing toward the handwriting goal.",
        plan="Fade the slant board next week.",
        status=Session.Status.SIGNED,
        signed_at=timezone.now(),
    )
    return make_session(provider, school, students, **{**defaults, **kwargs})
