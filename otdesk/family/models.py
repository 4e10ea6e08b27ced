"""A family's questions to their child's therapist, each a thread of messages."""

from django.conf import settings
from django.db import models

from otdesk.core.limits import DESCRIPTION_CHARS, text_limit
from otdesk.students.models import Student

# A question's subject line: enough for "Pencil grip at home?".
SUBJECT_CHARS = 120


class Question(models.Model):
    """A question a parent or guardian asked about their child's OT."""

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="family_questions")
    asked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="family_questions"
    )
    subject = models.CharField(max_length=SUBJECT_CHARS)
    asked_at = models.DateTimeField(auto_now_add=True)
    # The last time someone wrote in the thread: the therapist's list puts the newest first.
    updated_at = models.DateTimeField(auto_now_add=True)
    answered = models.BooleanField(
        default=False, help_text="The last message is the school's: nothing waits for an answer."
    )

    class Meta:
        ordering = ["-updated_at", "-pk"]

    def __str__(self) -> str:
        return self.subject


class Message(models.Model):
    """One message in a question's thread, by the family or by the school."""

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="family_messages"
    )
    from_family = models.BooleanField()
    sent_at = models.DateTimeField(auto_now_add=True)
    text = models.TextField(max_length=DESCRIPTION_CHARS, validators=text_limit(DESCRIPTION_CHARS))

    class Meta:
        ordering = ["sent_at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]
