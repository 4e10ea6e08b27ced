"""Importing OneRoster zips: the dry run, per-row problems, idempotence, bulk and delta
files, deactivation that keeps the OT record, 1.2 roles and preferred names."""

import datetime as dt
import io
import zipfile

import pytest

from otdesk.accounts.models import Role, User
from otdesk.core.models import AuditEvent
from otdesk.roster.models import RosterEnrollment
from otdesk.roster.services import check_roster, import_roster
from otdesk.roster.synthetic import build_zip
from otdesk.schools.models import Classroom, School
from otdesk.students.models import Student, TeamMember, TeamRole
from otdesk.testing import factories as f

pytestmark = pytest.mark.django_db

ORGS = [
    {"sourcedId": "dist-9", "name": "Riverbend USD", "type": "district"},
    {"sourcedId": "sch-1", "name": "Alder Elementary", "type": "school", "identifier": "ALD"},
    {"sourcedId": "sch-2", "name": "Birch Elementary", "type": "school", "identifier": "BIR"},
]
SESSIONS = [
    {
        "sourcedId": "sy-26",
        "title": "2026-27",
        "type": "schoolYear",
        "startDate": "2026-08-24",
        "endDate": "2027-06-11",
        "schoolYear": "2027",
    }
]
USERS = [
    {
        "sourcedId": "t-1",
        "orgSourcedIds": "sch-1",
        "role": "teacher",
        "givenName": "Tomas",
        "familyName": "Reyes",
        "email": "t.reyes@riverbend.example",
        "enabledUser": "true",
    },
    {
        "sourcedId": "a-1",
        "orgSourcedIds": "sch-1,sch-2",
        "role": "aide",
        "givenName": "Amina",
        "familyName": "Okoro",
        "email": "a.okoro@riverbend.example",
        "enabledUser": "true",
    },
    {
        "sourcedId": "s-1",
        "orgSourcedIds": "sch-1",
        "role": "student",
        "givenName": "Lucia",
        "familyName": "Marsh",
        "identifier": "100001",
        "grades": "02",
        "agentSourcedIds": "p-1",
    },
    {
        "sourcedId": "s-2",
        "orgSourcedIds": "sch-2",
        "role": "student",
        "givenName": "Omar",
        "familyName": "Said",
        "identifier": "100002",
        "grades": "KG",
    },
    {
        "sourcedId": "p-1",
        "orgSourcedIds": "sch-1",
        "role": "parent",
        "givenName": "Rita",
        "familyName": "Marsh",
        "email": "rita.marsh@family.example",
        "agentSourcedIds": "s-1",
    },
    {
        "sourcedId": "adm-1",
        "orgSourcedIds": "dist-9",
        "role": "administrator",
        "givenName": "Ada",
        "familyName": "Boss",
    },
]
CLASSES = [
    {
        "sourcedId": "c-1",
        "title": "Room 4 homeroom",
        "grades": "02",
        "classType": "homeroom",
        "location": "Room 4",
        "schoolSourcedId": "sch-1",
        "termSourcedIds": "sy-26",
    },
    {
        "sourcedId": "c-2",
        "title": "Art",
        "classType": "scheduled",
        "schoolSourcedId": "sch-1",
        "termSourcedIds": "sy-26",
    },
]
ENROLLMENTS = [
    {
        "sourcedId": "e-1",
        "classSourcedId": "c-1",
        "userSourcedId": "t-1",
        "role": "teacher",
        "primary": "true",
        "schoolSourcedId": "sch-1",
    },
    {
        "sourcedId": "e-2",
        "classSourcedId": "c-1",
        "userSourcedId": "s-1",
        "role": "student",
        "schoolSourcedId": "sch-1",
    },
    {
        "sourcedId": "e-3",
        "classSourcedId": "c-2",
        "userSourcedId": "s-1",
        "role": "student",
        "schoolSourcedId": "sch-1",
    },
]
DEMOGRAPHICS = [
    {"sourcedId": "s-1", "birthDate": "2018-03-14"},
    {"sourcedId": "s-2", "birthDate": "2020-11-02"},
]


def files(**changes: list[dict[str, str]]) -> dict[str, list[dict[str, str]]]:
    base = {
        "orgs": ORGS,
        "academicSessions": SESSIONS,
        "users": USERS,
        "classes": CLASSES,
        "enrollments": ENROLLMENTS,
        "demographics": DEMOGRAPHICS,
    }
    base.update(changes)
    return base


