"""With a read replica, the district reports read from it and write their access-log
events to default; reads inside a transaction, and every write, stay on default.

A site with OTDESK_REPLICA_DATABASE_URL has a `replica` alias whose TEST MIRROR is
default (settings.py): a test run reads the test database through a second connection.
This module gives the suite that alias for its own tests (the rest of the suite runs
without a replica, as development does), and its tests commit (transaction=True), since
the replica's connection sees only committed rows, as a real replica does.
"""

import copy

import pytest
from django.conf import settings
from django.db import connections, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from otdesk.core.db_router import REPLICA, ReplicaRouter, reading_from_replica
from otdesk.core.models import AuditEvent
from otdesk.students.models import Student
from otdesk.testing.login import sign_in

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", REPLICA])


@pytest.fixture(scope="module", autouse=True)
def replica_alias(django_db_setup):
    """The alias settings.py makes from OTDESK_REPLICA_DATABASE_URL, as the test run sees
    it: default's test database, marked as its mirror."""
    mirror = copy.deepcopy(connections["default"].settings_dict)
    mirror["TEST"]["MIRROR"] = "default"
    settings.DATABASES[REPLICA] = mirror  # the dict the connection handler reads
    yield
    connections[REPLICA].close()
    del connections[REPLICA]
    del settings.DATABASES[REPLICA]


def _statements(captured: CaptureQueriesContext) -> list[str]:
    return [query["sql"] for query in captured.captured_queries]


def _tables_read(statements: list[str]) -> set[str]:
    names = {"students_student", "students_serviceline", "core_auditevent", "django_session"}
    return {name for name in names for sql in statements if f'FROM "{name}"' in sql}


@pytest.mark.parametrize(
    "url_name", ["fidelity:district", "delivery:district_compliance", "workload:district"]
)
def test_a_district_report_reads_the_replica_and_logs_on_default(world, url_name):
    client = Client()
    sign_in(client, world.coordinator)
    before = AuditEvent.objects.count()
    with (
        CaptureQueriesContext(connections[REPLICA]) as replica,
        CaptureQueriesContext(connections["default"]) as default,
    ):
        response = client.get(reverse(url_name), {"status": "all"})
    assert response.status_code == 200
    on_replica, on_default = _statements(replica), _statements(default)
    assert on_replica != []
    # Only reads (a union of two reads is written "(SELECT ...) UNION (SELECT ...)").
    assert [sql for sql in on_replica if not sql.lstrip("(").startswith("SELECT")] == []
    # The report's own reads: the replica's. The sign-in's (the session): default's.
    assert "django_session" in _tables_read(on_default)
    assert "django_session" not in _tables_read(on_replica)
    if url_name != "workload:district":  # the workload table reads no student
        assert {"students_student", "students_serviceline"} <= _tables_read(on_replica)
        assert _tables_read(on_default) & {"students_student", "students_serviceline"} == set()
        # One student shown: one access-log event, written (and chained) on default.
        assert AuditEvent.objects.count() == before + 1
        inserts = [sql for sql in on_default if sql.startswith('INSERT INTO "core_auditevent"')]
        assert len(inserts) == 1


def test_reads_outside_the_block_stay_on_default(world):
    with CaptureQueriesContext(connections[REPLICA]) as replica:
        assert Student.objects.filter(pk=world.student.pk).count() == 1
    assert replica.captured_queries == []


def test_reads_inside_a_transaction_stay_on_default(world):
    with (
        CaptureQueriesContext(connections[REPLICA]) as replica,
        transaction.atomic(),
        reading_from_replica(),
    ):
        student = Student.objects.get(pk=world.student.pk)
        assert student.school.name == world.school.name
    assert replica.captured_queries == []
    assert student._state.db == "default"


def test_a_record_read_from_the_replica_is_saved_on_default(world):
    with reading_from_replica(), CaptureQueriesContext(connections[REPLICA]) as replica:
        student = Student.objects.get(pk=world.student.pk)
    assert student._state.db == REPLICA
    assert len(replica.captured_queries) == 1
    student.preferred_name = "Mai"
    with (
        CaptureQueriesContext(connections[REPLICA]) as replica,
        CaptureQueriesContext(connections["default"]) as default,
    ):
        student.save(update_fields=["preferred_name"])
    assert replica.captured_queries == []
    assert [sql.split(" ")[0] for sql in _statements(default)] == ["UPDATE"]
    assert Student.objects.get(pk=world.student.pk).preferred_name == "Mai"


def test_without_a_replica_the_router_says_nothing(world):
    """Development and the rest of the suite: Django's own choice (default) everywhere."""
    router = ReplicaRouter()
    mirror = settings.DATABASES.pop(REPLICA)
    try:
        with reading_from_replica():
            assert router.db_for_read(Student) is None
        assert router.db_for_write(Student) is None
        assert router.allow_relation(world.student, world.school) is None
    finally:
        settings.DATABASES[REPLICA] = mirror
    assert router.allow_migrate(REPLICA, "students") is False
    assert router.allow_migrate("default", "students") is None
