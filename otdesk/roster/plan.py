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

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from otdesk.accounts.models import Role, User
from otdesk.schools.models import Classroom, District, Grade, School
from otdesk.students.models import Student, TeamMember, TeamRole

from .models import RosterEnrollment
from .oneroster import Problem, Roster, Row, split_list

# OneRoster's role words (lower case) -> OT Desk's; "student" makes a student.
STAFF_ROLES = {"teacher": Role.TEACHER, "aide": Role.AIDE}
GUARDIAN_ROLES = {"parent", "guardian", "relative"}
STUDENT_ROLE = "student"
# Roles OT Desk gives by hand: a roster's "teacher" does not turn an OT into a teacher.
KEPT_ROLES = {
    Role.OT,
    Role.COTA,
    Role.COORDINATOR,
    Role.BEHAVIORIST,
    Role.SPECIALIST,
    Role.OPERATOR,
}
# CEDS grade codes (OneRoster's grades) -> OT Desk's grades.
GRADES = {
    "IT": Grade.PREK,
    "PR": Grade.PREK,
    "PK": Grade.PREK,
    "TK": Grade.PREK,
    "KG": Grade.K,
    "K": Grade.K,
    "13": Grade.TRANSITION,
    "PS": Grade.TRANSITION,
    **{f"{n:02d}": Grade(str(n)) for n in range(1, 13)},
    **{str(n): Grade(str(n)) for n in range(1, 13)},
}
STATUSES = ("", "active", "tobedeleted")
# How many changes of one kind and action the report keeps by name (the counts are whole).
LISTED = 500

KIND_WORDS = {
    "district": "district",
    "school": "school",
    "class": "class",
    "person": "staff member",
    "guardian": "parent or guardian",
    "student": "student",
    "enrollment": "enrollment",
    "family": "family link",
}
ACTIONS = ("create", "update", "deactivate", "reactivate")


@dataclass
class Change:
    kind: str
    action: str
    sourced_id: str
    label: str
    details: str = ""

    def as_dict(self) -> dict[str, str]:
        return {
            "kind": self.kind,
            "action": self.action,
            "sourced_id": self.sourced_id,
            "label": self.label,
            "details": self.details,
        }


@dataclass
class Target:
    """One kind of record: what it is now and what it will be, by roster id."""

    current: dict[str, dict[str, Any]] = field(default_factory=dict)
    pks: dict[str, int] = field(default_factory=dict)
    final: dict[str, dict[str, Any]] = field(default_factory=dict)
    creates: list[str] = field(default_factory=list)
    updates: dict[str, dict[str, Any]] = field(default_factory=dict)


@dataclass
class Plan:
    district: District
    version: str = ""
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    district_sid: str = ""
    schools: Target = field(default_factory=Target)
    people: Target = field(default_factory=Target)
    students: Target = field(default_factory=Target)
    classes: Target = field(default_factory=Target)
    enrollments: Target = field(default_factory=Target)
    # (student sid, guardian sid) -> relationship; links to add and TeamMember pks to end
    links_to_add: dict[tuple[str, str], str] = field(default_factory=dict)
    links_to_end: list[int] = field(default_factory=list)
    # people matched by email: roster id -> the existing person's pk
    matched: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems

    def problem(self, row: Row | None, reason: str, file: str = "") -> None:
        if row is None:
            self.problems.append(Problem(file, None, reason))
        else:
            self.problems.append(Problem(row.file, row.line, reason))

    def counts(self) -> dict[str, dict[str, int]]:
        counts: dict[str, dict[str, int]] = {}
        for change in self.changes:
            counts.setdefault(change.kind, dict.fromkeys(ACTIONS, 0))[change.action] += 1
        return counts

    @property
    def total_changes(self) -> int:
        return len(self.changes)

    def report(self) -> dict[str, Any]:
        listed: dict[tuple[str, str], int] = defaultdict(int)
        kept = []
        for change in self.changes:
            key = (change.kind, change.action)
            listed[key] += 1
            if listed[key] <= LISTED:
                kept.append(change.as_dict())
        return {
            "version": self.version,
            "counts": self.counts(),
            "total": self.total_changes,
            "changes": kept,
            "problems": [p.as_dict() for p in self.problems],
            "notes": self.notes,
        }


# Reading the rows ------------------------------------------------------------------------


def _status(plan: Plan, row: Row) -> str:
    status = row.get("status").lower()
    if status not in STATUSES:
        plan.problem(row, f"status is {row.get('status')!r}; use active or tobedeleted")
    return status


