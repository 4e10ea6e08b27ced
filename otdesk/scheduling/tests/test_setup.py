"""The schedule set-up pages: bell blocks, days, travel, fixed times, unavailable times,
group rules and weights — what each saves, what each refuses, and who may do it."""

import datetime as dt
import zoneinfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from otdesk.accounts.models import Role
from otdesk.core.models import AuditEvent
from otdesk.scheduling.models import FixedTime, ScheduleSettings
from otdesk.schools.models import BellBlock, NonSchoolDay, SchoolAssignment, TravelTime
from otdesk.students.models import TeamRole, UnavailableTime
from otdesk.testing import factories as f
from otdesk.testing.login import sign_in

pytestmark = pytest.mark.django_db
CHICAGO = zoneinfo.ZoneInfo("America/Chicago")
YEAR_START = dt.date(2026, 8, 17)


@pytest.fixture(autouse=True)
def on_a_friday_in_october():
    with time_machine.travel(dt.datetime(2026, 10, 9, 10, 0, tzinfo=CHICAGO), tick=False):
        yield


@pytest.fixture
def setup(world):
    """The therapist and COTA work at the student's school; a second school nearby."""
    SchoolAssignment.objects.create(
        person=world.therapist, school=world.school, start_date=YEAR_START, days="Mon Tue"
    )
    SchoolAssignment.objects.create(
        person=world.cota, school=world.school, start_date=YEAR_START, days="Wed"
    )
    world.room = world.student.classroom
    world.other_school = named_school(world.district, "Cedar Hill")
    world.other_room = f.make_classroom(world.other_school)
    return world


def named_school(district, name):
    school = f.make_school(district)
    school.name = name
    school.save(update_fields=["name"])
    return school


def block_post(**changes):
    data = {
        "name": "Writing block",
        "kind": "writing",
        "weekdays": ["0", "1", "2", "3"],
        "start": "09:00",
        "end": "09:45",
        "classroom": "",
        "protected": "usual",
    }
    data.update(changes)
    return data


def errors(response):
    return [str(e) for field in response.context["form"].errors.values() for e in field]


# Bell schedule -------------------------------------------------------------------------


def test_block_add_on_four_days_makes_four_rows(client, setup):
    client.force_login(setup.therapist)
    url = reverse("scheduling:setup_block_add", args=[setup.school.pk])
    response = client.post(url, block_post(classroom=str(setup.room.pk)))
    assert response.status_code == 302
    assert response["Location"] == reverse("scheduling:setup_school", args=[setup.school.pk])
    rows = list(
        BellBlock.objects.order_by("weekday").values_list(
            "school_id", "classroom_id", "weekday", "name", "kind", "start", "end", "protected"
        )
    )
    school, room, nine, quarter_to_ten = setup.school.pk, setup.room.pk, dt.time(9), dt.time(9, 45)
    assert rows == [
        (school, room, day, "Writing block", "writing", nine, quarter_to_ten, False)
        for day in range(4)
    ]
    events = AuditEvent.objects.filter(object_type="schools.bellblock", action="create")
    assert events.count() == 4
    page = client.get(response["Location"]).content.decode()
    assert page.count('<span class="setup-time">09:00–09:45</span>') == 4


def test_block_protected_follows_the_kind_unless_chosen(client, setup):
    client.force_login(setup.therapist)
    url = reverse("scheduling:setup_block_add", args=[setup.school.pk])
    client.post(url, block_post(name="Reading", kind="reading", weekdays=["0"]))
    client.post(url, block_post(name="Math", kind="math", weekdays=["1"], protected="no"))
    client.post(url, block_post(name="Centers", kind="centers", weekdays=["2"], protected="yes"))
    client.post(url, block_post(name="Writing", kind="writing", weekdays=["3"]))
    assert dict(BellBlock.objects.values_list("name", "protected")) == {
        "Reading": True,
        "Math": False,
        "Centers": True,
        "Writing": False,
    }


