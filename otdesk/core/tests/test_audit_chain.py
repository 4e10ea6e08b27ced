"""The access log is append-only and tamper-evident: the hash chain, the database's
triggers, and `verify_audit` naming the first event edited, removed or inserted. The
tampering is done as a forger would, with the triggers lifted for the test."""

import datetime as dt
import importlib
import io
import threading
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.core.management import ManagementUtility, call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, connections, transaction
from django.db.models import ProtectedError

from otdesk.accounts.models import Role
from otdesk.core import append_only, chain
from otdesk.core.audit import record_event
from otdesk.core.models import AppendOnlyError, AuditEvent
from otdesk.testing import factories as f

pytestmark = pytest.mark.django_db


def event(number: int, **values: object) -> AuditEvent:
    """An unsaved event with a fixed id (so a forger can put one between two others)."""
    return AuditEvent(
        pk=number,
        at=dt.datetime(2026, 11, 2, 9, number % 60, tzinfo=dt.UTC),
        action="view",
        student_id=7,
        object_type="students.student",
        object_id=7,
        summary=f"Opened the record ({number})",
        **values,
    )


@pytest.fixture
def three() -> list[AuditEvent]:
    events = [event(10), event(20), event(30)]
    chain.append(AuditEvent, events)
    if connection.vendor == "postgresql":  # the ids were given: move the sequence past them
        with connection.cursor() as cursor:
            cursor.execute("SELECT setval(pg_get_serial_sequence('core_auditevent', 'id'), 30)")
    return events


def verify(*args: str) -> str:
    out = io.StringIO()
    call_command("verify_audit", *args, stdout=out)
    return out.getvalue().strip()


def refused(message: str) -> None:
    assert chain.first_break(AuditEvent.objects.order_by("pk")) is not None
    with pytest.raises(CommandError) as raised:
        verify()
    assert str(raised.value) == f"The access log was tampered with. {message}"


def test_events_link_to_the_one_before(three):
    stored = list(AuditEvent.objects.order_by("pk"))
    assert [e.pk for e in stored] == [10, 20, 30]
    assert stored[0].prev_hash == chain.GENESIS
    assert stored[1].prev_hash == stored[0].hash
    assert stored[2].prev_hash == stored[1].hash
    assert stored[2].hash == chain.event_hash(stored[2], stored[1].hash)
    assert len({e.hash for e in stored}) == 3
    assert verify() == (
        "The access log holds: 3 events, none edited, removed or inserted. "
        f"Newest: event #30, hash {stored[2].hash}."
    )


def test_record_event_continues_the_chain(world, three):
    made = record_event(
        user=world.therapist,
        action="update",
        obj=world.student,
        student_id=world.student.pk,
        summary="Changed the record",
        before={"start": dt.date(2026, 9, 1)},
        after={"start": dt.date(2026, 9, 8), "minutes": 1.5},
    )
    made.refresh_from_db()
    assert made.prev_hash == three[2].hash
    assert made.before == {"start": "2026-09-01"}
    assert made.after == {"start": "2026-09-08", "minutes": 1.5}
    assert made.hash == chain.event_hash(made, three[2].hash)
    assert verify().startswith("The access log holds: 4 events, none edited")


def test_an_empty_log_verifies():
    assert verify() == "The access log is empty."


def test_an_edited_event_is_named(three):
    with append_only.lifted(connection):
        AuditEvent.objects.filter(pk=20).update(summary="Nothing to see")
    refused("Event #20 was edited: its content no longer matches its hash.")


def test_an_edited_actor_is_named(world, three):
    with append_only.lifted(connection):
        AuditEvent.objects.filter(pk=30).update(user=world.outsider)
    refused("Event #30 was edited: its content no longer matches its hash.")


def test_a_removed_event_is_named(three):
    with append_only.lifted(connection):
        AuditEvent.objects.filter(pk=20).delete()
    refused(
        "An event was removed after event #10 before event #30 (or the one before was "
        "rewritten with a new hash): event #30 links to a hash no remaining event has."
    )


def test_a_removed_first_event_is_named(three):
    with append_only.lifted(connection):
        AuditEvent.objects.filter(pk=10).delete()
    refused(
        "An event was removed before event #20 (or the one before was rewritten with a new "
        "hash): event #20 links to a hash no remaining event has."
    )


def forge(number: int, prev_hash: str, *, rehash: bool) -> None:
    """Insert an event behind the application's back (a fake "view" by someone)."""
    fake = event(number, prev_hash=prev_hash)
    fake.hash = chain.event_hash(fake, prev_hash) if rehash else "f" * 64
    AuditEvent.objects.bulk_create([fake])


