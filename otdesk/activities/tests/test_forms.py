"""The activity and home-program forms: length limits, bad ids, changing an activity."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from otdesk.activities.models import Activity, HomeProgram
from otdesk.activities.services import create_home_program, save_activity
from otdesk.core.limits import DESCRIPTION_CHARS

pytestmark = pytest.mark.django_db
TOO_LONG = (
    f"Keep this to {DESCRIPTION_CHARS} characters; it has {DESCRIPTION_CHARS + 1}. "
    "Shorten it or split it over two entries."
)


def home_activities():
    return list(Activity.objects.filter(key__in=["putty-hide-find", "buttons"]))


def test_a_home_note_over_the_limit_is_refused_with_the_message(world):
    with pytest.raises(ValidationError) as info:
        create_home_program(
            actor=world.therapist,
            student=world.student,
            activities=home_activities(),
            note_es="x" * (DESCRIPTION_CHARS + 1),
        )
    assert info.value.message_dict == {"note_es": [TOO_LONG]}
    assert HomeProgram.objects.count() == 0


def test_a_home_note_at_the_limit_is_kept_whole(world):
    program = create_home_program(
        actor=world.therapist,
        student=world.student,
        activities=home_activities(),
        note="x" * DESCRIPTION_CHARS,
    )
    program.refresh_from_db()
    assert (len(program.note), program.activities.count()) == (DESCRIPTION_CHARS, 2)


def test_the_home_program_page_refuses_a_note_over_the_limit(client, world):
    client.force_login(world.therapist)
    url = reverse("activities:home_new", args=[world.student.pk])
    page = client.get(url).content.decode()
    assert f'maxlength="{DESCRIPTION_CHARS}"' in page
    chosen = [str(a.pk) for a in home_activities()]
    data = {"activities": chosen, "times_per_week": 3, "note": "x" * (DESCRIPTION_CHARS + 1)}
    assert client.post(url, data).status_code == 400
    assert HomeProgram.objects.count() == 0


def test_an_activitys_instructions_over_the_limit_are_refused(world):
    activity = Activity(
        name="Long one",
        materials="putty",
        instructions="x" * (DESCRIPTION_CHARS + 1),
        easier="Less",
        harder="More",
        at_home=True,
    )
    with pytest.raises(ValidationError) as info:
        save_activity(actor=world.therapist, activity=activity, areas=["strengthening"])
    assert info.value.message_dict == {"instructions": [TOO_LONG]}
    activity.instructions = "x" * DESCRIPTION_CHARS
    assert save_activity(actor=world.therapist, activity=activity, areas=["strengthening"]).pk


@pytest.mark.parametrize("bad", ["²", "٣", "-1", "99999999999999999999"])
def test_bad_ids_in_the_library_and_home_program_forms_are_plain_errors(client, world, bad):
    client.force_login(world.therapist)
    assert client.get(reverse("activities:library"), {"goal": bad}).status_code == 200
    url = reverse("activities:home_new", args=[world.student.pk])
    response = client.post(url, {"activities": [bad], "times_per_week": 3})
    assert response.status_code == 400
    assert HomeProgram.objects.count() == 0


def test_a_therapist_changes_the_areas_of_their_own_activity(client, world):
    activity = Activity(
        name="Paper folding",
        materials="paper",
        instructions="Fold it in half.",
        easier="Bigger paper.",
        harder="Smaller paper.",
        at_home=True,
    )
    save_activity(actor=world.therapist, activity=activity, areas=["fine_motor"])
    client.force_login(world.therapist)
    url = reverse("activities:edit", args=[activity.pk])
    form = client.get(url).content.decode()
    assert re.search(r'value="fine_motor"[^>]* checked', form)
    assert not re.search(r'value="visual_motor"[^>]* checked', form)
    data = {
        "name": "Paper folding",
        "areas": ["visual_motor", "strengthening"],
        "materials": "paper",
        "instructions": "Fold it in half.",
        "easier": "Bigger paper.",
        "harder": "Smaller paper.",
        "at_home": "on",
        "group_size": "any",
    }
    assert client.post(url, data).status_code == 302
    assert sorted(activity.areas.values_list("area", flat=True)) == [
        "strengthening",
        "visual_motor",
    ]
    client.force_login(world.cota)  # a private activity does not exist for anyone else
    assert client.get(url).status_code == 404
