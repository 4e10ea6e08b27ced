"""The database itself refuses to change or remove an audit event: triggers on SQLite and
PostgreSQL. (`manage.py flush`, which empties every table, lifts them for the moment it
runs on SQLite: core/management/commands/flush.py. PostgreSQL's flush is a TRUNCATE,
which row triggers do not see.)"""

from django.db import migrations

from otdesk.core import append_only


def create_triggers(apps, schema_editor):  # type: ignore[no-untyped-def]
    append_only.create_triggers(schema_editor.connection)


def drop_triggers(apps, schema_editor):  # type: ignore[no-untyped-def]
    append_only.drop_triggers(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("core", "0003_audit_hash_chain")]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]
