"""School days and clock times, written one way.

Days are numbers 0 (Monday) to 4 (Friday), as `schools.Weekday` stores them and the
scheduling engine counts them; `SchoolAssignment.days` keeps codes such as "Mon Wed".
Times of day are minutes from midnight inside the scheduler and `datetime.time` in
records. Every module that names a day or writes a time uses these helpers.
"""

import datetime as dt
from collections.abc import Iterable

DAY_CODES: tuple[str, ...] = ("Mon", "Tue", "Wed", "Thu", "Fri")
DAY_NAMES: tuple[str, ...] = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")
DAY_PLURALS: tuple[str, ...] = tuple(f"{name}s" for name in DAY_NAMES)
SCHOOL_DAYS: tuple[int, ...] = tuple(range(len(DAY_CODES)))
_INDEX = {code: day for day, code in enumerate(DAY_CODES)}


def day_name(day: int) -> str:
    """'Monday' for 0 … 'Friday' for 4."""
    return DAY_NAMES[day]


def days_from_codes(text: str | None) -> list[int]:
    """'Wed Mon' -> [0, 2]: the school days named, in week order (unknown words ignored)."""
    return sorted({_INDEX[code] for code in (text or "").split() if code in _INDEX})


def codes_of(days: Iterable[int]) -> str:
    """[2, 0] -> 'Mon Wed', the way SchoolAssignment.days stores them."""
    return " ".join(DAY_CODES[day] for day in sorted(set(days)))


def names_of(days: Iterable[int]) -> str:
    """[0, 2, 4] -> 'Monday, Wednesday and Friday'."""
    names = [DAY_NAMES[day] for day in sorted(set(days))]
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def minutes_of(moment: dt.time) -> int:
    """09:05 -> 545 minutes from midnight."""
    return moment.hour * 60 + moment.minute


def time_of(minutes: int) -> dt.time:
    """545 -> 09:05 (wraps past midnight rather than failing)."""
    return dt.time(minutes // 60 % 24, minutes % 60)


def clock(minutes: int) -> str:
    """545 -> '9:05': how a time reads inside a sentence."""
    return f"{minutes // 60}:{minutes % 60:02d}"


def hhmm(minutes: int) -> str:
    """545 -> '09:05': how a time reads in a column, a form value or a calendar."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def span(start: int, minutes: int) -> str:
    """(545, 30) -> '09:05–09:35'."""
    return f"{hhmm(start)}–{hhmm(start + minutes)}"
