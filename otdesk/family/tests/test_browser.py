"""The parent portal in Chromium, at 1280 and 390 px: a guardian accepts the OT's
invitation and makes an account, switches to Spanish,
reads how OT is given and the minutes, follows a glossary link, asks a question and asks
for a strategy to be written in; the therapist answers and sees the request. axe finds
nothing on any page, in either language."""

import datetime as dt
import secrets

import pytest
from django.utils import timezone

from otdesk.accounts.models import Invitation, Role, User
from otdesk.accounts.services import hash_token
from otdesk.delivery.models import MissedSession, MissReason
from otdesk.demo.generate import school_year_containing
from otdesk.family.models import Question
from otdesk.students.models import StrategyRequest, Student, TeamRole
from otdesk.students.permissions import children_of
from otdesk.testing import factories as f
from otdesk.testing.browser import checked, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def last_school_day(day: dt.date) -> dt.date:
    while day.weekday() > 4:
        day -= dt.timedelta(days=1)
    return day


@pytest.fixture
def family():
    today = timezone.localdate()
    start, end = school_year_containing(today)
    district = f.make_district(school_year_start=start, school_year_end=end)
    school = f.make_school(district)
    teacher = f.make_user(Role.TEACHER, district, username="teacher.test")
    room = f.make_classroom(school, teacher=teacher, grade="2")
    therapist = f.make_user(
        Role.OT, district, username="ot.test", first_name="Olive", last_name="Ortiz"
    )
    student = f.make_student(school, room, first_name="Maya", last_name="Pupil")
    f.make_student(school, room, first_name="Tomás", last_name="Pupil")
    began = today - dt.timedelta(days=60)
    iep = f.make_iep(
        student,
        start_date=began,
        end_date=today + dt.timedelta(days=300),
        annual_review_due=today + dt.timedelta(days=300),
    )
    push_in = f.make_line(iep)
    f.make_line(
        iep,
        delivery_model="pull_out",
        minutes=20,
        location="therapy_room",
        pull_out_reason="equipment",
    )
    f.make_line(iep, kind="consultation", delivery_model="consultation", minutes=60, period="month")
    f.make_strategy(student)
    f.make_strategy(student, description="Movement break before writing", iep_status="agreed")
    f.add_to_team(student, therapist, TeamRole.OT, start_date=began)
    day = last_school_day(today - dt.timedelta(days=14))
    f.make_session(therapist, school, [student], date=day, service_line=push_in)
    MissedSession.objects.create(
        student=student,
        service_line=push_in,
        provider=therapist,
        date=last_school_day(today - dt.timedelta(days=21)),
        minutes=30,
        reason=MissReason.PROVIDER_ABSENT,
    )
    return student


def invitation_link(student: Student) -> str:
    """The OT's invitation of Maya's father, as the invite form makes it (the form and its
    email are tested in accounts/tests)."""
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    Invitation.objects.create(
        email="pat@example.com",
        role=Role.GUARDIAN,
        district=student.school.district,
        student=student,
        relationship="Father",
        invited_by=student.team.get(role=TeamRole.OT).person,
        token_hash=hash_token(token),
        sent_at=now,
        expires_at=now + dt.timedelta(days=7),
    )
    return f"/invite/{token}/"


