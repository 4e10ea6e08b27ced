"""{% cosign_status session %}: the co-signature state of a COTA's note, for the session
page (the rule is supervision.queries.note_state)."""

from django import template

from otdesk.delivery.models import Session

from ..queries import note_state

register = template.Library()


@register.inclusion_tag("supervision/cosign_badge.html")
def cosign_status(session: Session) -> dict[str, object]:
    return {"state": note_state(session)}