def test_block_overlapping_the_same_scope_is_refused_by_name(client, setup):
    f.make_block(setup.school, start=dt.time(9, 30), end=dt.time(10, 30), protected=True)
    client.force_login(setup.therapist)
    url = reverse("scheduling:setup_block_add", args=[setup.school.pk])
    response = client.post(url, block_post(weekdays=["0", "1"], start="09:00", end="10:00"))
    assert response.status_code == 400
    assert errors(response) == [
        "This overlaps Reading on Monday 09:30–10:30 in the whole-school schedule. "
        "Change the times or that block first."
    ]
    assert BellBlock.objects.count() == 1
    # A classroom's own block may sit inside a whole-school block.
    room_post = block_post(weekdays=["0"], start="09:00", end="10:00", classroom=setup.room.pk)
    assert client.post(url, room_post).status_code == 302
    # ...but not overlap another block of that classroom.
    response = client.post(url, {**room_post, "start": "09:45", "end": "10:15"})
    assert errors(response) == [
        f"This overlaps Writing block on Monday 09:00–10:00 in {setup.room.name}'s schedule. "
        "Change the times or that block first."
    ]
    # Touching end to start is not an overlap.
    assert client.post(url, {**room_post, "start": "10:00", "end": "10:30"}).status_code == 302


def test_block_times_must_lie_in_the_school_day_and_end_after_start(client, setup):
    client.force_login(setup.therapist)
    url = reverse("scheduling:setup_block_add", args=[setup.school.pk])
    response = client.post(url, block_post(start="05:30", end="18:30"))
    assert response.context["form"].errors == {
        "start": ["Enter a start from 06:00 to 18:00."],
        "end": ["Enter an end from 06:00 to 18:00."],
    }
    response = client.post(url, block_post(start="10:00", end="09:00", weekdays=[]))
    assert response.context["form"].errors == {
        "weekdays": ["Tick at least one day."],
        "end": ["The block must end after it starts (10:00)."],
    }
    assert BellBlock.objects.count() == 0


def test_block_for_a_classroom_of_another_school_is_refused(client, setup):
    client.force_login(setup.therapist)
    url = reverse("scheduling:setup_block_add", args=[setup.school.pk])
    response = client.post(url, block_post(classroom=str(setup.other_room.pk)))
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "classroom": [f"Choose a classroom of {setup.school.name} that you may change."]
    }
    assert BellBlock.objects.count() == 0


def test_teacher_changes_own_classroom_blocks_only(client, setup):
    school_block = f.make_block(
        setup.school, name="Math", kind="math", start=dt.time(10), end=dt.time(11), protected=True
    )
    client.force_login(setup.teacher)
    assert client.get(reverse("scheduling:setup_school", args=[setup.school.pk])).status_code == 200
    url = reverse("scheduling:setup_block_add", args=[setup.school.pk])
    response = client.post(url, block_post(weekdays=["0"]))
    assert response.context["form"].errors == {"classroom": ["Choose your classroom."]}
    assert client.post(url, block_post(weekdays=["0"], classroom=setup.room.pk)).status_code == 302
    own = BellBlock.objects.get(classroom=setup.room)
    edit = reverse("scheduling:setup_block", args=[own.pk])
    changed = block_post(weekdays=None, weekday="1", classroom=setup.room.pk, name="Journal")
    del changed["weekdays"]
    assert client.post(edit, changed).status_code == 302
    own.refresh_from_db()
    assert (own.name, own.weekday) == ("Journal", 1)
    # The whole-school blocks are read-only for a teacher.
    assert client.get(reverse("scheduling:setup_block", args=[school_block.pk])).status_code == 403
    remove = reverse("scheduling:setup_block_remove", args=[school_block.pk])
    assert client.post(remove).status_code == 403
    assert BellBlock.objects.filter(pk=school_block.pk).exists()


def test_outsiders_get_404_and_read_only_staff_403(client, setup):
    block = f.make_block(setup.school, name="Math", start=dt.time(10), end=dt.time(11))
    school_url = reverse("scheduling:setup_school", args=[setup.school.pk])
    add_url = reverse("scheduling:setup_block_add", args=[setup.school.pk])
    block_url = reverse("scheduling:setup_block", args=[block.pk])
    remove_url = reverse("scheduling:setup_block_remove", args=[block.pk])
    other_district = f.make_district(name="Elsewhere")
    for outsider in (
        setup.outsider,  # an OT of the district with no assignment at the school
        f.make_user(Role.COORDINATOR, other_district),
        setup.parent,
    ):
        sign_in(client, outsider)
        for url in (school_url, add_url, block_url):
            assert client.get(url).status_code == 404, (outsider, url)
        assert client.post(remove_url).status_code == 404
    slp = f.make_user(Role.SPECIALIST, setup.district)
    SchoolAssignment.objects.create(person=slp, school=setup.school, start_date=YEAR_START)
    SchoolAssignment.objects.create(person=setup.aide, school=setup.school, start_date=YEAR_START)
    for reader in (slp, setup.aide):
        sign_in(client, reader)
        page = client.get(school_url)
        assert page.status_code == 200
        assert "Add a block" not in page.content.decode()
        assert client.get(add_url).status_code == 403
        assert client.post(add_url, block_post()).status_code == 403
        assert client.get(block_url).status_code == 403
        assert client.post(remove_url).status_code == 403
    assert BellBlock.objects.count() == 1


