"""Writing a checked plan (plan.py) in one transaction: schools, people, classes,
students, enrollments and family links, in that order (each needs the one before).

The plan validated every value against the fields' limits and choices, so rows are
written in bulk (a district of 5,000 students in seconds) rather than one full_clean()
each, which would cost a query per foreign key per row. The database's constraints still
hold, and any failure rolls the whole import back."""

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import transaction

from otdesk.accounts.models import User
from otdesk.schools.models import Classroom, School
from otdesk.students import team
from otdesk.students.models import Student

from .changes import Plan, school_key
from .models import RosterEnrollment

Progress = Callable[[int, int, str], None]
BATCH = 500
STEPS = ("schools", "people", "classes", "students", "enrollments", "family links")


def _never(done: int, total: int, message: str) -> None:
    return None


def _username(plan: Plan, sid: str, taken: set[str]) -> str:
    """A placeholder username until the person accepts their invitation and picks one."""
    base = f"roster-{plan.district.pk}-{sid}"[:140]
    name, n = base, 1
    while name.lower() in taken:
        n += 1
        name = f"{base}-{n}"
    taken.add(name.lower())
    return name


def _pk_map(model: Any, **filters: Any) -> dict[str, int]:
    rows = model.objects.filter(**filters).exclude(sourced_id="")
    return dict(rows.values_list("sourced_id", "pk"))


@transaction.atomic
def apply_plan(plan: Plan, *, actor: User, progress: Progress = _never) -> dict[str, int]:
    """Write the plan; returns how many rows of each kind were created or changed."""
    if not plan.ok:
        raise ValueError("A plan with problems is never applied.")
    district = plan.district
    total = len(STEPS)
    written: dict[str, int] = {}

    progress(0, total, "Schools")
    if plan.district_sid:
        district.sourced_id = plan.district_sid
        district.save(update_fields=["sourced_id"])
    School.objects.bulk_create(
        [
            School(
                district=district,
                sourced_id=sid,
                name=plan.schools.final[sid]["name"],
                short_name=plan.schools.final[sid]["short_name"],
                active=plan.schools.final[sid]["active"],
            )
            for sid in plan.schools.creates
        ],
        batch_size=BATCH,
    )
    _update(School, plan.schools.pks, plan.schools.updates, {})
    written["schools"] = len(plan.schools.creates) + len(plan.schools.updates)
    schools = {
        school_key(pk, sid): pk
        for pk, sid in School.objects.filter(district=district).values_list("pk", "sourced_id")
    }

    progress(1, total, "People")
    taken = {
        name.lower()
        for name in User.objects.filter(username__startswith=f"roster-{district.pk}-").values_list(
            "username", flat=True
        )
    }
    unusable = make_password(None)
    people = []
    for sid in plan.people.creates:
        values = plan.people.final[sid]
        people.append(
            User(
                username=_username(plan, sid, taken),
                password=unusable,
                district=district,
                sourced_id=sid,
                first_name=values["first_name"],
                last_name=values["last_name"],
                email=values["email"],
                role=values["role"],
                is_active=values["active"],
            )
        )
    User.objects.bulk_create(people, batch_size=BATCH)
    for sid, pk in plan.matched.items():
        User.objects.filter(pk=pk).update(sourced_id=sid)
    _update(User, plan.people.pks, plan.people.updates, {"active": "is_active"})
    written["people"] = len(people) + len(plan.people.updates)
    person_pks = _pk_map(User, district=district)

    progress(2, total, "Classes")
    Classroom.objects.bulk_create(
        [
            Classroom(
                sourced_id=sid,
                school_id=schools[values["school_sid"]],
                name=values["name"],
                room=values["room"],
                grade=values["grade"],
                teacher_id=person_pks.get(values.get("teacher_sid", "")),
                active=values["active"],
            )
            for sid in plan.classes.creates
            for values in [plan.classes.final[sid]]
        ],
        batch_size=BATCH,
    )
    refs = {"school_sid": ("school_id", schools), "teacher_sid": ("teacher_id", person_pks)}
    _update(Classroom, plan.classes.pks, plan.classes.updates, {}, refs)
    written["classes"] = len(plan.classes.creates) + len(plan.classes.updates)
    classes = _pk_map(Classroom, school__district=district)

    progress(3, total, "Students")
    Student.objects.bulk_create(
        [
            Student(
                sourced_id=sid,
                first_name=values["first_name"],
                last_name=values["last_name"],
                preferred_name=values.get("preferred_name", ""),
                student_number=values.get("student_number", ""),
                grade=values["grade"],
                school_id=schools[values["school_sid"]],
                date_of_birth=dt.date.fromisoformat(values["date_of_birth"]),
                classroom_id=classes.get(values.get("classroom_sid", "")),
                active=values["active"],
            )
            for sid in plan.students.creates
            for values in [plan.students.final[sid]]
        ],
        batch_size=BATCH,
    )
    refs = {"school_sid": ("school_id", schools), "classroom_sid": ("classroom_id", classes)}
    _update(Student, plan.students.pks, plan.students.updates, {}, refs)
    written["students"] = len(plan.students.creates) + len(plan.students.updates)

    progress(4, total, "Enrollments")
    RosterEnrollment.objects.bulk_create(
        [
            RosterEnrollment(
                district=district,
                sourced_id=sid,
                class_sourced_id=values["class_sid"],
                user_sourced_id=values["user_sid"],
                role=values["role"],
                primary=values["primary"],
                active=values["active"],
            )
            for sid in plan.enrollments.creates
            for values in [plan.enrollments.final[sid]]
        ],
        batch_size=BATCH,
    )
    names = {
        "class_sid": "class_sourced_id",
        "user_sid": "user_sourced_id",
    }
    _update(RosterEnrollment, plan.enrollments.pks, plan.enrollments.updates, names)
    written["enrollments"] = len(plan.enrollments.creates) + len(plan.enrollments.updates)

    progress(5, total, "Family links")
    students = _pk_map(Student, school__district=district)
    team.apply_roster_family_links(
        actor=actor,
        add=[
            (students[student], person_pks[guardian], relationship)
            for (student, guardian), relationship in plan.links_to_add.items()
        ],
        end=plan.links_to_end,
        day=dt.date.today(),
    )
    written["family links"] = len(plan.links_to_add) + len(plan.links_to_end)
    progress(total, total, "Done")
    return written


def _update(
    model: Any,
    pks: dict[str, int],
    updates: dict[str, dict[str, Any]],
    renamed: dict[str, str],
    refs: dict[str, tuple[str, dict[str, int]]] | None = None,
) -> None:
    """Change only the fields that changed, grouped so each group is one bulk_update."""
    refs = refs or {}
    groups: dict[tuple[str, ...], list[Any]] = {}
    for sid, changed in updates.items():
        if not changed:
            continue
        obj = model(pk=pks[sid])
        fields = []
        for name, value in changed.items():
            if name in refs:
                column, lookup = refs[name]
                setattr(obj, column, lookup.get(value) if value else None)
                fields.append(column)
                continue
            column = renamed.get(name, name)
            if column == "date_of_birth":
                value = dt.date.fromisoformat(value)
            setattr(obj, column, value)
            fields.append(column)
        groups.setdefault(tuple(sorted(fields)), []).append(obj)
    for names, objs in groups.items():
        model.objects.bulk_update(objs, list(names), batch_size=BATCH)
