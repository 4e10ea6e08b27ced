"""The demo shows the teacher's and specialists' pages with something on them."""

import datetime as dt

import pytest
from django.urls import reverse

from otdesk.accounts.models import User
from otdesk.demo.generate import generate_demo
from otdesk.students.models import StrategyReview
from otdesk.teamwork.models import StrategyCheck, TeamNote

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 30)


def test_demo_teacher_specialist_and_proposal(client):
    generate_demo(today=TODAY, students=30)
    teacher = User.objects.get(username="teacher.castellanos")
    checks = StrategyCheck.objects.filter(confirmed_by=teacher)
    assert checks.exists()
    # The last school days before Monday 30 November, Thanksgiving break left out.
    assert sorted({c.date for c in checks}) == [dt.date(2026, 11, 23), dt.date(2026, 11, 24)]
    slp = User.objects.get(username="slp.evans")
    assert TeamNote.objects.filter(author=slp).exists()
    [proposal] = StrategyReview.objects.filter(proposal="open")
    assert proposal.reviewer.username == "cota.chen"
    client.force_login(slp)
    assert client.get(reverse("teamwork:shared")).status_code == 200
    ot = proposal.strategy.student.team.get(role="ot", end_date__isnull=True).person
    client.force_login(ot)
    assert [r.pk for r in client.get(reverse("students:team_queue")).context["proposals"]] == [
        proposal.pk
    ]
