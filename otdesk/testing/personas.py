"""One district-wide world for the authorization matrix: every persona of PRODUCT.md's
"Who uses it" table with real records around two students of one school, a third student
served by another OT of the same school, and a fourth in another district.

Who knows which child (the names a persona may read anywhere):

| persona | relationship | knows |
|---|---|---|
| owning_ot | OT on the team of Marisol and Benedikt; supervises the COTA | Marisol, Benedikt |
| other_ot | OT at the same school, on the team of Ottilie only | Ottilie |
| cota | COTA assigned to Marisol only (not Benedikt, in her group session) | Marisol |
| teacher | teaches Marisol's class | Marisol |
| other_teacher | teaches the class of Benedikt and Ottilie | Benedikt, Ottilie |
| aide | carries out Marisol's aide program | Marisol |
| other_aide | carries out Benedikt's aide program | Benedikt |
| guardian | Marisol's mother | Marisol |
| other_guardian | Benedikt's father | Benedikt |
| coordinator | coordinator of the district | Marisol, Benedikt, Ottilie |
| other_coordinator | coordinator of another district | Wendell |
| operator | the site operator (is_staff, is_superuser, no district) | everyone (the admin) |
| anonymous | signed out | nobody |

Marisol (the student of every student route) has an IEP with a direct and a consultation
line, a goal, a strategy, a strategy agreed but not written that her mother asked to add to
the IEP, a group session with Benedikt (signed by the owning OT) and a weekly group with
him in her room, a consultation, a teacher's concern, an aide program, a home program, a
weekly planned session, a miss with a booked make-up, a session plan and an unavailable
time, a COTA's proposal to change her strategy, a question her mother asked the therapist,
a team note and the COTA's on her team assignment, and an invitation of her aunt (by her
OT). The owning OT has a meeting, a calendar feed and a finished district-run proposal, and
supervises the COTA, whose signed note of Marisol waits for the OT's co-signature. The
district has a closed day and an invitation of a new OT (by the coordinator).

Names are unusual on purpose: the matrix searches every response for the first and last
names of the children a persona may not know, so no word of the page can match by chance.
"""

import datetime as dt
import zoneinfo
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.test import Client, RequestFactory
from django.test.utils import override_settings
from django.utils import timezone

from otdesk.accounts import services as account_services
from otdesk.accounts.models import Role, User
from otdesk.activities import services as activity_services
from otdesk.activities.models import Activity
from otdesk.api.services import create_token
from otdesk.delivery import services as delivery_services
from otdesk.delivery.models import (
    MissReason,
    SessionPlan,
)
from otdesk.family import services as family_services
from otdesk.family.glossary import GLOSSARIES
from otdesk.programs import services as program_services
from otdesk.programs.models import AideProgram, AssistiveTechItem
from otdesk.retention.models import Destruction
from otdesk.roster.models import RosterImport
from otdesk.scheduling.models import CalendarFeed, PlanRun, PlanRunItem
from otdesk.schools.models import Classroom, District, NonSchoolDay, School, SchoolAssignment
from otdesk.students import services as student_services
from otdesk.students.models import (
    Goal,
    ServiceKind,
    ServiceLine,
    Strategy,
    StrategyReview,
    Student,
    TeamRole,
    UnavailableTime,
)
from otdesk.teamwork import services as teamwork_services
from otdesk.testing import factories as f
from otdesk.testing.evaluation_world import evaluation_records
from otdesk.testing.login import sign_in
from otdesk.testing.progress_world import progress_records
from otdesk.testing.supervision_factories import make_contact, make_signed_note, make_supervision

# A Friday in the school year, in the district's zone: every date below is before it.
NOW = dt.datetime(2026, 10, 9, 15, 0, tzinfo=zoneinfo.ZoneInfo("America/Chicago"))
MONDAY = dt.date(2026, 10, 5)

PERSONAS = (
    "owning_ot",
    "other_ot",
    "cota",
    "teacher",
    "other_teacher",
    "aide",
    "other_aide",
    "guardian",
    "other_guardian",
    "coordinator",
    "other_coordinator",
    "operator",
    "anonymous",
)
SIGNED_IN = tuple(p for p in PERSONAS if p != "anonymous")

# The children (first name, last name) and who knows them (see the table above).
CHILDREN = {
    "marisol": ("Marisol", "Quintero"),
    "benedikt": ("Benedikt", "Okonkwo"),
    "ottilie": ("Ottilie", "Varga"),
    "wendell": ("Wendell", "Fairbrook"),
}
KNOWS: dict[str, frozenset[str]] = {
    "owning_ot": frozenset({"marisol", "benedikt"}),
    "other_ot": frozenset({"ottilie"}),
    "cota": frozenset({"marisol"}),
    "teacher": frozenset({"marisol"}),
    "other_teacher": frozenset({"benedikt", "ottilie"}),
    "aide": frozenset({"marisol"}),
    "other_aide": frozenset({"benedikt"}),
    "guardian": frozenset({"marisol"}),
    "other_guardian": frozenset({"benedikt"}),
    "coordinator": frozenset({"marisol", "benedikt", "ottilie"}),
    "other_coordinator": frozenset({"wendell"}),
    "operator": frozenset(CHILDREN),
    "anonymous": frozenset(),
}