def test_coordinator_and_cota_change_the_whole_school(client, setup):
    for person, day in ((setup.coordinator, "0"), (setup.cota, "1")):
        sign_in(client, person)
        url = reverse("scheduling:setup_block_add", args=[setup.school.pk])
        assert client.post(url, block_post(weekdays=[day])).status_code == 302
    assert BellBlock.objects.filter(classroom__isnull=True).count() == 2


def test_block_change_and_remove_are_audited(client, setup):
    block = f.make_block(
        setup.school, name="Math", kind="math", start=dt.time(10), end=dt.time(11), protected=True
    )
    client.force_login(setup.therapist)
    data = block_post(name="Math", kind="math", weekday="4", start="13:00", end="14:00")
    del data["weekdays"]
    response = client.post(reverse("scheduling:setup_block", args=[block.pk]), data)
    assert response.status_code == 302
    block.refresh_from_db()
    assert (block.weekday, block.start, block.end, block.protected) == (
        4, dt.time(13), dt.time(14), True
    )  # fmt: skip
    client.post(reverse("scheduling:setup_block_remove", args=[block.pk]))
    assert not BellBlock.objects.exists()
    summaries = list(
        AuditEvent.objects.filter(object_type="schools.bellblock")
        .order_by("at", "pk")
        .values_list("action", "summary")
    )
    short = setup.school.short_name
    assert summaries == [
        ("update", f"Bell block at {short}: Friday 13:00–14:00 Math"),
        ("void", f"Removed bell block at {short}: Friday 13:00–14:00 Math"),
    ]


def test_school_page_queries_do_not_grow_with_blocks(client, setup):
    client.force_login(setup.therapist)
    url = reverse("scheduling:setup_school", args=[setup.school.pk])

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    f.make_block(setup.school, name="A", start=dt.time(8), end=dt.time(9))
    one = count()
    for n in range(2, 6):
        room = f.make_classroom(setup.school, teacher=f.make_user(Role.TEACHER, setup.district))
        f.make_block(setup.school, weekday=n % 5, name=f"B{n}", start=dt.time(9), end=dt.time(10))
        f.make_block(
            setup.school, classroom=room, weekday=1, name="C", start=dt.time(8), end=dt.time(9)
        )
    assert count() == one


# Days at each school -------------------------------------------------------------------


def test_days_are_saved_as_weekday_names_and_split_days_allowed(client, setup):
    second = SchoolAssignment.objects.create(
        person=setup.therapist, school=setup.other_school, start_date=YEAR_START, days="Thu"
    )
    first = SchoolAssignment.objects.get(person=setup.therapist, school=setup.school)
    client.force_login(setup.therapist)
    url = reverse("scheduling:setup_days")
    response = client.post(
        url, {f"days_{first.pk}": ["Wed", "Mon"], f"days_{second.pk}": ["Wed", "Fri"]}
    )
    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.days, second.days) == ("Mon Wed", "Wed Fri")
    page = client.get(url).content.decode()
    assert f"Split days: Wednesday: {setup.other_school.name} and {setup.school.name}." in page
    assert AuditEvent.objects.filter(object_type="schools.schoolassignment").count() == 2


def test_days_need_at_least_one_day_and_nothing_saves_otherwise(client, setup):
    first = SchoolAssignment.objects.get(person=setup.therapist, school=setup.school)
    client.force_login(setup.therapist)
    response = client.post(reverse("scheduling:setup_days"), {})
    assert response.status_code == 400
    assert errors(response) == [f"Tick at least one day at {setup.school.name}."]
    first.refresh_from_db()
    assert first.days == "Mon Tue"


