"""Two school years of records for the district at scale (scale.py), written in bulk one
caseload at a time so memory stays flat: every planned session of every school day played
out (about 6 % missed, for the usual reasons; most misses a therapist caused are made up a
few school days later), a monthly consultation with each student's teacher, the aide
programs' logs and the therapist's monthly check on each, and a therapist's professional
time every school day."""

import datetime as dt
import random
from collections.abc import Callable, Iterable
from typing import Any

from django.db import models

from otdesk.core.times import time_of
from otdesk.delivery.models import (
    ConsultationLog,
    ConsultationStudent,
    MissedSession,
    MissReason,
    Session,
    SessionStudent,
    SessionType,
)
from otdesk.demo.scale import (
    CHUNK,
    FIRST_SESSION,
    MISS_RATE,
    SESSION_MINUTES,
    SESSION_STEP,
    Caseload,
    ScaleDistrict,
    school_days,
)
from otdesk.programs.models import ImplementationLog, MonitoringCheck
from otdesk.students.models import Location
from otdesk.workload.models import ProfessionalTime, TimeCategory

HISTORY_STEPS = 3
# Of the misses, by reason: the student's absences lead, the therapist's own are rarer.
REASONS = [
    (0.40, MissReason.STUDENT_ABSENT),
    (0.60, MissReason.STUDENT_UNAVAILABLE),
    (0.70, MissReason.STUDENT_REFUSED),
    (0.88, MissReason.PROVIDER_ABSENT),
    (1.00, MissReason.PROVIDER_PULLED),
]
OWED = {MissReason.PROVIDER_ABSENT, MissReason.PROVIDER_PULLED}
NOTES = [
    ("Ready to work.", "Completed the task with two verbal cues.", "Steadier grip.", "Continue."),
    ("Tired today.", "Finished 3 of 5 trials.", "Needs more breaks.", "Shorter tasks."),
    ("Keen to start.", "Cut along the curve within 1/4 inch.", "Goal in reach.", "Fade cues."),
]
CATEGORIES = [
    TimeCategory.DOCUMENTATION,
    TimeCategory.PREPARING,
    TimeCategory.REVIEWING,
    TimeCategory.MATERIALS,
    TimeCategory.MEETINGS,
]


def write_history(
    scale: ScaleDistrict, rng: random.Random, step: Callable[[int, str], None]
) -> None:
    days = school_days(scale.district, scale.first_day, scale.today)
    counts = scale.counts
    for n, load in enumerate(scale.caseloads):
        step(0, f"Sessions, misses and make-ups: caseload {n + 1} of {len(scale.caseloads)}")
        for key, value in _sessions(scale, load, days, rng).items():
            counts[key] = counts.get(key, 0) + value
    step(1, "Consultations")
    counts["consultations"] = sum(_consultations(scale, load, days) for load in scale.caseloads)
    step(2, "Aide programs and professional time")
    counts["program logs"] = _programs(scale, days, rng)
    counts["professional time"] = _professional_time(scale, days)


def _in_force(lines: tuple[Any, Any], renewal: dt.date, day: dt.date) -> Any:
    """Last year's line before the IEP's renewal, this year's from it (None: no IEP yet)."""
    line = lines[0] if day < renewal else lines[1]
    return line if line.start_date <= day <= line.end_date else None


def _insert(model: type[models.Model], rows: Iterable[models.Model]) -> list[Any]:
    return model.objects.bulk_create(list(rows), batch_size=CHUNK)  # type: ignore[attr-defined]


def _sessions(
    scale: ScaleDistrict, load: Caseload, days: list[dt.date], rng: random.Random
) -> dict[str, int]:
    year_start = scale.district.school_year_start
    recent = scale.today - dt.timedelta(days=3)  # newer sessions are still drafts
    by_weekday: dict[int, list[tuple[Any, Any]]] = {}
    for plan, student in load.slots:
        by_weekday.setdefault(plan.weekday, []).append((plan, student))
    sessions: list[tuple[Session, int, Any]] = []
    misses: list[MissedSession] = []
    for day in days:
        for plan, student in by_weekday.get(day.weekday(), []):
            line = _in_force(load.direct[student.pk], load.renewal[student.pk], day)
            if line is None:
                continue
            planned = plan if day >= year_start else None
            if rng.random() < MISS_RATE:
                roll = rng.random()
                reason = next(r for share, r in REASONS if roll <= share)
                misses.append(
                    MissedSession(
                        student=student,
                        service_line=line,
                        provider=load.therapist,
                        planned=planned,
                        date=day,
                        minutes=SESSION_MINUTES,
                        reason=reason,
                    )
                )
                continue
            sessions.append((_session(load, plan, planned, day, recent, rng), student.pk, line))
    made = _insert(Session, (s for s, _, _ in sessions))
    _insert(
        SessionStudent,
        (
            SessionStudent(session=s, student_id=student_id, service_line=line)
            for s, (_, student_id, line) in zip(made, sessions, strict=True)
        ),
    )
    misses = _insert(MissedSession, misses)
    makeups = _make_ups(load, misses, days, recent, rng)
    return {
        "sessions": len(made) + makeups,
        "missed sessions": len(misses),
        "make-ups": makeups,
    }


def _session(
    load: Caseload,
    plan: Any,
    planned: Any,
    day: dt.date,
    recent: dt.date,
    rng: random.Random,
) -> Session:
    note = rng.choice(NOTES)
    signed = day < recent
    return Session(
        provider=load.therapist,
        planned=planned,
        date=day,
        start=plan.start,
        minutes=SESSION_MINUTES,
        session_type=SessionType.PUSH_IN,
        location=Location.GENERAL_ED,
        school_id=plan.school_id,
        activities="Theraputty hide-and-find; lacing card",
        subjective=note[0],
        objective=note[1],
        assessment=note[2],
        plan=note[3],
        status=Session.Status.SIGNED if signed else Session.Status.DRAFT,
        signed_at=dt.datetime.combine(day, dt.time(16, 0), tzinfo=dt.UTC) if signed else None,
    )


