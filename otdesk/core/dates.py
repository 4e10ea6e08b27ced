import datetime as dt


def nice_date(day: dt.date | None, *, year: bool = True) -> str:
    """A date as people write it: 'Tue 15 Sep 2026'."""
    if day is None:
        return ""
    text = f"{day:%a} {day.day} {day:%b}"
    return f"{text} {day.year}" if year else text
