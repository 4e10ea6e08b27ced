"""One door for team assignments: only students/team.py writes TeamMember rows (the demo
and the test factories build fixture rows straight into the table)."""

import re
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

import otdesk
from otdesk.accounts.models import Role
from otdesk.core.models import AuditEvent
from otdesk.students import team
from otdesk.students.models import TeamRole
from otdesk.testing import factories as f

ROOT = Path(otdesk.__file__).parent
ALLOWED = {ROOT / "students" / "team.py", ROOT / "testing" / "factories.py"}
WRITE = re.compile(
    r"(?<!class )TeamMember\("
    r"|TeamMember\.objects\.(create|bulk_create|get_or_create|update_or_create)"
)


def test_only_students_team_writes_team_assignments():
    found = {
        str(path.relative_to(ROOT)): n
        for path in sorted(ROOT.rglob("*.py"))
        if path not in ALLOWED and not {"tests", "migrations", "demo"} & set(path.parts)
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if WRITE.search(line)
    }
    assert found == {}


@pytest.mark.django_db
def test_a_guardian_joins_through_team_py_audited(world):
    dad = f.make_user(Role.GUARDIAN, world.district, first_name="Luis", last_name="Lopez")
    member = team.add_guardian(
        actor=world.therapist,
        student=world.student,
        guardian=dad,
        relationship="Father",
        start_date=f.TEAM_START,
    )
    assert (member.role, member.relationship) == (TeamRole.GUARDIAN, "Father")
    event = AuditEvent.objects.get(object_type="students.teammember", object_id=member.pk)
    assert (event.user, event.student_id, event.action) == (
        world.therapist,
        world.student.pk,
        "create",
    )
    with pytest.raises(ValidationError, match="is already on Maya's team as parent or guardian"):
        team.add_guardian(
            actor=world.therapist,
            student=world.student,
            guardian=dad,
            relationship="Father",
            start_date=f.TEAM_START,
        )
    with pytest.raises(ValidationError, match="is not a parent or guardian account"):
        team.add_guardian(
            actor=world.therapist,
            student=world.student,
            guardian=world.teacher,
            relationship="",
            start_date=f.TEAM_START,
        )
