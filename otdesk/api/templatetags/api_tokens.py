"""{% api_tokens_panel %}: the Account page's panel linking to the API tokens, for those
who may hold them (permissions.may_hold_tokens)."""

from typing import Any

from django import template

from ..models import ApiToken
from ..permissions import may_hold_tokens

register = template.Library()


@register.inclusion_tag("api/_account_panel.html", takes_context=True)
def api_tokens_panel(context: dict[str, Any]) -> dict[str, Any]:
    user = context["request"].user
    if not may_hold_tokens(user):
        return {"shown": False}
    active = [t for t in ApiToken.objects.filter(person=user) if t.state() == "active"]
    return {"shown": True, "active": len(active)}
