"""Sessions (list, read, log, sign, void), missed sessions (list, record), consultations
(list, log), professional time (list, log) and the weekly plan, through the services and
permission functions the pages use."""

import datetime as dt
from collections.abc import Callable
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils import timezone
from ninja import Header, Path, Query, Router, Status

from otdesk.accounts.models import User
from otdesk.accounts.permissions import require_therapist
from otdesk.core import idempotency
from otdesk.core.audit import record_access_each, record_access_many
from otdesk.delivery.models import ConsultationLog, MissedSession, Session
from otdesk.delivery.permissions import (
    consultations_visible_to,
    count_sessions_visible_to,
    get_session_for_user,
    misses_visible_to,
    readable_student_ids,
    sessions_visible_to,
)
from otdesk.delivery.queries import weekly_plan
from otdesk.delivery.services.checks import AttendeeEntry
from otdesk.delivery.services.consultations import log_consultation
from otdesk.delivery.services.misses import record_missed_session
from otdesk.delivery.services.sessions import (
    NOTE_FIELDS,
    log_session,
    sign_session,
    update_note,
    void_session,
)
from otdesk.schools.models import School
from otdesk.students.models import Student
from otdesk.students.permissions import served_students
from otdesk.workload.models import ProfessionalTime
from otdesk.workload.permissions import get_provider
from otdesk.workload.services import log_professional_time

from .core import READ_ERRORS, WRITE_ERRORS, Conflict, PageIn, in_zone, page_of, reader, writer
from .schemas import (
    MAX_ID,
    ConsultationIn,
    ConsultationOut,
    ConsultationPage,
    MissedIn,
    MissedOut,
    MissedPage,
    NoteIn,
    PlanDayOut,
    SessionIn,
    SessionOut,
    SessionPage,
    TimeIn,
    TimeOut,
    TimePage,
    VoidIn,
)

# A client's one-time key for a write it may send again (core/idempotency.py).
OnceKey = Annotated[
    str | None,
    Header(
        alias=idempotency.HEADER,
        description="A key of 8 to 64 letters, digits, - or _ that you make for this write: "
        "sent again with the same key and body, the call answers as the first time and "
        "writes nothing.",
    ),
]

router = Router(tags=["Delivery"])
SessionId = Path(..., ge=1, le=MAX_ID, description="The session's id.")


def _served(user: User, ids: list[int], field: str) -> list[Student]:
    """The students with these ids on the person's caseload, in order; 422 naming the
    field for any other id (another caseload's student is not named)."""
    found = {s.pk: s for s in served_students(user).select_related("school__district")}
    missing = [i for i in ids if i not in found]
    if missing:
        raise ValidationError({field: f"No student {missing[0]} on your caseload."})
    return [found[i] for i in ids]


def session_out(session: Session, readable: set[int]) -> dict[str, Any]:
    return {
        **{
            name: getattr(session, name)
            for name in (
                "date",
                "minutes",
                "session_type",
                "location",
                "status",
                "activities",
                "subjective",
                "objective",
                "assessment",
                "plan",
                "void_reason",
                "version",
            )
        },
        "id": session.pk,
        "start": session.start.strftime("%H:%M:%S"),
        "provider_id": session.provider_id,
        "school_id": session.school_id,
        "students": [
            {
                "student_id": a.student_id,
                "attendance": a.attendance,
                "absence_reason": a.absence_reason,
                "makeup_for_id": a.makeup_for_id,
            }
            for a in session.attendees.all()
            if a.student_id in readable
        ],
    }


def _log_read(request: HttpRequest, sessions: list[Session], readable: set[int]) -> None:
    record_access_each(
        request,
        shown=(
            (session, a.student)
            for session in sessions
            for a in session.attendees.all()
            if a.student_id in readable
        ),
        summary="API: session",
    )


# Sessions --------------------------------------------------------------------------------


