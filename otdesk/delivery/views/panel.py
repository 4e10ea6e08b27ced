"""The delivery panel on the student page (registered in apps.py)."""

from django.http import HttpRequest
from django.utils import timezone

from otdesk.core.http import current_user
from otdesk.core.limits import REASON_CHARS
from otdesk.students.models import Student
from otdesk.students.permissions import serves

from ..permissions import may_read_minutes
from ..queries import booked_makeups, makeup_ledger, recent_sessions, student_compliance


def student_panel_context(request: HttpRequest, student: Student) -> dict[str, object] | None:
    """Minutes and make-ups for the therapists who serve the student and the district's
    coordinator; the sessions list and the log button for the therapists only."""
    user = current_user(request)
    if not may_read_minutes(user, student):
        return None
    serving = serves(user, student)
    ledger = makeup_ledger(student)
    booked = booked_makeups(student)
    return {
        "compliance": student_compliance(student, timezone.localdate()),
        "ledger": ledger,
        "ledger_rows": [(e, booked.get(e.miss.pk, [])) for e in ledger.entries],
        "sessions": recent_sessions(student) if serving else None,
        "can_log": serving,
        "reason_chars": REASON_CHARS,  # the longest void reason the form takes
    }
