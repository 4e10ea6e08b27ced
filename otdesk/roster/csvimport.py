"""Students from a spreadsheet (CSV), for student information systems that do not export
OneRoster: one line per student, the district chooses which column holds what (the choice
is remembered for its next file), and the check and the import are the OneRoster import's
own (the same Plan, the same checks of names, grades and dates, the same apply_plan).

A CSV file only adds and changes students: a student it leaves out stays as she is (it is
read like a OneRoster delta file). The student's id in the district's system is her roster
id (sourcedId), so importing the same file again changes nothing, and a student a
OneRoster zip imported later is the same student."""

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from otdesk.schools.models import District, Grade, School

from .changes import GRADES, Plan, diff, overlay, school_key, text_of
from .oneroster import Problem, RosterError, Row, read_csv
from .people import student_label
from .plan import STUDENT_FIELDS, load_current


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    help: str
    required: bool
    # headings that usually hold it, compared without case, spaces or punctuation
    guesses: tuple[str, ...]


FIELDS = (
    Field(
        "student_id",
        "Student ID",
        "The id your system gives each student; it matches the student next time.",
        True,
        ("studentid", "id", "sourcedid", "localid", "sisid", "studentlocalid", "pupilid"),
    ),
    Field("first_name", "First name", "", True, ("firstname", "first", "givenname", "legalfirst")),
    Field("last_name", "Last name", "", True, ("lastname", "last", "familyname", "surname")),
    Field(
        "preferred_name",
        "Preferred name",
        "The name the student goes by, if your file has one.",
        False,
        ("preferredname", "nickname", "goesby", "preferredfirstname"),
    ),
    Field(
        "birth_date",
        "Birth date",
        "As 2017-03-09 or 03/09/2017 (month first).",
        True,
        ("birthdate", "dateofbirth", "dob", "birthday", "birth"),
    ),
    Field(
        "grade",
        "Grade",
        "K, 1 to 12, PK; KG, 01, 1st and Kindergarten are read too.",
        True,
        ("grade", "gradelevel", "grades", "gr"),
    ),
    Field(
        "school",
        "School",
        "The school's name, short name or roster id, as on the Schools page.",
        True,
        ("school", "schoolname", "building", "campus", "schoolcode", "site"),
    ),
    Field(
        "student_number",
        "Student number",
        "A second number to show, such as the state id.",
        False,
        ("studentnumber", "stateid", "statestudentid", "ssid"),
    ),
)
FIELD_NAMES = tuple(f.name for f in FIELDS)
# Words for grades beyond the OneRoster codes that spreadsheets use.
GRADE_WORDS = {
    "KINDERGARTEN": Grade.K,
    "KINDER": Grade.K,
    "PREK": Grade.PREK,
    "PRE-K": Grade.PREK,
    "PRESCHOOL": Grade.PREK,
    "TRANSITION": Grade.TRANSITION,
}
US_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
ORDINAL = re.compile(r"^(\d{1,2})(ST|ND|RD|TH)$")


@dataclass(frozen=True)
class CsvFile:
    file_name: str
    headings: list[str]
    rows: list[Row]


def read_students_csv(data: bytes, file_name: str) -> CsvFile:
    """The file's headings and lines, or RosterError saying why it cannot be read."""
    headings, rows = read_csv(data, file_name)
    if not any(headings):
        raise RosterError([Problem(file_name, 1, "the first line must hold the column headings")])
    twice = sorted({h for h in headings if h and headings.count(h) > 1})
    if twice:
        raise RosterError(
            [Problem(file_name, 1, f"the heading {twice[0]!r} is used twice; rename one")]
        )
    if not rows:
        raise RosterError([Problem(file_name, None, "has headings but no students")])
    return CsvFile(file_name=file_name, headings=[h for h in headings if h], rows=rows)


def _squash(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower())


def guess_mapping(headings: list[str], remembered: dict[str, str]) -> dict[str, str]:
    """Which heading holds each field: the district's last choice where the file has that
    heading, else a heading that usually holds it; "" when none does."""
    taken: set[str] = set()
    mapping: dict[str, str] = {}
    for item in FIELDS:
        chosen = remembered.get(item.name, "")
        if chosen not in headings or chosen in taken:
            chosen = next(
                (
                    h
                    for guess in item.guesses
                    for h in headings
                    if _squash(h) == guess and h not in taken
                ),
                "",
            )
        mapping[item.name] = chosen
        if chosen:
            taken.add(chosen)
    return mapping


