"""Students, staff and guardians from users.csv (with 1.2's roles.csv and demographics.csv
for birth dates), and the family links between them: the people part of a roster plan."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from otdesk.accounts.models import Role, User
from otdesk.students.models import TeamMember, TeamRole

from .changes import Change, Plan, Target, date_of, diff, grade_of, overlay, status_of, text_of
from .oneroster import Roster, Row, split_list

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
PERSON_FIELDS = ("first_name", "last_name", "email", "role", "active")


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
        if status_of(plan, row) == "tobedeleted":
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
        status = status_of(plan, row)
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
        born = date_of(plan, row, "birthDate")
        if born:
            dates[sid] = born
    return dates


def _school_of(person: Person, schools: set[str]) -> str:
    return next((org for org in person.orgs if org in schools), "")


def plan_people(plan: Plan, roster: Roster, known_orgs: set[str], actor: User) -> dict[str, Person]:
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
                "first_name": text_of(plan, row, "givenName", 80, required=active),
                "last_name": text_of(plan, row, "familyName", 80, required=active),
                "preferred_name": text_of(plan, row, "preferredGivenName", 80),
                "student_number": text_of(plan, row, "identifier", 40),
            }
            grade = grade_of(plan, row)
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
                "first_name": given[:150] or text_of(plan, row, "givenName", 150, required=active),
                "last_name": text_of(plan, row, "familyName", 150, required=active),
                "email": email,
                "role": str(role),
            }
            enabled = row.get("enabledUser").lower() != "false"
            current = plan.people.current.get(sid)
            if current is None and email in emails and sid not in plan.people.current:
                match = emails[email]
                plan.matched[sid] = match.pk
                plan.people.current[sid] = person_values(match)
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
    overlay(plan, plan.students, student_rows, mode)
    overlay(plan, plan.people, person_rows, mode, keep_active=keep)
    return people


def person_values(user: User) -> dict[str, Any]:
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
    return {user.email.lower(): user for user in people.only(*PERSON_COLUMNS)}


PERSON_COLUMNS = ("pk", "first_name", "last_name", "email", "role", "is_active", "sourced_id")


def person_label(values: dict[str, Any]) -> str:
    name = f"{values.get('first_name', '')} {values.get('last_name', '')}".strip()
    return f"{name} ({Role(values['role']).label})" if values.get("role") else name


def student_label(values: dict[str, Any]) -> str:
    known = values.get("preferred_name") or values.get("first_name", "")
    return f"{known} {values.get('last_name', '')}".strip()


# Family links ----------------------------------------------------------------------------


def plan_links(plan: Plan, people: dict[str, Person], mode: str) -> None:
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
    return f"{person_label({**guardian, 'role': ''})} for {student_label(student)}"


MATCHED = "matched by email, roster id added"


def diff_people(plan: Plan) -> None:
    guardians = Target(current=plan.people.current, pks=plan.people.pks)
    staff = Target(current=plan.people.current, pks=plan.people.pks)
    for sid, values in plan.people.final.items():
        (guardians if values.get("role") == Role.GUARDIAN else staff).final[sid] = values
    diff(plan, "guardian", guardians, person_label, PERSON_FIELDS)
    diff(plan, "person", staff, person_label, PERSON_FIELDS)
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
            plan.changes.append(Change(kind, "update", sid, person_label(values), MATCHED))