def _text(plan: Plan, row: Row, column: str, limit: int, *, required: bool = False) -> str:
    value = row.get(column)
    if required and not value:
        plan.problem(row, f"{column} is empty")
    if len(value) > limit:
        plan.problem(row, f"{column} is longer than {limit} characters")
    return value[:limit]


def _date(plan: Plan, row: Row, column: str) -> str:
    value = row.get(column)
    if not value:
        return ""
    try:
        return dt.date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        plan.problem(row, f"{column} {value!r} is not a date (YYYY-MM-DD)")
        return ""


def _grade(plan: Plan, row: Row) -> str:
    grades = split_list(row.get("grades"))
    if not grades:
        return ""
    grade = GRADES.get(grades[0].upper())
    if grade is None:
        plan.problem(row, f"grade {grades[0]!r} is not a grade OT Desk knows (KG, 01 to 12, PK)")
        return ""
    return str(grade)


def _overlay(
    plan: Plan,
    target: Target,
    rows: dict[str, tuple[Row, dict[str, Any], bool]],
    mode: str,
    *,
    keep_active: set[str] | None = None,
) -> None:
    """The final state of one kind: the database overlaid with the file's lines."""
    final = {sid: dict(values) for sid, values in target.current.items()}
    if mode == "bulk":
        for sid, values in final.items():
            if sid not in rows and (keep_active is None or sid not in keep_active):
                values["active"] = False
    for sid, (_row, values, active) in rows.items():
        merged = dict(final.get(sid, {}))
        merged.update(values)
        merged["active"] = active
        final[sid] = merged
    target.final = final


def _diff(plan: Plan, kind: str, target: Target, label: Any, compare: tuple[str, ...]) -> None:
    """The changes that take `target` from its current state to its final one."""
    for sid, values in target.final.items():
        now = target.current.get(sid)
        if now is None:
            if not values.get("active", True):
                continue  # a line marked tobedeleted for a record never imported: nothing to do
            target.creates.append(sid)
            plan.changes.append(Change(kind, "create", sid, label(values)))
            continue
        changed = {name: values[name] for name in compare if values.get(name) != now.get(name)}
        if not changed:
            continue
        target.updates[sid] = changed
        if changed.keys() == {"active"}:
            action = "reactivate" if values["active"] else "deactivate"
            plan.changes.append(Change(kind, action, sid, label(values)))
            continue
        words = [
            f"{name.replace('_', ' ')}: {_shown(now.get(name))} → {_shown(values[name])}"
            for name in changed
            if name != "active"
        ]
        if "active" in changed:
            action = "reactivate" if values["active"] else "deactivate"
        else:
            action = "update"
        plan.changes.append(Change(kind, action, sid, label(values), "; ".join(words)))


def _shown(value: Any) -> str:
    if value in ("", None):
        return "(none)"
    if value is True:
        return "yes"
    if value is False:
        return "no"
    return str(value)


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
        status = _status(plan, row)
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
        name = _text(plan, row, "name", 120, required=True)
        rows[sid] = (row, {"name": name}, status != "tobedeleted")
    if others:
        plan.notes.append(
            f"{others} org{'s' if others != 1 else ''} of other types (departments, local "
            "offices...) are not schools and were left out."
        )
    _overlay(plan, plan.schools, rows, mode)
    for sid in plan.schools.final:
        if sid not in plan.schools.current:
            row = rows[sid][0]
            identifier = row.get("identifier")
            short = identifier if 0 < len(identifier) <= 20 else plan.schools.final[sid]["name"]
            plan.schools.final[sid]["short_name"] = short[:20]
    _diff(plan, "school", plan.schools, lambda v: v["name"], ("name", "active"))
    return known


# People and students ---------------------------------------------------------------------


@dataclass
class Person:
    row: Row
    role: str  # a OneRoster role word, lower case
    orgs: list[str]
    status: str


def _roles(plan: Plan, roster: Roster, known_users: set[str]) -> dict[str, list[tuple[str, str]]]:
    """1.2's roles.csv: user id -> [(role, org)], the primary role first."""
    found: dict[str, list[tuple[str, str, bool]]] = defaultdict(list)
    for row in roster.file_rows("roles"):
        user = row.get("userSourcedId")
        if user not in known_users:
            plan.problem(row, f"userSourcedId {user} is not a user in users.csv or OT Desk")
            continue
        if _status(plan, row) == "tobedeleted":
            continue
        primary = row.get("roleType").lower() != "secondary"
        found[user].append((row.get("role").lower(), row.get("orgSourcedId"), primary))
    return {
        user: [(role, org) for role, org, _ in sorted(items, key=lambda i: not i[2])]
        for user, items in found.items()
    }


