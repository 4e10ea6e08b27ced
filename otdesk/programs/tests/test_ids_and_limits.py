"""A program's student id is parsed one way, and its steps have a length limit."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from otdesk.core.limits import DESCRIPTION_CHARS
from otdesk.programs import services
from otdesk.programs.models import AideProgram

pytestmark = pytest.mark.django_db
BAD_IDS = ["²", "٣", "-1", "99999999999999999999", "", "abc"]
TOO_LONG = (
    f"Keep this to {DESCRIPTION_CHARS} characters; it has {DESCRIPTION_CHARS + 1}. "
    "Shorten it or split it over two entries."
)


@pytest.mark.parametrize("bad", BAD_IDS)
def test_new_program_with_a_bad_student_id_is_404(client, world, bad):
    client.force_login(world.therapist)
    response = client.get(reverse("programs:new"), {"student": bad})
    assert response.status_code == 404
    response = client.post(
        reverse("programs:new") + f"?student={bad}", {"title": "Warm-up", "instructions": "Go"}
    )
    assert response.status_code == 404
    assert AideProgram.objects.count() == 0


def test_new_program_for_the_therapists_student_still_opens(client, world):
    client.force_login(world.therapist)
    response = client.get(reverse("programs:new"), {"student": str(world.student.pk)})
    assert response.status_code == 200
    assert f'maxlength="{DESCRIPTION_CHARS}"' in response.content.decode()


def create(world, instructions):
    return services.create_program(
        actor=world.therapist,
        student=world.student,
        title="Hand warm-up",
        activities="Putty",
        instructions=instructions,
        times_per_week=3,
        minutes_each=10,
        start_date=dt.date.today(),
    )


def test_steps_over_the_limit_are_refused_with_the_message(world):
    with pytest.raises(ValidationError) as info:
        create(world, "x" * (DESCRIPTION_CHARS + 1))
    assert info.value.message_dict == {"instructions": [TOO_LONG]}
    assert AideProgram.objects.count() == 0


def test_steps_at_the_limit_are_kept_whole_and_revised_within_it(world):
    program = create(world, "x" * DESCRIPTION_CHARS)
    assert len(AideProgram.objects.get().instructions) == DESCRIPTION_CHARS
    with pytest.raises(ValidationError) as info:
        services.revise_program(
            actor=world.therapist,
            program=program,
            version=program.version,
            change_note="Longer",
            instructions="y" * (DESCRIPTION_CHARS + 1),
        )
    assert info.value.message_dict == {"instructions": [TOO_LONG]}
    program.refresh_from_db()
    assert (program.version, program.versions.count()) == (1, 0)


@pytest.mark.parametrize("bad", ["²", "٣", "-1", "99999999999999999999"])
def test_bad_ids_in_the_program_forms_are_form_errors(client, world, bad):
    program = create(world, "Sit at the desk")
    client.force_login(world.therapist)
    response = client.post(
        reverse("programs:assign", args=[program.pk]), {"person": bad, "start_date": "2026-10-01"}
    )
    assert response.status_code == 400
    assert program.assignments.count() == 0
    response = client.post(
        reverse("programs:new") + f"?student={world.student.pk}",
        {
            "title": "Another",
            "instructions": "Go",
            "goals": [bad],
            "library_activities": [bad],
            "times_per_week": 3,
            "minutes_each": 10,
            "start_date": "2026-10-01",
        },
    )
    assert response.status_code == 400
    assert AideProgram.objects.count() == 1
