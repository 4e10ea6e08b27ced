"""Backup and restore of the whole database (`otdesk backup`, `otdesk restore`).

A backup is one zip file holding
- `manifest.json`: the format, the database engine, when it was made, the migrations the
  database had, each table's row count and checksum, and the access log's newest event
  (id and hash);
- the database itself: `database.sqlite3`, a consistent copy made with SQLite's online
  backup API while the site keeps running, or `database.pgdump`, made by `pg_dump -Fc`
  from the same snapshot the checksums were read in.

Restoring refuses a database that already holds people, students or access-log events
unless forced, loads the copy (SQLite's backup API the other way; `pg_restore --clean` in
one transaction), then checks the access log's hash chain, its newest event against the
manifest, and every table's count and checksum. Anything that does not match is named.
A backup restores into a database of the same engine only.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess  # nosec B404 # pg_dump and pg_restore, see _tool and their calls
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone

from . import chain
from .models import AuditEvent

FORMAT = 1
MANIFEST = "manifest.json"
FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
ENGINES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
# What makes a database "hold records" (a freshly migrated one has none of these).
HOLDERS = (("accounts", "User", "people"), ("students", "Student", "students"))

Progress = Callable[[str], None]


class BackupError(Exception):
    """Refused or failed, with the reason in the operator's words."""


@dataclass(frozen=True)
class Table:
    name: str
    pk: str
    columns: tuple[str, ...]


def tables() -> list[Table]:
    """Every table Django's models keep (many-to-many tables included), by name."""
    found: dict[str, Table] = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if not meta.managed or meta.proxy:
            continue
        columns = tuple(f.column for f in meta.concrete_fields)
        found[meta.db_table] = Table(meta.db_table, meta.pk.column, columns)
    return [found[name] for name in sorted(found)]


def _checksums(
    cursor: Any, quote: Callable[[str], str], *, as_text: bool
) -> dict[str, dict[str, Any]]:
    """Row count and sha256 of every table's rows in key order, read through a DB-API
    cursor (the live database, or a SQLite copy). On SQLite (as_text) every value is read
    as text: Django's connection turns dates and booleans into Python values, a plain one
    does not, and the two must agree."""
    out: dict[str, dict[str, Any]] = {}
    for table in tables():
        digest = hashlib.sha256()
        cols = ", ".join(
            f"CAST({quote(c)} AS TEXT)" if as_text else quote(c) for c in table.columns
        )
        # B608 (SQL from text), here and in the next two functions: the SQL's names are the tables
        # and columns of Django's models (or fixed), quoted by the database; no outside text.
        sql = f"SELECT {cols} FROM {quote(table.name)} ORDER BY {quote(table.pk)}"  # nosec B608
        cursor.execute(sql)
        rows = 0
        while batch := cursor.fetchmany(2000):
            for row in batch:
                digest.update(repr(tuple(row)).encode())
                digest.update(b"\n")
                rows += 1
        out[table.name] = {"rows": rows, "sha256": digest.hexdigest()}
    return out


def _newest_event(cursor: Any, quote: Callable[[str], str]) -> dict[str, Any]:
    table = AuditEvent._meta.db_table
    cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # nosec B608 # a model's table
    count = cursor.fetchone()[0]
    cursor.execute(f"SELECT id, hash FROM {quote(table)} ORDER BY id DESC LIMIT 1")  # nosec B608
    newest = cursor.fetchone()
    return {
        "events": count,
        "newest_id": newest[0] if newest else None,
        "newest_hash": newest[1] if newest else None,
    }


def _migrations(cursor: Any, quote: Callable[[str], str]) -> list[list[str]]:
    table = quote("django_migrations")
    cursor.execute(f"SELECT app, name FROM {table} ORDER BY app, name")  # nosec B608 # fixed
    return [[app, name] for app, name in cursor.fetchall()]


def _snapshot(cursor: Any, quote: Callable[[str], str], engine: str) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "made_by": "OT Desk",
        "engine": engine,
        "created": timezone.now().isoformat(timespec="seconds"),
        "migrations": _migrations(cursor, quote),
        "tables": _checksums(cursor, quote, as_text=engine == "sqlite"),
        "access_log": _newest_event(cursor, quote),
    }


def _connection(using: str) -> BaseDatabaseWrapper:
    connection = connections[using]
    if connection.vendor not in FILES:
        raise BackupError(f"OT Desk backs up SQLite and PostgreSQL, not {connection.vendor}.")
    return connection


def default_path(folder: Path) -> Path:
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    return folder / f"otdesk-backup-{stamp}.zip"


# Backup --------------------------------------------------------------------------------


