import pytest
from django.test import Client
from django.urls import reverse

from otdesk.accounts.models import Role
from otdesk.assessments.models import AssessmentPart, AssessmentTool
from otdesk.testing.factories import make_district, make_user
from otdesk.testing.login import sign_in

pytestmark = pytest.mark.django_db


def test_migration_loads_the_catalog() -> None:
    assert AssessmentTool.objects.count() == 11
    bot2 = AssessmentTool.objects.get(short_name="BOT-2")
    assert (bot2.min_age_months, bot2.max_age_months) == (48, 263)
    assert bot2.range_label == "Ages 4:0 to 21:11 (years:months)"
    assert bot2.parts.filter(kind=AssessmentPart.Kind.SUBTEST).count() == 8
    total = bot2.parts.get(name="Total Motor Composite")
    assert total.score_types == ["standard score", "percentile", "descriptive category"]
    beery = AssessmentTool.objects.get(short_name="Beery VMI")
    assert list(beery.parts.values_list("name", flat=True)) == [
        "Visual-Motor Integration",
        "Visual Perception",
        "Motor Coordination",
    ]
    assert AssessmentTool.objects.get(short_name="SFA").range_label == ("Kindergarten to Grade 6")
    assert AssessmentTool.objects.get(short_name="PDMS-3").range_label == (
        "Ages birth to 5:11 (years:months)"
    )
    assert AssessmentTool.objects.get(short_name="SPM-2").range_label == (
        "Ages 0:4 to 87:11 (years:months)"
    )
    assert AssessmentTool.objects.get(short_name="Print Tool").range_label == "No set age range"


def test_staff_read_the_catalog(client: Client) -> None:
    district = make_district()
    sign_in(client, make_user(Role.TEACHER, district))
    page = client.get(reverse("assessments:catalog"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Ages 4:0 to 21:11 (years:months)" in text
    assert "Fine Motor Precision" in text
    assert "Grade 1 to Grade 6" in text


def test_a_guardian_does_not_see_the_catalog(client: Client) -> None:
    sign_in(client, make_user(Role.GUARDIAN, make_district()))
    assert client.get(reverse("assessments:catalog")).status_code == 404


def test_anonymous_is_sent_to_sign_in(client: Client) -> None:
    page = client.get(reverse("assessments:catalog"))
    assert page.status_code == 302
    assert page["Location"].startswith(reverse("login"))