@pytest.fixture
def district():  # type: ignore[no-untyped-def]
    return f.make_district(name="Riverbend USD")


@pytest.fixture
def coordinator(district):  # type: ignore[no-untyped-def]
    return f.make_user(Role.COORDINATOR, district, username="coord")


def counts(plan) -> dict[str, dict[str, int]]:  # type: ignore[no-untyped-def]
    return {
        kind: {a: n for a, n in actions.items() if n} for kind, actions in plan.counts().items()
    }


def run(district, coordinator, data):  # type: ignore[no-untyped-def]
    return import_roster(district=district, data=data, actor=coordinator)


def test_oneroster_valid_zip_dry_run_then_import(district, coordinator):  # type: ignore[no-untyped-def]
    data = build_zip(files())
    plan = check_roster(district=district, data=data, actor=coordinator)
    assert plan.problems == []
    assert counts(plan) == {
        "district": {"update": 1},
        "school": {"create": 2},
        "student": {"create": 2},
        "person": {"create": 2},
        "guardian": {"create": 1},
        "class": {"create": 2},
        "enrollment": {"create": 3},
        "family": {"create": 1},
    }
    assert "1 administrator line of users.csv left out" in " ".join(plan.notes)
    assert Student.objects.count() == 0  # the dry run wrote nothing

    run(district, coordinator, data)
    lucia = Student.objects.get(sourced_id="s-1")
    assert (lucia.first_name, lucia.last_name, lucia.grade) == ("Lucia", "Marsh", "2")
    assert lucia.date_of_birth == dt.date(2018, 3, 14)
    assert lucia.school.name == "Alder Elementary"
    assert lucia.school.short_name == "ALD"
    assert lucia.classroom is not None and lucia.classroom.name == "Room 4 homeroom"
    assert lucia.student_number == "100001"
    omar = Student.objects.get(sourced_id="s-2")
    assert (omar.grade, omar.classroom) == ("K", None)
    homeroom = Classroom.objects.get(sourced_id="c-1")
    assert homeroom.teacher is not None and homeroom.teacher.email == "t.reyes@riverbend.example"
    assert homeroom.room == "Room 4" and homeroom.grade == "2"
    teacher = User.objects.get(sourced_id="t-1")
    assert (teacher.role, teacher.district_id, teacher.has_usable_password()) == (
        Role.TEACHER,
        district.pk,
        False,
    )
    rita = User.objects.get(sourced_id="p-1")
    assert rita.role == Role.GUARDIAN
    link = TeamMember.objects.get(student=lucia, person=rita)
    assert link.role == TeamRole.GUARDIAN and link.end_date is None
    assert not User.objects.filter(sourced_id="adm-1").exists()
    assert RosterEnrollment.objects.filter(district=district).count() == 3
    district.refresh_from_db()
    assert district.sourced_id == "dist-9"
    # Imported students arrive with no OT until someone links them to a caseload.
    assert not TeamMember.objects.filter(student=lucia, role=TeamRole.OT).exists()


def test_oneroster_reimport_changes_nothing(district, coordinator):  # type: ignore[no-untyped-def]
    data = build_zip(files())
    run(district, coordinator, data)
    events = AuditEvent.objects.count()
    plan = check_roster(district=district, data=data, actor=coordinator)
    assert plan.problems == [] and plan.changes == []
    run(district, coordinator, data)
    # The second import records that it ran, and changes no record.
    assert AuditEvent.objects.count() == events + 1
    assert Student.objects.count() == 2 and User.objects.filter(sourced_id__gt="").count() == 3


def test_oneroster_bom_crlf_and_quoted_commas(district, coordinator):  # type: ignore[no-untyped-def]
    data = build_zip(files(), bom=True, newline="\r\n")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        users = archive.read("users.csv")
    assert users.startswith(b"\xef\xbb\xbf") and b"\r\n" in users and b'"sch-1,sch-2"' in users
    plan = check_roster(district=district, data=data, actor=coordinator)
    assert plan.problems == []
    run(district, coordinator, data)
    assert User.objects.get(sourced_id="a-1").role == Role.AIDE


def test_oneroster_unknown_extra_columns_are_ignored(district, coordinator):  # type: ignore[no-untyped-def]
    users = [{**row, "x_locker": "12", "x_bus": "Route 3"} for row in USERS]
    data = build_zip(files(users=users), extra={"users": ["x_locker", "x_bus"]})
    plan = check_roster(district=district, data=data, actor=coordinator)
    assert plan.problems == []
    assert counts(plan)["student"] == {"create": 2}


