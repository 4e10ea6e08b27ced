"""Every write to a student's IEP record: validated, atomic, audited."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from otdesk.accounts.models import User
from otdesk.core.audit import changes, record_event, stored_values
from otdesk.core.models import AuditEvent
from otdesk.core.versions import claim

from .choices import Proposal
from .models import (
    IEP,
    Concern,
    Goal,
    ServiceLine,
    Strategy,
    StrategyRequest,
    StrategyReview,
    Student,
)
from .permissions import can_change_strategy, may_decide_request, serves


def _save(
    *, actor: User | None, obj: IEP | ServiceLine | Goal | Strategy, student: Student
) -> None:
    creating = obj.pk is None
    with transaction.atomic():
        obj.full_clean()
        stored = stored_values(obj)
        claim(obj, obj.version)  # refused (Stale) if someone saved it since it was opened
        obj.save()
        before, after = changes(stored, obj)
        record_event(
            user=actor,
            action=AuditEvent.Action.CREATE if creating else AuditEvent.Action.UPDATE,
            obj=obj,
            student_id=student.pk,
            summary=str(obj),
            before=before,
            after=after,
        )


def save_iep(*, actor: User | None, iep: IEP) -> IEP:
    _save(actor=actor, obj=iep, student=iep.student)
    return iep


def save_service_line(*, actor: User | None, line: ServiceLine) -> ServiceLine:
    _save(actor=actor, obj=line, student=line.iep.student)
    return line


def save_goal(*, actor: User | None, goal: Goal) -> Goal:
    _save(actor=actor, obj=goal, student=goal.iep.student)
    return goal


def save_strategy(*, actor: User | None, strategy: Strategy) -> Strategy:
    if strategy.next_review_date is None and strategy.start_date:
        strategy.next_review_date = strategy.start_date + dt.timedelta(
            days=strategy.review_every_days
        )
    _save(actor=actor, obj=strategy, student=strategy.student)
    return strategy


def record_student_view(*, actor: User, student: Student) -> None:
    record_event(
        user=actor,
        action=AuditEvent.Action.VIEW,
        obj=student,
        student_id=student.pk,
        summary="Opened the student's record",
    )


# A review outcome that changes a strategy's wording or status: only the student's OT
# decides it; a COTA's is a proposal the OT accepts or declines.
CHANGES = (StrategyReview.Outcome.MODIFY, StrategyReview.Outcome.DISCONTINUE)


def _strategy_state(strategy: Strategy) -> dict[str, object]:
    review = strategy.next_review_date
    return {
        "status": strategy.status,
        "description": strategy.description,
        "next_review_date": review.isoformat() if review else None,
    }


def _apply_outcome(strategy: Strategy, review: StrategyReview) -> None:
    if review.outcome == StrategyReview.Outcome.MODIFY:
        strategy.status = Strategy.Status.MODIFIED
        strategy.description = review.description_after
    elif review.outcome == StrategyReview.Outcome.DISCONTINUE:
        strategy.status = Strategy.Status.DISCONTINUED
        strategy.next_review_date = None


@transaction.atomic
def review_strategy(
    *,
    actor: User,
    strategy: Strategy,
    date: dt.date,
    outcome: str,
    observed: str,
    consulted: str,
    new_description: str = "",
    request: HttpRequest | None = None,
) -> StrategyReview:
    """Record a review; the strategy's status, wording and next review follow the outcome.

    Reviews are by the student's OTs and COTAs. When a COTA chooses "modify" or
    "discontinue", the review is a proposal: the observations are recorded and the next
    review moves on, but the strategy stays as it is until the OT accepts it."""
    if not serves(actor, strategy.student):
        raise ValidationError("Only the student's OT or COTA reviews this strategy.")
    if date > timezone.localdate():
        raise ValidationError({"date": "A review cannot be dated in the future."})
    if strategy.status == Strategy.Status.DISCONTINUED:
        raise ValidationError("This strategy was discontinued; add a new one instead.")
    new_description = new_description.strip()
    if outcome == StrategyReview.Outcome.MODIFY and not new_description:
        raise ValidationError(
            {"description_after": "Describe the strategy as it is now that it has changed."}
        )
    proposing = outcome in CHANGES and not can_change_strategy(actor, strategy.student)
    review = StrategyReview(
        strategy=strategy,
        date=date,
        reviewer=actor,
        outcome=outcome,
        observed=observed.strip(),
        consulted=consulted.strip(),
        description_before=strategy.description,
        description_after=new_description if outcome == StrategyReview.Outcome.MODIFY else "",
        proposal=Proposal.OPEN if proposing else Proposal.NONE,
    )
    review.full_clean()
    review.save()
    before = _strategy_state(strategy)
    strategy.next_review_date = date + dt.timedelta(days=strategy.review_every_days)
    if not proposing:
        _apply_outcome(strategy, review)
    strategy.save(update_fields=["status", "description", "next_review_date"])
    verb = "Proposed" if proposing else "Reviewed"
    record_event(
        user=actor,
        action=AuditEvent.Action.UPDATE,
        obj=strategy,
        student_id=strategy.student_id,
        summary=f"{verb}: {review.get_outcome_display()}",
        request=request,
        before=before,
        after=_strategy_state(strategy),
    )
    return review


@transaction.atomic
def decide_proposal(
    *, actor: User, review: StrategyReview, accept: bool, request: HttpRequest | None = None
) -> StrategyReview:
    """The student's OT accepts (the change is made) or declines a COTA's proposal."""
    strategy = review.strategy
    if not can_change_strategy(actor, strategy.student):
        raise ValidationError("Only the student's OT decides a proposed change.")
    if review.proposal != Proposal.OPEN:
        raise ValidationError("This proposal has already been decided.")
    if strategy.status == Strategy.Status.DISCONTINUED:
        raise ValidationError("This strategy was discontinued since; nothing to change.")
    before = _strategy_state(strategy)
    review.proposal = Proposal.ACCEPTED if accept else Proposal.DECLINED
    review.decided_by = actor
    review.decided_at = timezone.now()
    review.full_clean()
    review.save(update_fields=["proposal", "decided_by", "decided_at"])
    if accept:
        _apply_outcome(strategy, review)
        if strategy.status != Strategy.Status.DISCONTINUED:
            # The changed strategy is reviewed again a full cycle after the OT's decision.
            strategy.next_review_date = timezone.localdate() + dt.timedelta(
                days=strategy.review_every_days
            )
        strategy.save(update_fields=["status", "description", "next_review_date"])
    record_event(
        user=actor,
        action=AuditEvent.Action.UPDATE,
        obj=strategy,
        student_id=strategy.student_id,
        summary=f"{review.get_proposal_display()}: {review.get_outcome_display()}",
        request=request,
        before=before,
        after=_strategy_state(strategy),
    )
    return review


@transaction.atomic
def request_strategy(
    *, actor: User, student: Student, text: str, strategy: Strategy | None = None
) -> StrategyRequest:
    """A parent asks the team to write a strategy into the IEP."""
    text = text.strip()
    if strategy is not None:
        if strategy.student_id != student.pk:
            raise ValidationError("That strategy is not your child's.")
        if strategy.iep_status == Strategy.IEPStatus.IN_IEP:
            raise ValidationError("That strategy is already written in the IEP.")
        if strategy.requests.filter(status=StrategyRequest.Status.OPEN).exists():
            raise ValidationError(
                "You have already asked about this strategy; the team will answer."
            )
        text = text or f"Please add to the IEP: {strategy.description}"
    if not text:
        raise ValidationError({"text": "Write what you would like added to the IEP."})
    request = StrategyRequest(student=student, strategy=strategy, text=text, requested_by=actor)
    request.full_clean()
    request.save()
    if strategy is not None and strategy.iep_status == Strategy.IEPStatus.AGREED:
        strategy.iep_status = Strategy.IEPStatus.REQUESTED
        strategy.save(update_fields=["iep_status"])
    record_event(
        user=actor,
        action=AuditEvent.Action.CREATE,
        obj=request,
        student_id=student.pk,
        summary=f"Parent request: {text}",
    )
    return request


@transaction.atomic
def decide_request(
    *,
    actor: User,
    strategy_request: StrategyRequest,
    status: str,
    decision: str,
    request: HttpRequest | None = None,
) -> StrategyRequest:
    """The team answers a parent's request; only the student's OT marks it written in the
    IEP (students.permissions.may_decide_request)."""
    decision = decision.strip()
    if status == StrategyRequest.Status.OPEN or status not in StrategyRequest.Status.values:
        raise ValidationError({"status": "Choose what the team decided."})
    if not may_decide_request(actor, strategy_request, status):
        raise PermissionDenied("Only the student's OT decides that a request is added to the IEP.")
    if not decision:
        raise ValidationError({"decision": "Write the team's decision in words the parent reads."})
    stored = stored_values(strategy_request)
    strategy_request.status = status
    strategy_request.decision = decision
    strategy_request.decided_by = actor
    strategy_request.decided_at = timezone.now()
    strategy_request.full_clean()
    strategy_request.save(update_fields=["status", "decision", "decided_by", "decided_at"])
    before, after = changes(stored, strategy_request)
    strategy = strategy_request.strategy
    if strategy is not None:
        iep_before = strategy.iep_status
        if status == StrategyRequest.Status.ADDED:
            strategy.iep_status = Strategy.IEPStatus.IN_IEP
        elif status == StrategyRequest.Status.DECLINED:
            strategy.iep_status = Strategy.IEPStatus.AGREED
        strategy.save(update_fields=["iep_status"])
        if strategy.iep_status != iep_before and before is not None and after is not None:
            before["strategy_iep_status"] = iep_before
            after["strategy_iep_status"] = strategy.iep_status
    record_event(
        user=actor,
        action=AuditEvent.Action.UPDATE,
        obj=strategy_request,
        student_id=strategy_request.student_id,
        summary=f"Decision: {strategy_request.get_status_display()}",
        request=request,
        before=before,
        after=after,
    )
    return strategy_request


@transaction.atomic
def raise_concern(*, actor: User, student: Student, text: str, area: str = "") -> Concern:
    text = text.strip()
    if not text:
        raise ValidationError({"text": "Describe what you noticed."})
    concern = Concern(student=student, raised_by=actor, text=text, area=area)
    concern.full_clean()
    concern.save()
    record_event(
        user=actor,
        action=AuditEvent.Action.CREATE,
        obj=concern,
        student_id=student.pk,
        summary=f"Concern: {text}",
    )
    return concern


@transaction.atomic
def answer_concern(*, actor: User, concern: Concern, response: str) -> Concern:
    response = response.strip()
    if not response:
        raise ValidationError({"response": "Write your answer to the concern."})
    concern.status = Concern.Status.ANSWERED
    concern.response = response
    concern.answered_by = actor
    concern.answered_at = timezone.now()
    concern.full_clean()
    concern.save(update_fields=["status", "response", "answered_by", "answered_at"])
    record_event(
        user=actor,
        action=AuditEvent.Action.UPDATE,
        obj=concern,
        student_id=concern.student_id,
        summary="Answered a concern",
    )
    return concern