# The group session's note: only the therapists serving a student in it read session notes
# (never a teacher, aide, parent or coordinator); the matrix searches every page for it.
NOTE_TEXT = "Cut 3 of 5 curves with the loop scissors."
# The COTA's note of Marisol waiting for co-signature: the same readers (her OT, who also
# supervises the COTA, and the COTA); the coordinator reads the supervision, not the note.
COTA_NOTE_TEXT = "Traced 4 of 6 mazes without lifting the crayon."
NOTE_TEXTS = (NOTE_TEXT, COTA_NOTE_TEXT)
NOTE_READERS = frozenset({"owning_ot", "cota", "operator"})


def unknown_names(persona: str) -> list[str]:
    """The first and last names of every child the persona may not know."""
    return [
        name for child, names in CHILDREN.items() if child not in KNOWS[persona] for name in names
    ]


@dataclass
class MatrixWorld:
    people: dict[str, User]
    district: District
    other_district: District
    school: School
    classroom: Classroom
    students: dict[str, Student]
    records: dict[str, Any] = field(default_factory=dict)

    def person(self, persona: str) -> User | None:
        return self.people.get(persona)


@dataclass(frozen=True)
class Glossed:
    """A record named in its route by a word, not an id: a glossary by its key, a job's
    file by its name."""

    pk: str


def log_in(client: Client, user: User) -> None:
    """The one way the matrix signs a persona in (past two-factor sign-in for the
    coordinators and the operator)."""
    sign_in(client, user)


def clients(world: MatrixWorld) -> dict[str, Client]:
    """A signed-in test client per persona (and a signed-out one for 'anonymous')."""
    result = {"anonymous": Client()}
    for persona, user in world.people.items():
        result[persona] = Client()
        log_in(result[persona], user)
    return result


def _child(school: School, classroom: Classroom | None, key: str) -> Student:
    first, last = CHILDREN[key]
    return f.make_student(school, classroom, first_name=first, last_name=last)


def _iep(student: Student) -> tuple[ServiceLine, ServiceLine, Goal, Strategy]:
    iep = f.make_iep(student)
    direct = f.make_line(iep, minutes=30)
    consult = f.make_line(
        iep,
        kind=ServiceKind.CONSULTATION,
        delivery_model="consultation",
        minutes=60,
        period="month",
    )
    return direct, consult, f.make_goal(iep), f.make_strategy(student)


def _program(actor: User, student: Student, title: str, person: User) -> AideProgram:
    program = program_services.create_program(
        actor=actor,
        student=student,
        title=title,
        activities="Theraputty hide-and-find",
        instructions="Sit at the desk\nHide 5 beads",
        times_per_week=3,
        minutes_each=10,
        start_date=dt.date(2026, 9, 21),
    )
    program_services.assign_implementer(
        actor=actor, program=program, person=person, start_date=dt.date(2026, 9, 21)
    )
    return program