def test_days_page_is_the_therapists_own(client, setup):
    ended = SchoolAssignment.objects.create(
        person=setup.therapist, school=setup.other_school, start_date=YEAR_START,
        end_date=dt.date(2026, 9, 30), days="Fri",
    )  # fmt: skip
    client.force_login(setup.therapist)
    form = client.get(reverse("scheduling:setup_days")).context["form"]
    assert list(form.fields) == [
        f"days_{SchoolAssignment.objects.get(school=setup.school, person=setup.therapist).pk}"
    ]
    assert f"days_{ended.pk}" not in form.fields
    for person in (setup.teacher, setup.coordinator, setup.aide):
        sign_in(client, person)
        assert client.get(reverse("scheduling:setup_days")).status_code == 404


# Travel times --------------------------------------------------------------------------


def test_travel_saves_one_row_per_unordered_pair(client, setup):
    third = named_school(setup.district, "Riverside")
    a, b, c = setup.school, setup.other_school, third
    sign_in(client, setup.coordinator)
    url = reverse("scheduling:setup_travel")
    form = client.get(url).context["form"]
    assert sorted(form.fields) == sorted(
        [f"pair_{a.pk}_{b.pk}", f"pair_{a.pk}_{c.pk}", f"pair_{b.pk}_{c.pk}"]
    )
    data = {f"pair_{a.pk}_{b.pk}": "20", f"pair_{a.pk}_{c.pk}": "", f"pair_{b.pk}_{c.pk}": "0"}
    assert client.post(url, data).status_code == 302
    assert set(TravelTime.objects.values_list("school_a_id", "school_b_id", "minutes")) == {
        (a.pk, b.pk, 20),
        (b.pk, c.pk, 0),
    }
    # Blank again returns a pair to the default; a new value replaces the old row.
    data = {f"pair_{a.pk}_{b.pk}": "25", f"pair_{a.pk}_{c.pk}": "", f"pair_{b.pk}_{c.pk}": ""}
    assert client.post(url, data).status_code == 302
    assert list(TravelTime.objects.values_list("school_a_id", "school_b_id", "minutes")) == [
        (a.pk, b.pk, 25)
    ]
    events = AuditEvent.objects.filter(object_type="schools.traveltime")
    assert events.count() == 4
    assert set(events.values_list("action", "summary")) == {
        ("create", f"Travel {a.short_name}–{b.short_name}: 20 min"),
        ("create", f"Travel {b.short_name}–{c.short_name}: 0 min"),
        ("update", f"Travel {a.short_name}–{b.short_name}: 25 min"),
        ("void", f"Travel {b.short_name}–{c.short_name} back to the default"),
    }


def test_travel_with_one_bad_value_saves_nothing(client, setup):
    third = named_school(setup.district, "Riverside")
    a, b, c = setup.school, setup.other_school, third
    TravelTime.objects.create(school_a=a, school_b=b, minutes=10)
    client.force_login(setup.therapist)
    data = {f"pair_{a.pk}_{b.pk}": "30", f"pair_{a.pk}_{c.pk}": "181", f"pair_{b.pk}_{c.pk}": "12"}
    response = client.post(reverse("scheduling:setup_travel"), data)
    assert response.status_code == 400
    assert response.context["form"].errors == {
        f"pair_{a.pk}_{c.pk}": ["Enter from 0 to 180 minutes."]
    }
    assert "Nothing was saved." in response.content.decode()
    assert list(TravelTime.objects.values_list("school_a_id", "school_b_id", "minutes")) == [
        (a.pk, b.pk, 10)
    ]
    data[f"pair_{a.pk}_{c.pk}"] = "-1"
    assert client.post(reverse("scheduling:setup_travel"), data).status_code == 400
    assert TravelTime.objects.count() == 1
    # A form without the pairs' boxes would clear every time: refused, nothing changes.
    partial = client.post(reverse("scheduling:setup_travel"), {"pair_2_99": "5"})
    assert partial.status_code == 400
    assert partial.context["form"].non_field_errors() == [
        "The form came back without every pair of schools; nothing was saved. "
        "Reload the page and try again."
    ]
    assert TravelTime.objects.count() == 1


def test_travel_is_kept_by_the_districts_therapists_and_coordinator(client, setup):
    elsewhere = f.make_district(name="Elsewhere")
    f.make_school(elsewhere)
    f.make_school(elsewhere)
    far_ot = f.make_user(Role.OT, elsewhere)
    client.force_login(far_ot)
    [field] = client.get(reverse("scheduling:setup_travel")).context["form"].fields
    assert str(setup.school.pk) not in field.split("_")
    for person in (setup.teacher, setup.aide, setup.parent):
        sign_in(client, person)
        assert client.get(reverse("scheduling:setup_travel")).status_code == 404
        assert client.post(reverse("scheduling:setup_travel"), {}).status_code == 404