def _people_rows(plan: Plan, roster: Roster, known_orgs: set[str]) -> dict[str, Person]:
    user_ids = {row.get("sourcedId") for row in roster.file_rows("users")}
    known_users = user_ids | set(plan.people.current) | set(plan.students.current)
    roles = _roles(plan, roster, known_users) if roster.mode("roles") != "absent" else {}
    people: dict[str, Person] = {}
    for row in roster.file_rows("users"):
        sid = row.get("sourcedId")
        if not sid:
            plan.problem(row, "sourcedId is empty")
            continue
        if sid in people:
            plan.problem(row, f"the sourcedId {sid} is used twice")
            continue
        status = _status(plan, row)
        orgs = split_list(row.get("orgSourcedIds"))
        primary_org = row.get("primaryOrgSourcedId")
        role = row.get("role").lower()
        if sid in roles:
            role = roles[sid][0][0]
            orgs = orgs + [org for _, org in roles[sid] if org not in orgs]
        if primary_org:
            orgs = [primary_org] + [org for org in orgs if org != primary_org]
        for org in orgs:
            if org not in known_orgs:
                plan.problem(row, f"org {org} is not in orgs.csv or OT Desk")
        if not role and status != "tobedeleted":
            plan.problem(row, "has no role (users.csv role, or a line in roles.csv)")
        people[sid] = Person(row=row, role=role, orgs=orgs, status=status)
    return people


def _birth_dates(plan: Plan, roster: Roster, known: set[str]) -> dict[str, str]:
    dates: dict[str, str] = {}
    for row in roster.file_rows("demographics"):
        sid = row.get("sourcedId")
        if sid not in known:
            plan.problem(row, f"sourcedId {sid} is not a user in users.csv or OT Desk")
            continue
        born = _date(plan, row, "birthDate")
        if born:
            dates[sid] = born
    return dates


def _school_of(person: Person, schools: set[str]) -> str:
    return next((org for org in person.orgs if org in schools), "")


def _plan_people(
    plan: Plan, roster: Roster, known_orgs: set[str], actor: User
) -> dict[str, Person]:
    """Students, staff and guardians from users.csv (and roles.csv, demographics.csv)."""
    mode = roster.mode("users")
    people = _people_rows(plan, roster, known_orgs)
    births = _birth_dates(plan, roster, set(people) | set(plan.students.current))
    schools = set(plan.schools.final)
    student_rows: dict[str, tuple[Row, dict[str, Any], bool]] = {}
    person_rows: dict[str, tuple[Row, dict[str, Any], bool]] = {}
    skipped: dict[str, int] = defaultdict(int)
    emails = _district_emails(plan)
    for sid, person in people.items():
        row = person.row
        active = person.status != "tobedeleted"
        given = row.get("preferredGivenName") if person.role != STUDENT_ROLE else ""
        if person.role == STUDENT_ROLE:
            values: dict[str, Any] = {
                "first_name": _text(plan, row, "givenName", 80, required=active),
                "last_name": _text(plan, row, "familyName", 80, required=active),
                "preferred_name": _text(plan, row, "preferredGivenName", 80),
                "student_number": _text(plan, row, "identifier", 40),
            }
            grade = _grade(plan, row)
            if grade:
                values["grade"] = grade
            school = _school_of(person, schools)
            if school:
                values["school_sid"] = school
            if sid in births:
                values["date_of_birth"] = births[sid]
            existing = plan.students.current.get(sid, {})
            if active and not existing:
                if not school:
                    plan.problem(row, "the student is in no school of orgs.csv")
                if not grade:
                    plan.problem(row, "the student has no grade (grades)")
                if sid not in births:
                    plan.problem(
                        row, "the student has no birth date (birthDate in demographics.csv)"
                    )
            if sid in births and births[sid] >= dt.date.today().isoformat():
                plan.problem(row, "the birth date is not in the past")
            student_rows[sid] = (row, values, active)
            continue
        if person.role in STAFF_ROLES or person.role in GUARDIAN_ROLES:
            role = STAFF_ROLES.get(person.role, Role.GUARDIAN)
            email = row.get("email").lower()
            if email:
                try:
                    validate_email(email)
                except ValidationError:
                    plan.problem(row, f"email {row.get('email')!r} is not an email address")
            values = {
                "first_name": given[:150] or _text(plan, row, "givenName", 150, required=active),
                "last_name": _text(plan, row, "familyName", 150, required=active),
                "email": email,
                "role": str(role),
            }
            enabled = row.get("enabledUser").lower() != "false"
            current = plan.people.current.get(sid)
            if current is None and email in emails and sid not in plan.people.current:
                match = emails[email]
                plan.matched[sid] = match.pk
                plan.people.current[sid] = _person_values(match)
                plan.people.pks[sid] = match.pk
                current = plan.people.current[sid]
            if current is not None and current["role"] in KEPT_ROLES:
                values["role"] = current["role"]
            person_rows[sid] = (row, values, active and enabled)
            continue
        if active:
            skipped[person.role or "no role"] += 1
    for word, count in sorted(skipped.items()):
        plan.notes.append(
            f"{count} {word} line{'s' if count != 1 else ''} of users.csv left out: OT Desk "
            "imports students, teachers, aides and guardians (coordinators are invited by hand)."
        )
    # The coordinator importing is never switched off by it.
    keep = {actor.sourced_id} if actor.sourced_id else set()
    _overlay(plan, plan.students, student_rows, mode)
    _overlay(plan, plan.people, person_rows, mode, keep_active=keep)
    return people


