"""What a OneRoster upload means for OT Desk: the roster as it will stand after the import
(the database overlaid with the upload: a bulk file replaces a list, a delta file changes
only its own lines), compared with the database, line by line.

The result is a Plan: every change (create, update, deactivate, reactivate) with its
reason, every problem (file, line, reason) and notes. Checking an upload (the dry run)
stops here; importing applies the same plan (apply.py). Any problem refuses the import.

What the roster holds, in OT Desk's words:
- orgs of type school are schools; the district's own org is remembered; others are noted.
- users: students become students (their birth date from demographics.csv, their
  preferred name in 1.2); teachers, aides and guardians (parent, guardian, relative)
  become people of the district with no sign-in until they accept an invitation.
  Administrators, counselors and proctors are not imported (OT Desk's coordinators are
  invited by hand), nor is anyone a school district's SIS calls something else.
- classes become classrooms; enrollments say which class a student is in (the homeroom
  first) and who teaches it (the primary teacher first).
- a student's agents (or a guardian's) are the family links: the guardian joins the
  student's team.
Nothing is ever deleted: what a bulk file leaves out, and what a delta file marks
tobedeleted, is deactivated (a student's OT records stay with her).
An OT Desk role a roster does not know (OT, COTA, coordinator...) is never overwritten.
"""

from collections import defaultdict
from typing import Any

from otdesk.accounts.models import User
from otdesk.schools.models import Classroom, District, School
from otdesk.students.models import Student

from .changes import (
    GRADES,
    Change,
    Plan,
    date_of,
    diff,
    overlay,
    school_key,
    status_of,
    text_of,
)
from .models import RosterEnrollment
from .oneroster import Roster, Row, split_list
from .people import (
    PERSON_COLUMNS,
    STUDENT_ROLE,
    diff_people,
    person_label,
    person_values,
    plan_links,
    plan_people,
    student_label,
)

# Orgs and schools ------------------------------------------------------------------------


def _plan_orgs(plan: Plan, roster: Roster) -> set[str]:
    """Schools from orgs.csv; returns every org id the upload knows of (any type)."""
    district = plan.district
    known = set(plan.schools.current)
    if district.sourced_id:
        known.add(district.sourced_id)
    mode = roster.mode("orgs")
    rows: dict[str, tuple[Row, dict[str, Any], bool]] = {}
    others = 0
    for row in roster.file_rows("orgs"):
        sid = row.get("sourcedId")
        if not sid:
            plan.problem(row, "sourcedId is empty")
            continue
        status = status_of(plan, row)
        known.add(sid)
        kind = row.get("type").lower()
        if kind == "district":
            if not district.sourced_id and not plan.district_sid:
                plan.district_sid = sid
                plan.changes.append(
                    Change("district", "update", sid, district.name, f"roster id: {sid}")
                )
            elif sid not in (district.sourced_id, plan.district_sid):
                plan.notes.append(
                    f"orgs.csv line {row.line} is another district ({row.get('name')}); "
                    "its schools are imported into this district."
                )
            continue
        if kind != "school":
            others += 1
            continue
        if sid in rows:
            plan.problem(row, f"the sourcedId {sid} is used twice")
            continue
        name = text_of(plan, row, "name", 120, required=True)
        rows[sid] = (row, {"name": name}, status != "tobedeleted")
    if others:
        plan.notes.append(
            f"{others} org{'s' if others != 1 else ''} of other types (departments, local "
            "offices...) are not schools and were left out."
        )
    overlay(plan, plan.schools, rows, mode)
    for sid in plan.schools.final:
        if sid not in plan.schools.current:
            row = rows[sid][0]
            identifier = row.get("identifier")
            short = identifier if 0 < len(identifier) <= 20 else plan.schools.final[sid]["name"]
            plan.schools.final[sid]["short_name"] = short[:20]
    diff(plan, "school", plan.schools, lambda v: v["name"], ("name", "active"))
    return known


# Classes and enrollments -----------------------------------------------------------------


def _plan_classes(plan: Plan, roster: Roster, sessions: set[str]) -> dict[str, str]:
    """Classrooms from classes.csv; returns class id -> classType for the upload's classes."""
    rows: dict[str, tuple[Row, dict[str, Any], bool]] = {}
    types: dict[str, str] = {}
    schools = set(plan.schools.final)
    for row in roster.file_rows("classes"):
        sid = row.get("sourcedId")
        if not sid:
            plan.problem(row, "sourcedId is empty")
            continue
        if sid in rows:
            plan.problem(row, f"the sourcedId {sid} is used twice")
            continue
        status = status_of(plan, row)
        school = row.get("schoolSourcedId")
        if school not in schools:
            plan.problem(row, f"schoolSourcedId {school} is not a school in orgs.csv or OT Desk")
        if roster.mode("academicSessions") != "absent":
            for term in split_list(row.get("termSourcedIds")):
                if term not in sessions:
                    plan.problem(row, f"term {term} is not in academicSessions.csv")
        grades = split_list(row.get("grades"))
        grade = str(GRADES.get(grades[0].upper(), "")) if len(grades) == 1 else ""
        values = {
            "name": text_of(plan, row, "title", 80, required=True),
            "school_sid": school,
            "room": row.get("location")[:20],
            "grade": grade,
        }
        types[sid] = row.get("classType").lower()
        rows[sid] = (row, values, status != "tobedeleted")
    overlay(plan, plan.classes, rows, roster.mode("classes"))
    return types


