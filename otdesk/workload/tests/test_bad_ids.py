"""Ids and dates typed into the workload pages are refused plainly, never a server error."""

import pytest
from django.urls import reverse

from otdesk.workload.models import ProfessionalTime

pytestmark = pytest.mark.django_db
BAD_IDS = ["²", "٣", "-1", "99999999999999999999", "abc"]


@pytest.mark.parametrize("bad", BAD_IDS)
def test_time_entry_with_a_bad_student_id_is_a_form_error(client, world, bad):
    client.force_login(world.therapist)
    response = client.post(
        reverse("workload:time"),
        {"date": "2026-10-05", "minutes": "30", "category": "documentation", "student": bad},
    )
    assert response.status_code == 400
    assert "Choose a student on your caseload." in response.content.decode()
    assert ProfessionalTime.objects.count() == 0


@pytest.mark.parametrize("bad", ["²", "٣", "2026-1٣-01", "99999999999999999999", "0001-01-01"])
def test_workload_with_a_bad_date_is_404(client, world, bad):
    client.force_login(world.therapist)
    assert client.get(reverse("workload:mine"), {"date": bad}).status_code == 404
