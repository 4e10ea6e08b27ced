"""The notice on a therapist's Plan page when a district run proposed a plan for them."""

from typing import Any

from django import template

from otdesk.accounts.models import User

from ..run_views import notice_for

register = template.Library()


@register.inclusion_tag("scheduling/runs/notice.html", takes_context=True)
def plan_run_notice(context: dict[str, Any]) -> dict[str, object]:
    user = context["request"].user
    return {"notice": notice_for(user) if isinstance(user, User) else None}