def test_oneroster_broken_reference_refuses_everything(district, coordinator):  # type: ignore[no-untyped-def]
    enrollments = [
        *ENROLLMENTS,
        {"sourcedId": "e-9", "classSourcedId": "c-404", "userSourcedId": "s-2", "role": "student"},
    ]
    data = build_zip(files(enrollments=enrollments))
    plan = run(district, coordinator, data)
    assert [p.words() for p in plan.problems] == [
        "enrollments.csv, line 5: classSourcedId c-404 is not a class in classes.csv or OT Desk"
    ]
    assert Student.objects.count() == 0
    assert School.objects.count() == 0
    assert User.objects.filter(district=district).count() == 1  # the coordinator


def test_oneroster_bulk_drops_a_student_and_renames_another(district, coordinator):  # type: ignore[no-untyped-def]
    run(district, coordinator, build_zip(files()))
    omar = Student.objects.get(sourced_id="s-2")
    iep = f.make_iep(omar)
    ot = f.make_user(Role.OT, district, username="ot1")
    f.add_to_team(omar, ot, TeamRole.OT)
    users = [row for row in USERS if row["sourcedId"] != "s-2"]
    users = [
        {**row, "familyName": "Marsh-Ortiz"} if row["sourcedId"] == "s-1" else row for row in users
    ]
    demographics = [row for row in DEMOGRAPHICS if row["sourcedId"] != "s-2"]
    data = build_zip(files(users=users, demographics=demographics))

    plan = check_roster(district=district, data=data, actor=coordinator)
    assert [(c.kind, c.action, c.label, c.details) for c in plan.changes] == [
        ("student", "update", "Lucia Marsh-Ortiz", "last name: Marsh → Marsh-Ortiz"),
        ("student", "deactivate", "Omar Said", ""),
    ]
    run(district, coordinator, data)
    omar.refresh_from_db()
    assert omar.active is False
    assert omar.ieps.get() == iep  # her OT records are kept
    assert TeamMember.objects.filter(student=omar, person=ot).exists()
    assert Student.objects.get(sourced_id="s-1").last_name == "Marsh-Ortiz"


def test_oneroster_delta_file(district, coordinator):  # type: ignore[no-untyped-def]
    run(district, coordinator, build_zip(files()))
    delta_users = [
        {**USERS[0], "status": "tobedeleted"},  # the teacher leaves
        {
            "sourcedId": "s-3",
            "status": "active",
            "orgSourcedIds": "sch-2",
            "role": "student",
            "givenName": "Noa",
            "familyName": "Berg",
            "grades": "03",
        },
    ]
    delta_enrollments = [
        {
            "sourcedId": "e-2",
            "status": "tobedeleted",
            "classSourcedId": "c-1",
            "userSourcedId": "s-1",
            "role": "student",
        },
    ]
    data = build_zip(
        {
            "users": delta_users,
            "enrollments": delta_enrollments,
            "demographics": [{"sourcedId": "s-3", "birthDate": "2017-05-05"}],
        },
        modes={"users": "delta", "enrollments": "delta", "demographics": "delta"},
    )
    plan = check_roster(district=district, data=data, actor=coordinator)
    assert plan.problems == []
    assert sorted((c.kind, c.action, c.sourced_id) for c in plan.changes) == [
        ("class", "update", "c-1"),
        ("enrollment", "deactivate", "e-2"),
        ("person", "deactivate", "t-1"),
        ("student", "create", "s-3"),
        ("student", "update", "s-1"),
    ]
    run(district, coordinator, data)
    assert User.objects.get(sourced_id="t-1").is_active is False
    assert Classroom.objects.get(sourced_id="c-1").teacher is None
    lucia = Student.objects.get(sourced_id="s-1")
    assert lucia.classroom is not None and lucia.classroom.sourced_id == "c-2"  # still in Art
    assert Student.objects.get(sourced_id="s-3").school.sourced_id == "sch-2"
    # Everything the delta left out is as it was.
    assert User.objects.get(sourced_id="a-1").is_active is True
    assert Student.objects.get(sourced_id="s-2").active is True


