"""Students from a spreadsheet (CSV): columns guessed and remembered, the dry run's exact
counts, per-line problems, all or nothing, a second import that changes nothing, and the
pages a coordinator walks through."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from otdesk.accounts.models import Role
from otdesk.core.models import AuditEvent
from otdesk.jobs.services import run_pending
from otdesk.roster.csvimport import guess_mapping, plan_csv
from otdesk.roster.models import CsvMapping, RosterImport
from otdesk.roster.services import Sheet, check_roster, import_roster
from otdesk.schools.models import School
from otdesk.students.models import Student, TeamMember
from otdesk.testing import factories as f
from otdesk.testing.login import sign_in

pytestmark = pytest.mark.django_db

HEADINGS = "Student ID,Legal First,Last Name,Goes By,DOB,Grade Level,Building,State ID"
LINES = [
    "1001,Lucia,Marsh,Lucy,03/14/2018,2nd,Alder Elementary,WA-77",
    "1002,Omar,Haddad,,2020-01-09,KG,ald,",
    '1003,Ana,"Ruiz, Jr",,11/30/2016,Grade 4,bay-9,',
]
MAPPING = {
    "student_id": "Student ID",
    "first_name": "Legal First",
    "last_name": "Last Name",
    "preferred_name": "Goes By",
    "birth_date": "DOB",
    "grade": "Grade Level",
    "school": "Building",
    "student_number": "State ID",
}


def sheet(*lines: str, headings: str = HEADINGS) -> bytes:
    return ("\ufeff" + "\r\n".join([headings, *lines]) + "\r\n").encode()


@pytest.fixture
def district():  # type: ignore[no-untyped-def]
    district = f.make_district(name="Riverbend USD")
    School.objects.create(district=district, name="Alder Elementary", short_name="ALD")
    School.objects.create(district=district, name="Bayview", short_name="BAY", sourced_id="bay-9")
    return district


@pytest.fixture
def coordinator(district):  # type: ignore[no-untyped-def]
    return f.make_user(Role.COORDINATOR, district, username="coord")


def counts(plan) -> dict[str, dict[str, int]]:  # type: ignore[no-untyped-def]
    return {
        kind: {a: n for a, n in actions.items() if n} for kind, actions in plan.counts().items()
    }


def check(district, coordinator, data, mapping=MAPPING):  # type: ignore[no-untyped-def]
    return check_roster(
        district=district, data=data, actor=coordinator, sheet=Sheet("pupils.csv", mapping)
    )


def run(district, coordinator, data, mapping=MAPPING):  # type: ignore[no-untyped-def]
    return import_roster(
        district=district, data=data, actor=coordinator, sheet=Sheet("pupils.csv", mapping)
    )


def test_columns_are_guessed_from_common_headings():  # type: ignore[no-untyped-def]
    headings = HEADINGS.split(",")
    assert guess_mapping(headings, {}) == {
        "student_id": "Student ID",
        "first_name": "Legal First",
        "last_name": "Last Name",
        "preferred_name": "Goes By",
        "birth_date": "DOB",
        "grade": "Grade Level",
        "school": "Building",
        "student_number": "State ID",
    }
    # The district's last choice wins where the file still has that heading.
    assert guess_mapping(["Pupil", "Nr", "Vorname"], {"student_id": "Nr", "first_name": "X"}) == {
        "student_id": "Nr",
        "first_name": "",
        "last_name": "",
        "preferred_name": "",
        "birth_date": "",
        "grade": "",
        "school": "",
        "student_number": "",
    }


def test_dry_run_counts_then_import(district, coordinator):  # type: ignore[no-untyped-def]
    data = sheet(*LINES)
    plan = check(district, coordinator, data)
    assert plan.problems == []
    assert counts(plan) == {"student": {"create": 3}}
    assert plan.notes == [
        "Students this file leaves out stay as they are: a spreadsheet only adds and "
        "changes students."
    ]
    assert Student.objects.count() == 0  # the dry run wrote nothing

    run(district, coordinator, data)
    lucia = Student.objects.get(sourced_id="1001")
    assert (lucia.first_name, lucia.preferred_name, lucia.last_name) == ("Lucia", "Lucy", "Marsh")
    assert (lucia.date_of_birth, lucia.grade, lucia.student_number) == (
        dt.date(2018, 3, 14),
        "2",
        "WA-77",
    )
    assert lucia.school.name == "Alder Elementary"
    omar = Student.objects.get(sourced_id="1002")
    assert (omar.grade, omar.date_of_birth, omar.school.short_name) == (
        "K",
        dt.date(2020, 1, 9),
        "ALD",
    )
    ana = Student.objects.get(sourced_id="1003")
    assert (ana.last_name, ana.grade, ana.school.name) == ("Ruiz, Jr", "4", "Bayview")
    assert ana.date_of_birth == dt.date(2016, 11, 30)
    # Imported students have no OT until someone links them to a caseload.
    assert not TeamMember.objects.filter(student__in=[lucia, omar, ana]).exists()
    assert AuditEvent.objects.filter(summary__startswith="Imported the students").get().summary == (
        "Imported the students spreadsheet: 3 created"
    )


def test_importing_the_same_file_again_changes_nothing(district, coordinator):  # type: ignore[no-untyped-def]
    data = sheet(*LINES)
    run(district, coordinator, data)
    plan = check(district, coordinator, data)
    assert plan.problems == [] and plan.changes == []


def test_a_later_file_changes_and_adds_but_never_deactivates(district, coordinator):  # type: ignore[no-untyped-def]
    run(district, coordinator, sheet(*LINES))
    later = sheet(
        "1001,Lucia,Marsh-Oyelaran,Lucy,03/14/2018,3,Alder Elementary,WA-77",
        "1004,Kai,Olsen,,2019-05-05,1,Bayview,",
    )
    plan = check(district, coordinator, later)
    assert counts(plan) == {"student": {"create": 1, "update": 1}}
    assert sorted((c.action, c.label, c.details) for c in plan.changes) == [
        ("create", "Kai Olsen", ""),
        ("update", "Lucy Marsh-Oyelaran", "last name: Marsh → Marsh-Oyelaran; grade: 2 → 3"),
    ]
    run(district, coordinator, later)
    lucia = Student.objects.get(sourced_id="1001")
    assert (lucia.last_name, lucia.grade) == ("Marsh-Oyelaran", "3")
    assert Student.objects.filter(sourced_id="1002", active=True).exists()  # left out, kept
    # A known student's empty cell leaves what OT Desk holds.
    run(district, coordinator, sheet('1003,Ana,"Ruiz, Jr",,,,,'))
    ana = Student.objects.get(sourced_id="1003")
    assert (ana.grade, ana.date_of_birth) == ("4", dt.date(2016, 11, 30))


def test_each_problem_names_the_line_and_nothing_is_written(district, coordinator):  # type: ignore[no-untyped-def]
    data = sheet(
        LINES[0],
        "1002,Omar,,,2020-13-09,KG,ald,",
        "1003,Ana,Ruiz,,11/30/2016,14,Cedar,",
        "1001,Lucia,Marsh,,03/14/2018,2,Alder Elementary,",
        ",Kai,Olsen,,2019-05-05,1,Bayview,",
        "1005,Noor,Ali,,2099-01-01,1,,",
    )
    plan = run(district, coordinator, data)
    assert [p.words() for p in plan.problems] == [
        "pupils.csv, line 3: Last Name is empty",
        "pupils.csv, line 3: DOB '2020-13-09' is not a date (2017-03-09 or 03/09/2017)",
        "pupils.csv, line 4: Grade Level '14' is not a grade (K, 1 to 12, PK)",
        "pupils.csv, line 4: Building 'Cedar' is not a school of the district",
        "pupils.csv, line 5: Student ID 1001 is on line 2 too",
        "pupils.csv, line 6: Student ID is empty",
        "pupils.csv, line 7: DOB 2099-01-01 is not in the past",
        "pupils.csv, line 7: Building is empty: a new student needs a school",
    ]
    assert Student.objects.count() == 0  # one bad line refuses the whole file


def test_a_mapping_without_a_required_column_is_refused(district, coordinator):  # type: ignore[no-untyped-def]
    plan = check(district, coordinator, sheet(*LINES), mapping={**MAPPING, "birth_date": ""})
    assert [p.words() for p in plan.problems] == ["pupils.csv: choose the column for: Birth date"]
    # The wrong column chosen: every line says why.
    wrong = check(district, coordinator, sheet(LINES[0]), mapping={**MAPPING, "grade": "DOB"})
    assert [p.words() for p in wrong.problems] == [
        "pupils.csv, line 2: DOB '03/14/2018' is not a grade (K, 1 to 12, PK)"
    ]


def test_a_short_name_two_schools_share_is_refused(district, coordinator):  # type: ignore[no-untyped-def]
    School.objects.create(district=district, name="Alder Middle", short_name="ALD")
    plan = plan_csv(
        district=district, data=sheet(LINES[1]), file_name="pupils.csv", mapping=MAPPING
    )
    assert [p.words() for p in plan.problems] == [
        "pupils.csv, line 2: Building 'ald' names two schools; use the school's full name"
    ]


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (b"", "pupils.csv: is empty: it needs a line of headings"),
        (b"Student ID,Name\r\n", "pupils.csv: has headings but no students"),
        (b"ID,ID\r\n1,2\r\n", "pupils.csv, line 1: the heading 'ID' is used twice; rename one"),
    ],
)
def test_unreadable_spreadsheets(district, coordinator, data, error):  # type: ignore[no-untyped-def]
    plan = check(district, coordinator, data)
    assert [p.words() for p in plan.problems] == [error]


# The pages -------------------------------------------------------------------------------


def upload(client, data: bytes, name: str = "pupils.csv"):  # type: ignore[no-untyped-def]
    return client.post(
        reverse("roster:csv"), {"csv-file": SimpleUploadedFile(name, data, "text/csv")}
    )


def test_upload_choose_columns_check_and_import(client, district, coordinator):  # type: ignore[no-untyped-def]
    sign_in(client, coordinator)
    response = upload(client, sheet(*LINES))
    item = RosterImport.objects.get()
    assert (item.kind, item.status) == ("csv", "columns")
    assert response["Location"] == reverse("roster:columns", args=[item.pk])
    # The detail page and the list send a coordinator to the columns while none are chosen.
    assert client.get(reverse("roster:detail", args=[item.pk]))["Location"] == response["Location"]

    page = client.get(response["Location"]).content.decode()
    assert "<h1>Columns of pupils.csv</h1>" in page
    assert "3 student lines." in page
    assert '<td data-label="Legal First">Lucia</td>' in page
    assert '<option value="Student ID" selected>Student ID</option>' in page

    # Two fields cannot share a column.
    chosen = {**MAPPING, "last_name": "Legal First"}
    bad = client.post(response["Location"], chosen)
    assert bad.status_code == 400
    assert "The column Legal First is already chosen for first name." in bad.content.decode()
    item.refresh_from_db()
    assert item.status == "columns" and CsvMapping.objects.count() == 0

    done = client.post(response["Location"], MAPPING)
    assert done["Location"] == reverse("roster:detail", args=[item.pk])
    item.refresh_from_db()
    assert item.status == RosterImport.Status.CHECKED and item.mapping == MAPPING
    assert CsvMapping.objects.get(district=district).mapping == MAPPING
    page = client.get(done["Location"]).content.decode()
    assert "The file has no problems. Importing it makes these changes:" in page
    assert (
        '<th scope="row" data-label="Records">Student</th><td class="num" data-label="Added">3'
        in (page)
    )

    client.post(reverse("roster:import", args=[item.pk]))
    run_pending()
    item.refresh_from_db()
    assert item.status == RosterImport.Status.APPLIED and bytes(item.data) == b""
    assert Student.objects.filter(sourced_id__in=["1001", "1002", "1003"]).count() == 3

    # The next spreadsheet starts from the columns the district chose.
    upload(client, sheet(LINES[0]), name="november.csv")
    later = RosterImport.objects.get(file_name="november.csv")
    page = client.get(reverse("roster:columns", args=[later.pk])).content.decode()
    assert '<option value="Legal First" selected>Legal First</option>' in page


def test_a_refused_spreadsheet_can_be_checked_with_other_columns(client, district, coordinator):  # type: ignore[no-untyped-def]
    sign_in(client, coordinator)
    upload(client, sheet(*LINES))
    item = RosterImport.objects.get()
    wrong = {**MAPPING, "grade": "State ID", "student_number": ""}
    client.post(reverse("roster:columns", args=[item.pk]), wrong)
    item.refresh_from_db()
    assert item.status == RosterImport.Status.REFUSED
    page = client.get(reverse("roster:detail", args=[item.pk])).content.decode()
    assert "The file has 3 problems." in page and "choose other columns</a>" in page
    assert "pupils.csv, line 2:</strong> State ID &#x27;WA-77&#x27; is not a grade" in page
    assert "line 3:</strong> State ID is empty: a new student needs a grade" in page
    client.post(reverse("roster:columns", args=[item.pk]), MAPPING)
    item.refresh_from_db()
    assert item.status == RosterImport.Status.CHECKED


def test_an_unreadable_spreadsheet_is_refused_on_upload(client, district, coordinator):  # type: ignore[no-untyped-def]
    sign_in(client, coordinator)
    response = upload(client, b"Student ID,Name\r\n")
    assert response.status_code == 400
    assert "pupils.csv: has headings but no students" in response.content.decode()
    assert RosterImport.objects.count() == 0
    # A OneRoster upload cannot be sent to the columns page.
    assert client.get(reverse("roster:columns", args=[999])).status_code == 404
