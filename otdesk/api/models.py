"""API tokens: a person's keys to the JSON API (/api/v1/). Only a hash of each token is
stored (SHA-256: a token is 32 random bytes, so a slow hash adds nothing); the person sees
the token once, when it is made. A token acts as its person, through the same permission
functions as the pages, and never more: a read token cannot write."""

from django.conf import settings
from django.db import models
from django.utils import timezone


class ApiToken(models.Model):
    class Scope(models.TextChoices):
        READ = "read", "Read only"
        WRITE = "write", "Read and write"

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=80, help_text="What the token is for, in your words.")
    scope = models.CharField(max_length=5, choices=Scope.choices, default=Scope.READ)
    # The first characters, to tell tokens apart on the page ("otd_Ab12…").
    token_prefix = models.CharField(max_length=12)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "API token"

    def __str__(self) -> str:
        return f"{self.name} ({self.token_prefix}…)"

    def state(self, now: object = None) -> str:
        """'active', 'expired' or 'revoked'."""
        moment = now or timezone.now()
        if self.revoked_at is not None:
            return "revoked"
        if self.expires_at <= moment:  # type: ignore[operator]
            return "expired"
        return "active"

    @property
    def may_write(self) -> bool:
        return self.scope == self.Scope.WRITE
