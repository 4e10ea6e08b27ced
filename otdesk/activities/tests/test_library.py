"""The activity library: what it ships with, finding activities, and who sees which."""

import pytest
from django.urls import reverse

from otdesk.accounts.models import Role
from otdesk.activities import services
from otdesk.activities.models import Activity
from otdesk.activities.queries import find_activities
from otdesk.testing import factories as f
from otdesk.testing.login import sign_in

pytestmark = pytest.mark.django_db

SEED_EXAMPLES = {
    "strengthening": {"magnet-building", "clothespins-tongs", "putty-hide-find"},
    "visual_motor": {
        "cutting",
        "multi-step-craft",
        "drawing",
        "peg-light-board",
        "necklace",
        "hammer-nails",
        "lacing",
    },
    "fine_motor": {"coins-slot", "tweezers", "stickers"},
    "posture": {"seat-table-height", "standing-work", "therapy-ball"},
    "sensory": {"playground", "wall-push-ups", "jumping-jacks", "animal-walks"},
}


def keys(activities) -> set[str]:
    return {a.key for a in activities}


def test_every_seed_example_is_in_its_area_with_spanish_text():
    for area, expected in SEED_EXAMPLES.items():
        in_area = keys(Activity.objects.filter(areas__area=area))
        assert expected <= in_area, area
    extra = {"handwriting-letters", "scissor-ladder", "buttons", "zippers", "keyboarding"}
    assert extra <= keys(Activity.objects.all())
    assert keys(Activity.objects.filter(areas__area="self_care")) == {"buttons", "zippers"}
    assert Activity.objects.filter(key__isnull=False).count() == 25
    assert Activity.objects.filter(texts__language="es").count() == 25
    putty = Activity.objects.get(key="putty-hide-find")
    assert putty.texts.get().name == "Esconder y buscar en plastilina terapéutica"
    for activity in Activity.objects.all():
        assert activity.easier and activity.harder and activity.instructions and activity.materials
        assert activity.picture.startswith("otdesk/activities/")


def test_find_by_area_setting_and_material(world):
    user = world.therapist
    assert keys(find_activities(user, areas=["posture"])) == {
        "seat-table-height",
        "standing-work",
        "therapy-ball",
    }
    assert keys(find_activities(user, areas=["posture"], setting="pull_out")) == {"therapy-ball"}
    assert keys(find_activities(user, material="putty")) == {"putty-hide-find"}
    assert keys(find_activities(user, setting="home", areas=["self_care"])) == {
        "buttons",
        "zippers",
    }
    assert keys(find_activities(user, text="push-ups")) == {"wall-push-ups"}


def test_find_by_a_students_goal_in_class(world):
    goal = world.iep.goals.get()  # a fine-motor goal
    found = find_activities(world.therapist, setting="class", goals=[goal])
    assert [a.key for a in found] == [
        "buttons",
        "clothespins-tongs",
        "coins-slot",
        "cutting",
        "putty-hide-find",
        "keyboarding",
        "lacing",
        "handwriting-letters",
        "necklace",
        "multi-step-craft",
        "peg-light-board",
        "scissor-ladder",
        "stickers",
        "tweezers",
        "zippers",
    ]
    strength = f.make_goal(world.iep, area="strengthening")
    both = find_activities(world.therapist, setting="class", goals=[goal, strength])
    # Activities that serve both goals come first, then the rest by name.
    assert [a.key for a in both[:4]] == [
        "clothespins-tongs",
        "putty-hide-find",
        "animal-walks",
        "magnet-building",
    ]


def test_own_activities_are_private_until_shared(world):
    other = f.make_user(Role.OT, world.district)
    mine = Activity(
        name="Sock puppets",
        materials="old socks",
        instructions="Make a puppet.",
        easier="Use a glove.",
        harder="Sew on buttons.",
        at_home=True,
    )
    services.save_activity(actor=world.therapist, activity=mine, areas=["fine_motor"])
    assert "Sock puppets" in {a.name for a in find_activities(world.therapist)}
    assert "Sock puppets" not in {a.name for a in find_activities(other)}
    mine.shared = True
    services.save_activity(actor=world.therapist, activity=mine, areas=["fine_motor"])
    assert "Sock puppets" in {a.name for a in find_activities(other)}
    elsewhere = f.make_user(Role.OT, f.make_district(name="Far"))
    assert "Sock puppets" not in {a.name for a in find_activities(elsewhere)}


def test_library_pages_and_access(client, world):
    client.force_login(world.therapist)
    html = client.get(reverse("activities:library") + "?area=posture").content.decode()
    assert "3 activities" in html and "Therapy ball sitting" in html
    putty = Activity.objects.get(key="putty-hide-find")
    html = client.get(reverse("activities:detail", args=[putty.pk]) + "?lang=es").content.decode()
    assert "Esconder y buscar en plastilina terapéutica" in html
    response = client.post(reverse("activities:new"), {"name": "Bubble wrap", "areas": []})
    assert response.status_code == 400
    assert "Choose at least one skill area." in response.content.decode()
    response = client.post(
        reverse("activities:new"),
        {
            "name": "Bubble wrap pops",
            "areas": ["fine_motor", "sensory"],
            "materials": "bubble wrap",
            "instructions": "Pop each bubble with a pinch.",
            "easier": "Big bubbles.",
            "harder": "Pop with thumb and ring finger.",
            "group_size": "any",
        },
    )
    assert response.status_code == 400
    assert "Tick at least one place" in response.content.decode()
    for persona in ("teacher", "aide", "parent", "coordinator"):
        sign_in(client, getattr(world, persona))
        assert client.get(reverse("activities:library")).status_code == 404
    client.force_login(world.outsider)  # sees the library; cannot change a seeded activity
    assert client.get(reverse("activities:edit", args=[putty.pk])).status_code == 403