# Meetings and protected time -----------------------------------------------------------


def fixed_post(**changes):
    data = {"title": "IEP meeting", "kind": "meeting", "start": "14:00", "end": "15:00"}
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_one_off_takes_its_weekday_from_the_date(client, setup):
    client.force_login(setup.therapist)
    response = client.post(
        reverse("scheduling:setup_fixed_add"),
        fixed_post(date="2026-10-14", school=str(setup.school.pk)),
    )
    assert response.status_code == 302
    fixed = FixedTime.objects.get()
    assert (fixed.provider, fixed.weekday, fixed.date, fixed.school, fixed.start, fixed.end) == (
        setup.therapist, 2, dt.date(2026, 10, 14), setup.school, dt.time(14), dt.time(15)
    )  # fmt: skip
    event = AuditEvent.objects.get(object_type="scheduling.fixedtime")
    assert event.summary == "Meeting: IEP meeting, Wed 14 Oct 2026 14:00–15:00"


def test_weekly_time_on_several_days(client, setup):
    client.force_login(setup.therapist)
    data = fixed_post(title="Documentation", kind="protected", weekdays=["4", "1"])
    assert client.post(reverse("scheduling:setup_fixed_add"), data).status_code == 302
    assert list(FixedTime.objects.order_by("weekday").values_list("weekday", "date", "kind")) == [
        (1, None, "protected"),
        (4, None, "protected"),
    ]
    page = client.get(reverse("scheduling:setup_fixed")).content.decode()
    assert page.count('<span class="setup-what">Documentation <span') == 2


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"date": "2026-10-08"}, "date", "Thu 8 Oct 2026 has passed. Enter today or a later date."),
        ({"date": "2026-10-10"}, "date", "Sat 10 Oct 2026 is a weekend day. Choose a school day."),
        (
            {"date": "2027-06-15"},
            "date",
            "Tue 15 Jun 2027 is outside the school year (Mon 17 Aug 2026 to Fri 4 Jun 2027).",
        ),
        (
            {"date": "2026-10-12"},
            "date",
            "Schools are closed on Mon 12 Oct 2026 (PD day). Choose a school day.",
        ),
        (
            {"date": "2026-10-14", "weekdays": ["2"]},
            "weekdays",
            "Leave the days blank for a one-off: its day comes from the date.",
        ),
        ({}, "weekdays", "Tick the days of a weekly time, or enter the date of a one-off."),
        (
            {"weekdays": ["0"], "start": "15:00"},
            "end",
            "The time must end after it starts (15:00).",
        ),
    ],
)
def test_fixed_time_refusals(client, setup, changes, field, message):
    NonSchoolDay.objects.create(district=setup.district, date=dt.date(2026, 10, 12), name="PD day")
    client.force_login(setup.therapist)
    response = client.post(reverse("scheduling:setup_fixed_add"), fixed_post(**changes))
    assert response.status_code == 400
    assert response.context["form"].errors == {field: [message]}
    assert not FixedTime.objects.exists()


def test_today_is_not_in_the_past(client, setup):
    client.force_login(setup.therapist)
    response = client.post(reverse("scheduling:setup_fixed_add"), fixed_post(date="2026-10-09"))
    assert response.status_code == 302


def test_fixed_time_change_and_remove_are_the_owners(client, setup):
    fixed = f.make_fixed_time(setup.therapist, title="Team", start=dt.time(8), end=dt.time(8, 30))
    client.force_login(setup.cota)
    edit = reverse("scheduling:setup_fixed_edit", args=[fixed.pk])
    remove = reverse("scheduling:setup_fixed_remove", args=[fixed.pk])
    assert client.get(edit).status_code == 404
    assert client.post(remove).status_code == 404
    client.force_login(setup.teacher)
    assert client.get(reverse("scheduling:setup_fixed")).status_code == 404
    client.force_login(setup.therapist)
    response = client.post(
        edit, fixed_post(title="Team meeting", weekday="3", start="07:45", end="08:15")
    )
    assert response.status_code == 302
    fixed.refresh_from_db()
    assert (fixed.title, fixed.weekday, fixed.date, fixed.start) == (
        "Team meeting", 3, None, dt.time(7, 45)
    )  # fmt: skip
    # Changed into a one-off: the weekday follows the date.
    assert client.post(edit, fixed_post(date="2026-10-16")).status_code == 302
    fixed.refresh_from_db()
    assert (fixed.weekday, fixed.date) == (4, dt.date(2026, 10, 16))
    assert client.post(remove).status_code == 302
    assert not FixedTime.objects.exists()
    assert list(
        AuditEvent.objects.filter(object_type="scheduling.fixedtime")
        .order_by("pk")
        .values_list("action", flat=True)
    ) == ["update", "update", "void"]


