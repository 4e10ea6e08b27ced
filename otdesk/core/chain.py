"""The audit log's hash chain: each event carries the hash of the one before it.

An event's hash is sha256 over a canonical JSON of its fields and the previous event's
hash, so editing an event breaks its own hash, and removing or inserting one breaks the
link of the event after it. Events are chained in id order. `append` is the only way an
event enters the chain: it takes the chain's lock (PostgreSQL: a transaction-level
advisory lock; SQLite: the write lock, which the IMMEDIATE transaction mode takes at
BEGIN), reads the newest hash and writes, so two writers cannot fork the chain.

This module imports no app: the model and its migrations use it.
"""

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from django.db import connections, models, transaction

# The chain's first event links to this.
GENESIS = "0" * 64
# pg_advisory_xact_lock key: "OTDESK" + "AU" in ASCII, an arbitrary fixed number.
ADVISORY_LOCK_KEY = 0x4F5444455348_4155 % (2**63)
# The fields a hash covers, in this order. Changing this list invalidates every chain.
HASHED_FIELDS = (
    "at",
    "user_id",
    "action",
    "student_id",
    "object_type",
    "object_id",
    "summary",
    "address",
    "before",
    "after",
)


class Chained(Protocol):
    pk: Any
    prev_hash: str
    hash: str


def canonical_moment(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical(event: Any, prev_hash: str) -> bytes:
    values: dict[str, Any] = {name: getattr(event, name) for name in HASHED_FIELDS}
    values["at"] = canonical_moment(values["at"])
    values["prev_hash"] = prev_hash
    return json.dumps(values, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


def event_hash(event: Any, prev_hash: str) -> str:
    return hashlib.sha256(canonical(event, prev_hash)).hexdigest()


def lock(using: str) -> None:
    """Hold the chain's lock until the surrounding transaction ends."""
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ADVISORY_LOCK_KEY])
    # SQLite: settings.py opens every transaction with BEGIN IMMEDIATE (the database's
    # single write lock), so the read of the newest hash below is already serialised.


def lock_statements(using: str = "default") -> int:
    """The statements `lock` runs on this database (for tests that count queries: an
    append costs this many plus two, the newest hash and the insert)."""
    return 1 if connections[using].vendor == "postgresql" else 0


def newest_hash(model: type[models.Model], using: str) -> str:
    newest = model._default_manager.using(using).order_by("-pk").values_list("hash", flat=True)
    return newest.first() or GENESIS


def append(model: type[models.Model], events: Sequence[Any], using: str = "default") -> None:
    """Chain and insert new events (unsaved instances of `model`), in the given order."""
    if not events:
        return
    # No savepoint inside a caller's transaction: the lock lasts until that one ends.
    with transaction.atomic(using=using, savepoint=False):
        lock(using)
        prev = newest_hash(model, using)
        for event in events:
            event.prev_hash = prev
            event.hash = event_hash(event, prev)
            prev = event.hash
        model._default_manager.using(using).bulk_create(events)


AROUND = "the event after it links to the one before it."
UNLINKED = "neither its content nor its link holds."


@dataclass(frozen=True)
class Break:
    """The first place the chain does not hold: what happened and to which event."""

    kind: str  # "edited", "removed", "inserted" or "emptied"
    event_id: int
    previous_id: int | None = None
    why: str = AROUND  # for an inserted event

    def describe(self) -> str:
        if self.kind == "edited":
            return f"Event #{self.event_id} was edited: its content no longer matches its hash."
        if self.kind == "inserted":
            return f"Event #{self.event_id} was inserted: {self.why}"
        if self.kind == "emptied":
            return (
                f"Event #{self.event_id} was emptied, but no record of a destruction on "
                "request lists it."
            )
        after = f"after event #{self.previous_id} " if self.previous_id else ""
        return (
            f"An event was removed {after}before event #{self.event_id} (or the one before "
            f"was rewritten with a new hash): event #{self.event_id} links to a hash no "
            "remaining event has."
        )


REDACTED_EMPTY = ("summary", "before", "after", "student_id", "object_id", "address")


def _redacted_ok(event: Any) -> bool:
    """A redacted event (a destroyed student's record) holds nothing but what it may keep;
    its content can no longer be hashed, its links still are."""
    return all(getattr(event, name) in (None, "") for name in REDACTED_EMPTY)


def first_break(events: Iterable[Any]) -> Break | None:
    """Walk the chain in id order; None when every event and link holds. An event emptied
    when a student's record was destroyed holds when its tombstone (a later "destroy"
    event, itself hashed) lists it."""
    rows = iter(events)
    expected = before_previous = GENESIS
    previous_id: int | None = None
    claimed: dict[int, int] = {}  # redacted event -> the tombstone it names
    listed: dict[int, set[int]] = {}  # tombstone -> the events it lists
    current = next(rows, None)
    while current is not None:
        following = next(rows, None)
        redacted_in = getattr(current, "redacted_in", None)
        if redacted_in is not None:
            claimed[current.pk] = redacted_in
            content_ok = _redacted_ok(current)
        else:
            content_ok = event_hash(current, current.prev_hash) == current.hash
            if content_ok and current.action == "destroy" and isinstance(current.after, dict):
                listed[current.pk] = set(current.after.get("redacted", []))
        link_ok = current.prev_hash == expected
        if not (content_ok and link_ok):
            if previous_id is not None and current.prev_hash == before_previous:
                # This event links past the one before it: that one was put in afterwards.
                return Break("inserted", previous_id)
            if following is not None and following.prev_hash == expected:
                # The chain goes around this event: it was put in afterwards.
                return Break("inserted", current.pk)
            if not content_ok and not link_ok:
                return Break("inserted", current.pk, why=UNLINKED)
            if not content_ok:
                return Break("edited", current.pk)
            return Break("removed", current.pk, previous_id)
        before_previous, expected = expected, current.hash
        previous_id = current.pk
        current = following
    for event_id, tombstone in sorted(claimed.items()):
        if event_id not in listed.get(tombstone, set()):
            return Break("emptied", event_id)
    return None
