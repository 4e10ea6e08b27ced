"""The demo district's school year: anchored on the year that contains 'today', with the
closed days a US district usually has."""

import datetime as dt


def school_year_containing(today: dt.date) -> tuple[dt.date, dt.date]:
    year = today.year if today.month >= 7 else today.year - 1
    start = dt.date(year, 8, 17)
    start += dt.timedelta(days=(0 - start.weekday()) % 7)  # the Monday on or after 17 Aug
    end = dt.date(year + 1, 6, 4)
    end -= dt.timedelta(days=(end.weekday() - 4) % 7)  # the Friday on or before 4 Jun
    return start, end


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date:
    day = dt.date(year, month, 1)
    day += dt.timedelta(days=(weekday - day.weekday()) % 7)
    return day + dt.timedelta(weeks=n - 1)


def _last_weekday(year: int, month: int, weekday: int) -> dt.date:
    day = dt.date(year + (month == 12), month % 12 + 1, 1) - dt.timedelta(days=1)
    return day - dt.timedelta(days=(day.weekday() - weekday) % 7)


def _weekdays(first: dt.date, last: dt.date) -> list[dt.date]:
    days = []
    day = first
    while day <= last:
        if day.weekday() < 5:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def holidays(start: dt.date) -> list[tuple[dt.date, str]]:
    """The district's closed weekdays for the school year starting on `start`."""
    y = start.year
    closed: list[tuple[dt.date, str]] = [
        (_nth_weekday(y, 9, 0, 1), "Labor Day"),
        (_nth_weekday(y, 10, 0, 2), "Staff development day"),
        (_nth_weekday(y, 11, 4, 2), "Parent conferences"),
    ]
    thanksgiving = _nth_weekday(y, 11, 3, 4)
    for offset, name in [
        (-1, "Thanksgiving break"),
        (0, "Thanksgiving"),
        (1, "Thanksgiving break"),
    ]:
        closed.append((thanksgiving + dt.timedelta(days=offset), name))
    closed += [(d, "Winter break") for d in _weekdays(dt.date(y, 12, 21), dt.date(y + 1, 1, 1))]
    closed.append((_nth_weekday(y + 1, 1, 0, 3), "Martin Luther King Jr. Day"))
    closed.append((_nth_weekday(y + 1, 2, 0, 3), "Presidents' Day"))
    spring = _nth_weekday(y + 1, 3, 0, 3)
    closed += [(d, "Spring break") for d in _weekdays(spring, spring + dt.timedelta(days=4))]
    closed.append((_last_weekday(y + 1, 5, 0), "Memorial Day"))
    return sorted(set(closed))