@router.get("/sessions", response={200: SessionPage, **READ_ERRORS}, summary="Sessions")
@in_zone
def list_sessions(
    request: HttpRequest,
    params: Query[PageIn],
    since: dt.date | None = None,
    until: dt.date | None = None,
) -> dict[str, Any]:
    """Sessions you logged or that one of your students attended, newest first."""
    user = reader(request)
    sessions = sessions_visible_to(user).prefetch_related("attendees__student")
    if since:
        sessions = sessions.filter(date__gte=since)
    if until:
        sessions = sessions.filter(date__lte=until)
    readable = readable_student_ids(user)
    found = page_of(
        sessions.order_by("-date", "-start", "-pk"),
        params,
        lambda s: s,
        count=count_sessions_visible_to(user, since=since, until=until),
    )
    _log_read(request, found["items"], readable)
    found["items"] = [session_out(s, readable) for s in found["items"]]
    return found


@router.get(
    "/sessions/{session_id}", response={200: SessionOut, **READ_ERRORS}, summary="One session"
)
@in_zone
def get_session(request: HttpRequest, session_id: int = SessionId) -> dict[str, Any]:
    user = reader(request)
    session = get_session_for_user(user, session_id)
    readable = readable_student_ids(user)
    _log_read(request, [session], readable)
    return session_out(session, readable)


@router.post("/sessions", response={201: SessionOut, **WRITE_ERRORS}, summary="Log a session")
@in_zone
def create_session(
    request: HttpRequest, payload: SessionIn, key: OnceKey = None
) -> Status[dict[str, Any]]:
    """Log a session for its students at once (and sign it with "sign": true). Sent
    again with the same Idempotency-Key, it answers with the session the first call made
    and logs nothing."""
    user = require_therapist(writer(request), "Only therapists log sessions.")
    school = School.objects.filter(pk=payload.school_id, district=user.district).first()
    if school is None:
        raise ValidationError({"school_id": "No such school in your district."})
    students = _served(user, [a.student_id for a in payload.students], "students")
    misses = {
        m.pk: m
        for m in misses_visible_to(user).filter(
            pk__in=[a.makeup_for_id for a in payload.students if a.makeup_for_id]
        )
    }
    attendees = []
    for entry, student in zip(payload.students, students, strict=True):
        miss = misses.get(entry.makeup_for_id) if entry.makeup_for_id else None
        if entry.makeup_for_id and miss is None:
            raise ValidationError({"students": f"No missed session {entry.makeup_for_id}."})
        attendees.append(
            AttendeeEntry(
                student=student,
                attendance=entry.attendance,
                absence_reason=entry.absence_reason,
                makeup_for=miss,
            )
        )
    done = _once(
        request,
        user,
        key,
        "delivery.session",
        lambda: log_session(
            actor=user,
            date=payload.date,
            start=dt.time.fromisoformat(payload.start),
            minutes=payload.minutes,
            session_type=payload.session_type,
            location=payload.location,
            school=school,
            attendees=attendees,
            pull_out_reason=payload.pull_out_reason,
            activities=payload.activities,
            subjective=payload.subjective,
            objective=payload.objective,
            assessment=payload.assessment,
            plan=payload.plan,
            sign=payload.sign,
        ),
    )
    session = Session.objects.get(pk=done.result["id"], provider=user)
    return Status(201, session_out(session, readable_student_ids(user)))


def _once(
    request: HttpRequest, user: User, key: str | None, scope: str, run: Callable[[], Any]
) -> idempotency.Done:
    """run() once for the caller's Idempotency-Key (every time without one)."""
    return idempotency.once(
        user=user,
        key=key,
        scope=scope,
        sent=idempotency.fingerprint(request.body),
        run=run,
        keep=lambda made: {"id": made.pk},
    )


