"""Triggers that keep fidelity_linestamp true: every write to the records a service line's
minutes are worked out from adds one to the line's stamp, in the same transaction, whoever
makes it (a form, the API, an import, the admin, a bulk load). A line's stored period
figures are trusted only while its stamp is the one they were worked out at (stored.py).

- attendance records (delivery_sessionstudent): their line, and the line of the miss a
  make-up covers;
- sessions: the lines of their attendance records (a session's date, type, minutes or
  voiding changes what they credit);
- misses and consultation records: their line; consultations: the lines of their records;
- the service line itself (its minutes, period or dates).
Deleting a service line deletes its stamp and stored figures first.

Each write adds one to each line it touches: per statement on PostgreSQL (transition
tables; the lines in id order, so two writers take the stamps' row locks in the same
order), per row on SQLite.
"""

from django.db import migrations

# Every statement below is put together from this module's table names and SQL fragments,
# never from a value anyone typed: bandit's B608 findings are marked so where they occur.

STAMP = "fidelity_linestamp"
FIGURES = "fidelity_periodfigures"
LINES = "students_serviceline"
RECORDS = "delivery_sessionstudent"
MISSES = "delivery_missedsession"
CONSULT_RECORDS = "delivery_consultationstudent"

# PostgreSQL --------------------------------------------------------------------------------

PG_BUMP = f"""
CREATE OR REPLACE FUNCTION figures_bump(changed bigint[]) RETURNS void AS $$
    INSERT INTO {STAMP} (line_id, stamp)
    SELECT id, 1 FROM {LINES} WHERE id = ANY(changed) ORDER BY id
    ON CONFLICT (line_id) DO UPDATE SET stamp = {STAMP}.stamp + 1;
$$ LANGUAGE sql;
"""  # nosec B608 # SQL from this module's constants only

# (function name, the lines that changed rows touch: the rows are the transition table
# `changed_rows`, always given an alias)
PG_FUNCTIONS = {
    "figures_records_changed": f"""
        SELECT c.service_line_id FROM changed_rows c
        UNION SELECT m.service_line_id FROM {MISSES} m JOIN changed_rows c ON m.id = c.makeup_for_id
    """,  # nosec B608 # SQL from this module's constants only
    "figures_sessions_changed": f"""
        SELECT r.service_line_id FROM {RECORDS} r JOIN changed_rows c ON r.session_id = c.id
        UNION SELECT m.service_line_id FROM {MISSES} m
            JOIN {RECORDS} r ON m.id = r.makeup_for_id JOIN changed_rows c ON r.session_id = c.id
    """,  # nosec B608 # SQL from this module's constants only
    "figures_lined_changed": "SELECT c.service_line_id FROM changed_rows c",
    "figures_consultations_changed": f"""
        SELECT r.service_line_id FROM {CONSULT_RECORDS} r
            JOIN changed_rows c ON r.consultation_id = c.id
    """,  # nosec B608 # SQL from this module's constants only
    "figures_lines_changed": "SELECT c.id FROM changed_rows c",
}
# An update's rows, before and after (a record moved to another line moves both).
UPDATED = "(SELECT * FROM old_rows UNION ALL SELECT * FROM new_rows)"

# (table, function, events)
PG_TRIGGERS = [
    (RECORDS, "figures_records_changed", ("INSERT", "UPDATE", "DELETE")),
    ("delivery_session", "figures_sessions_changed", ("UPDATE",)),
    (MISSES, "figures_lined_changed", ("INSERT", "UPDATE", "DELETE")),
    (CONSULT_RECORDS, "figures_lined_changed", ("INSERT", "UPDATE", "DELETE")),
    ("delivery_consultationlog", "figures_consultations_changed", ("UPDATE",)),
    (LINES, "figures_lines_changed", ("UPDATE",)),
]
TRANSITIONS = {
    "INSERT": "NEW TABLE AS changed_rows",
    "UPDATE": "OLD TABLE AS old_rows NEW TABLE AS new_rows",
    "DELETE": "OLD TABLE AS changed_rows",
}


def _pg_function(name: str, lines: str) -> str:
    return (
        f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $$ BEGIN "
        f"PERFORM figures_bump(ARRAY({lines})); RETURN NULL; END $$ LANGUAGE plpgsql;"
    )


def _pg_install() -> list[str]:
    found = [PG_BUMP]
    for name, lines in PG_FUNCTIONS.items():
        found.append(_pg_function(name, lines))
        found.append(_pg_function(f"{name}_update", lines.replace("changed_rows", UPDATED)))
    for table, function, events in PG_TRIGGERS:
        for event in events:
            called = f"{function}_update" if event == "UPDATE" else function
            found.append(
                f"CREATE TRIGGER {table}_{event.lower()}_figures "
                f"AFTER {event} ON {table} REFERENCING {TRANSITIONS[event]} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {called}();"
            )
    found.append(
        "CREATE OR REPLACE FUNCTION figures_line_deleted() RETURNS trigger AS $$ BEGIN "  # nosec B608 # SQL from this module's constants only
        f"DELETE FROM {FIGURES} WHERE line_id = OLD.id; "
        f"DELETE FROM {STAMP} WHERE line_id = OLD.id; RETURN OLD; END $$ LANGUAGE plpgsql;"
    )
    found.append(
        f"CREATE TRIGGER {LINES}_delete_figures BEFORE DELETE ON {LINES} "
        "FOR EACH ROW EXECUTE FUNCTION figures_line_deleted();"
    )
    return found


