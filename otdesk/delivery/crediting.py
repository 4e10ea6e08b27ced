"""Which minutes of which session count for which student, and for which miss.

One rule, used by minutes compliance, the make-up ledger, the log-session guard and the
session form's list of open misses:

- a student's record in a session credits the session's minutes to the service line it was
  logged against, unless the session is voided, the student was absent, or the session was
  in the classroom (push-in, co-teaching) and the student got no targeted help;
- a record logged as the make-up for a miss credits the miss (in the period of the miss),
  never the period it happened in; the make-ups of one miss together credit at most the
  miss's minutes. A make-up that credits nothing leaves the miss open.
"""

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from typing import Any, NamedTuple

from django.db.models import Q, QuerySet

from .models import IN_CLASS_TYPES, Attendance, MissedSession, Session, SessionStudent


def credited_minutes(
    *, status: str, session_type: str, minutes: int, attendance: str, targeted_service: bool
) -> int:
    """The minutes one student's record in a session credits."""
    if status == Session.Status.VOIDED or attendance != Attendance.PRESENT:
        return 0
    if session_type in IN_CLASS_TYPES and not targeted_service:
        return 0
    return minutes


class Credit(NamedTuple):
    """Minutes one session credits to one line, already net of the rule above. (A tuple: a
    district's year holds some 160,000.)"""

    line_id: int
    date: dt.date
    minutes: int
    makeup_for: int | None = None


_FIELDS = (
    "service_line_id",
    "session__date",
    "session__status",
    "session__session_type",
    "session__minutes",
    "attendance",
    "targeted_service",
    "makeup_for_id",
)


def credits_of(records: QuerySet[SessionStudent]) -> list[Credit]:
    """The credits of these session records (records that credit nothing are left out)."""
    return _credits(records.values_list(*_FIELDS))


def _credits(rows: Iterable[tuple[Any, ...]]) -> list[Credit]:
    found = []
    for (
        line_id,
        date,
        status,
        session_type,
        minutes,
        attendance,
        targeted,
        miss_id,
    ) in rows:
        credited = credited_minutes(
            status=status,
            session_type=session_type,
            minutes=minutes,
            attendance=attendance,
            targeted_service=targeted,
        )
        if credited and line_id is not None:
            found.append(Credit(line_id, date, credited, miss_id))
    return found


def line_credits(
    records: Q, first: dt.date, last: dt.date, *, makeups: Q | None = None
) -> list[Credit]:
    """Every credit of these session records (a filter of them: some lines', a district's)
    from sessions dated first..last that make up no miss, and every make-up whatever its
    date (it counts in the period of the miss): those of the `makeups` filter (some lines'
    misses), else those among the records. A make-up's credit names the miss's line, the
    line it credits, whichever line it was logged against. Two parts in one query, so that
    each reads the records it needs by an index: the sessions of the dates, the
    make-ups."""
    chosen = SessionStudent.objects.order_by()
    dated = Q(session__date__gte=first, session__date__lte=last)
    made_up_for = chosen.filter(
        records if makeups is None else makeups,
        makeup_for__isnull=False,
        service_line__isnull=False,  # a record credits nothing without a line (_credits)
    )
    return _credits(
        chosen.filter(records, dated, makeup_for__isnull=True)
        .values_list(*_FIELDS)
        .union(made_up_for.values_list("makeup_for__service_line_id", *_FIELDS[1:]), all=True)
    )


def makeup_credits(miss_ids: Iterable[int]) -> dict[int, list[Credit]]:
    """The make-up credits of each miss, by the id of the miss, oldest first."""
    by_miss: dict[int, list[Credit]] = defaultdict(list)
    records = SessionStudent.objects.filter(makeup_for_id__in=list(miss_ids)).order_by(
        "session__date", "session__start", "pk"
    )
    for credit in credits_of(records):
        assert credit.makeup_for is not None
        by_miss[credit.makeup_for].append(credit)
    return by_miss


def made_up(miss_minutes: int, credits: Iterable[Credit]) -> int:
    """Minutes of a miss made up by its make-up credits (never more than the miss)."""
    return min(miss_minutes, sum(c.minutes for c in credits))


def made_up_minutes(miss: MissedSession) -> int:
    """Minutes of this miss made up so far."""
    return made_up(miss.minutes, makeup_credits([miss.pk]).get(miss.pk, []))
