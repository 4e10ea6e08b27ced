"""Every write of an evaluation, the student's OT's only: start it, record its dates and
findings, add a test given (a tool of the catalog on a date), enter the test's scores, and
remove a test entered by mistake. Keyword-only arguments, one transaction, full_clean, one
audit event each."""

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from otdesk.accounts.models import User
from otdesk.assessments.models import AssessmentAdministration, AssessmentTool, Score
from otdesk.core.audit import record_event
from otdesk.core.dates import nice_date
from otdesk.core.models import AuditEvent
from otdesk.students.models import Student

from . import queries
from .models import OPEN, Evaluation
from .permissions import can_edit_evaluation

Action = AuditEvent.Action
ONLY_THE_OT = "Only the student's OT records the evaluation."
EDITABLE = (
    "referral_date",
    "consent_date",
    "evaluation_date",
    "report_date",
    "complexity",
    "minutes",
    "reason",
    "summary",
    "early_agreed",
    "closed_on",
    "closed_reason",
)
SCORE_FIELDS = ("standard_score", "scaled_score", "percentile", "raw", "category")


def _require_ot(actor: User, student: Student) -> None:
    if not can_edit_evaluation(actor, student):
        raise ValidationError(ONLY_THE_OT)


def _values(evaluation: Evaluation) -> dict[str, Any]:
    out: dict[str, Any] = {"evaluator_id": evaluation.evaluator_id}
    for name in EDITABLE:
        value = getattr(evaluation, name)
        out[name] = value.isoformat() if isinstance(value, dt.date) else value
    return out


def _check(evaluation: Evaluation) -> None:
    today = timezone.localdate()
    for name in ("referral_date", "consent_date", "evaluation_date", "report_date", "closed_on"):
        day = getattr(evaluation, name)
        if day is not None and day > today:
            raise ValidationError({name: "This date is in the future: record it once it happens."})
    evaluation.full_clean()
    if evaluation.report_date and not evaluation.evaluation_date:
        raise ValidationError({"report_date": "Record the evaluation date before the report's."})
    if (
        evaluation.kind == Evaluation.Kind.INITIAL
        and evaluation.evaluation_date
        and not evaluation.consent_date
    ):
        raise ValidationError(
            {
                "consent_date": "An initial evaluation needs the parent's consent first: "
                "enter the day it came in."
            }
        )
    problem = queries.once_a_year_problem(evaluation)
    if problem:
        raise ValidationError({"early_agreed": problem})


@transaction.atomic
def start_evaluation(
    *,
    actor: User,
    student: Student,
    kind: str,
    referral_date: dt.date | None,
    consent_date: dt.date | None,
    reason: str = "",
    early_agreed: bool = False,
    request: HttpRequest | None = None,
) -> Evaluation:
    """A new evaluation of the student, with the OT as its evaluator. One open evaluation of
    each kind at a time."""
    _require_ot(actor, student)
    Student.objects.select_for_update().filter(pk=student.pk).first()  # one start at a time
    if Evaluation.objects.filter(OPEN, student=student, kind=kind).exists():
        raise ValidationError(
            {"kind": "This student already has one of these under way: open it to go on."}
        )
    evaluation = Evaluation(
        student=student,
        kind=kind,
        evaluator=actor,
        referral_date=referral_date,
        consent_date=consent_date,
        reason=reason,
        early_agreed=early_agreed,
    )
    _check(evaluation)
    evaluation.save()
    record_event(
        user=actor,
        action=Action.CREATE,
        obj=evaluation,
        student_id=student.pk,
        summary=f"Started the {evaluation.get_kind_display().lower()}",
        request=request,
        after=_values(evaluation),
    )
    return evaluation


@transaction.atomic
def save_evaluation(
    *,
    actor: User,
    evaluation: Evaluation,
    values: dict[str, Any],
    request: HttpRequest | None = None,
) -> Evaluation:
    """The evaluation's dates, complexity, minutes, reason, findings and the agreement to an
    early re-evaluation."""
    _require_ot(actor, evaluation.student)
    evaluation = Evaluation.objects.select_for_update().get(pk=evaluation.pk)
    before = _values(evaluation)
    evaluated_before = evaluation.evaluation_date
    for name in EDITABLE:
        if name in values:
            setattr(evaluation, name, values[name])
    if evaluated_before is None and evaluation.evaluation_date is not None:
        # Whoever records the evaluation gave it (and bills it): the OT who started it may
        # have left the student's team since.
        evaluation.evaluator = actor
    after = _values(evaluation)
    if after == before:
        raise ValidationError("Nothing changed.")
    _check(evaluation)
    evaluation.save(update_fields=[*EDITABLE, "evaluator"])
    record_event(
        user=actor,
        action=Action.UPDATE,
        obj=evaluation,
        student_id=evaluation.student_id,
        summary=f"Saved the {evaluation.get_kind_display().lower()}",
        request=request,
        before=before,
        after=after,
    )
    return evaluation