@router.put(
    "/sessions/{session_id}/note",
    response={200: SessionOut, **WRITE_ERRORS},
    summary="Write a draft session's note",
)
@in_zone
def write_note(
    request: HttpRequest, payload: NoteIn, session_id: int = SessionId
) -> dict[str, Any]:
    """Replace the note of a draft session (and sign it with `sign`). Send the `version` you
    read: if the note was saved since (from another device), the answer is 409 and nothing
    changes; read the session again, merge, and send the new version."""
    user = writer(request)
    session = get_session_for_user(user, session_id, write=True)
    if session.status != Session.Status.DRAFT:
        raise Conflict(f"This note is {session.get_status_display().lower()} already.")
    session.version = payload.version
    note = {name: getattr(payload, name) for name in NOTE_FIELDS}
    written = update_note(actor=user, session=session, note=note, sign=payload.sign)
    return session_out(written, readable_student_ids(user))


@router.post(
    "/sessions/{session_id}/sign",
    response={200: SessionOut, **WRITE_ERRORS},
    summary="Sign a session's note",
)
@in_zone
def sign(request: HttpRequest, session_id: int = SessionId) -> dict[str, Any]:
    user = writer(request)
    session = get_session_for_user(user, session_id, write=True)
    if session.status != Session.Status.DRAFT:
        raise Conflict(f"This note is {session.get_status_display().lower()} already.")
    signed = sign_session(actor=user, session=session)
    return session_out(signed, readable_student_ids(user))


@router.post(
    "/sessions/{session_id}/void",
    response={200: SessionOut, **WRITE_ERRORS},
    summary="Void a session",
)
@in_zone
def void(request: HttpRequest, payload: VoidIn, session_id: int = SessionId) -> dict[str, Any]:
    user = writer(request)
    session = get_session_for_user(user, session_id, write=True)
    if session.status == Session.Status.VOIDED:
        raise Conflict("This session is voided already.")
    voided = void_session(actor=user, session=session, reason=payload.reason)
    return session_out(voided, readable_student_ids(user))


# Missed sessions -------------------------------------------------------------------------


def miss_out(miss: MissedSession) -> dict[str, Any]:
    return {
        "id": miss.pk,
        "student_id": miss.student_id,
        "service_line_id": miss.service_line_id,
        "provider_id": miss.provider_id,
        "date": miss.date,
        "minutes": miss.minutes,
        "reason": miss.reason,
        "detail": miss.detail,
        "voided": miss.voided_at is not None,
    }


@router.get(
    "/missed-sessions", response={200: MissedPage, **READ_ERRORS}, summary="Missed sessions"
)
@in_zone
def list_misses(request: HttpRequest, params: Query[PageIn]) -> dict[str, Any]:
    """Missed sessions of the students whose minutes you read, newest first."""
    misses = misses_visible_to(reader(request)).select_related("student")
    found = page_of(misses.order_by("-date", "-pk"), params, lambda m: m)
    record_access_many(
        request, students=(m.student for m in found["items"]), summary="API: missed sessions"
    )
    found["items"] = [miss_out(m) for m in found["items"]]
    return found


@router.post(
    "/missed-sessions",
    response={201: list[MissedOut], **WRITE_ERRORS},
    summary="Record a missed session",
)
@in_zone
def create_miss(request: HttpRequest, payload: MissedIn) -> Status[list[dict[str, Any]]]:
    """A planned session that did not happen, for each of its students."""
    user = require_therapist(writer(request), "Only therapists record missed sessions.")
    students = _served(user, payload.student_ids, "student_ids")
    misses = record_missed_session(
        actor=user,
        students=students,
        date=payload.date,
        minutes=payload.minutes,
        reason=payload.reason,
        detail=payload.detail,
    )
    return Status(201, [miss_out(m) for m in misses])


# Consultations ---------------------------------------------------------------------------


def consultation_out(log: ConsultationLog, readable: set[int]) -> dict[str, Any]:
    return {
        "id": log.pk,
        "provider_id": log.provider_id,
        "date": log.date,
        "minutes": log.minutes,
        "with_whom": [w for w in log.with_whom.split(",") if w],
        "method": log.method,
        "discussed": log.discussed,
        "new_concerns": log.new_concerns,
        "follow_up": log.follow_up,
        "student_ids": [c.student_id for c in log.students.all() if c.student_id in readable],
        "voided": log.voided_at is not None,
    }