def _plan_enrollments(plan: Plan, roster: Roster, known_orgs: set[str]) -> None:
    rows: dict[str, tuple[Row, dict[str, Any], bool]] = {}
    classes = set(plan.classes.final)
    users = set(plan.people.final) | set(plan.students.final)
    for row in roster.file_rows("enrollments"):
        sid = row.get("sourcedId")
        if not sid:
            plan.problem(row, "sourcedId is empty")
            continue
        if sid in rows:
            plan.problem(row, f"the sourcedId {sid} is used twice")
            continue
        status = status_of(plan, row)
        klass = row.get("classSourcedId")
        user = row.get("userSourcedId")
        school = row.get("schoolSourcedId")
        if klass not in classes:
            plan.problem(row, f"classSourcedId {klass} is not a class in classes.csv or OT Desk")
        if user not in users:
            plan.problem(row, f"userSourcedId {user} is not a user in users.csv or OT Desk")
        if school and school not in known_orgs:
            plan.problem(row, f"schoolSourcedId {school} is not in orgs.csv or OT Desk")
        values = {
            "class_sid": klass,
            "user_sid": user,
            "role": row.get("role").lower()[:32],
            "primary": row.get("primary").lower() == "true",
        }
        rows[sid] = (row, values, status != "tobedeleted")
    overlay(plan, plan.enrollments, rows, roster.mode("enrollments"))


def _derive_from_enrollments(plan: Plan, types: dict[str, str]) -> None:
    """Each roster student's classroom and each roster class's teacher, from the final
    enrollments: the homeroom first (else the student's current class, else the first
    by id); the primary teacher first (else the first by id)."""
    in_class: dict[str, list[str]] = defaultdict(list)
    teachers: dict[str, list[tuple[bool, str]]] = defaultdict(list)
    active_classes = {sid for sid, v in plan.classes.final.items() if v.get("active", True)}
    for values in plan.enrollments.final.values():
        if not values.get("active", True) or values["class_sid"] not in active_classes:
            continue
        if values["role"] == STUDENT_ROLE:
            in_class[values["user_sid"]].append(values["class_sid"])
        elif values["role"] in ("teacher", "primaryteacher"):
            teachers[values["class_sid"]].append((not values["primary"], values["user_sid"]))
    for sid, student in plan.students.final.items():
        classes = sorted(in_class.get(sid, []))
        home = [c for c in classes if types.get(c) == "homeroom"]
        current = student.get("classroom_sid", "")
        if home:
            chosen = home[0]
        elif current in classes:
            chosen = current
        else:
            chosen = classes[0] if classes else ""
        student["classroom_sid"] = chosen
    people = {sid for sid, v in plan.people.final.items() if v.get("active", True)}
    for sid, klass in plan.classes.final.items():
        ranked = sorted(t for t in teachers.get(sid, []) if t[1] in people)
        klass["teacher_sid"] = ranked[0][1] if ranked else ""


# The whole plan --------------------------------------------------------------------------