@transaction.atomic
def add_test(
    *,
    actor: User,
    evaluation: Evaluation,
    tool: AssessmentTool,
    test_date: dt.date,
    request: HttpRequest | None = None,
) -> AssessmentAdministration:
    """A tool given to the student on a date (scores come next). The age check is a warning
    the page shows, not a refusal: a therapist may give a tool outside its range and say
    so."""
    _require_ot(actor, evaluation.student)
    if test_date > timezone.localdate():
        raise ValidationError({"test_date": "The test date is in the future."})
    if test_date < evaluation.student.date_of_birth:
        raise ValidationError({"test_date": "The test date is before the student was born."})
    if evaluation.consent_date and test_date < evaluation.consent_date:
        raise ValidationError(
            {
                "test_date": "The test date is before the parent's consent "
                f"({nice_date(evaluation.consent_date)}): a test needs the consent first."
            }
        )
    given = AssessmentAdministration(
        evaluation=evaluation, tool=tool, test_date=test_date, examiner=actor
    )
    given.full_clean()
    given.save()
    record_event(
        user=actor,
        action=Action.CREATE,
        obj=given,
        student_id=evaluation.student_id,
        summary=f"Added the {tool.short_name} given on {test_date.isoformat()}",
        request=request,
    )
    return given


@transaction.atomic
def remove_test(
    *, actor: User, administration: AssessmentAdministration, request: HttpRequest | None = None
) -> None:
    evaluation = administration.evaluation
    _require_ot(actor, evaluation.student)
    record_event(
        user=actor,
        action=Action.DELETE,
        obj=administration,
        student_id=evaluation.student_id,
        summary=f"Removed the {administration.tool.short_name} given on "
        f"{administration.test_date.isoformat()}",
        request=request,
        before={
            "scores": [
                {"part": s.part.name, **{f: _plain(getattr(s, f)) for f in SCORE_FIELDS}}
                for s in administration.scores.select_related("part")
            ]
        },
    )
    administration.delete()


def _plain(value: Any) -> Any:
    return str(value) if isinstance(value, Decimal) else value


@transaction.atomic
def save_scores(
    *,
    actor: User,
    administration: AssessmentAdministration,
    scores: dict[int, dict[str, Any]],
    request: HttpRequest | None = None,
) -> list[Score]:
    """Every part's scores at once (by part pk; a part with no value left is cleared). All or
    nothing: one score out of range refuses the lot, with the part named."""
    _require_ot(actor, administration.evaluation.student)
    parts = {part.pk: part for part in administration.tool.parts.all()}
    existing = {s.part_id: s for s in administration.scores.all()}
    errors: dict[str, list[str]] = {}
    kept: list[Score] = []
    before = {
        parts[pk].name: {f: _plain(getattr(s, f)) for f in SCORE_FIELDS}
        for pk, s in existing.items()
    }
    after: dict[str, dict[str, Any]] = {}
    for pk, values in scores.items():
        part = parts.get(pk)
        if part is None:
            raise ValidationError("A score was for a part of another tool.")
        blank = all(values.get(f) in (None, "") for f in SCORE_FIELDS)
        score = existing.get(pk)
        if blank:
            if score is not None:
                score.delete()
            continue
        score = score or Score(administration=administration, part=part)
        for name in SCORE_FIELDS:
            value = values.get(name)
            setattr(score, name, "" if name == "category" and value is None else value)
        try:
            score.full_clean()
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                errors.setdefault(f"{pk}-{name}", []).extend(
                    f"{part.name}: {message}" for message in messages
                )
            continue
        kept.append(score)
        after[part.name] = {f: _plain(getattr(score, f)) for f in SCORE_FIELDS}
    if errors:
        raise ValidationError(errors)
    for score in kept:
        score.save()
    record_event(
        user=actor,
        action=Action.UPDATE,
        obj=administration,
        student_id=administration.evaluation.student_id,
        summary=f"Scores of the {administration.tool.short_name}",
        request=request,
        before=before,
        after=after,
    )
    return kept