@override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
@transaction.atomic
def build_world() -> MatrixWorld:
    """Every persona and record of the matrix (call with the clock at NOW)."""
    district = f.make_district(name="Riverbend District")
    other_district = f.make_district(name="Faraway District")
    school = f.make_school(district)
    other_school = f.make_school(other_district)
    user = f.make_user
    people = {
        "owning_ot": user(Role.OT, district, username="owning_ot"),
        "other_ot": user(Role.OT, district, username="other_ot"),
        "cota": user(Role.COTA, district, username="cota"),
        "teacher": user(Role.TEACHER, district, username="teacher"),
        "other_teacher": user(Role.TEACHER, district, username="other_teacher"),
        "aide": user(Role.AIDE, district, username="aide"),
        "other_aide": user(Role.AIDE, district, username="other_aide"),
        "guardian": user(Role.GUARDIAN, district, username="guardian"),
        "other_guardian": user(Role.GUARDIAN, district, username="other_guardian"),
        "coordinator": user(Role.COORDINATOR, district, username="coordinator"),
        "other_coordinator": user(Role.COORDINATOR, other_district, username="other_coord"),
        "operator": user(
            Role.OPERATOR, None, username="operator", is_staff=True, is_superuser=True
        ),
    }
    p = people
    room = f.make_classroom(school, teacher=p["teacher"], grade="2")
    other_room = f.make_classroom(school, teacher=p["other_teacher"], grade="3")
    students = {
        "marisol": _child(school, room, "marisol"),
        "benedikt": _child(school, other_room, "benedikt"),
        "ottilie": _child(school, other_room, "ottilie"),
        "wendell": _child(other_school, None, "wendell"),
    }
    s = students
    line, _, goal, strategy = _iep(s["marisol"])
    b_line, _, b_goal, b_strategy = _iep(s["benedikt"])
    for key in ("ottilie", "wendell"):
        _iep(s[key])
    team = f.add_to_team
    team(s["marisol"], p["owning_ot"], TeamRole.OT)
    cota_member = team(s["marisol"], p["cota"], TeamRole.COTA)
    team(s["marisol"], p["aide"], TeamRole.AIDE)
    team(s["marisol"], p["guardian"], TeamRole.GUARDIAN, relationship="Mother")
    team(s["benedikt"], p["owning_ot"], TeamRole.OT)
    team(s["benedikt"], p["other_aide"], TeamRole.AIDE)
    team(s["benedikt"], p["other_guardian"], TeamRole.GUARDIAN, relationship="Father")
    team(s["ottilie"], p["other_ot"], TeamRole.OT)
    for persona in ("owning_ot", "other_ot", "cota"):
        SchoolAssignment.objects.create(person=p[persona], school=school, start_date=f.TEAM_START)

    ot = p["owning_ot"]
    block = f.make_block(school)
    fixed = f.make_fixed_time(ot)
    planned = f.make_planned(ot, school, [s["marisol"]], classroom=room)
    # A weekly group in Marisol's room with Benedikt (from another class): her teacher and
    # her COTA read this room's week but know only her.
    f.make_planned(
        ot, school, [s["marisol"], s["benedikt"]], weekday=2, start=dt.time(10), classroom=room
    )
    group = f.make_session(ot, school, [s["marisol"], s["benedikt"]], date=MONDAY)
    delivery_services.update_note(
        actor=ot,
        session=group,
        note={"subjective": "Both worked on cutting.", "objective": NOTE_TEXT},
        sign=True,
    )
    consultation = delivery_services.log_consultation(
        actor=ot,
        date=dt.date(2026, 10, 7),
        minutes=20,
        with_whom=["teacher"],
        method="in_person",
        students=[s["marisol"]],
        discussed="Pencil grip in class.",
    )
    [miss] = delivery_services.record_missed_session(
        actor=ot,
        students=[s["marisol"]],
        date=dt.date(2026, 10, 6),
        minutes=30,
        reason=MissReason.PROVIDER_ABSENT,
        planned=planned,
    )
    makeup = f.make_planned(
        ot,
        school,
        [s["marisol"]],
        weekday=3,
        start=dt.time(13),
        active_from=dt.date(2026, 10, 15),
        makeup_for=miss,
        active_until=dt.date(2026, 10, 15),
    )
    session_plan = SessionPlan.objects.create(provider=ot, session_type="push_in")
    session_plan.students.set([s["marisol"]])
    concern = student_services.raise_concern(
        actor=p["teacher"], student=s["marisol"], text="Tires quickly when writing."
    )
    agreed = f.make_strategy(
        s["marisol"], description="Wobble cushion", iep_status=Strategy.IEPStatus.AGREED
    )
    request = student_services.request_strategy(
        actor=p["guardian"], student=s["marisol"], text="", strategy=agreed
    )
    program = _program(ot, s["marisol"], "Hand warm-up", p["aide"])
    b_program = _program(ot, s["benedikt"], "Scissor practice", p["other_aide"])
    # Benedikt's own pull-out (his weekly slot and its miss) for the query probe.
    b_planned = f.make_planned(
        ot, school, [s["benedikt"]], weekday=4, start=dt.time(11), classroom=other_room
    )
    [b_miss] = delivery_services.record_missed_session(
        actor=ot,
        students=[s["benedikt"]],
        date=dt.date(2026, 10, 2),
        minutes=30,
        reason=MissReason.STUDENT_ABSENT,
        planned=b_planned,
    )
    at_item = AssistiveTechItem.objects.create(
        student=s["marisol"], device="Slant board", program=program
    )
    activity = activity_services.save_activity(
        actor=ot,
        activity=Activity(
            name="Coin pinch",
            materials="coins, a jar",
            instructions="Pick up coins one at a time and drop them in the jar.",
            easier="Bigger coins",
            harder="Two coins at once",
            at_home=True,
            owner=ot,
            district=district,
        ),
        areas=["fine_motor"],
    )
    home = activity_services.create_home_program(
        actor=ot, student=s["marisol"], activities=[activity]
    )
    unavailable = UnavailableTime.objects.create(
        student=s["marisol"],
        weekday=1,
        start=dt.time(10),
        end=dt.time(10, 30),
        reason="Speech therapy",
    )
    feed = CalendarFeed.objects.create(person=ot)
    run = PlanRun.objects.create(
        district=district, started_by=p["coordinator"], finished_at=timezone.now()
    )
    run_item = PlanRunItem.objects.create(
        run=run, provider=ot, status=PlanRunItem.Status.DONE, finished_at=timezone.now()
    )
    # A finished job the owning OT started in the district (its coordinator sees it too),
    # with the file it made.
    job = f.make_job(ot, district, label="Matrix batch", status="done", done=1, total=1)
    job_file = f.make_job_file(job)
    # The owning OT supervises the COTA; the COTA's signed note of Marisol waits for the
    # co-signature (the district's policy asks for one).
    supervision = make_supervision(p["cota"], ot)
    make_contact(supervision, dt.date(2026, 9, 14))
    cota_note = make_signed_note(
        p["cota"], school, [s["marisol"]], date=dt.date(2026, 10, 8), objective=COTA_NOTE_TEXT
    )
    # The COTA proposed a change to Marisol's strategy (only her OT decides it).
    proposal = student_services.review_strategy(
        actor=p["cota"],
        strategy=strategy,
        date=dt.date(2026, 10, 8),
        outcome=StrategyReview.Outcome.MODIFY,
        observed="Uses it for the first ten minutes only.",
        consulted="Her teacher",
        new_description="Pencil grip for the whole writing lesson",
    )
    question = family_services.ask_question(
        actor=p["guardian"],
        student=s["marisol"],
        subject="Scissors at home?",
        text="Which scissors should we buy?",
    )
    team_note = teamwork_services.add_team_note(
        actor=ot, student=s["marisol"], text="Prefers the left side of the room."
    )
    # A guardian's invitation for Marisol (her OT's) and a staff one (the coordinator's).
    asked = RequestFactory().get("/")
    invitation = account_services.invite_guardian(
        actor=ot,
        student=s["marisol"],
        email="aunt@example.org",
        relationship="Aunt",
        request=asked,
    )
    account_services.invite_staff(
        actor=p["coordinator"],
        district=district,
        email="new.ot@example.org",
        role=Role.OT,
        request=asked,
    )
    closed_day = NonSchoolDay.objects.create(
        district=district, date=dt.date(2026, 11, 26), name="Thanksgiving"
    )
    records: dict[str, Any] = {
        "line": line,
        "goal": goal,
        "strategy": strategy,
        "block": block,
        "fixed": fixed,
        "planned": planned,
        "session": group,
        "consultation": consultation,
        "miss": miss,
        "makeup": makeup,
        "session_plan": session_plan,
        "concern": concern,
        "request": request,
        "program": program,
        "at_item": at_item,
        "activity": activity,
        "home_program": home,
        "unavailable": unavailable,
        "feed": feed,
        "run": run,
        "run_item": run_item,
        "job": job,
        "job_file": Glossed(job_file.name),
        "supervision": supervision,
        "cota_note": cota_note,
        "proposal": proposal,
        "question": question,
        "team_note": team_note,
        "closed_day": closed_day,
        "team_member": cota_member,
        "invitation": invitation,
        "district_person": p["aide"],
        "roster_import": RosterImport.objects.create(
            district=district,
            kind=RosterImport.Kind.ONEROSTER,
            uploaded_by=p["coordinator"],
            file_name="matrix.zip",
            status=RosterImport.Status.CHECKED,
            report={"counts": {}, "changes": [], "problems": [], "notes": []},
        ),
        "api_token": create_token(actor=ot, name="Matrix", scope="read", days=30)[0],
        "destruction": Glossed(
            Destruction.objects.create(
                reference="D1-2026-0001",
                district=district,
                destroyed_at=timezone.now(),
                destroyed_by=p["coordinator"],
                requested_on=timezone.localdate(),
                request="Father, in writing",
                removed={"students.Student": 1},
                audit_event_id=0,
                fingerprint="0" * 64,
            ).reference
        ),
        "glossary": Glossed(next(iter(GLOSSARIES))),
        **progress_records(
            district=district, coordinator=p["coordinator"], ot=ot, student=s["marisol"]
        ),
        **evaluation_records(ot=ot, student=s["marisol"]),
    }
    # The records a page may be asked about by query (?planned=...), per child.
    records["asked_about"] = {
        "marisol": {
            "planned": planned, "plan": session_plan, "makeup": miss, "miss": miss,
            "strategy": strategy, "program": program, "goal": goal, "line": line,
            "session": group,
        },
        "benedikt": {
            "planned": b_planned, "makeup": b_miss, "miss": b_miss, "strategy": b_strategy,
            "program": b_program, "goal": b_goal, "line": b_line,
        },
    }  # fmt: skip
    return MatrixWorld(
        people=people,
        district=district,
        other_district=other_district,
        school=school,
        classroom=room,
        students=students,
        records=records,
    )