def _pg_remove() -> list[str]:
    found = [f"DROP TRIGGER IF EXISTS {LINES}_delete_figures ON {LINES};"]
    for table, _function, events in PG_TRIGGERS:
        for event in events:
            found.append(f"DROP TRIGGER IF EXISTS {table}_{event.lower()}_figures ON {table};")
    for name in PG_FUNCTIONS:
        found.append(f"DROP FUNCTION IF EXISTS {name}();")
        found.append(f"DROP FUNCTION IF EXISTS {name}_update();")
    found.append("DROP FUNCTION IF EXISTS figures_line_deleted();")
    found.append("DROP FUNCTION IF EXISTS figures_bump(bigint[]);")
    return found


# SQLite (row triggers) ---------------------------------------------------------------------
# Each trigger adds one to each line its row touches, once (one INSERT … SELECT of the
# lines, distinct). The WHERE in every SELECT tells SQLite's parser that the ON CONFLICT
# is the upsert's.


def _sqlite_bump(lines: str) -> str:
    return (
        f"INSERT INTO {STAMP} (line_id, stamp) SELECT id, 1 FROM {LINES} WHERE id IN ({lines}) "  # nosec B608 # SQL from this module's constants only
        "ON CONFLICT (line_id) DO UPDATE SET stamp = stamp + 1;"
    )


def _record_lines(*rows: str) -> str:
    """The lines of attendance records: their own, and the lines of the misses they make up."""
    own = " UNION ".join(f"SELECT {row}.service_line_id" for row in rows)
    covered = ", ".join(f"{row}.makeup_for_id" for row in rows)
    return f"{own} UNION SELECT service_line_id FROM {MISSES} WHERE id IN ({covered})"  # nosec B608 # SQL from this module's constants only


def _own_lines(*rows: str) -> str:
    return " UNION ".join(f"SELECT {row}.service_line_id" for row in rows)


SESSION_LINES = (
    f"SELECT service_line_id FROM {RECORDS} WHERE session_id = NEW.id UNION "  # nosec B608 # SQL from this module's constants only
    f"SELECT m.service_line_id FROM {MISSES} m JOIN {RECORDS} r ON m.id = r.makeup_for_id "
    "WHERE r.session_id = NEW.id"
)
CONSULTATION_LINES = f"SELECT service_line_id FROM {CONSULT_RECORDS} WHERE consultation_id = NEW.id"  # nosec B608 # SQL from this module's constants only

# (trigger name, table, event, the lines the row touches)
SQLITE_TRIGGERS = [
    ("records_insert_figures", RECORDS, "INSERT", _record_lines("NEW")),
    ("records_update_figures", RECORDS, "UPDATE", _record_lines("NEW", "OLD")),
    ("records_delete_figures", RECORDS, "DELETE", _record_lines("OLD")),
    ("sessions_update_figures", "delivery_session", "UPDATE", SESSION_LINES),
    ("misses_insert_figures", MISSES, "INSERT", _own_lines("NEW")),
    ("misses_update_figures", MISSES, "UPDATE", _own_lines("NEW", "OLD")),
    ("misses_delete_figures", MISSES, "DELETE", _own_lines("OLD")),
    ("consult_records_insert_figures", CONSULT_RECORDS, "INSERT", _own_lines("NEW")),
    ("consult_records_update_figures", CONSULT_RECORDS, "UPDATE", _own_lines("NEW", "OLD")),
    ("consult_records_delete_figures", CONSULT_RECORDS, "DELETE", _own_lines("OLD")),
    ("consultations_update_figures", "delivery_consultationlog", "UPDATE", CONSULTATION_LINES),
    ("lines_update_figures", LINES, "UPDATE", "SELECT NEW.id"),
]


def _sqlite_install() -> list[str]:
    found = [
        f"CREATE TRIGGER {name} AFTER {event} ON {table} BEGIN {_sqlite_bump(lines)} END;"
        for name, table, event, lines in SQLITE_TRIGGERS
    ]
    found.append(
        f"CREATE TRIGGER lines_delete_figures BEFORE DELETE ON {LINES} BEGIN "  # nosec B608 # SQL from this module's constants only
        f"DELETE FROM {FIGURES} WHERE line_id = OLD.id; "
        f"DELETE FROM {STAMP} WHERE line_id = OLD.id; END;"
    )
    return found


def _sqlite_remove() -> list[str]:
    names = [name for name, *_ in SQLITE_TRIGGERS] + ["lines_delete_figures"]
    return [f"DROP TRIGGER IF EXISTS {name};" for name in names]


def _run(schema_editor, statements: dict[str, list[str]]) -> None:  # type: ignore[no-untyped-def]
    for statement in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


def install(apps, schema_editor) -> None:  # type: ignore[no-untyped-def]
    _run(schema_editor, {"postgresql": _pg_install(), "sqlite": _sqlite_install()})


def remove(apps, schema_editor) -> None:  # type: ignore[no-untyped-def]
    _run(schema_editor, {"postgresql": _pg_remove(), "sqlite": _sqlite_remove()})


class Migration(migrations.Migration):
    dependencies = [
        ("fidelity", "0001_stored_figures"),
        ("delivery", "0012_plain_names"),
        ("students", "0007_versions_for_edit_conflicts"),
    ]

    operations = [migrations.RunPython(install, remove)]