def test_oneroster_12_roles_and_preferred_names(district, coordinator):  # type: ignore[no-untyped-def]
    users = [
        {
            "sourcedId": "t-1",
            "givenName": "Margaret",
            "preferredGivenName": "Peggy",
            "familyName": "Lind",
            "email": "p.lind@riverbend.example",
            "primaryOrgSourcedId": "sch-2",
        },
        {
            "sourcedId": "s-1",
            "givenName": "Jonathan",
            "preferredGivenName": "Jon",
            "familyName": "Park",
            "grades": "04",
        },
    ]
    roles = [
        {
            "sourcedId": "r-1",
            "userSourcedId": "t-1",
            "roleType": "primary",
            "role": "teacher",
            "orgSourcedId": "sch-2",
        },
        {
            "sourcedId": "r-2",
            "userSourcedId": "t-1",
            "roleType": "secondary",
            "role": "aide",
            "orgSourcedId": "sch-1",
        },
        {
            "sourcedId": "r-3",
            "userSourcedId": "s-1",
            "roleType": "primary",
            "role": "student",
            "orgSourcedId": "sch-1",
        },
    ]
    data = build_zip(
        {
            "orgs": ORGS,
            "users": users,
            "roles": roles,
            "demographics": [{"sourcedId": "s-1", "birthDate": "2016-01-09"}],
        },
        version="1.2",
    )
    plan = run(district, coordinator, data)
    assert plan.problems == []
    teacher = User.objects.get(sourced_id="t-1")
    assert (teacher.first_name, teacher.role) == ("Peggy", Role.TEACHER)
    jon = Student.objects.get(sourced_id="s-1")
    assert (jon.first_name, jon.preferred_name, jon.full_name) == ("Jonathan", "Jon", "Jon Park")
    assert jon.school.sourced_id == "sch-1" and jon.grade == "4"


def test_oneroster_matches_existing_staff_by_email(district, coordinator):  # type: ignore[no-untyped-def]
    ot = f.make_user(
        Role.OT,
        district,
        username="olive",
        first_name="Olive",
        last_name="Ot",
        email="T.Reyes@riverbend.example",
    )
    run(district, coordinator, build_zip(files()))
    ot.refresh_from_db()
    assert ot.sourced_id == "t-1"
    assert ot.role == Role.OT  # the roster's "teacher" does not overwrite an OT
    assert (ot.first_name, ot.last_name) == ("Tomas", "Reyes")
    assert User.objects.filter(email__iexact="t.reyes@riverbend.example").count() == 1


def test_oneroster_row_problems_name_file_and_line(district, coordinator):  # type: ignore[no-untyped-def]
    users = [
        {**USERS[2], "grades": "Z9"},
        {**USERS[3], "status": "gone"},
        {**USERS[0], "email": "not-an-email"},
    ]
    demographics = [{"sourcedId": "s-1", "birthDate": "14/03/2018"}, DEMOGRAPHICS[1]]
    plan = check_roster(
        district=district,
        data=build_zip(files(users=users, demographics=demographics, enrollments=[])),
        actor=coordinator,
    )
    assert [p.words() for p in plan.problems] == [
        "demographics.csv, line 2: birthDate '14/03/2018' is not a date (YYYY-MM-DD)",
        "users.csv, line 2: grade 'Z9' is not a grade OT Desk knows (KG, 01 to 12, PK)",
        "users.csv, line 2: the student has no grade (grades)",
        "users.csv, line 2: the student has no birth date (birthDate in demographics.csv)",
        "users.csv, line 2: agent p-1 is not a user in users.csv or OT Desk",
        "users.csv, line 3: status is 'gone'; use active or tobedeleted",
        "users.csv, line 4: email 'not-an-email' is not an email address",
    ]


def test_oneroster_unreadable_uploads(district, coordinator):  # type: ignore[no-untyped-def]
    def problems(data: bytes) -> list[str]:
        return [
            p.words()
            for p in check_roster(district=district, data=data, actor=coordinator).problems
        ]

    assert problems(b"not a zip") == [
        "This is not a zip file. Upload the OneRoster zip from your SIS."
    ]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("export/manifest.csv", "propertyName,value\n")
    assert problems(out.getvalue()) == [
        "manifest.csv is inside the folder export/; the files must be at the top of the zip"
    ]
    data = build_zip({"orgs": ORGS}, modes={"users": "bulk"})
    assert problems(data) == ["manifest.csv: file.users is bulk but users.csv is missing"]