def load_current(plan: Plan) -> None:
    """What the district holds now, by roster id (the plan's `current`)."""
    district = plan.district
    for school in School.objects.filter(district=district).exclude(sourced_id=""):
        plan.schools.current[school.sourced_id] = {"name": school.name, "active": school.active}
        plan.schools.pks[school.sourced_id] = school.pk
    school_sids = {
        pk: school_key(pk, sid)
        for pk, sid in School.objects.filter(district=district).values_list("pk", "sourced_id")
    }
    for user in User.objects.filter(district=district).exclude(sourced_id="").only(*PERSON_COLUMNS):
        plan.people.current[user.sourced_id] = person_values(user)
        plan.people.pks[user.sourced_id] = user.pk
    roster_people = User.objects.filter(district=district).exclude(sourced_id="")
    person_sids = dict(roster_people.values_list("pk", "sourced_id"))
    classes = Classroom.objects.filter(school__district=district)
    class_sids = dict(classes.values_list("pk", "sourced_id"))
    for klass in classes.exclude(sourced_id=""):
        plan.classes.current[klass.sourced_id] = {
            "name": klass.name,
            "school_sid": school_sids.get(klass.school_id, ""),
            "room": klass.room,
            "grade": klass.grade,
            "active": klass.active,
            "teacher_sid": person_sids.get(klass.teacher_id, "") if klass.teacher_id else "",
        }
        plan.classes.pks[klass.sourced_id] = klass.pk
    for student in Student.objects.filter(school__district=district).exclude(sourced_id=""):
        plan.students.current[student.sourced_id] = {
            "first_name": student.first_name,
            "last_name": student.last_name,
            "preferred_name": student.preferred_name,
            "student_number": student.student_number,
            "grade": student.grade,
            "school_sid": school_sids.get(student.school_id, ""),
            "date_of_birth": student.date_of_birth.isoformat(),
            "classroom_sid": class_sids.get(student.classroom_id, "") or ""
            if student.classroom_id
            else "",
            "active": student.active,
        }
        plan.students.pks[student.sourced_id] = student.pk
    for enrollment in RosterEnrollment.objects.filter(district=district):
        plan.enrollments.current[enrollment.sourced_id] = {
            "class_sid": enrollment.class_sourced_id,
            "user_sid": enrollment.user_sourced_id,
            "role": enrollment.role,
            "primary": enrollment.primary,
            "active": enrollment.active,
        }
        plan.enrollments.pks[enrollment.sourced_id] = enrollment.pk


STUDENT_FIELDS = (
    "first_name",
    "last_name",
    "preferred_name",
    "student_number",
    "grade",
    "school_sid",
    "date_of_birth",
    "classroom_sid",
    "active",
)
CLASS_FIELDS = ("name", "school_sid", "room", "grade", "teacher_sid", "active")
ENROLLMENT_FIELDS = ("class_sid", "user_sid", "role", "primary", "active")


def plan_oneroster(*, district: District, roster: Roster, actor: User) -> Plan:
    """Everything importing `roster` into `district` would change (nothing is written)."""
    plan = Plan(district=district, version=roster.version, notes=list(roster.notes))
    load_current(plan)
    known_orgs = _plan_orgs(plan, roster)
    sessions: set[str] = set()
    for row in roster.file_rows("academicSessions"):
        sessions.add(row.get("sourcedId"))
        date_of(plan, row, "startDate")
        date_of(plan, row, "endDate")
        status_of(plan, row)
    _school_year_note(plan, roster)
    people = plan_people(plan, roster, known_orgs, actor)
    types = _plan_classes(plan, roster, sessions)
    _plan_enrollments(plan, roster, known_orgs)
    if roster.mode("enrollments") != "absent" or roster.mode("classes") != "absent":
        _derive_from_enrollments(plan, types)
    _check_final_references(plan)
    diff(plan, "student", plan.students, student_label, STUDENT_FIELDS)
    diff_people(plan)
    diff(plan, "class", plan.classes, lambda v: v["name"], CLASS_FIELDS)
    diff(plan, "enrollment", plan.enrollments, _enrollment_label(plan), ENROLLMENT_FIELDS)
    if roster.mode("users") != "absent":
        plan_links(plan, people, roster.mode("users"))
    plan.problems.sort(key=lambda p: (p.file, p.line or 0))
    return plan


def _enrollment_label(plan: Plan) -> Any:
    def label(values: dict[str, Any]) -> str:
        klass = plan.classes.final.get(values["class_sid"], {}).get("name", values["class_sid"])
        user = values["user_sid"]
        who = (
            student_label(plan.students.final[user])
            if user in plan.students.final
            else person_label({**plan.people.final.get(user, {}), "role": ""}) or user
        )
        return f"{who} in {klass} ({values['role']})"

    return label


def _check_final_references(plan: Plan) -> None:
    """Delta files and records already in OT Desk: a student or class whose school is
    unknown after the overlay (its org was never imported) cannot be written."""
    for sid, values in plan.students.final.items():
        if sid in plan.students.current or not values.get("active", True):
            continue
        if values.get("school_sid") and values["school_sid"] not in plan.schools.final:
            reason = f"student {sid}'s school {values['school_sid']} is unknown"
            plan.problem(None, reason, "users.csv")


def _school_year_note(plan: Plan, roster: Roster) -> None:
    years = [
        row
        for row in roster.file_rows("academicSessions")
        if row.get("type").lower() == "schoolyear" and row.get("status").lower() != "tobedeleted"
    ]
    district = plan.district
    ours = (district.school_year_start.isoformat(), district.school_year_end.isoformat())
    for row in years:
        start, end = row.get("startDate")[:10], row.get("endDate")[:10]
        overlaps = start <= ours[0] <= end or start <= ours[1] <= end
        if overlaps and (start, end) != ours:
            plan.notes.append(
                f"The roster's school year {row.get('title')} runs {start} to {end}; OT "
                f"Desk's runs {district.school_year_start} to {district.school_year_end}. "
                "The district rules page changes OT Desk's (the roster does not)."
            )
