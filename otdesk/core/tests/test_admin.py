import pytest
from django.urls import reverse

from otdesk.accounts.models import Role
from otdesk.testing import factories as f
from otdesk.testing.login import sign_in

pytestmark = pytest.mark.django_db

MODELS = [
    "accounts_user",
    "schools_district",
    "schools_school",
    "schools_classroom",
    "schools_bellblock",
    "schools_nonschoolday",
    "schools_schoolassignment",
    "students_student",
    "students_iep",
    "students_strategy",
    "students_teammember",
    "core_auditevent",
]


@pytest.mark.parametrize("model", MODELS)
def test_coordinator_reaches_every_record_in_the_admin(client, world, model):
    world.coordinator.is_staff = True
    world.coordinator.is_superuser = True
    world.coordinator.save()
    sign_in(client, world.coordinator)
    assert client.get(reverse(f"admin:{model}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:{model}_add")).status_code in (200, 403)


def test_admin_is_closed_to_therapists(client, world):
    client.force_login(world.therapist)
    response = client.get(reverse("admin:students_student_changelist"))
    assert response.status_code == 302


def test_student_change_page_in_admin(client, world):
    admin = f.make_user(Role.COORDINATOR, world.district, is_staff=True, is_superuser=True)
    sign_in(client, admin)
    url = reverse("admin:students_iep_change", args=[world.iep.pk])
    assert client.get(url).status_code == 200
