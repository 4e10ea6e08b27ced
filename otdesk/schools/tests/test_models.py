"""School records: day names, a block's classroom, the days an assignment covers."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from otdesk.core.times import DAY_NAMES
from otdesk.schools.models import BellBlock, SchoolAssignment, Weekday
from otdesk.testing import factories as f

pytestmark = pytest.mark.django_db


def test_weekday_labels_are_the_shared_day_names():
    assert [label for _, label in Weekday.choices] == list(DAY_NAMES)


def test_a_block_cannot_name_another_schools_classroom(world):
    elsewhere = f.make_classroom(f.make_school(world.district))
    block = BellBlock(
        school=world.school,
        classroom=elsewhere,
        weekday=0,
        start=dt.time(9),
        end=dt.time(10),
        name="Math",
    )
    with pytest.raises(ValidationError) as info:
        block.full_clean()
    assert info.value.message_dict == {"classroom": ["That classroom is in another school."]}
    block.classroom = f.make_classroom(world.school)
    block.full_clean()


def test_an_assignment_without_days_covers_the_whole_week(world):
    assignment = SchoolAssignment(person=world.therapist, school=world.school, days="Wed Mon")
    assert assignment.weekdays == [0, 2]
    assignment.days = ""
    assert assignment.weekdays == [0, 1, 2, 3, 4]