def _person_values(user: User) -> dict[str, Any]:
    return {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email.lower(),
        "role": user.role,
        "active": user.is_active,
    }


def _district_emails(plan: Plan) -> dict[str, User]:
    """The district's people with no roster id yet, by email: a roster line matches them."""
    people = User.objects.filter(district=plan.district, sourced_id="").exclude(email="")
    return {user.email.lower(): user for user in people.only(*_PERSON_FIELDS)}


_PERSON_FIELDS = ("pk", "first_name", "last_name", "email", "role", "is_active", "sourced_id")


def _person_label(values: dict[str, Any]) -> str:
    name = f"{values.get('first_name', '')} {values.get('last_name', '')}".strip()
    return f"{name} ({Role(values['role']).label})" if values.get("role") else name


def _student_label(values: dict[str, Any]) -> str:
    known = values.get("preferred_name") or values.get("first_name", "")
    return f"{known} {values.get('last_name', '')}".strip()


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
        status = _status(plan, row)
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
            "name": _text(plan, row, "title", 80, required=True),
            "school_sid": school,
            "room": row.get("location")[:20],
            "grade": grade,
        }
        types[sid] = row.get("classType").lower()
        rows[sid] = (row, values, status != "tobedeleted")
    _overlay(plan, plan.classes, rows, roster.mode("classes"))
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
        status = _status(plan, row)
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
    _overlay(plan, plan.enrollments, rows, roster.mode("enrollments"))


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


# Family links ----------------------------------------------------------------------------


def _plan_links(plan: Plan, people: dict[str, Person], mode: str) -> None:
    """Guardians on their children's teams, from either side's agentSourcedIds."""
    today = dt.date.today()
    students = {sid for sid, v in plan.students.final.items() if v.get("active", True)}
    guardians = {
        sid
        for sid, v in plan.people.final.items()
        if v.get("active", True) and v.get("role") == Role.GUARDIAN
    }
    wanted: set[tuple[str, str]] = set()
    for sid, person in people.items():
        for agent in split_list(person.row.get("agentSourcedIds")):
            if (
                agent not in people
                and agent not in plan.students.final
                and (agent not in plan.people.final)
            ):
                plan.problem(person.row, f"agent {agent} is not a user in users.csv or OT Desk")
                continue
            pair = (sid, agent) if sid in students else (agent, sid)
            if pair[0] in students and pair[1] in guardians:
                wanted.add(pair)
    existing = (
        TeamMember.objects.filter(
            student__school__district=plan.district,
            role=TeamRole.GUARDIAN,
            start_date__lte=today,
        )
        .exclude(end_date__lt=today)
        .exclude(student__sourced_id="")
        .exclude(person__sourced_id="")
        .values_list("pk", "student__sourced_id", "person__sourced_id")
    )
    current = {(student, person): pk for pk, student, person in existing}
    for pair, pk in current.items():
        student, guardian = pair
        in_upload = student in people or guardian in people
        if pair in wanted:
            continue
        if mode == "bulk" or in_upload or student not in students or guardian not in guardians:
            plan.links_to_end.append(pk)
            plan.changes.append(
                Change("family", "deactivate", f"{student}/{guardian}", _link_label(plan, pair))
            )
    for pair in sorted(wanted - set(current)):
        plan.links_to_add[pair] = "Parent or guardian"
        label = _link_label(plan, pair)
        plan.changes.append(Change("family", "create", f"{pair[0]}/{pair[1]}", label))