def _grade(plan: Plan, row: Row, column: str) -> str:
    value = row.get(column).upper().removeprefix("GRADE").strip()
    if not value:
        return ""
    ordinal = ORDINAL.match(value)
    if ordinal:
        value = ordinal.group(1)
    grade = GRADES.get(value) or GRADE_WORDS.get(value.replace(" ", ""))
    if grade is None:
        plan.problem(row, f"{column} {row.get(column)!r} is not a grade (K, 1 to 12, PK)")
        return ""
    return str(grade)


def _birth_date(plan: Plan, row: Row, column: str) -> str:
    value = row.get(column)
    if not value:
        return ""
    us = US_DATE.match(value)
    try:
        if us:
            month, day, year = (int(part) for part in us.groups())
            born = dt.date(year, month, day)
        else:
            born = dt.date.fromisoformat(value[:10])
    except ValueError:
        plan.problem(row, f"{column} {value!r} is not a date (2017-03-09 or 03/09/2017)")
        return ""
    if born >= dt.date.today():
        plan.problem(row, f"{column} {value} is not in the past")
        return ""
    return born.isoformat()


def _schools(district: District) -> dict[str, School | None]:
    """Each active school by its name, short name and roster id (without case); None for
    a word two schools share."""
    found: dict[str, School | None] = {}
    for school in School.objects.filter(district=district, active=True):
        for word in {school.name, school.short_name, school.sourced_id} - {""}:
            key = word.strip().lower()
            found[key] = None if key in found and found[key] != school else school
    return found


def plan_csv(*, district: District, data: bytes, file_name: str, mapping: dict[str, str]) -> Plan:
    """What importing the students of this CSV file would change (nothing is written)."""
    plan = Plan(district=district, version="CSV")
    try:
        sheet = read_students_csv(data, file_name)
    except RosterError as exc:
        plan.problems = exc.problems
        return plan
    missing = [f.label for f in FIELDS if f.required and mapping.get(f.name) not in sheet.headings]
    if missing:
        plan.problem(None, f"choose the column for: {', '.join(missing)}", file_name)
        return plan
    load_current(plan)
    schools = _schools(district)
    column = {name: mapping.get(name, "") for name in FIELD_NAMES}
    rows: dict[str, tuple[Row, dict[str, Any], bool]] = {}
    for row in sheet.rows:
        sid = text_of(plan, row, column["student_id"], 64, required=True)
        if not sid:
            continue
        if sid in rows:
            plan.problem(row, f"{column['student_id']} {sid} is on line {rows[sid][0].line} too")
            continue
        values: dict[str, Any] = {
            "first_name": text_of(plan, row, column["first_name"], 80, required=True),
            "last_name": text_of(plan, row, column["last_name"], 80, required=True),
        }
        for name in ("preferred_name", "student_number"):
            if column[name]:
                values[name] = text_of(plan, row, column[name], 80 if name[0] == "p" else 40)
        new = sid not in plan.students.current
        found = (
            ("grade", "grade", _grade(plan, row, column["grade"]), "a grade"),
            (
                "date_of_birth",
                "birth_date",
                _birth_date(plan, row, column["birth_date"]),
                "a birth date",
            ),
            ("school_sid", "school", _school(plan, row, column["school"], schools), "a school"),
        )
        for name, field, value, words in found:
            if value:
                values[name] = value
            elif new and not row.get(column[field]):
                plan.problem(row, f"{column[field]} is empty: a new student needs {words}")
        rows[sid] = (row, values, True)
    overlay(plan, plan.students, rows, "delta")
    diff(plan, "student", plan.students, student_label, STUDENT_FIELDS)
    plan.problems.sort(key=lambda p: (p.file, p.line or 0))
    if plan.ok:
        plan.notes.append(
            "Students this file leaves out stay as they are: a spreadsheet only adds and "
            "changes students."
        )
    return plan


def _school(plan: Plan, row: Row, column: str, schools: dict[str, School | None]) -> str:
    value = row.get(column)
    if not value:
        return ""
    key = value.lower()
    if key not in schools:
        plan.problem(row, f"{column} {value!r} is not a school of the district")
        return ""
    school = schools[key]
    if school is None:
        plan.problem(row, f"{column} {value!r} names two schools; use the school's full name")
        return ""
    return school_key(school.pk, school.sourced_id)
