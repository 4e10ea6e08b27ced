"""The minutes summary of a report's period: promised, delivered, missed with reasons and
made up, per service line. The numbers come from the fidelity API
(delivery/compliance.py: range_compliance), never computed here."""

from typing import Any

from otdesk.schools.models import ReportingPeriod
from otdesk.students.models import Student


def period_minutes(student: Student, period: ReportingPeriod) -> dict[str, Any]:
    """Not wired yet: the fidelity API has not landed on this branch."""
    return {"available": False, "lines": []}
