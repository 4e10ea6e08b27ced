"""The parent portal: the service grid in plain words, minutes from delivery's compliance
code, missed sessions, strategies, the record of access, two children, two languages."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from otdesk.accounts.models import Role
from otdesk.core.audit import record_access
from otdesk.core.models import AuditEvent
from otdesk.delivery.models import MissedSession, MissReason, SessionStudent
from otdesk.delivery.queries import student_compliance
from otdesk.family.glossary import GLOSSARIES
from otdesk.students.models import TeamRole
from otdesk.testing import factories as f
from otdesk.testing.login import sign_in

# Wednesday of the week of Mon 5 Oct 2026, at noon in the district.
NOW = dt.datetime(2026, 10, 7, 12, 0, tzinfo=ZoneInfo("America/Chicago"))


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_the_service_grid_in_plain_words(client, world, frozen):
    f.make_line(
        world.iep,
        delivery_model="pull_out",
        minutes=20,
        location="therapy_room",
        pull_out_reason="equipment",
        group_size=3,
    )
    sign_in(client, world.parent)
    html = page(client, reverse("family:home"))
    assert "<h1>How OT works for Maya</h1>" in html
    assert (
        '<a href="/terms/ot/#push-in">Help in the classroom (push-in)</a>: 30 minutes a week'
        in html
    )
    assert "The therapist works with Maya in class, during what the class is doing." in html
    assert (
        '<a href="/terms/ot/#pull-out">Work outside the classroom (pull-out)</a>: '
        "20 minutes a week" in html
    )
    assert (
        "Why outside the classroom: the work needs equipment that does not fit in a "
        "classroom, such as large sensory equipment." in html
    )
    assert "In a small group of up to 3 students." in html
    assert (
        '<a href="/terms/ot/#consultation">Working with the teacher and team '
        "(consultation)</a>: 60 minutes a month" in html
    )
    # Direct and consultation minutes apart, each under its own heading.
    direct = html.index('<a class="tap" href="/terms/iep/#direct-minutes">Direct minutes</a>')
    consult = html.index(
        '<a class="tap" href="/terms/iep/#consultation-minutes">Consultation minutes</a>'
    )
    assert direct < html.index("20 minutes a week") < consult < html.index("60 minutes a month")


def test_minutes_narrated_in_the_report_are_said_so(client, world, frozen):
    world.iep.minutes_narrated_in_report = True
    world.iep.report_narrative = "OT 30 minutes weekly in class."
    world.iep.save()
    sign_in(client, world.parent)
    html = page(client, reverse("family:home"))
    assert (
        'In this IEP the OT minutes are <a href="/terms/iep/#narrated">described in the OT '
        "report</a> instead of the service grid." in html
    )
    assert "OT 30 minutes weekly in class." in html


def test_minutes_come_from_the_compliance_code_with_a_chart(client, world, frozen):
    f.make_session(world.therapist, world.school, [world.student], date=dt.date(2026, 10, 5))
    f.make_session(world.therapist, world.school, [world.student], date=dt.date(2026, 9, 28))
    sign_in(client, world.parent)
    html = page(client, reverse("family:home"))
    direct = next(c for c in student_compliance(world.student, NOW.date()) if c.line.minutes == 30)
    assert (direct.current.done, direct.current.target) == (30, 30)
    assert direct.position.periods == 6
    assert (direct.position.required, direct.position.delivered) == (180, 30)
    assert "This week: 30 of 30 minutes given so far." in html
    assert "This school year so far: 180 minutes promised, 30 given." in html
    # The bars: a full one for this week, a sixth of one for the year.
    assert '<rect x="0" y="0" width="100" height="10" fill="#1f5f8b">' in html
    assert '<rect x="0" y="0" width="17" height="10" fill="#1e6b3a">' in html
    assert "This month: 0 of 60 minutes given so far." in html
    # The same numbers as the therapist's Minutes page.
    sign_in(client, world.therapist)
    assert "180 min required, 30 delivered" in page(client, reverse("delivery:compliance"))


def test_each_missed_session_says_whether_it_is_owed_and_when_made_up(client, world, frozen):
    line = world.iep.service_lines.get(minutes=30)
    owed = MissedSession.objects.create(
        student=world.student,
        service_line=line,
        provider=world.therapist,
        date=dt.date(2026, 9, 21),
        minutes=30,
        reason=MissReason.PROVIDER_ABSENT,
    )
    MissedSession.objects.create(
        student=world.student,
        service_line=line,
        provider=world.therapist,
        date=dt.date(2026, 9, 14),
        minutes=30,
        reason=MissReason.STUDENT_ABSENT,
    )
    open_miss = MissedSession.objects.create(
        student=world.student,
        service_line=line,
        provider=world.therapist,
        date=dt.date(2026, 10, 5),
        minutes=30,
        reason=MissReason.PROVIDER_PULLED,
    )
    makeup = f.make_session(
        world.therapist, world.school, [world.student], date=dt.date(2026, 9, 24)
    )
    SessionStudent.objects.filter(session=makeup).update(makeup_for=owed)
    sign_in(client, world.parent)
    html = page(client, reverse("family:home"))
    assert "Mon 21 Sep 2026 · 30 min · missed because the therapist was absent" in html
    assert 'This time is owed: it was made up on <span class="date">Thu 24 Sep 2026</span>.' in html
    assert "Mon 14 Sep 2026 · 30 min · missed because your child was absent" in html
    assert "Under the district’s rules this time is not owed." in html
    assert open_miss.reason == "provider_pulled"
    assert "This time is owed: 30 min still to make up, by" in html


def test_strategies_with_the_request_to_add_one(client, world, frozen):
    f.make_strategy(world.student, description="Movement break before writing", iep_status="agreed")
    sign_in(client, world.parent)
    html = page(client, reverse("family:home"))
    assert "Triangular pencil grip" in html
    assert "written in the IEP" in html
    assert "agreed by the team, not written in the IEP" in html
    assert "Ask to add this to the IEP" in html
    assert html.count("Ask to add this to the IEP<span") == 1


def test_the_record_of_access_names_person_role_when_and_what_not_the_address(
    client, world, frozen
):
    sign_in(client, world.therapist)
    assert client.get(reverse("students:detail", args=[world.student.pk])).status_code == 200
    sign_in(client, world.parent)
    html = page(client, reverse("family:home"))
    table = html[html.index('<table class="access-log">') : html.index("</table>")]
    assert 'Olive Ot <span class="muted">(Occupational therapist)</span>' in table
    assert "Looked at the student page" in table
    assert "Wed 7 Oct 2026, 12:00" in table
    assert "127.0.0.1" not in html
    # The parent's own visit is logged, but not listed to them.
    own = AuditEvent.objects.filter(user=world.parent, student_id=world.student.pk)
    assert [e.summary for e in own] == ["Family portal"]
    assert "Family portal" not in table and world.parent.display_name not in table


def test_a_list_that_showed_the_child_is_not_called_the_student_page(client, world, frozen):
    sign_in(client, world.coordinator)
    assert client.get(reverse("delivery:district_compliance")).status_code == 200
    sign_in(client, world.parent)
    html = page(client, reverse("family:home"))
    table = html[html.index('<table class="access-log">') : html.index("</table>")]
    assert "(District coordinator)" in table
    assert "Saw the child’s name and minutes on a list of students" in table
    assert "Looked at the student page" not in table
    assert "entries in all" not in html  # the parent's own visits are not counted either


def test_a_parent_with_two_children_switches_between_them(client, world, frozen):
    second = f.make_student(world.school, first_name="Leo")
    f.add_to_team(second, world.parent, TeamRole.GUARDIAN, relationship="Mother")
    sign_in(client, world.parent)
    html = page(client, reverse("family:home"))
    assert "<h1>How OT works for Leo</h1>" in html  # the first by name
    assert f'<a class="tap" href="/family/{world.student.pk}/">Maya</a>' in html
    html = page(client, reverse("family:child", args=[world.student.pk]))
    assert "<h1>How OT works for Maya</h1>" in html
    assert f'href="/family/{world.student.pk}/" aria-current="page">Maya</a>' in html


def test_only_the_childs_guardians_see_the_portal(client, world, frozen):
    url = reverse("family:child", args=[world.student.pk])
    other = f.make_user(Role.GUARDIAN, world.district)
    sign_in(client, other)
    assert client.get(url).status_code == 404
    assert client.get(reverse("family:request", args=[world.student.pk])).status_code == 404
    assert "No children are linked to your account yet." in page(client, reverse("family:home"))
    for persona in ("teacher", "therapist", "coordinator", "aide"):
        sign_in(client, getattr(world, persona))
        assert client.get(url).status_code == 404, persona
        assert client.get(reverse("family:home")).status_code == 404, persona
    client.logout()
    assert client.get(url).status_code == 302


def test_spanish_is_remembered_and_the_page_speaks_it(client, world, frozen):
    sign_in(client, world.parent)
    url = reverse("family:child", args=[world.student.pk])
    response = client.post(reverse("family:language"), {"language": "es", "next": url})
    assert response.status_code == 302 and response["Location"] == url
    world.parent.refresh_from_db()
    assert world.parent.language == "es"
    assert response.cookies["django_language"].value == "es"
    client.cookies.clear()
    sign_in(client, world.parent)  # a new session: the choice lives on the person
    html = page(client, url)
    assert '<html lang="es">' in html
    assert "<h1>Cómo funciona la terapia ocupacional de Maya</h1>" in html
    assert (
        '<a href="/terms/ot/#push-in">Ayuda dentro del salón (push-in)</a>: 30 minutos por semana'
        in html
    )
    assert "Esta semana: se dieron 0 de 30 minutos hasta ahora." in html
    assert "Cerrar sesión" in html and '<header class="topbar">' in html
    assert "Su hijo/a" in html  # the menu too
    assert "Del 24 de agosto de 2026 al 20 de agosto de 2027." in html
    # A bad choice is refused plainly; the language stays.
    response = client.post(reverse("family:language"), {"language": "fr", "next": url})
    world.parent.refresh_from_db()
    assert world.parent.language == "es"
    assert "Elija inglés o español." in page(client, url)
    # Off-site "next" is not followed.
    response = client.post(
        reverse("family:language"), {"language": "en", "next": "https://example.com/"}
    )
    assert response["Location"] == "/"


def test_every_term_link_on_the_portal_reaches_its_entry(client, world, frozen):
    f.make_line(
        world.iep,
        delivery_model="pull_out",
        minutes=20,
        location="therapy_room",
        pull_out_reason="skill_gap",
    )
    sign_in(client, world.parent)
    html = page(client, reverse("family:home"))
    links = set(re.findall(r'href="/terms/([a-z]+)/#([a-z0-9-]+)"', html))
    assert len(links) >= 10
    for key, slug in links:
        assert slug in {e.slug for e in GLOSSARIES[key].entries}, (key, slug)
        entry_page = page(client, f"/terms/{key}/")
        assert f'id="{slug}"' in entry_page


def test_glossaries_in_both_languages_for_anyone(client, world):
    html = page(client, reverse("family:glossary", args=["assessments"]))
    assert "<h1>Guide to OT assessments</h1>" in html
    assert "BOT-2 (Bruininks-Oseretsky Test of Motor Proficiency, 2nd edition)" in html
    assert "4 to 21 years" in html and "Birth to 5 years 11 months" in html
    html = page(client, reverse("family:glossary", args=["ot"]) + "")
    assert 'id="sensory-diet"' in html
    world.parent.language = "es"
    world.parent.save()
    sign_in(client, world.parent)
    html = page(client, reverse("family:glossary", args=["iep"]))
    assert "<h1>Términos del IEP</h1>" in html
    assert "Tabla de servicios" in html
    html = page(client, reverse("family:glossary", args=["assessments"]))
    assert "De 4 a 21 años" in html
    assert client.get("/terms/nothing/").status_code == 404


def test_the_weekly_email_choice(client, world):
    sign_in(client, world.parent)
    url = reverse("family:weekly_email")
    assert client.get(url).status_code == 405
    client.post(url, {"weekly_email": "on", "next": "/family/"})
    world.parent.refresh_from_db()
    assert world.parent.weekly_email is True
    client.post(url, {"next": "/family/"})
    world.parent.refresh_from_db()
    assert world.parent.weekly_email is False
    sign_in(client, world.teacher)
    assert client.post(url, {"weekly_email": "on"}).status_code == 404


def test_portal_queries_do_not_grow_with_children_or_records(client, world, frozen):
    sign_in(client, world.parent)
    with CaptureQueriesContext(connection) as one:
        page(client, reverse("family:home"))
    for n in range(5):
        child = f.make_student(world.school, first_name=f"Z{n}")
        f.add_to_team(child, world.parent, TeamRole.GUARDIAN, relationship="Father")
        f.make_strategy(world.student, description=f"Support {n}", iep_status="agreed")
        record_access_for(world, n)
    with CaptureQueriesContext(connection) as many:
        html = page(client, reverse("family:home"))
    assert html.count("Ask to add this to the IEP<span") == 5
    assert len(many) == len(one)


def record_access_for(world, n):
    request = RequestFactory().get("/")
    request.user = world.therapist
    record_access(request, obj=world.student, student_id=world.student.pk, summary=f"look {n}")