def backup(target: Path, *, using: str = DEFAULT_DB_ALIAS, progress: Progress = print) -> dict:
    """Write the backup zip to target (a new file; its folder must exist). Returns the
    manifest."""
    connection = _connection(using)
    if target.exists():
        raise BackupError(f"{target} already exists: choose a new file name.")
    if not target.parent.is_dir():
        raise BackupError(f"There is no folder {target.parent} to write the backup in.")
    with tempfile.TemporaryDirectory(prefix="otdesk-backup-") as work:
        folder = Path(work)
        data = folder / FILES[connection.vendor]
        if connection.vendor == "sqlite":
            manifest = _backup_sqlite(connection, data, progress)
        else:
            manifest = _backup_postgresql(connection, data, progress)
        progress("Writing the backup file.")
        partial = target.with_name(target.name + ".partial")
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(MANIFEST, json.dumps(manifest, indent=2, sort_keys=True))
            archive.write(data, FILES[connection.vendor])
        partial.replace(target)
    return manifest


def _backup_sqlite(connection: BaseDatabaseWrapper, data: Path, progress: Progress) -> dict:
    connection.ensure_connection()
    copy = sqlite3.connect(data)
    try:

        def step(status: int, remaining: int, total: int) -> None:
            if total:
                progress(f"Copying the database: {100 * (total - remaining) // total}%")

        connection.connection.backup(copy, pages=256, progress=step)
        # The checksums come from the copy: exactly what the backup holds.
        return _snapshot(copy.cursor(), connection.ops.quote_name, "sqlite")
    finally:
        copy.close()


def _pg_env(connection: BaseDatabaseWrapper) -> tuple[list[str], dict[str, str]]:
    settings = connection.settings_dict
    args = []
    if settings.get("HOST"):
        args += ["--host", str(settings["HOST"])]
    if settings.get("PORT"):
        args += ["--port", str(settings["PORT"])]
    if settings.get("USER"):
        args += ["--username", str(settings["USER"])]
    env = {**os.environ}
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings["PASSWORD"])
    return args, env


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"{name} is not installed here: install PostgreSQL's client tools.")
    return found


def _backup_postgresql(connection: BaseDatabaseWrapper, data: Path, progress: Progress) -> dict:
    """pg_dump reads the snapshot this transaction exported, so the checksums describe
    exactly the rows the dump holds, however busy the site is."""
    args, env = _pg_env(connection)
    connection.ensure_connection()
    raw = connection.connection
    previous = raw.autocommit
    raw.autocommit = False
    try:
        with raw.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            progress("Dumping the database (pg_dump).")
            # The tool's full path (_tool), a list of arguments and no shell.
            done = subprocess.run(  # nosec B603
                [
                    _tool("pg_dump"),
                    "--format=custom",
                    f"--snapshot={snapshot}",
                    f"--file={data}",
                    *args,
                    str(connection.settings_dict["NAME"]),
                ],
                env=env,
                capture_output=True,
                text=True,
            )
            if done.returncode != 0:
                raise BackupError(f"pg_dump failed: {done.stderr.strip()}")
            progress("Checking every table.")
            manifest = _snapshot(cursor, connection.ops.quote_name, "postgresql")
        raw.rollback()
    finally:
        raw.autocommit = previous
    return manifest


# Restore -------------------------------------------------------------------------------


def read_manifest(archive: zipfile.ZipFile, name: str) -> dict:
    try:
        manifest = json.loads(archive.read(MANIFEST))
    except KeyError:
        raise BackupError(f"{name} is not an OT Desk backup: it has no {MANIFEST}.") from None
    except ValueError:
        raise BackupError(f"{name} is damaged: its {MANIFEST} cannot be read.") from None
    if not isinstance(manifest, dict) or manifest.get("made_by") != "OT Desk":
        raise BackupError(f"{name} is not an OT Desk backup.")
    if manifest.get("format") != FORMAT:
        raise BackupError(
            f"{name} is a backup of format {manifest.get('format')}; this OT Desk reads "
            f"format {FORMAT}."
        )
    return manifest


