import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from otdesk.students.forms import IEPForm, ServiceLineForm
from otdesk.students.models import IEP, ServiceLine

pytestmark = pytest.mark.django_db

GOOD_LINE = {
    "kind": "direct",
    "delivery_model": "push_in",
    "minutes": "30",
    "period": "week",
    "location": "general_ed",
    "group_size": "1",
    "start_date": "2026-08-24",
    "end_date": "2027-08-20",
}


def line_errors(world, **changes) -> dict[str, list[str]]:
    form = ServiceLineForm({**GOOD_LINE, **changes}, instance=ServiceLine(iep=world.iep))
    form.is_valid()
    return {name: list(errors) for name, errors in form.errors.items()}


def test_service_line_form_accepts_a_good_line(world):
    assert line_errors(world) == {}


@pytest.mark.parametrize(
    ("minutes", "message"),
    [
        ("0", "Minutes must be a whole number of at least 1."),
        ("-5", "Minutes must be a whole number of at least 1."),
        ("2.5", "Enter minutes as a whole number, e.g. 30."),
        ("thirty", "Enter minutes as a whole number, e.g. 30."),
        ("", "Enter the minutes the IEP promises."),
    ],
)
def test_service_line_minutes_must_be_a_positive_whole_number(world, minutes, message):
    assert line_errors(world, minutes=minutes) == {"minutes": [message]}


@pytest.mark.parametrize(("period", "limit"), [("week", 600), ("month", 2400), ("year", 21600)])
def test_service_line_minutes_have_an_upper_bound_per_period(world, period, limit):
    assert line_errors(world, minutes=str(limit), period=period) == {}
    assert line_errors(world, minutes=str(limit + 1), period=period) == {
        "minutes": [f"More than the {limit} minutes a {period} OT Desk allows; check the IEP."]
    }


def test_service_line_must_lie_within_the_iep(world):
    assert line_errors(world, start_date="2026-08-21") == {
        "start_date": ["The line must start on or after the IEP starts (Mon 24 Aug 2026)."]
    }
    assert line_errors(world, end_date="2027-08-21") == {
        "end_date": ["The line must end on or before the IEP ends (Fri 20 Aug 2027)."]
    }


def test_service_line_must_end_after_it_starts(world):
    assert line_errors(world, start_date="2026-10-01", end_date="2026-10-01") == {
        "end_date": ["The end date must be after the start date."]
    }


def test_pull_out_line_needs_a_reason(world):
    assert line_errors(world, delivery_model="pull_out", location="therapy_room") == {
        "pull_out_reason": ["Pull-out needs a reason: say why this service cannot happen in class."]
    }
    assert line_errors(world, delivery_model="combined", pull_out_reason="equipment") == {}


def test_pull_out_other_reason_needs_words(world):
    assert line_errors(world, delivery_model="pull_out", pull_out_reason="other") == {
        "pull_out_reason_other": ["Describe the other reason for pull-out."]
    }
    assert (
        line_errors(
            world,
            delivery_model="pull_out",
            pull_out_reason="other",
            pull_out_reason_other="Needs the swing",
        )
        == {}
    )


def test_reason_is_dropped_from_a_line_that_is_not_pull_out(world):
    form = ServiceLineForm(
        {**GOOD_LINE, "pull_out_reason": "equipment"}, instance=ServiceLine(iep=world.iep)
    )
    assert form.is_valid()
    assert form.instance.pull_out_reason == ""


def test_three_one_pattern_only_for_monthly_lines(world):
    assert line_errors(world, three_one="on") == {
        "three_one": ["The 3:1 pattern applies only to monthly minutes."]
    }
    assert line_errors(world, three_one="on", period="month", minutes="120") == {}


def test_consultation_minutes_need_a_consultation_model(world):
    assert line_errors(world, kind="consultation") == {
        "delivery_model": [
            "Consultation minutes are given through consultation or an aide program; "
            "choose one of those."
        ]
    }
    assert line_errors(world, kind="direct", delivery_model="consultation") == {
        "delivery_model": [
            "Direct minutes need a direct delivery model such as push-in or pull-out."
        ]
    }


def test_group_size_is_between_one_and_eight(world):
    assert line_errors(world, group_size="9") == {
        "group_size": ["Group size must be between 1 (individual) and 8 students."]
    }


def test_iep_runs_at_most_a_year_and_ends_after_it_starts(world):
    data = {
        "start_date": "2026-08-24",
        "end_date": "2027-09-30",
        "annual_review_due": "2027-08-20",
        "reevaluation_due": "2028-05-01",
        "status": "active",
    }
    form = IEPForm(data, instance=world.iep)
    assert not form.is_valid()
    assert form.errors == {
        "end_date": [
            "An IEP runs for at most one year; this end date is more than a year after the start."
        ]
    }
    form = IEPForm({**data, "end_date": "2026-08-01"}, instance=world.iep)
    assert not form.is_valid()
    assert form.errors == {"end_date": ["The IEP must end after it starts."]}


def test_minutes_narrated_in_report_needs_the_reports_words(world):
    data = {
        "start_date": "2026-08-24",
        "end_date": "2027-08-20",
        "annual_review_due": "2027-08-20",
        "reevaluation_due": "2028-05-01",
        "status": "active",
        "minutes_narrated_in_report": "on",
    }
    form = IEPForm(data, instance=world.iep)
    assert form.errors == {
        "report_narrative": [
            "Copy what the OT report says about minutes, so the team can check it."
        ]
    }
    form = IEPForm({**data, "report_narrative": "About 25 minutes a week."}, instance=world.iep)
    assert form.is_valid()


def test_database_refuses_a_second_active_iep(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        IEP.objects.create(
            student=world.student,
            start_date=dt.date(2026, 9, 1),
            end_date=dt.date(2027, 8, 31),
            annual_review_due=dt.date(2027, 8, 31),
            reevaluation_due=dt.date(2028, 5, 1),
        )


def test_model_clean_rejects_zero_minutes(world):
    line = ServiceLine(
        iep=world.iep,
        kind="direct",
        delivery_model="push_in",
        minutes=0,
        period="week",
        location="general_ed",
        start_date=world.iep.start_date,
        end_date=world.iep.end_date,
    )
    with pytest.raises(ValidationError) as info:
        line.full_clean()
    assert info.value.message_dict["minutes"] == ["Minutes must be a whole number of at least 1."]


def test_service_line_summary_keeps_direct_and_consult_apart(world):
    lines = list(world.iep.service_lines.all())
    assert [line.summary for line in lines] == [
        "Direct 30 min/week (push-in)",
        "Consult 60 min/month",
    ]
    line = ServiceLine(
        kind="direct", delivery_model="pull_out", minutes=120, period="month", three_one=True
    )
    assert line.summary == "Direct 120 min/month 3:1 (pull-out)"
