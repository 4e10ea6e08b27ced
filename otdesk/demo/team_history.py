"""A semester of the team around the students: consultations, strategy reviews, concerns,
parents' requests, aide programs, assistive technology and professional time."""

import datetime as dt
import random
from collections import defaultdict

from otdesk.accounts.models import Role, User
from otdesk.accounts.permissions import THERAPIST_ROLES
from otdesk.activities.models import Activity, HomeProgram
from otdesk.activities.queries import find_activities
from otdesk.delivery.calendar import SchoolCalendar
from otdesk.delivery.models import ConsultationLog, ConsultationStudent, Session, SessionPlan
from otdesk.programs.models import (
    AideProgram,
    AssistiveTechItem,
    ImplementationLog,
    MonitoringCheck,
    ProgramAssignment,
    ProgramVersion,
    TrainingEvent,
)
from otdesk.schools.models import District
from otdesk.students.models import (
    IEP,
    Concern,
    DeliveryModel,
    Goal,
    ServiceKind,
    ServiceLine,
    Strategy,
    StrategyRequest,
    StrategyReview,
    TeamMember,
    TeamRole,
)
from otdesk.workload.models import ProfessionalTime, TimeCategory

PARENT_USERNAME = "parent.demo"

CONSULT_TOPICS = [
    "Reviewed the pencil grip and the slant board with the teacher.",
    "Talked through the sensory diet schedule for the afternoon.",
    "Showed the aide how to fade cues during cutting.",
    "Agreed on seating with a footrest for desk work.",
    "Planned how to use movement breaks before writing.",
]
PROGRAMS = [
    (
        "Hand warm-up before writing",
        "Theraputty hide-and-find\nClothespin pinch race",
        "Sit at the desk with feet flat\nHide 5 beads in the putty\nLet the student find them, "
        "using thumb and fingers\nPraise effort; stop after 5 minutes",
    ),
    (
        "Movement break routine",
        "Wall push-ups\nAnimal walks in the hallway",
        "Before writing, walk to the hallway wall\n10 wall push-ups together\n"
        "Bear walk back to the room\nStart writing straight away",
    ),
    (
        "Word prediction on the tablet",
        "Typing sentences with word prediction",
        "Open the writing app\nTurn on word prediction\nStudent types 3 sentences\n"
        "Help only after a 5-second wait",
    ),
]


def _school_days(district: District, today: dt.date) -> list[dt.date]:
    cal = SchoolCalendar.for_district(district)
    return cal.school_days(district.school_year_start, today - dt.timedelta(days=1))


def generate_team_history(*, district: District, today: dt.date, seed: int) -> None:
    rng = random.Random(seed + 2)
    days = _school_days(district, today)
    if not days:
        return
    serving = {
        m.student_id: m.person
        for m in TeamMember.objects.filter(
            student__school__district=district, role__in=[TeamRole.OT, TeamRole.COTA]
        )
        .select_related("person")
        .order_by("-role")  # OT after COTA: the OT consults
    }
    _consultations(district, days, serving, rng)
    _strategy_reviews(district, days, serving, today, rng)
    _concerns_and_requests(district, serving, rng)
    _programs(district, days, serving, today, rng)
    _professional_time(district, days, rng)
    _home_programs_and_plans(district, serving)