# Students' unavailable times -----------------------------------------------------------


def unavailable_post(**changes):
    data = {"weekdays": ["0", "2"], "start": "10:00", "end": "10:30", "reason": "Speech therapy"}
    data.update(changes)
    return data


def test_students_ot_adds_and_removes_unavailable_times(client, setup):
    client.force_login(setup.therapist)
    url = reverse("scheduling:unavailable_add", args=[setup.student.pk])
    response = client.post(url, unavailable_post())
    assert response.status_code == 302
    assert response["Location"] == reverse("students:detail", args=[setup.student.pk])
    rows = list(
        UnavailableTime.objects.order_by("weekday").values_list(
            "student_id", "weekday", "start", "end", "reason"
        )
    )
    assert rows == [
        (setup.student.pk, 0, dt.time(10), dt.time(10, 30), "Speech therapy"),
        (setup.student.pk, 2, dt.time(10), dt.time(10, 30), "Speech therapy"),
    ]
    page = client.get(response["Location"]).content.decode()
    assert "Times the student cannot be seen" in page
    assert "Monday 10:00–10:30" in page and "Wednesday 10:00–10:30" in page
    monday = UnavailableTime.objects.get(weekday=0)
    remove = reverse("scheduling:unavailable_remove", args=[setup.student.pk, monday.pk])
    assert client.post(remove).status_code == 302
    assert list(UnavailableTime.objects.values_list("weekday", flat=True)) == [2]
    events = AuditEvent.objects.filter(object_type="students.unavailabletime").order_by("pk")
    assert [(e.action, e.student_id) for e in events] == [
        ("create", setup.student.pk),
        ("create", setup.student.pk),
        ("void", setup.student.pk),
    ]


def test_unavailable_times_refuse_bad_times(client, setup):
    client.force_login(setup.cota)  # a COTA who serves the student may enter them too
    url = reverse("scheduling:unavailable_add", args=[setup.student.pk])
    response = client.post(url, unavailable_post(end="09:00", reason=""))
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "reason": ["Enter the reason."],
        "end": ["The time must end after it starts (10:00)."],
    }
    assert client.post(url, unavailable_post()).status_code == 302


def test_unavailable_times_read_by_the_team_changed_by_providers(client, setup):
    item = UnavailableTime.objects.create(
        student=setup.student, weekday=1, start=dt.time(13), end=dt.time(13, 30), reason="Nurse"
    )
    add = reverse("scheduling:unavailable_add", args=[setup.student.pk])
    remove = reverse("scheduling:unavailable_remove", args=[setup.student.pk, item.pk])
    for reader in (setup.teacher, setup.coordinator):
        sign_in(client, reader)
        page = client.get(reverse("students:detail", args=[setup.student.pk])).content.decode()
        assert "Tuesday 13:00–13:30" in page
        assert "Add a time" not in page and "Remove" not in page
        assert client.get(add).status_code == 403
        assert client.post(add, unavailable_post()).status_code == 403
        assert client.post(remove).status_code == 403
    client.force_login(setup.outsider)
    assert client.get(add).status_code == 404
    assert client.post(remove).status_code == 404
    # An item of another student is not reachable through this student.
    other = f.make_student(setup.school)
    f.add_to_team(other, setup.therapist, TeamRole.OT)
    client.force_login(setup.therapist)
    wrong = reverse("scheduling:unavailable_remove", args=[other.pk, item.pk])
    assert client.post(wrong).status_code == 404
    assert UnavailableTime.objects.count() == 1


# Group rules and weights ---------------------------------------------------------------


