"""The demo's evaluations, by the first OT, so the due list and the scores show: a newly
referred kindergartner waiting for the parent's consent, a first-grader's initial
evaluation under way (consent in, a Beery VMI scored), a re-evaluation written up with BOT-2
scores, and a re-evaluation under way for a student whose IEP date is near. Through the
services like any other write; dates before `today`."""

import datetime as dt

from otdesk.accounts.models import User
from otdesk.assessments.catalog_data import load as load_catalog
from otdesk.assessments.models import AssessmentPart, AssessmentTool
from otdesk.evaluations import services
from otdesk.schools.models import District, School
from otdesk.students.models import Student, TeamMember, TeamRole
from otdesk.students.permissions import iep_students

OT_USERNAME = "ot.alvarez"


def generate_evaluations(*, district: District, today: dt.date) -> None:
    ot = User.objects.filter(username=OT_USERNAME, district=district).first()
    if ot is None:
        return
    students = list(iep_students(ot, on=today).order_by("last_name", "first_name", "pk"))
    if len(students) < 2:
        return
    # The shipped catalog (its migration loads it; a test database may have been emptied).
    load_catalog(AssessmentTool, AssessmentPart)
    school = students[0].school
    day = dt.timedelta(days=1)
    waiting = _referred(school, ot, "Noor", "Haddad", "K", today - 2410 * day, today - 9 * day)
    services.start_evaluation(
        actor=ot,
        student=waiting,
        kind="initial",
        referral_date=today - 6 * day,
        consent_date=None,
        reason="Kindergarten teacher asks about grasp and cutting; avoids the art table.",
    )
    first = _referred(school, ot, "Elio", "Brandt", "1", today - 2600 * day, today - 30 * day)
    under_way = services.start_evaluation(
        actor=ot,
        student=first,
        kind="initial",
        referral_date=today - 28 * day,
        consent_date=today - 21 * day,
        reason="Letters are hard to read and copying from the board is slow.",
    )
    beery = AssessmentTool.objects.get(short_name="Beery VMI")
    given = services.add_test(actor=ot, evaluation=under_way, tool=beery, test_date=today - 4 * day)
    parts = {p.name: p for p in beery.parts.all()}
    services.save_scores(
        actor=ot,
        administration=given,
        scores={
            parts["Visual-Motor Integration"].pk: {"standard_score": 81, "percentile": 10},
            parts["Visual Perception"].pk: {"standard_score": 97, "percentile": 42},
            parts["Motor Coordination"].pk: {"standard_score": 76, "percentile": 5},
        },
    )
    _written_reevaluation(ot, students[0], today)
    services.start_evaluation(
        actor=ot,
        student=students[1],
        kind="reevaluation",
        referral_date=None,
        consent_date=today - 12 * day,
        reason="Three-year re-evaluation: is OT still needed to reach the goals?",
    )


def _referred(
    school: School, ot: User, first: str, last: str, grade: str, born: dt.date, since: dt.date
) -> Student:
    """A student referred to OT, with no IEP yet, and the OT on the team."""
    student = Student.objects.create(
        first_name=first, last_name=last, date_of_birth=born, grade=grade, school=school
    )
    TeamMember.objects.create(student=student, person=ot, role=TeamRole.OT, start_date=since)
    return student


def _written_reevaluation(ot: User, student: Student, today: dt.date) -> None:
    day = dt.timedelta(days=1)
    evaluation = services.start_evaluation(
        actor=ot,
        student=student,
        kind="reevaluation",
        referral_date=None,
        consent_date=today - 60 * day,
        reason="Three-year re-evaluation.",
    )
    bot = AssessmentTool.objects.get(short_name="BOT-2")
    given = services.add_test(actor=ot, evaluation=evaluation, tool=bot, test_date=today - 45 * day)
    parts = {p.name: p for p in bot.parts.all()}
    services.save_scores(
        actor=ot,
        administration=given,
        scores={
            parts["Fine Motor Precision"].pk: {"scaled_score": 8, "raw": 31},
            parts["Fine Motor Integration"].pk: {"scaled_score": 7, "raw": 28},
            parts["Fine Manual Control"].pk: {
                "standard_score": 42,
                "percentile": 21,
                "category": "Below average",
            },
        },
    )
    services.save_evaluation(
        actor=ot,
        evaluation=evaluation,
        values={
            "evaluation_date": today - 45 * day,
            "report_date": today - 38 * day,
            "minutes": 70,
            "summary": "Fine motor precision and integration are slightly below age level; "
            "handwriting is legible with a slant board and a pencil grip. OT recommends "
            "continuing push-in service with classroom strategies.",
        },
    )
