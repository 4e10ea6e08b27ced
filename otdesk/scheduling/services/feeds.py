"""Calendar feeds: a therapist's private iCalendar link, made new or revoked, audited."""

from django.db import transaction
from django.utils import timezone

from otdesk.accounts.models import User
from otdesk.core.audit import record_event
from otdesk.core.models import AuditEvent

from ..models import CalendarFeed


def _revoke(person: User, *, actor: User) -> int:
    revoked = 0
    for feed in CalendarFeed.objects.select_for_update().filter(
        person=person, revoked_at__isnull=True
    ):
        feed.revoked_at = timezone.now()
        feed.full_clean()
        feed.save(update_fields=["revoked_at"])
        record_event(
            user=actor,
            action=AuditEvent.Action.VOID,
            obj=feed,
            student_id=None,
            summary="Revoked a calendar feed link",
        )
        revoked += 1
    return revoked


@transaction.atomic
def new_feed(*, actor: User) -> CalendarFeed:
    """A new secret link for the actor's calendar; any earlier one stops working."""
    _revoke(actor, actor=actor)
    feed = CalendarFeed(person=actor)
    feed.full_clean()
    feed.save()
    record_event(
        user=actor,
        action=AuditEvent.Action.CREATE,
        obj=feed,
        student_id=None,
        summary="Made a new calendar feed link",
    )
    return feed


@transaction.atomic
def revoke_feed(*, actor: User) -> int:
    """Stop the actor's calendar link working; returns how many links were revoked."""
    return _revoke(actor, actor=actor)