def _make_ups(
    load: Caseload,
    misses: list[MissedSession],
    days: list[dt.date],
    recent: dt.date,
    rng: random.Random,
) -> int:
    """Seven in ten owed misses made up two to six school days later, after the last slot."""
    index = {day: n for n, day in enumerate(days)}
    # A make-up goes after the day's planned sessions and any make-up before it.
    taken: dict[dt.date, int] = {}
    per_weekday: dict[int, int] = {}
    for plan, _ in load.slots:
        per_weekday[plan.weekday] = per_weekday.get(plan.weekday, 0) + 1
    school_of = {s.pk: s.school_id for s in load.students}
    pairs = []
    for miss in misses:
        if miss.reason not in OWED or rng.random() > 0.7:
            continue
        later = index[miss.date] + rng.randint(2, 6)
        if later >= len(days):
            continue
        day = days[later]
        if day > miss.service_line.end_date:  # the IEP was renewed in between
            continue
        signed = day < recent
        taken[day] = taken.get(day, per_weekday.get(day.weekday(), 0)) + 1
        pairs.append(
            (
                Session(
                    provider=load.therapist,
                    date=day,
                    start=time_of(FIRST_SESSION + SESSION_STEP * (taken[day] - 1)),
                    minutes=miss.minutes,
                    session_type=SessionType.PUSH_IN,
                    location=Location.GENERAL_ED,
                    school_id=school_of[miss.student_id],
                    activities="Make-up session",
                    status=Session.Status.SIGNED if signed else Session.Status.DRAFT,
                    signed_at=dt.datetime.combine(day, dt.time(16, 0), tzinfo=dt.UTC)
                    if signed
                    else None,
                ),
                miss,
            )
        )
    made = _insert(Session, (s for s, _ in pairs))
    _insert(
        SessionStudent,
        (
            SessionStudent(
                session=s,
                student_id=miss.student_id,
                service_line_id=miss.service_line_id,
                makeup_for=miss,
            )
            for s, (_, miss) in zip(made, pairs, strict=True)
        ),
    )
    return len(made)


def _consultations(scale: ScaleDistrict, load: Caseload, days: list[dt.date]) -> int:
    """A consultation with each student's teacher in every month of school, on a school
    day from the 10th on (spread over the caseload)."""
    firsts: dict[tuple[int, int], list[dt.date]] = {}
    for day in days:
        firsts.setdefault((day.year, day.month), []).append(day)
    rows = []
    for n, s in enumerate(load.students):
        for month_days in firsts.values():
            later = [d for d in month_days if d.day >= 10] or month_days
            day = later[n % len(later)]
            line = _in_force(load.consult[s.pk], load.renewal[s.pk], day)
            if line is not None:
                rows.append((s, line, day))
    logs = _insert(
        ConsultationLog,
        (
            ConsultationLog(
                provider=load.therapist,
                date=day,
                minutes=line.minutes,
                with_whom="teacher",
                method="in_person",
                discussed="How the pencil grip and the movement breaks are going in class",
                follow_up="Keep both; check again next month",
            )
            for _, line, day in rows
        ),
    )
    _insert(
        ConsultationStudent,
        (
            ConsultationStudent(consultation=log, student=s, service_line=line)
            for log, (s, line, _) in zip(logs, rows, strict=True)
        ),
    )
    return len(logs)


def _programs(scale: ScaleDistrict, days: list[dt.date], rng: random.Random) -> int:
    """Each program carried out on Mondays, Wednesdays and Fridays from its start (nine
    times in ten), and checked by the therapist on the first school day of each month."""
    ot_of = {s.pk: load.therapist for load in scale.caseloads for s in load.students}
    aide_of = {
        s.pk: scale.aides[s.classroom_id]
        for load in scale.caseloads
        for s in load.students
        if s.classroom_id is not None
    }
    logs, checks = [], []
    written = 0
    for program in scale.programs:
        seen_months: set[tuple[int, int]] = set()
        for day in days:
            if day < program.start_date:
                continue
            if day.weekday() in (0, 2, 4):
                done = rng.random() < 0.9
                logs.append(
                    ImplementationLog(
                        program=program,
                        implementer=aide_of[program.student_id],
                        date=day,
                        done=done,
                        minutes=program.minutes_each if done else None,
                        response=ImplementationLog.Response.ENGAGED if done else "",
                        note="" if done else "Class assembly",
                    )
                )
            if (day.year, day.month) not in seen_months:
                seen_months.add((day.year, day.month))
                checks.append(
                    MonitoringCheck(
                        program=program,
                        therapist=ot_of[program.student_id],
                        date=day,
                        observation="Carried out as written; the student stays with it.",
                        fidelity=4,
                    )
                )
        if len(logs) > 10 * CHUNK:
            written += len(_insert(ImplementationLog, logs))
            logs = []
    written += len(_insert(ImplementationLog, logs))
    _insert(MonitoringCheck, checks)
    return written


def _professional_time(scale: ScaleDistrict, days: list[dt.date]) -> int:
    """Half an hour of professional time per therapist per school day."""
    return len(
        _insert(
            ProfessionalTime,
            (
                ProfessionalTime(
                    person=load.therapist,
                    date=day,
                    minutes=30,
                    category=CATEGORIES[n % len(CATEGORIES)],
                )
                for load in scale.caseloads
                for n, day in enumerate(days)
            ),
        )
    )
