import datetime as dt

from otdesk.assessments.ages import Age, age_on, age_warning, grade_warning

BOT2 = {"min_months": 48, "max_months": 21 * 12 + 11}
BIRTH = dt.date(2018, 3, 15)


def test_age_on_counts_whole_months() -> None:
    assert age_on(BIRTH, dt.date(2022, 3, 14)) == Age(3, 11)
    assert age_on(BIRTH, dt.date(2022, 3, 15)) == Age(4, 0)
    assert age_on(BIRTH, dt.date(2022, 4, 14)) == Age(4, 0)
    assert age_on(BIRTH, dt.date(2022, 4, 15)) == Age(4, 1)
    assert str(age_on(BIRTH, dt.date(2026, 9, 1))) == "8:5"


def test_birthday_on_the_31st_is_reached_on_a_short_months_last_day() -> None:
    born = dt.date(2020, 1, 31)
    assert age_on(born, dt.date(2020, 2, 28)) == Age(0, 0)
    assert age_on(born, dt.date(2020, 2, 29)) == Age(0, 1)  # leap year: Feb's last day
    assert age_on(born, dt.date(2020, 4, 30)) == Age(0, 3)
    assert age_on(born, dt.date(2020, 4, 29)) == Age(0, 2)


def test_leap_day_birthday() -> None:
    born = dt.date(2016, 2, 29)
    assert age_on(born, dt.date(2020, 2, 28)) == Age(3, 11)
    assert age_on(born, dt.date(2020, 2, 29)) == Age(4, 0)
    assert age_on(born, dt.date(2021, 2, 28)) == Age(5, 0)


def test_bot2_edges() -> None:
    # The day before the 4th birthday: too young.
    young = age_warning(birth=BIRTH, day=dt.date(2022, 3, 14), **BOT2)
    assert young == (
        "The student was 3:11 (years:months) on the test date, younger than this tool's "
        "range starting at 4:0. Scores may not be valid."
    )
    # The 4th birthday: in range.
    assert age_warning(birth=BIRTH, day=dt.date(2022, 3, 15), **BOT2) == ""
    # The last day of 21 years 11 months: in range.
    assert age_warning(birth=BIRTH, day=dt.date(2040, 3, 14), **BOT2) == ""
    # The 22nd birthday: too old.
    old = age_warning(birth=BIRTH, day=dt.date(2040, 3, 15), **BOT2)
    assert old == (
        "The student was 22:0 (years:months) on the test date, older than this tool's "
        "range ending at 21:11. Scores may not be valid."
    )


def test_open_ended_and_before_birth() -> None:
    assert age_warning(birth=BIRTH, day=dt.date(2019, 1, 1), min_months=None, max_months=None) == ""
    assert age_warning(birth=BIRTH, day=dt.date(2018, 3, 14), min_months=0, max_months=71) == (
        "The test date is before the student's date of birth."
    )


def test_grade_edges_for_etch() -> None:
    assert grade_warning(grade="1", min_grade="1", max_grade="6") == ""
    assert grade_warning(grade="6", min_grade="1", max_grade="6") == ""
    assert grade_warning(grade="K", min_grade="1", max_grade="6") == (
        "The student is in Kindergarten, outside this tool's grades (Grade 1 to Grade 6). "
        "Scores may not be valid."
    )
    assert grade_warning(grade="7", min_grade="1", max_grade="6") != ""
    assert grade_warning(grade="PK", min_grade="K", max_grade="6") != ""
    assert grade_warning(grade="K", min_grade="", max_grade="") == ""