def rules_post(**changes):
    data = {
        "grade_band": "2",
        "shared_goal_area": "on",
        "max_group_size": "3",
        "weight_goal_block": "8",
        "weight_fewer_switches": "10",
        "weight_even_spread": "0",
        "weight_groups": "4",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_rules_are_created_on_first_save_then_changed(client, setup):
    client.force_login(setup.therapist)
    url = reverse("scheduling:setup_rules")
    form = client.get(url).context["form"]
    assert [form[name].value() for name in form.fields] == [1, True, 4, 5, 5, 3, 3]
    assert not ScheduleSettings.objects.exists()
    assert client.post(url, rules_post()).status_code == 302
    saved = ScheduleSettings.objects.get(provider=setup.therapist)
    assert (
        saved.grade_band, saved.shared_goal_area, saved.max_group_size, saved.weight_goal_block,
        saved.weight_fewer_switches, saved.weight_even_spread, saved.weight_groups,
    ) == (2, True, 3, 8, 10, 0, 4)  # fmt: skip
    assert client.post(url, rules_post(shared_goal_area=None, weight_groups="9")).status_code == 302
    saved.refresh_from_db()
    assert (saved.shared_goal_area, saved.weight_groups) == (False, 9)
    assert ScheduleSettings.objects.count() == 1
    assert list(
        AuditEvent.objects.filter(object_type="scheduling.schedulesettings")
        .order_by("pk")
        .values_list("action", flat=True)
    ) == ["create", "update"]


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("weight_goal_block", "11", "Enter a weight from 0 to 10."),
        ("weight_even_spread", "-1", "Enter a weight from 0 to 10."),
        ("weight_groups", "", "Enter a weight from 0 to 10."),
        ("weight_fewer_switches", "2.5", "Enter a weight from 0 to 10."),
        ("max_group_size", "9", "Enter a group size from 1 to 8."),
        ("max_group_size", "0", "Enter a group size from 1 to 8."),
        ("grade_band", "13", "Enter a number of grades from 0 to 12."),
    ],
)
def test_rules_bounds(client, setup, name, value, message):
    client.force_login(setup.therapist)
    response = client.post(reverse("scheduling:setup_rules"), rules_post(**{name: value}))
    assert response.status_code == 400
    assert response.context["form"].errors == {name: [message]}
    assert not ScheduleSettings.objects.exists()


def test_rules_accept_the_bounds(client, setup):
    client.force_login(setup.cota)
    data = rules_post(weight_goal_block="0", weight_groups="10", grade_band="0", max_group_size="8")
    assert client.post(reverse("scheduling:setup_rules"), data).status_code == 302
    saved = ScheduleSettings.objects.get(provider=setup.cota)
    assert (saved.weight_goal_block, saved.weight_groups, saved.grade_band) == (0, 10, 0)


def test_rules_are_a_therapists_own(client, setup):
    for person in (setup.teacher, setup.coordinator, setup.parent):
        sign_in(client, person)
        assert client.get(reverse("scheduling:setup_rules")).status_code == 404


# The hub -------------------------------------------------------------------------------


def test_hub_shows_each_part_for_a_therapist(client, setup):
    f.make_block(setup.school, name="A", start=dt.time(8), end=dt.time(9))
    client.force_login(setup.therapist)
    page = client.get(reverse("scheduling:setup")).content.decode()
    for words in (
        "Bell schedules and class blocks",
        f'{setup.school.name} <span class="setup-count">1 school block · 0 class blocks</span>',
        "Your days at each school",
        f"{setup.school.name}: Mon Tue",
        "0 of 1 pair of schools entered; the others count 15 min.",
        "Meetings and protected time",
        "Group rules and preference weights",
        "Times a student cannot be seen",
    ):
        assert words in page
    assert setup.other_school.name not in page.split("Your days")[0]
    more = client.get(reverse("more")).content.decode()
    assert f'<a href="{reverse("scheduling:setup")}">Schedule set-up</a>' in more


def test_hub_for_coordinator_teacher_and_others(client, setup):
    sign_in(client, setup.coordinator)
    page = client.get(reverse("scheduling:setup")).content.decode()
    assert setup.school.name in page and setup.other_school.name in page
    assert "Travel times between schools" in page and "Your days" not in page
    more = client.get(reverse("more")).content.decode()
    assert "Schedule set-up" in more
    client.force_login(setup.teacher)
    page = client.get(reverse("scheduling:setup")).content.decode()
    assert setup.school.name in page and setup.other_school.name not in page
    assert "Travel times" not in page
    for person in (setup.aide, setup.parent):
        sign_in(client, person)
        assert client.get(reverse("scheduling:setup")).status_code == 404