def _link_label(plan: Plan, pair: tuple[str, str]) -> str:
    student = plan.students.final.get(pair[0], {})
    guardian = plan.people.final.get(pair[1], {})
    return f"{_person_label({**guardian, 'role': ''})} for {_student_label(student)}"


# The whole plan --------------------------------------------------------------------------


def _load_current(plan: Plan) -> None:
    district = plan.district
    for school in School.objects.filter(district=district).exclude(sourced_id=""):
        plan.schools.current[school.sourced_id] = {"name": school.name, "active": school.active}
        plan.schools.pks[school.sourced_id] = school.pk
    school_sids = dict(School.objects.filter(district=district).values_list("pk", "sourced_id"))
    for user in User.objects.filter(district=district).exclude(sourced_id="").only(*_PERSON_FIELDS):
        plan.people.current[user.sourced_id] = _person_values(user)
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
PERSON_FIELDS = ("first_name", "last_name", "email", "role", "active")
CLASS_FIELDS = ("name", "school_sid", "room", "grade", "teacher_sid", "active")
ENROLLMENT_FIELDS = ("class_sid", "user_sid", "role", "primary", "active")


def plan_oneroster(*, district: District, roster: Roster, actor: User) -> Plan:
    """Everything importing `roster` into `district` would change (nothing is written)."""
    plan = Plan(district=district, version=roster.version, notes=list(roster.notes))
    _load_current(plan)
    known_orgs = _plan_orgs(plan, roster)
    sessions: set[str] = set()
    for row in roster.file_rows("academicSessions"):
        sessions.add(row.get("sourcedId"))
        _date(plan, row, "startDate")
        _date(plan, row, "endDate")
        _status(plan, row)
    _school_year_note(plan, roster)
    people = _plan_people(plan, roster, known_orgs, actor)
    types = _plan_classes(plan, roster, sessions)
    _plan_enrollments(plan, roster, known_orgs)
    if roster.mode("enrollments") != "absent" or roster.mode("classes") != "absent":
        _derive_from_enrollments(plan, types)
    _check_final_references(plan)
    _diff(plan, "student", plan.students, _student_label, STUDENT_FIELDS)
    _diff_people(plan)
    _diff(plan, "class", plan.classes, lambda v: v["name"], CLASS_FIELDS)
    _diff(plan, "enrollment", plan.enrollments, _enrollment_label(plan), ENROLLMENT_FIELDS)
    if roster.mode("users") != "absent":
        _plan_links(plan, people, roster.mode("users"))
    plan.problems.sort(key=lambda p: (p.file, p.line or 0))
    return plan


MATCHED = "matched by email, roster id added"


def _diff_people(plan: Plan) -> None:
    guardians = Target(current=plan.people.current, pks=plan.people.pks)
    staff = Target(current=plan.people.current, pks=plan.people.pks)
    for sid, values in plan.people.final.items():
        (guardians if values.get("role") == Role.GUARDIAN else staff).final[sid] = values
    _diff(plan, "guardian", guardians, _person_label, PERSON_FIELDS)
    _diff(plan, "person", staff, _person_label, PERSON_FIELDS)
    plan.people.creates = staff.creates + guardians.creates
    plan.people.updates = {**staff.updates, **guardians.updates}
    for change in plan.changes:
        if change.sourced_id in plan.matched and change.kind in ("person", "guardian"):
            change.details = "; ".join(part for part in (MATCHED, change.details) if part)
    for sid in plan.matched:
        plan.people.updates.setdefault(sid, {})
        if not any(c.sourced_id == sid and c.kind in ("person", "guardian") for c in plan.changes):
            values = plan.people.final[sid]
            kind = "guardian" if values.get("role") == Role.GUARDIAN else "person"
            plan.changes.append(Change(kind, "update", sid, _person_label(values), MATCHED))


def _enrollment_label(plan: Plan) -> Any:
    def label(values: dict[str, Any]) -> str:
        klass = plan.classes.final.get(values["class_sid"], {}).get("name", values["class_sid"])
        user = values["user_sid"]
        who = (
            _student_label(plan.students.final[user])
            if user in plan.students.final
            else _person_label({**plan.people.final.get(user, {}), "role": ""}) or user
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
