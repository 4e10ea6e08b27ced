"""The house layout in delivery: small view modules that never write records themselves
(writes go through services/), and the panel for the right people only."""

import re
from pathlib import Path

import pytest
from django.test import RequestFactory

from otdesk.accounts.models import Role
from otdesk.delivery.views.panel import student_panel_context
from otdesk.testing import factories as f

VIEWS = Path(__file__).resolve().parent.parent / "views"
# A call that writes a record: obj.save(), obj.delete(), Model.objects.create(...),
# queryset.update(...), bulk_create/bulk_update (dict.update on initial data is fine), or a
# delivery record built to be saved (a form's instance is the form's, saved by a service).
WRITES = re.compile(
    r"\.(save|delete|bulk_create|bulk_update|get_or_create|update_or_create)\(|"
    r"objects\.(create|update)\(|\)\.update\(|"
    r"\b(PlannedSession|Session|SessionStudent|MissedSession|Addendum|ConsultationLog|"
    r"SessionPlan|PolicyVersion)\("
)


def test_the_views_are_one_module_per_page():
    assert VIEWS.is_dir() and not VIEWS.with_suffix(".py").exists()


@pytest.mark.parametrize("module", sorted(VIEWS.glob("*.py")), ids=lambda p: p.name)
def test_view_modules_are_small_and_never_write(module):
    text = module.read_text()
    assert len(text.splitlines()) <= 600
    assert WRITES.findall(text) == []


@pytest.mark.django_db
def test_the_student_panel_is_for_the_students_therapists_and_their_coordinator(world):
    def panel(user):  # type: ignore[no-untyped-def]
        request = RequestFactory().get("/")
        request.user = user
        return student_panel_context(request, world.student)

    assert panel(world.therapist)["can_log"] is True
    coordinator = panel(world.coordinator)
    assert (coordinator["can_log"], coordinator["sessions"]) == (False, None)
    assert panel(world.outsider) is None
    assert panel(world.teacher) is None
    other = f.make_user(Role.COORDINATOR, f.make_district(name="Elsewhere"), username="far")
    assert panel(other) is None
