from django.conf import settings
from django.db import models

from otdesk.core.dates import nice_moment


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

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
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

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{nice_moment(self.at)} {self.user} {self.action} {self.object_type}"
