"""The generator's proposal: a therapist's week solved and kept until used or dropped."""

import datetime as dt
import time
from typing import Any

from django.db import transaction
from django.utils import timezone

from otdesk.accounts.models import User
from otdesk.core.audit import record_event
from otdesk.core.models import AuditEvent
from otdesk.delivery.calendar import SchoolCalendar

from ..build import Built, build_instance, named_explanations
from ..cpsat import GENERATOR_SETTINGS, solve_reproducibly
from ..engine import Placement, fingerprint
from ..models import PlanProposal
from .plan_use import ONE_DAY, PlanUse, use_plan


class ProposalGone(Exception):
    """The proposal was used or dropped meanwhile (another tab, a double press)."""


def first_start(provider: User, *, today: dt.date) -> dt.date:
    """The date a new plan starts unless the therapist picks another: the next school day
    after today (tomorrow outside the school year)."""
    district = provider.district
    if district is None:
        return today + ONE_DAY
    calendar = SchoolCalendar.for_district(district)
    day = today + ONE_DAY
    while day <= calendar.year_end:
        if calendar.is_school_day(day):
            return day
        day += ONE_DAY
    return today + ONE_DAY


def inputs_fingerprint(built: Built) -> str:
    """What the generator's plan is made from, with the solver's settings."""
    return fingerprint(built.instance, solver=GENERATOR_SETTINGS)


def make_proposal(*, provider: User, today: dt.date) -> PlanProposal:
    """Solve the provider's week and keep the plan as their proposal (replacing any
    earlier one). The same facts always give the same plan."""
    started = time.perf_counter()
    built = build_instance(provider, today=today)
    plan = solve_reproducibly(built.instance)
    proposal = PlanProposal.objects.filter(provider=provider).first() or PlanProposal(
        provider=provider
    )
    proposal.created_at = timezone.now()
    proposal.fingerprint = inputs_fingerprint(built)
    proposal.placements = [
        [p.activity, p.day, p.start, p.minutes, p.school, p.reason] for p in plan.placements
    ]
    proposal.explanations = named_explanations(built, plan)
    proposal.placed_minutes = plan.placed_minutes()
    proposal.total_minutes = sum(a.weekly_minutes for a in built.instance.activities)
    proposal.status = plan.status[:80]
    proposal.gap = plan.gap if plan.bound else None
    proposal.seconds = time.perf_counter() - started
    proposal.clock_stopped = plan.clock_stopped
    proposal.full_clean()
    with transaction.atomic():
        proposal.save()
        record_event(
            user=provider,
            action=AuditEvent.Action.CREATE,
            obj=proposal,
            student_id=None,
            summary=f"Made a weekly plan proposal: {proposal.placed_minutes} of "
            f"{proposal.total_minutes} minutes a week placed",
        )
    return proposal


def drop_proposal(*, provider: User) -> bool:
    """Forget the provider's proposal; their weekly plan stays as it is."""
    with transaction.atomic():
        proposal = PlanProposal.objects.filter(provider=provider).first()
        if proposal is None:
            return False
        record_event(
            user=provider,
            action=AuditEvent.Action.VOID,
            obj=proposal,
            student_id=None,
            summary="Dropped the weekly plan proposal",
        )
        proposal.delete()
    return True


def placements_of(rows: list[list[Any]]) -> list[Placement]:
    """Stored placements (JSON rows) as the engine's records."""
    return [Placement(*row) for row in rows]


def use_proposal(
    *, provider: User, proposal: PlanProposal, starts_on: dt.date, today: dt.date
) -> PlanUse:
    """Put the generator's proposal into use; it is used up."""
    with transaction.atomic():
        # Two presses at once: the second waits here, then finds it gone.
        if not PlanProposal.objects.select_for_update().filter(pk=proposal.pk).exists():
            raise ProposalGone
        use = use_plan(
            provider=provider,
            placements=placements_of(proposal.placements),
            starts_on=starts_on,
            today=today,
        )
        proposal.delete()
    return use