def _consultations(
    district: District, days: list[dt.date], serving: dict[int, User], rng: random.Random
) -> None:
    lines = ServiceLine.objects.filter(
        iep__student__school__district=district,
        iep__status=IEP.Status.ACTIVE,
        kind=ServiceKind.CONSULTATION,
    ).select_related("iep__student")
    weeks: dict[dt.date, list[dt.date]] = defaultdict(list)
    for day in days:
        weeks[day - dt.timedelta(days=day.weekday())].append(day)
    logs: list[tuple[ConsultationLog, int, ServiceLine]] = []
    for line in lines:
        student = line.iep.student
        provider = serving.get(student.pk)
        if provider is None:
            continue
        if line.period == "week":
            every, minutes = 1, line.minutes
        elif line.period == "month":
            every, minutes = 2, max(10, line.minutes // 2)
        else:
            every, minutes = 4, max(10, line.minutes // 9)
        for index, (_, week_days) in enumerate(sorted(weeks.items())):
            # Students take turns, so a therapist's consultations spread over the weeks.
            if (index + student.pk) % every or not line.start_date <= week_days[0] <= line.end_date:
                continue
            if rng.random() < 0.1:
                continue  # a busy week: the consultation slips
            with_whom = (
                "aide"
                if line.delivery_model == DeliveryModel.AIDE_PROGRAM
                else rng.choice(["teacher", "teacher", "teacher,aide", "parent", "specialist"])
            )
            log = ConsultationLog(
                provider=provider,
                date=rng.choice(week_days),
                minutes=minutes,
                with_whom=with_whom,
                method=rng.choice(["in_person", "in_person", "email", "phone"]),
                discussed=rng.choice(CONSULT_TOPICS),
            )
            logs.append((log, student.pk, line))
    ConsultationLog.objects.bulk_create([log for log, _, _ in logs], batch_size=500)
    ConsultationStudent.objects.bulk_create(
        (
            ConsultationStudent(consultation=log, student_id=sid, service_line=line)
            for log, sid, line in logs
        ),
        batch_size=500,
    )


def _strategy_reviews(
    district: District,
    days: list[dt.date],
    serving: dict[int, User],
    today: dt.date,
    rng: random.Random,
) -> None:
    strategies = Strategy.objects.filter(student__school__district=district).select_related(
        "student"
    )
    reviews = []
    for strategy in strategies:
        provider = serving.get(strategy.student_id)
        if provider is None or rng.random() < 0.5:
            continue
        earlier = [d for d in days if strategy.start_date < d < today - dt.timedelta(days=10)]
        if not earlier:
            continue
        reviews.append(
            StrategyReview(
                strategy=strategy,
                date=rng.choice(earlier),
                reviewer=provider,
                outcome="keep",
                observed="Used most days; the teacher finds it easy to keep going.",
                consulted="Classroom teacher",
                description_before=strategy.description,
            )
        )
    StrategyReview.objects.bulk_create(reviews)


def _concerns_and_requests(
    district: District, serving: dict[int, User], rng: random.Random
) -> None:
    students = list(
        TeamMember.objects.filter(student__school__district=district, role=TeamRole.OT)
        .select_related("student__classroom__teacher")
        .order_by("student__sourced_id")
    )
    texts = [
        ("fine_motor", "Struggles to open the glue stick and the marker caps in art."),
        ("sensory", "Covers his ears and leaves the carpet during music in the room."),
        ("posture", "Slumps over the desk after ten minutes of writing."),
    ]
    for index, member in enumerate(students[:3]):
        teacher = member.student.classroom.teacher if member.student.classroom else None
        if teacher is None:
            continue
        area, text = texts[index]
        concern = Concern.objects.create(
            student=member.student, raised_by=teacher, area=area, text=text
        )
        if index == 2:
            concern.status = Concern.Status.ANSWERED
            concern.response = "I will watch during writing on Tuesday and try a footrest."
            concern.answered_by = member.person
            concern.save()
    # One demo parent who can sign in, with an agreed strategy to ask about.
    agreed = (
        Strategy.objects.filter(
            student__school__district=district,
            iep_status=Strategy.IEPStatus.AGREED,
            student__team__role=TeamRole.OT,
            student__team__person__username="ot.alvarez",
        )
        .select_related("student")
        .order_by("student__sourced_id")
        .first()
    )
    if agreed is None:
        return
    guardian = (
        User.objects.filter(student_roles__student=agreed.student, role=Role.GUARDIAN)
        .order_by("pk")
        .first()
    )
    if guardian is None:
        return
    staff = User.objects.filter(username="ot.alvarez").first()
    guardian.username = PARENT_USERNAME
    guardian.password = staff.password if staff else "!"
    guardian.save(update_fields=["username", "password"])
    requested = (
        Strategy.objects.filter(
            student__school__district=district, iep_status=Strategy.IEPStatus.REQUESTED
        )
        .select_related("student")
        .order_by("pk")
    )
    for strategy in requested[:3]:
        parent = (
            User.objects.filter(student_roles__student=strategy.student, role=Role.GUARDIAN)
            .order_by("pk")
            .first()
        )
        if parent is not None:
            StrategyRequest.objects.create(
                student=strategy.student,
                strategy=strategy,
                requested_by=parent,
                text=f"Please add to the IEP: {strategy.description}",
            )


def _programs(
    district: District,
    days: list[dt.date],
    serving: dict[int, User],
    today: dt.date,
    rng: random.Random,
) -> None:
    aides = list(
        User.objects.filter(district=district, role__in=[Role.AIDE, Role.BEHAVIORIST]).order_by(
            "username"
        )
    )
    members = list(
        TeamMember.objects.filter(student__school__district=district, role=TeamRole.AIDE)
        .select_related("student", "person")
        .order_by("student__sourced_id")
    )
    if not aides or not days:
        return
    for index, member in enumerate(members[:6]):
        student = member.student
        provider = serving.get(student.pk)
        if provider is None:
            continue
        title, activities, instructions = PROGRAMS[index % len(PROGRAMS)]
        start = days[min(len(days) - 1, 10 + index * 3)]
        program = AideProgram.objects.create(
            student=student,
            title=title,
            activities=activities,
            instructions=instructions,
            times_per_week=3,
            minutes_each=10,
            start_date=start,
            created_by=provider,
        )
        program.goals.set(Goal.objects.filter(iep__student=student)[:1])
        aide = member.person
        ProgramAssignment.objects.create(program=program, person=aide, start_date=start)
        TrainingEvent.objects.bulk_create(
            [
                TrainingEvent(
                    program=program,
                    trainee=aide,
                    trainer=provider,
                    kind="modeling",
                    date=start,
                    minutes=20,
                ),
                TrainingEvent(
                    program=program,
                    trainee=aide,
                    trainer=provider,
                    kind="coaching",
                    date=start + dt.timedelta(days=2),
                    minutes=15,
                ),
                TrainingEvent(
                    program=program,
                    trainee=aide,
                    trainer=provider,
                    kind="competency",
                    date=start + dt.timedelta(days=7),
                    minutes=10,
                    signed_off=True,
                ),
            ]
        )
        # The last program stopped being logged two weeks ago, so the flag shows.
        stop = today - dt.timedelta(days=15) if index == 5 else today
        logs = []
        for day in days:
            if day < start or day >= stop or day.weekday() not in (0, 2, 4):
                continue
            done = rng.random() > 0.12
            logs.append(
                ImplementationLog(
                    program=program,
                    implementer=aide,
                    date=day,
                    done=done,
                    minutes=10 if done else None,
                    response=rng.choice(["engaged", "engaged", "prompts", "hard"]) if done else "",
                    note="" if done else rng.choice(["Assembly ran long", "Student absent"]),
                )
            )
        ImplementationLog.objects.bulk_create(logs)
        checks = [d for d in days if d > start][::12]
        MonitoringCheck.objects.bulk_create(
            MonitoringCheck(
                program=program,
                therapist=provider,
                date=day,
                minutes=15,
                observation="Carried out as written; the student starts faster now.",
                fidelity=rng.choice([3, 4, 4, 5]),
            )
            for day in checks
        )
        if index == 0 and checks:
            ProgramVersion.objects.create(
                program=program,
                number=1,
                activities=activities,
                instructions=instructions,
                times_per_week=3,
                minutes_each=10,
                changed_by=provider,
                change_note="Added a visual timer so the aide can step back",
            )
            steps = instructions.splitlines()
            steps.insert(1, "Set the visual timer for 5 minutes")
            program.instructions = "\n".join(steps)
            program.version = 2
            program.save(update_fields=["instructions", "version"])
        if title.startswith("Word prediction"):
            item = AssistiveTechItem.objects.create(
                student=student,
                device="Class tablet with word prediction",
                program=program,
                status=AssistiveTechItem.Status.IN_USE,
            )
            item.trained.set([aide])


def _professional_time(district: District, days: list[dt.date], rng: random.Random) -> None:
    providers = User.objects.filter(district=district, role__in=THERAPIST_ROLES).order_by(
        "username"
    )
    session_days = set(
        Session.objects.filter(provider__district=district).values_list("provider_id", "date")
    )
    entries = []
    for provider in providers:
        for day in days:
            if (provider.pk, day) not in session_days:
                continue
            entries.append(
                ProfessionalTime(
                    person=provider,
                    date=day,
                    minutes=rng.choice([20, 30, 40]),
                    category=TimeCategory.DOCUMENTATION,
                )
            )
            if day.weekday() in (2, 4) and provider.role == Role.OT:
                entries.append(
                    ProfessionalTime(
                        person=provider,
                        date=day,
                        minutes=25,
                        category=TimeCategory.TRAVEL,
                        note="Between schools",
                    )
                )
            roll = rng.random()
            extra = None
            if roll < 0.12:
                extra = (TimeCategory.MEETINGS, 60, "IEP meeting")
            elif roll < 0.2:
                extra = (TimeCategory.EVALUATIONS, 90, "Re-evaluation testing and report")
            elif roll < 0.28:
                extra = (TimeCategory.MATERIALS, 30, "Made a slant board and pencil grips")
            elif roll < 0.33:
                extra = (TimeCategory.REVIEWING, 45, "Read reports before an IEP meeting")
            elif roll < 0.37:
                extra = (TimeCategory.RESEARCH, 30, "Read about handwriting programs")
            elif roll < 0.41:
                extra = (TimeCategory.PREPARING, 20, "Prepared a sensory bin")
            elif roll < 0.44:
                extra = (TimeCategory.TRAINING, 30, "Trained new aides")
            if extra:
                entries.append(
                    ProfessionalTime(
                        person=provider,
                        date=day,
                        minutes=extra[1],
                        category=extra[0],
                        note=extra[2],
                    )
                )
    ProfessionalTime.objects.bulk_create(entries, batch_size=500)


def _home_programs_and_plans(district: District, serving: dict[int, User]) -> None:
    """A home program for the demo parent's child, and a plan for a therapist's next session."""
    parent = User.objects.filter(username=PARENT_USERNAME).first()
    child_ids = list(
        TeamMember.objects.filter(person=parent, role=TeamRole.GUARDIAN).values_list(
            "student_id", flat=True
        )
    )
    for student_id in child_ids[:1]:
        provider = serving.get(student_id)
        if provider is None:
            continue
        goals = list(Goal.objects.filter(iep__student_id=student_id))
        chosen = find_activities(provider, setting="home", goals=goals)[:3]
        program = HomeProgram.objects.create(
            student_id=student_id,
            created_by=provider,
            note="Each one takes about ten minutes. Pick the one your child enjoys most.",
            note_es="Cada una toma unos diez minutos. Elijan la que más le guste a su hijo.",
        )
        program.activities.set(chosen or Activity.objects.filter(at_home=True)[:3])
    alvarez = User.objects.filter(username="ot.alvarez").first()
    if alvarez is None:
        return
    first_student = next((sid for sid, p in serving.items() if p == alvarez), None)
    if first_student is None:
        return
    goals = list(Goal.objects.filter(iep__student_id=first_student)[:2])
    plan = SessionPlan.objects.create(provider=alvarez, session_type="push_in")
    plan.students.set([first_student])
    plan.goals.set(goals)
    plan.activities.set(find_activities(alvarez, setting="class", goals=goals)[:2])
