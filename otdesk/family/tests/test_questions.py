"""A family's questions to the therapist: the thread, who reads it, who answers."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from otdesk.accounts.models import Role
from otdesk.core.models import AuditEvent
from otdesk.family import services
from otdesk.family.models import Message, Question
from otdesk.testing import factories as f
from otdesk.testing.login import sign_in


def ask(client, world, subject="Pencil grip at home", text="Should we use the grip at home?"):
    sign_in(client, world.parent)
    return client.post(
        reverse("family:ask", args=[world.student.pk]), {"subject": subject, "text": text}
    )


def test_a_parent_asks_and_the_childs_ot_answers(client, world):
    response = ask(client, world)
    question = Question.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("family:question", args=[question.pk])
    assert (question.subject, question.answered, question.asked_by) == (
        "Pencil grip at home",
        False,
        world.parent,
    )
    assert [(m.text, m.from_family) for m in question.messages.all()] == [
        ("Should we use the grip at home?", True)
    ]
    created = AuditEvent.objects.get(action="create", object_type="family.question")
    assert (created.user, created.student_id, created.summary, created.address) == (
        world.parent,
        world.student.pk,
        "Family question: Pencil grip at home",
        "127.0.0.1",
    )
    # The team queue links to the families' questions; the OT sees it waiting.
    sign_in(client, world.therapist)
    queue = client.get(reverse("students:team_queue")).content.decode()
    assert '<a class="tap" href="/team/questions/">Questions from families</a>' in queue
    listing = client.get(reverse("family:team_questions")).content.decode()
    assert "Waiting for an answer (1)" in listing and "Answered (0)" in listing
    assert "Pencil grip at home" in listing
    url = reverse("family:team_question", args=[question.pk])
    assert client.post(url, {"text": "  "}).status_code == 400
    response = client.post(url, {"text": "Yes, for homework only."})
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.answered is True
    assert [(m.author, m.from_family) for m in question.messages.all()] == [
        (world.parent, True),
        (world.therapist, False),
    ]
    assert (
        AuditEvent.objects.filter(
            user=world.therapist, object_type="family.message", student_id=world.student.pk
        ).count()
        == 1
    )
    # The family reads the answer in the thread and on the portal, and writes more.
    sign_in(client, world.parent)
    thread = client.get(reverse("family:question", args=[question.pk])).content.decode()
    assert "Yes, for homework only." in thread
    assert "The therapist has answered." in thread
    portal = client.get(reverse("family:home")).content.decode()
    assert "Asked" in portal and "2 messages · answered" in portal
    client.post(reverse("family:question", args=[question.pk]), {"text": "Thank you!"})
    question.refresh_from_db()
    assert (question.answered, question.messages.count()) == (False, 3)


def test_bad_input_is_told_plainly_in_the_parents_language(client, world):
    world.parent.language = "es"
    world.parent.save()
    response = ask(client, world, subject="", text="")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Póngale un título corto a su pregunta." in html
    assert "Escriba su mensaje antes de enviarlo." in html
    assert "Corrija 2 cosas antes de guardar" in html
    response = ask(client, world, subject="x", text="y" * 2001)
    html = response.content.decode()
    assert "Use como máximo 2000 caracteres; ahora tiene 2001." in html
    assert Question.objects.count() == 0


def test_who_reaches_a_question(client, world):
    ask(client, world)
    question = Question.objects.get()
    parent_url = reverse("family:question", args=[question.pk])
    team_url = reverse("family:team_question", args=[question.pk])
    # Another guardian, and staff on the family side: 404.
    other_parent = f.make_user(Role.GUARDIAN, world.district)
    sign_in(client, other_parent)
    assert client.get(parent_url).status_code == 404
    assert client.post(parent_url, {"text": "Hi"}).status_code == 404
    assert client.get(reverse("family:ask", args=[world.student.pk])).status_code == 404
    # The COTA serving the child reads, but the OT answers: 403 on a reply.
    sign_in(client, world.cota)
    assert client.get(team_url).status_code == 200
    assert (
        "Maya’s occupational therapist answers the family." in client.get(team_url).content.decode()
    )
    assert client.post(team_url, {"text": "Yes"}).status_code == 403
    # An OT who does not serve the child, a teacher, the parent: 404.
    for persona in ("outsider", "teacher", "parent", "coordinator"):
        sign_in(client, getattr(world, persona))
        assert client.get(team_url).status_code == 404, persona
        assert client.post(team_url, {"text": "Yes"}).status_code == 404, persona
    sign_in(client, world.outsider)
    assert "Pencil grip" not in client.get(reverse("family:team_questions")).content.decode()
    assert Message.objects.count() == 1


def test_the_services_check_who_writes(world):
    with pytest.raises(PermissionDenied):
        services.ask_question(actor=world.teacher, student=world.student, subject="a", text="b")
    question = services.ask_question(
        actor=world.parent, student=world.student, subject="a", text="b"
    )
    with pytest.raises(PermissionDenied):
        services.reply(actor=world.cota, question=question, text="c")
    services.reply(actor=world.therapist, question=question, text="c")
    assert question.messages.count() == 2
