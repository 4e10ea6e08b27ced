"""The district's minutes policy: a new version effective from a date."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from otdesk.accounts.models import User
from otdesk.core.audit import record_event
from otdesk.core.dates import nice_date
from otdesk.core.models import AuditEvent
from otdesk.core.versions import claim
from otdesk.schools.models import District

from ..models import (
    MissReason,
    PolicyVersion,
)
from ..policy import Policy


@transaction.atomic
def set_policy(
    *,
    actor: User,
    district: District,
    effective_from: dt.date,
    owed: dict[str, bool],
    prorate_short_weeks: bool,
    makeup_within_days: int | None,
    version: int | None,
) -> PolicyVersion:
    """Change the district's minutes policy from a date on; days before it keep the rules
    that were in force then. A second change on the same date replaces the first.
    `version` is the district's policy version the change was made from: a change saved
    meanwhile by another coordinator refuses this one (Stale)."""
    for reason in MissReason:
        if reason.value not in owed:
            raise ValidationError(f"Say whether '{reason.label}' is owed.")
    earliest = district.school_year_start
    latest = timezone.localdate() + dt.timedelta(days=366)
    if not earliest <= effective_from <= latest:
        raise ValidationError(
            {
                "effective_from": f"Choose a date from {nice_date(earliest)}, when this school "
                f"year began, to {nice_date(latest)}."
            }
        )
    policy = Policy.for_district(district)
    before = policy.on(effective_from)
    if (
        dict(before.owed) == owed
        and before.prorate_short_weeks == prorate_short_weeks
        and before.makeup_within_days == makeup_within_days
    ):
        raise ValidationError(
            f"Nothing changed: these are already the rules in force on {nice_date(effective_from)}."
        )
    claim(district, version, name="policy_version")
    rules = PolicyVersion.objects.filter(
        district=district, effective_from=effective_from
    ).first() or PolicyVersion(district=district, effective_from=effective_from)
    rules.owed = {reason.value: owed[reason.value] for reason in MissReason}
    rules.prorate_short_weeks = prorate_short_weeks
    rules.makeup_within_days = makeup_within_days
    rules.changed_by = actor
    rules.full_clean()
    rules.save()
    owing = [r.label for r in MissReason if owed[r.value]]
    record_event(
        user=actor,
        action=AuditEvent.Action.UPDATE,
        obj=district,
        student_id=None,
        summary=f"Minutes policy from {nice_date(effective_from)}: make-ups owed for "
        f"{', '.join(owing) or 'no reason'}; short weeks "
        f"{'pro-rated' if prorate_short_weeks else 'not pro-rated'}; make-ups "
        + (f"within {makeup_within_days} days" if makeup_within_days else "until the IEP ends"),
    )
    return rules
