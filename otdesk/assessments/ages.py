"""The one place that decides whether a student's age (or grade) on a test date is inside
an assessment tool's range. Pure functions: no database."""

import datetime as dt
from dataclasses import dataclass

from otdesk.schools.models import Grade

# School grades in order, so a grade range can be compared.
GRADE_ORDER = [g.value for g in Grade]


@dataclass(frozen=True)
class Age:
    years: int
    months: int

    @property
    def total_months(self) -> int:
        return self.years * 12 + self.months

    def __str__(self) -> str:
        return f"{self.years}:{self.months}"


def age_on(birth: dt.date, day: dt.date) -> Age:
    """Whole years and months from birth to day (a month counts once its day-of-month is
    reached; a birthday on the 31st is reached on the last day of a shorter month)."""
    months = (day.year - birth.year) * 12 + (day.month - birth.month)
    if day.day < birth.day:
        # The month is reached on the month's last day when it is shorter than birth.day.
        next_day = day + dt.timedelta(days=1)
        if next_day.month == day.month:
            months -= 1
    months = max(months, 0)
    return Age(months // 12, months % 12)


def months_label(total: int) -> str:
    return f"{total // 12}:{total % 12}"


def age_warning(
    *, birth: dt.date, day: dt.date, min_months: int | None, max_months: int | None
) -> str:
    """A plain-words warning when the age on day is outside [min_months, max_months]
    (both inclusive, in whole months), else ''."""
    age = age_on(birth, day)
    if day < birth:
        return "The test date is before the student's date of birth."
    if min_months is not None and age.total_months < min_months:
        return (
            f"The student was {age} (years:months) on the test date, younger than this "
            f"tool's range starting at {months_label(min_months)}. Scores may not be valid."
        )
    if max_months is not None and age.total_months > max_months:
        return (
            f"The student was {age} (years:months) on the test date, older than this "
            f"tool's range ending at {months_label(max_months)}. Scores may not be valid."
        )
    return ""


def grade_warning(*, grade: str, min_grade: str, max_grade: str) -> str:
    """A plain-words warning when grade is outside the tool's grade range, else ''."""
    if not (min_grade and max_grade) or grade not in GRADE_ORDER:
        return ""
    here = GRADE_ORDER.index(grade)
    if GRADE_ORDER.index(min_grade) <= here <= GRADE_ORDER.index(max_grade):
        return ""
    names = dict(Grade.choices)
    return (
        f"The student is in {names[grade]}, outside this tool's grades "
        f"({names[min_grade]} to {names[max_grade]}). Scores may not be valid."
    )
