"""A write sent twice happens once. A form carries a one-time key (the `once_key` tag puts
it in a hidden field; an API client sends the `Idempotency-Key` header); the first request
with a key does the write and keeps what it made, in the same transaction, and a repeat
(a double tap, a browser's resend, a client retrying after a lost answer) gets that back
instead of writing again. A write that fails keeps no key, so it can be tried again."""

import hashlib
import json
import re
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from otdesk.accounts.models import User

from .models import IdempotencyKey

FIELD = "idempotency_key"  # the form field
HEADER = "Idempotency-Key"  # the API's request header
KEY = re.compile(r"[A-Za-z0-9_-]{8,64}")
T = TypeVar("T")


def new_key() -> str:
    return uuid.uuid4().hex


def fingerprint(data: Mapping[str, Any] | bytes) -> str:
    """What was sent, so a key sent again with other details is told apart from a repeat
    (a form's fields without its CSRF token and the key; an API call's body)."""
    if isinstance(data, bytes):
        raw = data
    else:
        kept = {
            name: sorted(data.getlist(name)) if hasattr(data, "getlist") else data[name]
            for name in sorted(data)
            if name not in ("csrfmiddlewaretoken", FIELD)
        }
        raw = json.dumps(kept, sort_keys=True, default=str).encode()
    return hashlib.sha256(raw).hexdigest()


@dataclass
class Done:
    result: dict[str, Any]  # what the first request kept (e.g. {"session": 12})
    repeated: bool  # True: this request repeated it, nothing was written


def once(
    *,
    user: User,
    key: str | None,
    scope: str,
    sent: str,
    run: Callable[[], T],
    keep: Callable[[T], dict[str, Any]],
) -> Done:
    """run() once for this person's key; `keep` says what to remember of its result.
    Without a key, run() just runs. scope names the kind of write; sent is the
    fingerprint of the request."""
    if not key:
        return Done(result=keep(run()), repeated=False)
    if not KEY.fullmatch(key):
        raise ValidationError(
            {FIELD: "The request's one-time key must be 8 to 64 letters, digits, - or _."}
        )
    with transaction.atomic():
        try:
            with transaction.atomic():
                row = IdempotencyKey.objects.create(
                    user=user, key=key, scope=scope, fingerprint=sent
                )
        except IntegrityError:
            # The first request with this key has committed (a concurrent one waited for it).
            first = IdempotencyKey.objects.get(user=user, key=key)
            if first.scope != scope or first.fingerprint != sent:
                raise ValidationError(
                    {
                        FIELD: "This form (or key) was already used for another entry with "
                        "other details: open the form again to make a new one."
                    }
                ) from None
            return Done(result=dict(first.result), repeated=True)
        result = keep(run())
        row.result = result
        row.save(update_fields=["result"])
    return Done(result=result, repeated=False)
