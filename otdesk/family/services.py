"""Every write of the family portal: a question, a message in its thread, and a guardian's
own choices (language, weekly email). Questions and messages are part of the child's
record: each write is audited in the same transaction."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from otdesk.accounts.models import User
from otdesk.core.audit import record_event
from otdesk.core.models import AuditEvent
from otdesk.students.models import Student
from otdesk.students.permissions import children_of, is_parent

from .models import Message, Question
from .permissions import can_answer
from .words import EMPTY_MESSAGE, NOT_THEIR_OT, NOT_YOUR_CHILD, UNKNOWN_LANGUAGE


def _message(*, question: Question, actor: User, text: str) -> Message:
    message = Message(
        question=question, author=actor, from_family=is_parent(actor), text=text.strip()
    )
    if not message.text:
        raise ValidationError({"text": EMPTY_MESSAGE})
    message.full_clean()
    message.save()
    return message


@transaction.atomic
def ask_question(
    *,
    actor: User,
    student: Student,
    subject: str,
    text: str,
    request: HttpRequest | None = None,
) -> Question:
    """A parent or guardian asks their child's therapist a question."""
    if not children_of(actor).filter(pk=student.pk).exists():
        raise PermissionDenied(NOT_YOUR_CHILD)
    question = Question(student=student, asked_by=actor, subject=subject.strip())
    errors: dict[str, list[str]] = {}
    try:
        question.full_clean()
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if not text.strip():
        errors["text"] = [str(EMPTY_MESSAGE)]
    if errors:
        raise ValidationError(errors)
    question.save()
    _message(question=question, actor=actor, text=text)
    record_event(
        user=actor,
        action=AuditEvent.Action.CREATE,
        obj=question,
        student_id=student.pk,
        summary=f"Family question: {question.subject}",
        request=request,
    )
    return question


@transaction.atomic
def reply(
    *, actor: User, question: Question, text: str, request: HttpRequest | None = None
) -> Message:
    """A message in the thread: the family writes more, or the child's OT answers."""
    family = is_parent(actor)
    if family and not children_of(actor).filter(pk=question.student_id).exists():
        raise PermissionDenied(NOT_YOUR_CHILD)
    if not family and not can_answer(actor, question):
        raise PermissionDenied(NOT_THEIR_OT)
    message = _message(question=question, actor=actor, text=text)
    question.answered = not family
    question.updated_at = timezone.now()
    question.save(update_fields=["answered", "updated_at"])
    record_event(
        user=actor,
        action=AuditEvent.Action.CREATE,
        obj=message,
        student_id=question.student_id,
        summary=("Family message" if family else "Answered the family") + f": {question.subject}",
        request=request,
    )
    return message


def set_language(*, user: User, language: str) -> User:
    """The language OT Desk speaks to this person from now on."""
    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": UNKNOWN_LANGUAGE})
    user.language = language
    user.save(update_fields=["language"])
    return user


def set_weekly_email(*, user: User, wanted: bool) -> User:
    """A guardian turns the weekly email of their child's sessions on or off."""
    user.weekly_email = wanted
    user.save(update_fields=["weekly_email"])
    return user