@router.get(
    "/consultations", response={200: ConsultationPage, **READ_ERRORS}, summary="Consultations"
)
@in_zone
def list_consultations(request: HttpRequest, params: Query[PageIn]) -> dict[str, Any]:
    user = reader(request)
    logs = consultations_visible_to(user).prefetch_related("students__student")
    readable = readable_student_ids(user)
    found = page_of(logs.order_by("-date", "-pk"), params, lambda c: c)
    record_access_each(
        request,
        shown=(
            (log, c.student)
            for log in found["items"]
            for c in log.students.all()
            if c.student_id in readable
        ),
        summary="API: consultation",
    )
    found["items"] = [consultation_out(c, readable) for c in found["items"]]
    return found


@router.post(
    "/consultations", response={201: ConsultationOut, **WRITE_ERRORS}, summary="Log a consultation"
)
@in_zone
def create_consultation(
    request: HttpRequest, payload: ConsultationIn, key: OnceKey = None
) -> Status[dict[str, Any]]:
    """Consultation with the team about one or more students (it credits each student's
    consultation line in force that day). Idempotency-Key: as for a session."""
    user = require_therapist(writer(request), "Only therapists log consultations.")
    students = _served(user, payload.student_ids, "student_ids")
    done = _once(
        request,
        user,
        key,
        "delivery.consultation",
        lambda: log_consultation(
            actor=user,
            date=payload.date,
            minutes=payload.minutes,
            with_whom=payload.with_whom,
            method=payload.method,
            students=students,
            discussed=payload.discussed,
            new_concerns=payload.new_concerns,
            follow_up=payload.follow_up,
        ),
    )
    log = ConsultationLog.objects.get(pk=done.result["id"], provider=user)
    return Status(201, consultation_out(log, readable_student_ids(user)))


# Professional time -----------------------------------------------------------------------


@router.get(
    "/professional-time", response={200: TimePage, **READ_ERRORS}, summary="Your professional time"
)
@in_zone
def list_time(request: HttpRequest, params: Query[PageIn]) -> dict[str, Any]:
    """Your own professional time, newest first."""
    user = get_provider(reader(request))
    entries = ProfessionalTime.objects.filter(person=user).order_by("-date", "-pk")
    return page_of(entries, params, lambda e: e)


@router.post(
    "/professional-time", response={201: TimeOut, **WRITE_ERRORS}, summary="Log professional time"
)
@in_zone
def create_time(request: HttpRequest, payload: TimeIn) -> Status[ProfessionalTime]:
    user = get_provider(writer(request))
    student = None
    if payload.student_id is not None:
        student = _served(user, [payload.student_id], "student_id")[0]
    entry = log_professional_time(
        actor=user,
        date=payload.date,
        minutes=payload.minutes,
        category=payload.category,
        student=student,
        note=payload.note,
    )
    return Status(201, entry)


# The weekly plan -------------------------------------------------------------------------


@router.get(
    "/weekly-plan", response={200: list[PlanDayOut], **READ_ERRORS}, summary="Your weekly plan"
)
@in_zone
def plan(request: HttpRequest) -> list[dict[str, Any]]:
    """Your weekly plan from today on, Monday to Friday (the Week page's)."""
    user = require_therapist(reader(request), "Only therapists have a weekly plan.")
    days = weekly_plan(user, timezone.localdate())
    return [
        {
            "day": day,
            "sessions": [
                {
                    "id": row.planned.pk,
                    "start": row.planned.start.strftime("%H:%M:%S"),
                    "minutes": row.planned.minutes,
                    "school": row.planned.school.name,
                    "session_type": row.planned.session_type,
                    "location": row.planned.location,
                    "students": [s.pk for s in row.planned.students.all()],
                    "when": row.when,
                }
                for row in rows
            ],
        }
        for day, rows in days
    ]
