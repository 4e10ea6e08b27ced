"""{% cosign_status session %}: the co-signature state of a COTA's note, for the session
page (the rule is supervision.queries.note_state)."""

from typing import Any

from django import template

from otdesk.delivery.models import Session

from ..queries import note_state

register = template.Library()


@register.inclusion_tag("supervision/cosign_badge.html", takes_context=True)
def cosign_status(context: dict[str, Any], session: Session) -> dict[str, object]:
    user = context.get("user")
    return {
        "state": note_state(session),
        "own": user is not None and session.provider_id == getattr(user, "pk", None),
    }