def test_an_inserted_event_is_named(three):
    forge(25, three[1].hash, rehash=False)
    refused("Event #25 was inserted: the event after it links to the one before it.")


def test_an_inserted_event_with_a_correct_hash_is_named(three):
    # The forger knows the algorithm and links the fake to event #20 properly; event #30
    # still links to #20, past the fake.
    forge(25, three[1].hash, rehash=True)
    refused("Event #25 was inserted: the event after it links to the one before it.")


def test_an_event_added_at_the_end_outside_the_chain_is_named(three):
    forge(40, "0" * 63 + "1", rehash=False)
    refused("Event #40 was inserted: neither its content nor its link holds.")


def test_expect_proves_the_newest_events_are_still_there(three):
    newest = three[2].hash
    assert verify("--expect", newest).startswith("The access log holds: 3 events")
    with append_only.lifted(connection):
        AuditEvent.objects.filter(pk=30).delete()
    # The chain of the two left holds; only the remembered hash shows the loss.
    with pytest.raises(CommandError) as raised:
        verify("--expect", newest)
    assert str(raised.value) == (
        f"The access log no longer holds the event with hash {newest}: events were "
        "removed from its end, or it was replaced."
    )


def test_verify_audit_exits_non_zero_when_tampered(three, capsys):
    with append_only.lifted(connection):
        AuditEvent.objects.filter(pk=10).update(action="export")
    with pytest.raises(SystemExit) as exited:
        call_command_from_argv("verify_audit")
    assert exited.value.code == 1
    assert "Event #10 was edited" in capsys.readouterr().err


def call_command_from_argv(name: str) -> None:
    """As `otdesk NAME` runs it (the command line's path, with its exit status)."""
    ManagementUtility(["otdesk", name]).execute()


# The database refuses ---------------------------------------------------------------------


def test_the_database_refuses_to_update_an_event(three):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=20).update(summary="Nothing to see")
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("UPDATE core_auditevent SET user_id = NULL")
    assert AuditEvent.objects.get(pk=20).summary == "Opened the record (20)"


def test_the_database_refuses_to_delete_an_event(three):
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.filter(pk=20).delete()
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM core_auditevent")
    assert AuditEvent.objects.count() == 3


def test_the_model_refuses_to_change_or_remove_an_event(three):
    stored = AuditEvent.objects.get(pk=20)
    stored.summary = "Nothing to see"
    with pytest.raises(AppendOnlyError, match="cannot be changed"):
        stored.save()
    with pytest.raises(AppendOnlyError, match="cannot be removed"):
        stored.delete()
    assert verify().startswith("The access log holds: 3 events")


def test_a_person_with_events_cannot_be_deleted(world):
    record_event(user=world.cota, action="view", obj=world.student, student_id=world.student.pk)
    with pytest.raises(ProtectedError):
        world.cota.delete()
    nobody = f.make_user(Role.OT, world.district, username="no-events")
    nobody.delete()  # no events: removable


# Two writers at once ------------------------------------------------------------------------


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="the in-memory SQLite test database locks whole tables between threads; a file "
    "database serialises writers by its IMMEDIATE transactions (settings.py)",
)
@pytest.mark.django_db(transaction=True)
def test_two_writers_at_once_do_not_fork_the_chain():
    district = f.make_district()
    student = f.make_student(f.make_school(district))
    errors: list[BaseException] = []

    def write(count: int) -> None:
        try:
            for _ in range(count):
                record_event(user=None, action="view", obj=student, student_id=student.pk)
        except BaseException as exc:  # reported by the test below
            errors.append(exc)
        finally:
            connections.close_all()

    writers = [threading.Thread(target=write, args=(15,)) for _ in range(2)]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join()
    assert errors == []
    assert AuditEvent.objects.count() == 30
    assert chain.first_break(AuditEvent.objects.order_by("pk")) is None


# The migration chains the events written before the chain existed ------------------------


def test_the_migration_chains_existing_events():
    migration = importlib.import_module("otdesk.core.migrations.0003_audit_hash_chain")
    old = [event(n, prev_hash="", hash=f"unchained-{n}") for n in (3, 4, 5)]
    with append_only.lifted(connection):
        AuditEvent.objects.bulk_create(old)  # as they stood before the migration
        assert chain.first_break(AuditEvent.objects.order_by("pk")) is not None
        migration.chain_existing_events(apps, SimpleNamespace(connection=connection))
    stored = list(AuditEvent.objects.order_by("pk"))
    assert [e.prev_hash for e in stored] == [chain.GENESIS, stored[0].hash, stored[1].hash]
    assert verify().startswith("The access log holds: 3 events, none edited")
