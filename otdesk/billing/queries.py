"""The billing export of a date range: the lines a vendor gets, every session that cannot
be billed and why, and the billed lines whose session changed after the export.

Minutes come from delivery/crediting.py (a voided session, an absent student or push-in
time without targeted help credit nothing and bill nothing); units from units.py.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Prefetch

from otdesk.accounts.models import Role, User
from otdesk.delivery.crediting import credited_minutes
from otdesk.delivery.models import Attendance, Session, SessionStudent
from otdesk.evaluations.models import Evaluation
from otdesk.schools.models import District
from otdesk.students.models import Student
from otdesk.supervision.models import NoteReview, ReviewOutcome, Supervision
from otdesk.supervision.queries import cosign_required

from .models import BilledLine, BillingCode, BillingProfile, ProviderCredential, evaluation_kind
from .units import share_units, timed_units

NO_CONSENT = "No billing consent on file"
UNSIGNED = "Note not signed"
NO_MEDICAID_ID = "No Medicaid id"
NO_PRESCRIPTION = "No prescription or referral on file"
VOIDED = "Session voided"
UNDER_8 = "Under 8 minutes of timed service that day"
ABSENT = "Student absent"
NO_TARGETED = "No targeted help in the classroom"
NO_CODE = "No billing code for this kind of service"
NO_CREDENTIAL = "Provider's credential not on file"
NO_SUPERVISOR = "No supervising OT for the COTA on that day"
NO_COMPLEXITY = "Evaluation complexity not recorded"
NOT_COSIGNED = "COTA's note not yet co-signed by the supervising OT"


@dataclass
class Line:
    """One billable line: one student in one session (or one evaluation)."""

    date: dt.date
    student: Student
    profile: BillingProfile
    provider: User
    code: BillingCode
    minutes: int
    units: int = 0
    session: Session | None = None
    evaluation: Evaluation | None = None
    supervisor: User | None = None
    addenda: int = 0

    @property
    def modifier(self) -> str:
        """GO for an OT, CO when an OT assistant delivered the service."""
        return "CO" if self.provider.role == Role.COTA else "GO"

    @property
    def credential(self) -> ProviderCredential:
        return self.provider.billing_credential


@dataclass
class Problem:
    """A session (or evaluation) of one student that cannot be billed, and why."""

    date: dt.date
    student: Student
    provider: User | None
    reasons: list[str]
    minutes: int
    session: Session | None = None
    evaluation: Evaluation | None = None


@dataclass
class BillingRun:
    district: District
    start: dt.date
    end: dt.date
    lines: list[Line] = field(default_factory=list)  # every line, 0-unit ones included
    problems: list[Problem] = field(default_factory=list)

    @property
    def billed(self) -> list[Line]:
        """The lines the vendor gets (a 0-unit line's minutes are in another line's unit)."""
        return [line for line in self.lines if line.units > 0]

    @property
    def students(self) -> list[Student]:
        seen = {line.student.pk: line.student for line in self.lines}
        seen.update({p.student.pk: p.student for p in self.problems})
        return list(seen.values())


def _supervisors(district: District, start: dt.date, end: dt.date) -> list[Supervision]:
    return list(
        Supervision.objects.filter(district=district, start_date__lte=end)
        .exclude(end_date__lt=start)
        .select_related("supervisor")
        .order_by("start_date", "pk")
    )


def _supervisor_on(supervisions: list[Supervision], cota_id: int, day: dt.date) -> User | None:
    for supervision in supervisions:
        if supervision.cota_id == cota_id and supervision.is_active(day):
            return supervision.supervisor
    return None


def _has_credential(user: User) -> bool:
    try:
        return bool(user.billing_credential.credential)
    except ProviderCredential.DoesNotExist:
        return False


def _profile(student: Student) -> BillingProfile | None:
    try:
        return student.billing_profile
    except BillingProfile.DoesNotExist:
        return None


def _student_reasons(
    profile: BillingProfile | None, code: BillingCode | None, day: dt.date
) -> list[str]:
    reasons = []
    if profile is None or not profile.consent_on(day):
        reasons.append(NO_CONSENT)
    if profile is None or not profile.medicaid_id:
        reasons.append(NO_MEDICAID_ID)
    if (
        code is not None
        and code.requires_prescription
        and (
            profile is None or profile.prescription_date is None or profile.prescription_date > day
        )
    ):
        reasons.append(NO_PRESCRIPTION)
    return reasons


def _provider_reasons(
    provider: User, supervisions: list[Supervision], day: dt.date
) -> tuple[list[str], User | None]:
    reasons = []
    if not _has_credential(provider):
        reasons.append(NO_CREDENTIAL)
    supervisor = None
    if provider.role == Role.COTA:
        supervisor = _supervisor_on(supervisions, provider.pk, day)
        if supervisor is None:
            reasons.append(NO_SUPERVISOR)
    return reasons, supervisor


def billing_run(*, district: District, start: dt.date, end: dt.date) -> BillingRun:
    """Every line and every problem of the district's sessions and evaluations dated
    start..end, in a fixed number of queries."""
    run = BillingRun(district, start, end)
    codes = list(BillingCode.objects.filter(district=district))
    by_type = {t: code for code in codes for t in code.session_types}
    by_kind = {k: code for code in codes for k in code.evaluation_kinds}
    supervisions = _supervisors(district, start, end)
    records = SessionStudent.objects.select_related("student__billing_profile")
    sessions = (
        Session.objects.filter(school__district=district, date__gte=start, date__lte=end)
        .select_related("provider__billing_credential", "school__district")
        .annotate(
            addenda_count=Count("addenda"),
            cosigned=Exists(
                NoteReview.objects.filter(session=OuterRef("pk"), outcome=ReviewOutcome.COSIGNED)
            ),
        )
        .prefetch_related(Prefetch("attendees", queryset=records))
        .order_by("date", "start", "pk")
    )
    timed: dict[tuple[int, dt.date], list[Line]] = defaultdict(list)
    for session in sessions:
        code = by_type.get(session.session_type)
        provider_reasons, supervisor = _provider_reasons(
            session.provider, supervisions, session.date
        )
        for record in session.attendees.all():
            reasons = []
            if session.status == Session.Status.VOIDED:
                reasons.append(VOIDED)
            elif session.status == Session.Status.DRAFT:
                reasons.append(UNSIGNED)
            elif cosign_required(session) and not session.cosigned:
                # The district's policy: a COTA's note counts once the OT co-signs it.
                reasons.append(NOT_COSIGNED)
            minutes = credited_minutes(
                status=session.status,
                session_type=session.session_type,
                minutes=session.minutes,
                attendance=record.attendance,
                targeted_service=record.targeted_service,
            )
            if session.status != Session.Status.VOIDED and not minutes:
                reasons.append(ABSENT if record.attendance != Attendance.PRESENT else NO_TARGETED)
            if code is None:
                reasons.append(NO_CODE)
            profile = _profile(record.student)
            reasons += _student_reasons(profile, code, session.date)
            reasons += provider_reasons
            if reasons or code is None or profile is None:
                run.problems.append(
                    Problem(
                        session.date,
                        record.student,
                        session.provider,
                        reasons,
                        session.minutes,
                        session=session,
                    )
                )
                continue
            line = Line(
                date=session.date,
                student=record.student,
                profile=profile,
                provider=session.provider,
                code=code,
                minutes=minutes,
                session=session,
                supervisor=supervisor,
                addenda=session.addenda_count,
            )
            if code.timed:
                timed[(record.student.pk, session.date)].append(line)
            else:
                line.units = 1
            run.lines.append(line)
    _share_timed(run, timed)
    _evaluations(run, by_kind, supervisions)
    run.lines.sort(
        key=lambda ln: (ln.date, ln.student.last_name, ln.student.first_name, ln.code.code)
    )
    run.problems.sort(key=lambda p: (p.date, p.student.last_name, p.student.first_name))
    return run


def _share_timed(run: BillingRun, timed: dict[tuple[int, dt.date], list[Line]]) -> None:
    """The 8-minute rule over each student's day, then the units shared by code and, within
    a code, by session (units.py)."""
    under: set[int] = set()
    for day_lines in timed.values():
        total = sum(line.minutes for line in day_lines)
        units = timed_units(total)
        if units == 0:
            for line in day_lines:
                under.add(id(line))
                run.problems.append(
                    Problem(
                        line.date,
                        line.student,
                        line.provider,
                        [f"{UNDER_8} ({total} minutes)"],
                        line.minutes,
                        session=line.session,
                    )
                )
            continue
        by_code: dict[str, list[Line]] = defaultdict(list)
        for line in day_lines:
            by_code[line.code.code].append(line)
        code_minutes = {c: sum(ln.minutes for ln in ls) for c, ls in by_code.items()}
        code_units = share_units(units, code_minutes, {c: c for c in by_code})
        for code, lines in by_code.items():
            keys = {i: line.minutes for i, line in enumerate(lines)}
            shares = share_units(code_units[code], keys, {i: f"{i:06d}" for i in keys})
            for i, line in enumerate(lines):
                line.units = shares[i]
    run.lines = [line for line in run.lines if id(line) not in under]


def _evaluations(
    run: BillingRun, by_kind: dict[str, BillingCode], supervisions: list[Supervision]
) -> None:
    evaluations = Evaluation.objects.filter(
        student__school__district=run.district,
        evaluation_date__gte=run.start,
        evaluation_date__lte=run.end,
    ).select_related("student__billing_profile", "evaluator__billing_credential")
    for evaluation in evaluations:
        day = evaluation.evaluation_date
        assert day is not None
        kind = evaluation_kind(evaluation)
        code = by_kind.get(kind) if kind else None
        reasons = [] if kind else [NO_COMPLEXITY]
        if kind and code is None:
            reasons.append(NO_CODE)
        profile = _profile(evaluation.student)
        reasons += _student_reasons(profile, code, day)
        if evaluation.evaluator is None:
            reasons.append(NO_CREDENTIAL)
        else:
            reasons += _provider_reasons(evaluation.evaluator, supervisions, day)[0]
        if reasons or code is None or profile is None or evaluation.evaluator is None:
            run.problems.append(
                Problem(
                    day,
                    evaluation.student,
                    evaluation.evaluator,
                    reasons,
                    evaluation.minutes or 0,
                    evaluation=evaluation,
                )
            )
            continue
        run.lines.append(
            Line(
                date=day,
                student=evaluation.student,
                profile=profile,
                provider=evaluation.evaluator,
                code=code,
                minutes=evaluation.minutes or 0,
                units=1,
                evaluation=evaluation,
            )
        )


@dataclass
class Correction:
    line: BilledLine
    why: str


def needs_correction(district: District) -> list[Correction]:
    """Billed lines whose session was voided or amended (an addendum, other minutes), or
    whose evaluation's minutes changed, after the export, and not yet marked corrected."""
    found = []
    lines = (
        BilledLine.objects.filter(export__district=district, correction_done=False)
        .select_related("session", "evaluation", "student", "export")
        .annotate(addenda_now=Count("session__addenda"))
        .order_by("date", "pk")
    )
    for line in lines:
        why = []
        session = line.session
        if session is not None:
            if session.status == Session.Status.VOIDED:
                why.append("voided after it was billed")
            elif session.minutes != line.minutes:
                why.append(f"minutes changed from {line.minutes} to {session.minutes}")
            if line.addenda_now > line.addenda:
                why.append("an addendum was added after it was billed")
        elif line.evaluation is not None and (line.evaluation.minutes or 0) != line.minutes:
            now = line.evaluation.minutes or 0
            why.append(f"evaluation minutes changed from {line.minutes} to {now}")
        if why:
            found.append(Correction(line, "; ".join(why)))
    return found
