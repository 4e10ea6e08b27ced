"""The compliance arithmetic, with exact minutes. No database: plain records in, numbers out."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from otdesk.delivery.calendar import SchoolCalendar, prorate, weekdays_between
from otdesk.delivery.choices import DEFAULT_OWED, MissReason
from otdesk.delivery.compliance import (
    AT_RISK,
    BEHIND,
    EXCUSED,
    ON_TRACK,
    Credit,
    Miss,
    line_period,
    required_minutes,
)
from otdesk.delivery.policy import Policy, Rules
from otdesk.schools.models import District
from otdesk.students.models import ServiceLine

D = dt.date
CLOSED = {
    D(2026, 9, 7),  # Labor Day, a Monday
    D(2026, 11, 25),
    D(2026, 11, 26),
    D(2026, 11, 27),
    *[D(2026, 12, 21) + dt.timedelta(days=n) for n in range(12)],  # winter break
}


def calendar(prorate_short_weeks: bool = True) -> SchoolCalendar:
    district = District(name="T", school_year_start=D(2026, 8, 17), school_year_end=D(2027, 6, 4))
    rules = Rules(prorate_short_weeks=prorate_short_weeks, effective_from=D(2000, 1, 1))
    return SchoolCalendar(district, set(CLOSED), Policy([rules]))


def line(**kwargs) -> ServiceLine:
    defaults = dict(
        pk=1,
        kind="direct",
        delivery_model="push_in",
        minutes=30,
        period="week",
        start_date=D(2026, 8, 17),
        end_date=D(2027, 6, 4),
    )
    return ServiceLine(**{**defaults, **kwargs})


def week(day: dt.date):
    return calendar().span("week", day)


def test_weekdays_between():
    assert weekdays_between(D(2026, 11, 1), D(2026, 11, 30)) == 21
    assert weekdays_between(D(2026, 10, 1), D(2026, 10, 31)) == 22
    assert weekdays_between(D(2026, 9, 7), D(2026, 9, 13)) == 5
    assert weekdays_between(D(2026, 9, 8), D(2026, 9, 7)) == 0


def test_prorate_rounds_half_up():
    assert prorate(30, 4, 5) == 24
    assert prorate(120, 18, 21) == 103  # 102.86
    assert prorate(25, 1, 2) == 13  # 12.5 rounds up
    assert prorate(30, 0, 5) == 0


def test_weekly_line_in_a_week_with_a_monday_holiday():
    cal = calendar()
    assert required_minutes(line(), cal.span("week", D(2026, 9, 9)), cal) == 24  # 4/5 of 30
    assert required_minutes(line(), cal.span("week", D(2026, 9, 16)), cal) == 30


def test_weekly_line_in_thanksgiving_and_winter_break_weeks():
    cal = calendar()
    assert required_minutes(line(), cal.span("week", D(2026, 11, 23)), cal) == 12  # 2/5
    assert required_minutes(line(), cal.span("week", D(2026, 12, 23)), cal) == 0


def test_without_short_week_prorating_only_closed_weeks_and_line_dates_count():
    cal = calendar(prorate_short_weeks=False)
    assert required_minutes(line(), cal.span("week", D(2026, 9, 9)), cal) == 30
    assert required_minutes(line(), cal.span("week", D(2026, 11, 23)), cal) == 30
    assert required_minutes(line(), cal.span("week", D(2026, 12, 23)), cal) == 0
    started = line(start_date=D(2026, 9, 16))
    assert required_minutes(started, cal.span("week", D(2026, 9, 16)), cal) == 18


def test_line_starting_on_a_wednesday_requires_three_fifths_of_its_first_week():
    cal = calendar()
    started = line(start_date=D(2026, 9, 16))
    assert required_minutes(started, cal.span("week", D(2026, 9, 14)), cal) == 18


def test_monthly_three_one_line_keeps_its_monthly_total():
    cal = calendar()
    three_one = line(minutes=120, period="month", three_one=True)
    # November 2026: 21 weekdays, 18 school days (Thanksgiving Wed–Fri closed).
    assert required_minutes(three_one, cal.span("month", D(2026, 11, 10)), cal) == 103
    # October 2026: 22 weekdays, no closures.
    assert required_minutes(three_one, cal.span("month", D(2026, 10, 10)), cal) == 120


def test_monthly_line_starting_mid_month():
    cal = calendar()
    started = line(minutes=60, period="month", start_date=D(2026, 10, 14))
    # 13 of October's 22 weekdays are on or after Wed 14 Oct.
    assert required_minutes(started, cal.span("month", D(2026, 10, 20)), cal) == 35


def test_line_ending_mid_week():
    cal = calendar()
    ending = line(end_date=D(2026, 10, 13))  # a Tuesday
    assert required_minutes(ending, cal.span("week", D(2026, 10, 12)), cal) == 12


def test_yearly_line_spreads_over_the_school_year():
    cal = calendar()
    yearly = line(minutes=900, period="year")
    assert required_minutes(yearly, cal.span("year", D(2026, 10, 1)), cal) == 900
    late = line(minutes=900, period="year", start_date=D(2027, 1, 4))
    school_days = cal.counted_days(D(2026, 8, 17), D(2027, 6, 4))
    from_january = cal.counted_days(D(2027, 1, 4), D(2027, 6, 4))
    assert required_minutes(late, cal.span("year", D(2027, 2, 1)), cal) == prorate(
        900, from_january, school_days
    )


AFTER = D(2027, 1, 30)


def compute(
    the_line=None,
    span=None,
    credits=(),
    misses=(),
    makeups=None,
    policy=None,
    today=AFTER,
    planned_left=0,
    cal=None,
):
    cal = cal or calendar()
    the_line = the_line or line()
    return line_period(
        line=the_line,
        span=span or cal.span("week", D(2026, 10, 5)),
        cal=cal,
        credits=list(credits),
        misses=list(misses),
        makeups=makeups or {},
        policy=Policy([Rules(owed=policy, effective_from=D(2000, 1, 1))])
        if policy is not None
        else Policy(),
        today=today,
        planned_left=planned_left,
    )


def test_delivered_counts_sessions_in_the_period_only():
    result = compute(
        credits=[
            Credit(1, D(2026, 10, 6), 20),
            Credit(1, D(2026, 10, 8), 10),
            Credit(1, D(2026, 10, 13), 30),
        ]
    )
    assert (result.required, result.delivered, result.remaining, result.status) == (
        30,
        30,
        0,
        ON_TRACK,
    )
    assert result.reason == "30 of 30 min delivered"


@pytest.mark.parametrize("reason", list(MissReason))
@pytest.mark.parametrize("owed", [True, False])
def test_each_miss_reason_under_both_policies(reason, owed):
    policy = {str(r): (owed if r == reason else DEFAULT_OWED[r]) for r in MissReason}
    result = compute(misses=[Miss(9, 1, D(2026, 10, 7), 30, reason)], policy=policy)
    assert result.missed == {reason: 30}
    if owed:
        assert (result.owed, result.excused, result.outstanding, result.remaining) == (
            30,
            0,
            30,
            30,
        )
        assert result.status == BEHIND
        assert result.reason == "ended 30 min short"
    else:
        assert (result.owed, result.excused, result.outstanding, result.remaining) == (
            0,
            30,
            0,
            0,
        )
        assert result.status == EXCUSED
        label = reason.label.lower()
        assert result.reason == f"0 of 30 min delivered, {label}; nothing owed"


def test_default_policy_owes_provider_caused_misses_only():
    assert {r for r, owed in DEFAULT_OWED.items() if owed} == {
        MissReason.PROVIDER_ABSENT,
        MissReason.PROVIDER_PULLED,
    }


def test_makeup_in_the_next_month_credits_the_month_of_the_miss():
    cal = calendar()
    monthly = line(minutes=60, period="month")
    miss = Miss(5, 1, D(2026, 10, 30), 30, MissReason.PROVIDER_ABSENT)
    makeup = Credit(1, D(2026, 11, 2), 30, makeup_for=5)
    credits = [Credit(1, D(2026, 10, 16), 30), makeup, Credit(1, D(2026, 11, 9), 30)]
    october = compute(
        monthly, cal.span("month", D(2026, 10, 1)), credits, [miss], {5: [makeup]}, cal=cal
    )
    november = compute(
        monthly, cal.span("month", D(2026, 11, 1)), credits, [], {5: [makeup]}, cal=cal
    )
    assert (october.required, october.delivered, october.owed, october.made_up) == (60, 30, 30, 30)
    assert (october.outstanding, october.remaining, october.status) == (0, 0, ON_TRACK)
    assert october.made_up_on == [D(2026, 11, 2)]
    # November counts only its own session, not the make-up that happened in it.
    assert (november.required, november.delivered, november.made_up) == (51, 30, 0)
    assert november.remaining == 21


def test_makeup_credit_is_capped_at_the_missed_minutes():
    miss = Miss(5, 1, D(2026, 10, 7), 20, MissReason.PROVIDER_PULLED)
    makeup = Credit(1, D(2026, 10, 9), 45, makeup_for=5)
    result = compute(misses=[miss], makeups={5: [makeup]})
    assert (result.owed, result.made_up, result.outstanding, result.remaining) == (20, 20, 0, 10)


def test_projection_words_in_the_current_week():
    today = D(2026, 10, 7)  # Wednesday: Wed, Thu, Fri left
    result = compute(line(minutes=60), credits=[Credit(1, D(2026, 10, 5), 15)], today=today)
    assert result.remaining == 45
    assert result.reason == "needs 45 more min in 3 school days left this week"
    assert result.status == AT_RISK
    planned = compute(
        line(minutes=60), credits=[Credit(1, D(2026, 10, 5), 15)], today=today, planned_left=45
    )
    assert planned.status == ON_TRACK
    assert planned.reason == "needs 45 more min in 3 school days left this week; 45 min planned"


def test_projection_behind_when_far_off_pace():
    today = D(2026, 10, 9)  # Friday, nothing delivered
    result = compute(line(minutes=60), today=today)
    assert result.status == BEHIND
    assert result.reason == "needs 60 more min in 1 school day left this week"


def test_projection_month_words():
    cal = calendar()
    result = compute(
        line(minutes=120, period="month"),
        cal.span("month", D(2026, 10, 1)),
        credits=[Credit(1, D(2026, 10, 5), 60)],
        today=D(2026, 10, 19),
        cal=cal,
    )
    assert result.reason == "needs 60 more min in 10 school days left this month"
    assert result.status == AT_RISK


dates = st.dates(min_value=D(2026, 10, 5), max_value=D(2026, 10, 30))


@settings(max_examples=150, deadline=None)
@given(
    sessions=st.lists(st.tuples(dates, st.integers(5, 90), st.booleans()), max_size=12),
    misses=st.lists(
        st.tuples(dates, st.integers(5, 60), st.sampled_from(list(MissReason))), max_size=6
    ),
    makeup_minutes=st.lists(st.integers(5, 90), max_size=6),
    owed=st.dictionaries(st.sampled_from(list(MissReason)), st.booleans()),
    minutes=st.integers(1, 600),
)
def test_compliance_properties(sessions, misses, makeup_minutes, owed, minutes):
    cal = calendar()
    span = cal.span("month", D(2026, 10, 1))
    credits = [Credit(1, day, m) for day, m, _ in sessions]
    miss_records = [Miss(i, 1, day, m, reason) for i, (day, m, reason) in enumerate(misses)]
    makeups = {
        i: [Credit(1, D(2026, 11, 3), m, makeup_for=i)] for i, m in enumerate(makeup_minutes)
    }
    policy = {str(r): owed.get(r, DEFAULT_OWED[r]) for r in MissReason}
    result = compute(
        line(minutes=minutes, period="month"),
        span,
        credits,
        miss_records,
        makeups,
        policy,
        cal=cal,
    )
    # Delivered never exceeds the minutes of the sessions attended.
    assert result.delivered <= sum(m for _, m, _ in sessions)
    # Made up never exceeds what was missed; outstanding never goes negative.
    assert 0 <= result.made_up <= sum(m.minutes for m in miss_records)
    assert 0 <= result.outstanding <= result.owed
    owed_made_up = sum(
        min(m.minutes, sum(c.minutes for c in makeups.get(m.id, [])))
        for m in miss_records
        if policy[m.reason]
    )
    assert result.outstanding == result.owed - owed_made_up
    assert result.remaining == max(0, result.target - result.delivered - result.made_up)
    assert result.remaining <= result.required
    assert (result.remaining == 0) == (result.status in (ON_TRACK, EXCUSED))
    # Excused says so: a period with minutes excused and nothing left is never "on track".
    assert (result.status == EXCUSED) == (result.remaining == 0 and result.excused > 0)
