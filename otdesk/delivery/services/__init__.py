"""Every write about delivery: the weekly plan, sessions, signatures, addenda, voids, misses,
consultations and the minutes policy. Pages, commands and other apps call these functions
(imported from `otdesk.delivery.services`); nothing else writes these records.

- checks.py: what every write checks (caseload, school calendar, the line credited).
- plan.py: the weekly plan (PlannedSession: a plan put into use, a moved date, a move, a
  lock, a booked make-up) and session plans. The scheduler decides; plan.py stores.
- sessions.py: logging a session, its note, signature, addenda and void.
- misses.py: missed sessions. consultations.py: consultations with the team.
- minutes_policy.py: the district's minutes policy versions.
"""

from .checks import (
    IN_CLASS_MODELS,
    AttendeeEntry,
    GoalEntry,
    direct_lines_in_force,
    group_problem,
    line_for,
)
from .consultations import consultation_line, log_consultation, void_consultation
from .minutes_policy import set_policy
from .misses import record_missed_session, void_missed_session
from .plan import (
    MOVED_REASON,
    MakeupBooking,
    WeeklySession,
    book_makeup,
    cancel_makeup,
    move_planned_session,
    move_weekly_date,
    replace_weekly_plan,
    save_planned_session,
    save_session_plan,
    set_planned_lock,
)
from .sessions import (
    NOTE_FIELDS,
    add_addendum,
    log_session,
    sign_session,
    update_note,
    void_session,
)

__all__ = [
    "IN_CLASS_MODELS",
    "MOVED_REASON",
    "NOTE_FIELDS",
    "AttendeeEntry",
    "GoalEntry",
    "MakeupBooking",
    "WeeklySession",
    "add_addendum",
    "book_makeup",
    "cancel_makeup",
    "consultation_line",
    "direct_lines_in_force",
    "group_problem",
    "line_for",
    "log_consultation",
    "log_session",
    "move_planned_session",
    "move_weekly_date",
    "record_missed_session",
    "replace_weekly_plan",
    "save_planned_session",
    "save_session_plan",
    "set_planned_lock",
    "set_policy",
    "sign_session",
    "update_note",
    "void_consultation",
    "void_missed_session",
    "void_session",
]
