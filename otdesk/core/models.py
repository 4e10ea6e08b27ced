from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone

from otdesk.core import chain
from otdesk.core.dates import nice_moment


class AppendOnlyError(Exception):
    """An audit event cannot be changed or removed (the database refuses it too)."""


class AuditEvent(models.Model):
    """One access to, or change of, a child's record (FERPA record of access)."""

    class Action(models.TextChoices):
        VIEW = "view", "Viewed"
        CREATE = "create", "Added"
        UPDATE = "update", "Changed"
        VOID = "void", "Voided"
        EXPORT = "export", "Exported"
        PRINT = "print", "Printed"
        DELETE = "delete", "Deleted"
        DESTROY = "destroy", "Destroyed on request"

    # Set before the event is hashed (core/chain.py), hence a default, not auto_now_add.
    at = models.DateTimeField(default=timezone.now, editable=False, db_index=True)
    # PROTECT: a person with events cannot be deleted (deactivate them instead); SET_NULL
    # would rewrite their events, which the database refuses.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(max_length=10, choices=Action.choices)
    # A plain id keeps core free of a dependency on the students app.
    student_id = models.BigIntegerField(null=True, db_index=True)
    object_type = models.CharField(max_length=60)
    object_id = models.BigIntegerField(null=True)
    summary = models.CharField(max_length=200, blank=True)
    # From where: the address the request came from (none for commands and background work).
    address = models.GenericIPAddressField(null=True, blank=True)
    # For changes: the values before and after, as {field: value}.
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    # The hash chain (core/chain.py): the previous event's hash and this one's.
    prev_hash = models.CharField(max_length=64, editable=False)
    hash = models.CharField(max_length=64, editable=False, unique=True)
    # Set when a student's record was destroyed on request (otdesk/retention): the id of the
    # "destroy" event (the tombstone) that lists this one. The event then keeps its time,
    # person, action, kind of record and hashes, and nothing about the student; the
    # database allows that one change and no other (core/append_only.py).
    redacted_in = models.BigIntegerField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{nice_moment(self.at)} {self.user} {self.action} {self.object_type}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Events are only ever added, through the chain; never changed."""
        if not self._state.adding:
            raise AppendOnlyError("An audit event cannot be changed.")
        chain.append(type(self), [self], using=kwargs.get("using") or "default")
        self._state.adding = False
        self._state.db = kwargs.get("using") or "default"

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AppendOnlyError("An audit event cannot be removed.")


class IdempotencyKey(models.Model):
    """A one-time key of a person's write and what the write made (core/idempotency.py)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="idempotency_keys"
    )
    key = models.CharField(max_length=64)
    scope = models.CharField(max_length=60)
    fingerprint = models.CharField(max_length=64)
    result = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="one_write_per_key"),
        ]

    def __str__(self) -> str:
        return f"{self.scope} {self.key}"
