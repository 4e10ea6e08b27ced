"""The one writer of team assignments (TeamMember): who serves, teaches or supports which
student, from a start date to an optional end date.

Access to a student's record follows these rows (students/permissions.py reads them): an
assignment grants access from its start date through its end date, and not a day after.
Every write checks the record (full_clean), runs in one transaction and writes an audit
event on the student with the dates before and after.
"""

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest

from otdesk.accounts.models import Role, User
from otdesk.core.audit import record_event
from otdesk.core.dates import nice_date
from otdesk.core.models import AuditEvent

from .models import Student, TeamMember, TeamRole

# The profession a person needs for each team role a coordinator assigns. Guardians join a
# child's team through an invitation, not through this page.
ROLE_FOR_TEAM_ROLE: dict[str, str] = {
    TeamRole.OT: Role.OT,
    TeamRole.COTA: Role.COTA,
    TeamRole.TEACHER: Role.TEACHER,
    TeamRole.AIDE: Role.AIDE,
    TeamRole.BEHAVIORIST: Role.BEHAVIORIST,
    TeamRole.SPECIALIST: Role.SPECIALIST,
}
STAFF_TEAM_ROLES = [TeamRole(value) for value in ROLE_FOR_TEAM_ROLE]


def assignment_words(member: TeamMember) -> str:
    """'Olive Ot, Occupational therapist of Maya Lopez from Mon 3 Aug 2026 to ...'."""
    until = f" to {nice_date(member.end_date)}" if member.end_date else ", no end date"
    return (
        f"{member.person.display_name}, {member.get_role_display()} of "
        f"{member.student.first_name} {member.student.last_name} from "
        f"{nice_date(member.start_date)}{until}"
    )


def _dates(member: TeamMember) -> dict[str, Any]:
    return {
        "person": member.person_id,
        "role": member.role,
        "relationship": member.relationship,
        "start_date": member.start_date.isoformat() if member.start_date else None,
        "end_date": member.end_date.isoformat() if member.end_date else None,
    }


def _overlapping(member: TeamMember) -> TeamMember | None:
    """Another assignment of the same person to the same student in the same role whose
    dates meet this one's."""
    others = TeamMember.objects.filter(
        student_id=member.student_id, person_id=member.person_id, role=member.role
    ).exclude(pk=member.pk)
    if member.end_date is not None:
        others = others.filter(start_date__lte=member.end_date)
    others = others.filter(Q(end_date__isnull=True) | Q(end_date__gte=member.start_date))
    return others.order_by("start_date").first()


def _check(member: TeamMember, *, adding: bool) -> None:
    member.full_clean()
    person, student = member.person, member.student
    if adding:
        _check_person(member, person, student)
    clash = _overlapping(member)
    if clash is not None:
        raise ValidationError(
            f"{person.display_name} is already on {student.first_name}'s team as "
            f"{clash.get_role_display().lower()} from {nice_date(clash.start_date)}"
            + (f" to {nice_date(clash.end_date)}" if clash.end_date else "")
            + ". Change the dates of that assignment instead."
        )


def _check_person(member: TeamMember, person: User, student: Student) -> None:
    """A new assignment: the person's profession fits the role, and they work here."""
    needed = ROLE_FOR_TEAM_ROLE.get(member.role)
    if needed is None:
        raise ValidationError({"role": "Parents and guardians join a team by an invitation."})
    if person.role != needed:
        raise ValidationError(
            {
                "person": f"{person.display_name}'s role is {person.get_role_display()}; "
                f"choose someone whose role is {Role(needed).label}."
            }
        )
    if not person.is_active:
        raise ValidationError({"person": f"{person.display_name}'s account is turned off."})
    if person.district_id != student.school.district_id:
        raise ValidationError({"person": f"{person.display_name} works in another district."})


@transaction.atomic
def add_assignment(
    *,
    actor: User,
    student: Student,
    person: User,
    role: str,
    start_date: dt.date,
    end_date: dt.date | None = None,
    relationship: str = "",
    request: HttpRequest | None = None,
) -> TeamMember:
    """Put a staff member on a student's team from start_date (to end_date, if given)."""
    member = TeamMember(
        student=student,
        person=person,
        role=role,
        relationship=relationship,
        start_date=start_date,
        end_date=end_date,
    )
    return _save_new(member, actor=actor, adding=True, request=request)


