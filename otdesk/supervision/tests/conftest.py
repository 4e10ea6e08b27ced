import datetime as dt
from dataclasses import dataclass

import pytest
import time_machine

from otdesk.delivery.models import Session
from otdesk.supervision.models import Supervision
from otdesk.testing.supervision_factories import make_signed_note, make_supervision

# A school day well inside the test district's year (zone: the district's, UTC by default).
NOW = dt.datetime(2026, 10, 15, 15, 0, tzinfo=dt.UTC)
TODAY = NOW.date()


@pytest.fixture
def frozen():  # type: ignore[no-untyped-def]
    with time_machine.travel(NOW, tick=False):
        yield


@dataclass
class Setup:
    supervision: Supervision
    note: Session  # the COTA's signed note about world.student


@pytest.fixture
def sup(world, frozen) -> Setup:  # type: ignore[no-untyped-def]
    supervision = make_supervision(world.cota, world.therapist)
    note = make_signed_note(world.cota, world.school, [world.student], date=dt.date(2026, 10, 13))
    return Setup(supervision=supervision, note=note)