def test_a_guardian_in_spanish_asks_and_the_therapist_answers(page, live_server, family):
    # The father opens the link in the OT's invitation and makes his account.
    page.goto(f"{live_server.url}{invitation_link(family)}")
    page.get_by_role("heading", name="Make your OT Desk account").wait_for()
    checked(page, "family-invitation")
    page.get_by_label("First name").fill("Pat")
    page.get_by_label("Last name").fill("Pupil")
    page.get_by_label("Username").fill("parent.test")
    page.get_by_label("Password", exact=True).fill(f.PASSWORD)
    page.get_by_label("Password again").fill(f.PASSWORD)
    page.get_by_role("button", name="Make my account").click()
    page.get_by_text("Welcome to OT Desk. Your account is ready.").wait_for()
    pat = User.objects.get(username="parent.test")
    assert (pat.role, list(children_of(pat))) == (Role.GUARDIAN, [family])
    # Tomás's invitation was accepted another day: the father has two children.
    tomas = Student.objects.get(first_name="Tomás")
    f.add_to_team(tomas, pat, TeamRole.GUARDIAN, start_date=timezone.localdate())
    page.goto(f"{live_server.url}/family/")
    page.get_by_role("heading", name="How OT works for Maya").wait_for()
    checked(page, "family-portal-en")

    # Switch to Spanish: the choice is remembered on the person.
    page.get_by_role("button", name="Español").click()
    page.get_by_role("heading", name="Cómo funciona la terapia ocupacional de Maya").wait_for()
    assert page.locator("html").get_attribute("lang") == "es"
    checked(page, "family-portal-es")
    main = page.get_by_role("main")
    main.get_by_text("La terapeuta trabaja con Maya en el salón").wait_for()
    main.get_by_text(
        "Por qué fuera del salón: el trabajo necesita equipo que no cabe en un salón"
    ).wait_for()
    main.get_by_text("Esta semana: se dieron 0 de 30 minutos hasta ahora.").wait_for()
    main.get_by_text("Este tiempo se debe: faltan reponer 30 min").wait_for()

    # The other child, then back.
    page.get_by_role("navigation", name="Sus hijos").get_by_role("link", name="Tomás").click()
    page.get_by_role("heading", name="Cómo funciona la terapia ocupacional de Tomás").wait_for()
    checked(page, "family-portal-second-child-es")
    page.get_by_role("navigation", name="Sus hijos").get_by_role("link", name="Maya").click()

    # A glossary link lands on its entry.
    main = page.get_by_role("main")
    main.get_by_role("link", name="Ayuda dentro del salón (push-in)").first.click()
    page.wait_for_url("**/terms/ot/#push-in")
    page.get_by_text("Ayuda dentro del salón (push-in, terapia integrada)").wait_for()
    checked(page, "family-glossary-es")
    page.get_by_role("link", name="Guía de evaluaciones de terapia ocupacional").click()
    page.get_by_text("De 4 a 21 años").wait_for()
    checked(page, "family-assessments-es")
    page.go_back()
    page.go_back()

    # A question, first sent empty (the errors in Spanish), then written.
    page.get_by_role("main").get_by_role("link", name="Hacer una pregunta").first.click()
    page.wait_for_url("**/questions/new/")
    checked(page, "family-ask-es")
    page.get_by_role("button", name="Enviar pregunta").click()
    page.get_by_text("Corrija 2 cosas antes de guardar").wait_for()
    checked(page, "family-ask-errors-es")
    page.get_by_label("¿Sobre qué es su pregunta?").fill("Lápiz en casa")
    page.get_by_label("Su pregunta", exact=True).fill(
        "¿Usamos el adaptador de lápiz para la tarea?"
    )
    page.get_by_role("button", name="Enviar pregunta").click()
    page.get_by_text("Su pregunta se envió.").wait_for()
    checked(page, "family-question-es")
    question = Question.objects.get()
    page.get_by_role("link", name="Volver").click()

    # Ask for the agreed strategy to be written into the IEP.
    page.get_by_role(
        "button", name="Pedir que se agregue al IEP (Movement break before writing)"
    ).click()
    page.get_by_text("Su solicitud se envió a la terapeuta.").wait_for()
    assert (
        StrategyRequest.objects.get().text == "Please add to the IEP: Movement break before writing"
    )
    page.get_by_role("button", name="Cerrar sesión").click()

    # The therapist sees the request and the question from the team queue, and answers.
    sign_in(page, live_server.url, "ot.test", f.PASSWORD)
    page.goto(f"{live_server.url}/team/")
    page.get_by_text("Movement break before writing").first.wait_for()
    page.get_by_role("link", name="Questions from families").click()
    page.wait_for_url("**/team/questions/")
    checked(page, "family-team-questions")
    page.get_by_role("link", name="Lápiz en casa").click()
    checked(page, "family-team-question")
    page.get_by_label("Your answer").fill("Sí, para la tarea. Lo vemos el martes.")
    page.get_by_role("button", name="Send answer").click()
    page.get_by_text("Your answer was sent to the family.").wait_for()
    question.refresh_from_db()
    assert question.answered is True
    page.get_by_role("button", name="Sign out").click()

    # The guardian reads the answer, still in Spanish.
    sign_in(page, live_server.url, "parent.test", f.PASSWORD)
    page.get_by_role("heading", name="Cómo funciona la terapia ocupacional de Maya").wait_for()
    page.get_by_role("link", name="Lápiz en casa").click()
    page.get_by_text("Sí, para la tarea. Lo vemos el martes.").wait_for()
    page.get_by_text("La terapeuta respondió.").wait_for()
    checked(page, "family-answer-es")
    page.get_by_role("link", name="Volver").click()
    page.get_by_role("button", name="English").click()
    page.get_by_role("heading", name="How OT works for Maya").wait_for()
    page.get_by_text("Olive Ortiz").first.wait_for()  # who looked at the record
    checked(page, "family-portal-after-en")