@transaction.atomic
def add_guardian(
    *,
    actor: User | None,
    student: Student,
    guardian: User,
    relationship: str,
    start_date: dt.date,
    request: HttpRequest | None = None,
) -> TeamMember:
    """A parent or guardian joins their child's team (an accepted invitation)."""
    if guardian.role != Role.GUARDIAN:
        raise ValidationError(
            {"person": f"{guardian.display_name} is not a parent or guardian account."}
        )
    member = TeamMember(
        student=student,
        person=guardian,
        role=TeamRole.GUARDIAN,
        relationship=relationship,
        start_date=start_date,
    )
    return _save_new(member, actor=actor, adding=False, request=request)


def _save_new(
    member: TeamMember, *, actor: User | None, adding: bool, request: HttpRequest | None
) -> TeamMember:
    """Check, save and log a new assignment (in the caller's transaction)."""
    _check(member, adding=adding)
    member.save()
    record_event(
        user=actor,
        action=AuditEvent.Action.CREATE,
        obj=member,
        student_id=member.student_id,
        summary=f"Team assignment: {assignment_words(member)}",
        request=request,
        after=_dates(member),
    )
    return member


@transaction.atomic
def change_dates(
    *,
    actor: User,
    member: TeamMember,
    start_date: dt.date,
    end_date: dt.date | None,
    request: HttpRequest | None = None,
) -> TeamMember:
    """New start and end dates for an assignment (an end date in the past ends access)."""
    before = _dates(member)
    kept = member.start_date, member.end_date
    member.start_date, member.end_date = start_date, end_date
    try:
        if _dates(member) == before:
            raise ValidationError("Nothing changed: these are already the assignment's dates.")
        _check(member, adding=False)
    except ValidationError:
        member.start_date, member.end_date = kept  # the page shows the dates as they are
        raise
    member.save(update_fields=["start_date", "end_date"])
    record_event(
        user=actor,
        action=AuditEvent.Action.UPDATE,
        obj=member,
        student_id=member.student_id,
        summary=f"Team assignment dates: {assignment_words(member)}",
        request=request,
        before=before,
        after=_dates(member),
    )
    return member


def end_assignment(
    *, actor: User, member: TeamMember, end_date: dt.date, request: HttpRequest | None = None
) -> TeamMember:
    """End an assignment on a day: the person keeps access through end_date, not after."""
    if end_date < member.start_date:
        raise ValidationError(
            {
                "end_date": f"The assignment started on {nice_date(member.start_date)}; "
                "end it on that day or later."
            }
        )
    return change_dates(
        actor=actor,
        member=member,
        start_date=member.start_date,
        end_date=end_date,
        request=request,
    )


def apply_roster_family_links(
    *,
    actor: User,
    add: list[tuple[int, int, str]],
    end: list[int],
    day: dt.date,
) -> None:
    """A roster import's family links: each (student, guardian, relationship) joins from
    `day`; each link in `end` ends on `day` (one not yet begun ends the day it begins).
    In bulk, for a district's roster; every link is audited on the child's record."""
    members = TeamMember.objects.bulk_create(
        [
            TeamMember(
                student_id=student,
                person_id=person,
                role=TeamRole.GUARDIAN,
                relationship=relationship,
                start_date=day,
            )
            for student, person, relationship in add
        ],
        batch_size=500,
    )
    ended = list(TeamMember.objects.filter(pk__in=end).select_related("person", "student"))
    for member in ended:
        member.end_date = max(day, member.start_date)
    TeamMember.objects.bulk_update(ended, ["end_date"], batch_size=500)
    for member, verb in [(m, "Roster import added") for m in members] + [
        (m, "Roster import ended") for m in ended
    ]:
        record_event(
            user=actor,
            action=AuditEvent.Action.CREATE if verb.endswith("added") else AuditEvent.Action.UPDATE,
            obj=member,
            student_id=member.student_id,
            summary=f"{verb} a family link (guardian {member.person_id})",
            after=_dates(member),
        )
