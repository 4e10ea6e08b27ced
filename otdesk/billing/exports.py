"""The vendor's CSV and the validation report's CSV (through core/exports.py)."""

from otdesk.core.exports import Cell, Sheet

from .queries import BillingRun

BILLING_HEADER = (
    "Service date",
    "Last name",
    "First name",
    "Date of birth",
    "Medicaid id",
    "State student id",
    "CPT code",
    "Modifier",
    "Units",
    "Minutes",
    "Provider",
    "Credential",
    "NPI",
    "Supervising OT",
    "Supervising OT credential",
    "Record",
)
PROBLEM_HEADER = (
    "Date",
    "Last name",
    "First name",
    "Provider",
    "Minutes",
    "Record",
    "Why not billed",
)


def _record(session_id: int | None, evaluation_id: int | None) -> str:
    return f"session {session_id}" if session_id else f"evaluation {evaluation_id}"


def billing_sheet(run: BillingRun) -> Sheet:
    rows: list[list[Cell]] = []
    for line in run.billed:
        supervisor = line.supervisor
        supervisor_credential = ""
        if supervisor is not None and hasattr(supervisor, "billing_credential"):
            supervisor_credential = supervisor.billing_credential.credential
        rows.append(
            [
                line.date,
                line.student.last_name,
                line.student.first_name,
                line.student.date_of_birth,
                line.profile.medicaid_id,
                line.student.state_id,
                line.code.code,
                line.modifier,
                line.units,
                line.minutes,
                line.provider.get_full_name(),
                line.credential.credential,
                line.credential.npi,
                supervisor.get_full_name() if supervisor else "",
                supervisor_credential,
                _record(
                    line.session.pk if line.session else None,
                    line.evaluation.pk if line.evaluation else None,
                ),
            ]
        )
    return Sheet("Medicaid billing", BILLING_HEADER, rows)


def problems_sheet(run: BillingRun) -> Sheet:
    rows: list[list[Cell]] = [
        [
            p.date,
            p.student.last_name,
            p.student.first_name,
            p.provider.get_full_name() if p.provider else "",
            p.minutes,
            _record(p.session.pk if p.session else None, p.evaluation.pk if p.evaluation else None),
            "; ".join(p.reasons),
        ]
        for p in run.problems
    ]
    return Sheet("Not billed", PROBLEM_HEADER, rows)
