"""The progress-report records of the authorization matrix's world (personas.build_world):
a reporting period of the world's district, its default progress codes and a draft report
on Marisol by her OT."""

import datetime as dt
from typing import Any

from otdesk.accounts.models import User
from otdesk.progress import services as progress_services
from otdesk.schools.models import District, ReportingPeriod
from otdesk.students.models import Student


def progress_records(
    *, district: District, coordinator: User, ot: User, student: Student
) -> dict[str, Any]:
    period = progress_services.save_period(
        actor=coordinator,
        period=ReportingPeriod(
            district=district,
            name="Quarter 1",
            start_date=dt.date(2026, 8, 17),
            end_date=dt.date(2026, 10, 30),
        ),
    )
    # A second period, without a report: the one the OT's "Start a report" form offers.
    progress_services.save_period(
        actor=coordinator,
        period=ReportingPeriod(
            district=district,
            name="Quarter 2",
            start_date=dt.date(2026, 11, 2),
            end_date=dt.date(2027, 1, 22),
        ),
    )
    codes = progress_services.ensure_default_codes(district=district)
    report = progress_services.start_report(actor=ot, student=student, period=period)
    return {"period": period, "progress_code": codes[0], "progress_report": report}