def records_held(using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """What the database holds that a restore would replace ('12 people'), or []."""
    held = []
    for app, model, words in HOLDERS:
        count = apps.get_model(app, model)._base_manager.using(using).count()
        if count:
            held.append(f"{count} {words}")
    events = AuditEvent.objects.using(using).count()
    if events:
        held.append(f"{events} access-log events")
    return held


def _open(path: Path) -> zipfile.ZipFile:
    if not path.is_file():
        raise BackupError(f"There is no file {path}.")
    try:
        return zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise BackupError(f"{path.name} is not an OT Desk backup (not a zip file).") from None


def restore(
    source: Path,
    *,
    force: bool = False,
    using: str = DEFAULT_DB_ALIAS,
    progress: Progress = print,
) -> dict:
    """Load the backup into the database, then verify it. Returns the manifest."""
    connection = _connection(using)
    with _open(source) as archive:
        manifest = read_manifest(archive, source.name)
        engine = manifest.get("engine")
        if engine != connection.vendor:
            raise BackupError(
                f"{source.name} is a backup of a {ENGINES.get(str(engine), engine)} database; "
                f"this site runs on {ENGINES[connection.vendor]}. Restore it into a site that "
                f"runs on {ENGINES.get(str(engine), engine)}."
            )
        _check_migrations(manifest, source.name)
        _prepare_target(using, force)
        member = FILES[connection.vendor]
        if member not in archive.namelist():
            raise BackupError(f"{source.name} is damaged: it has no {member}.")
        with tempfile.TemporaryDirectory(prefix="otdesk-restore-") as work:
            data = Path(archive.extract(member, work))
            if connection.vendor == "sqlite":
                _restore_sqlite(connection, data, progress)
            else:
                _restore_postgresql(connection, data, progress)
    progress("Checking the restored database.")
    problems = verify(manifest, using=using)
    if problems:
        raise BackupError(
            "The database was restored but does not match the backup's manifest: "
            + " ".join(problems)
        )
    return manifest


def _check_migrations(manifest: dict, name: str) -> None:
    from django.db.migrations.loader import MigrationLoader

    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    newer = [f"{app}.{m}" for app, m in manifest.get("migrations", []) if (app, m) not in known]
    if newer:
        raise BackupError(
            f"{name} was made by a newer OT Desk (it has migrations this one does not know: "
            f"{', '.join(newer[:3])}{'…' if len(newer) > 3 else ''}). Update OT Desk first."
        )


def _prepare_target(using: str, force: bool) -> None:
    try:
        held = records_held(using)
    except DatabaseError:  # a database with no tables yet holds nothing
        held = []
    if held and not force:
        raise BackupError(
            f"This database is not empty: it holds {', '.join(held)}. Restoring replaces "
            "them all. Add --force to do it anyway (make a backup of them first)."
        )


def _restore_sqlite(connection: BaseDatabaseWrapper, data: Path, progress: Progress) -> None:
    copy = sqlite3.connect(data)
    try:
        connection.close()
        connection.ensure_connection()

        def step(status: int, remaining: int, total: int) -> None:
            if total:
                progress(f"Loading the database: {100 * (total - remaining) // total}%")

        copy.backup(connection.connection, pages=256, progress=step)
    finally:
        copy.close()
    connection.close()


def _restore_postgresql(connection: BaseDatabaseWrapper, data: Path, progress: Progress) -> None:
    args, env = _pg_env(connection)
    connection.close()
    progress("Loading the database (pg_restore).")
    # The tool's full path (_tool), a list of arguments and no shell.
    done = subprocess.run(  # nosec B603
        [
            _tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={connection.settings_dict['NAME']}",
            *args,
            str(data),
        ],
        env=env,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise BackupError(f"pg_restore failed, nothing was changed: {done.stderr.strip()}")


def verify(manifest: dict, *, using: str = DEFAULT_DB_ALIAS) -> list[str]:
    """What in the database does not match the manifest, in words ([] when it all does)."""
    problems: list[str] = []
    broken = chain.first_break(AuditEvent.objects.using(using).order_by("pk").iterator(2000))
    if broken is not None:
        problems.append(f"The access log's chain does not hold: {broken.describe()}")
    connection = connections[using]
    with connection.cursor() as cursor:
        newest = _newest_event(cursor, connection.ops.quote_name)
        sums = _checksums(cursor, connection.ops.quote_name, as_text=connection.vendor == "sqlite")
    expected = manifest.get("access_log", {})
    if newest.get("newest_hash") != expected.get("newest_hash"):
        problems.append(
            f"The access log's newest event is #{newest.get('newest_id')} with hash "
            f"{newest.get('newest_hash')}; the backup recorded #{expected.get('newest_id')} "
            f"with hash {expected.get('newest_hash')}."
        )
    for name, want in sorted(manifest.get("tables", {}).items()):
        have = sums.get(name)
        if have is None:
            problems.append(f"Table {name} is missing.")
        elif have != want:
            problems.append(
                f"Table {name} has {have['rows']} rows (the backup: {want['rows']})"
                + (", with different contents." if have["rows"] == want["rows"] else ".")
            )
    return problems


def summary(manifest: dict) -> str:
    rows = sum(t["rows"] for t in manifest["tables"].values())
    log = manifest["access_log"]
    newest = (
        f"newest event #{log['newest_id']}, hash {log['newest_hash']}"
        if log["newest_id"]
        else "empty"
    )
    return (
        f"{len(manifest['tables'])} tables, {rows} rows; access log: {log['events']} events "
        f"({newest})"
    )
