"""The minutes summary of a report's period: promised, delivered, missed with reasons and
made up, per service line in force in the period. Every number comes from the fidelity
API (fidelity.queries.fidelity_rows, on delivery/ranges.py: range_compliance), never
computed here; this module only turns it into plain data a final report can keep."""

from typing import Any

from otdesk.core.dates import district_today
from otdesk.fidelity.queries import fidelity_rows
from otdesk.schools.models import ReportingPeriod
from otdesk.students.models import Student


def period_minutes(student: Student, period: ReportingPeriod) -> dict[str, Any]:
    """Per line: what it is, then mandated, provided, missed by reason, made up and
    remaining over the period (JSON-ready: a final report's snapshot keeps it)."""
    rows = fidelity_rows(
        students=[student],
        start=period.start_date,
        end=period.end_date,
        today=district_today(period.district),
    )
    lines = []
    for row in rows:
        m, line = row.minutes, row.line
        lines.append(
            {
                "line": line.pk,
                "summary": line.summary,
                "kind": line.kind,
                "delivery_model": line.delivery_model,
                "minutes": line.minutes,
                "period": line.period,
                "mandated": m.mandated,
                "provided": m.provided,
                "missed": m.not_provided_total,
                "not_provided": sorted(m.not_provided.items()),
                "owed": m.owed,
                "made_up": m.made_up,
                "excused": m.excused,
                "remaining": m.remaining,
            }
        )
    return {"available": True, "lines": lines}
