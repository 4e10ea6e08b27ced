"""Tap targets of at least 44 px on the main pages of every role, at 1280 px and 390 px.

Links inside running text stay inline (small_tap_targets leaves them out)."""

import pytest
from django.utils import timezone

from otdesk.accounts.models import User
from otdesk.activities.models import Activity
from otdesk.core.context_processors import nav_items_for
from otdesk.delivery.models import MissedSession, PlannedSession, Session
from otdesk.demo.generate import DEMO_PASSWORD, generate_demo
from otdesk.programs.models import AideProgram
from otdesk.students.permissions import children_of, served_students, students_visible_to
from otdesk.testing.browser import DESKTOP, PHONE, sign_in, small_tap_targets

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def pages_for(username: str) -> list[str]:
    """The role's tasks and the pages opened from them most."""
    user = User.objects.get(username=username)
    paths = [url for _, url in nav_items_for(user) if not url.startswith("/admin/")]
    today = timezone.localdate()
    if username in ("ot.alvarez", "cota.chen"):
        student = served_students(user).order_by("last_name").first()
        session = Session.objects.filter(provider=user).exclude(status="voided").first()
        planned = PlannedSession.objects.filter(provider=user).first()
        assert student and session and planned
        paths += [
            f"/students/{student.pk}/",
            f"/sessions/{session.pk}/",
            f"/sessions/new/?planned={planned.pk}&date={today.isoformat()}",
            "/sessions/new/",
            f"/today/{planned.pk}/missed/?date={today.isoformat()}",
            "/plan/new/",
            "/sessions/plan/",
            "/consultations/new/",
            "/team/questions/",
            f"/activities/{Activity.objects.order_by('name').first().pk}/",  # type: ignore[union-attr]
            "/more/",
        ]
        draft = Session.objects.filter(provider=user, status="draft").first()
        if draft:
            paths.append(f"/sessions/{draft.pk}/note/")
    if username == "ot.alvarez":
        miss = MissedSession.objects.filter(provider=user, voided_at=None).first()
        student = served_students(user).order_by("last_name").first()
        assert miss and student
        paths += [
            f"/makeups/{miss.pk}/plan/",
            f"/students/{student.pk}/lines/new/",
            f"/students/{student.pk}/goals/new/",
            f"/students/{student.pk}/home-program/",
            "/activities/new/",
            f"/programs/new/?student={student.pk}",
            "/schedule/setup/days/",
            "/schedule/setup/rules/",
        ]
    if username in ("coord.davis", "teacher.castellanos", "slp.evans"):
        paths.append("/caseload/")
    if username == "coord.davis":
        student = students_visible_to(user).order_by("last_name").first()
        assert student
        paths += [
            "/district/team/",
            f"/district/team/student/{student.pk}/",
            "/district/schools/",
            "/district/closed-days/",
            "/district/rules/",
        ]
    if username == "aide.moreno":
        program = AideProgram.objects.filter(assignments__person=user).first()
        assert program
        paths += [f"/programs/{program.pk}/", f"/programs/{program.pk}/log/"]
    if username == "parent.demo":
        child = children_of(user).first()
        assert child
        paths += [f"/family/{child.pk}/request/", f"/family/{child.pk}/", "/terms/ot/"]
    return list(dict.fromkeys(paths))


@pytest.mark.parametrize("page", ["desktop"], indirect=True)
def test_every_tap_target_on_the_main_pages_is_at_least_44_px(page, live_server, library):
    generate_demo(seed=2026, today=timezone.localdate(), students=12)
    found: list[str] = []
    for username in (
        "ot.alvarez",
        "cota.chen",
        "coord.davis",
        "teacher.castellanos",
        "slp.evans",
        "aide.moreno",
        "parent.demo",
    ):
        paths = pages_for(username)
        page.context.clear_cookies()
        sign_in(page, live_server.url, username, DEMO_PASSWORD)
        for viewport in (DESKTOP, PHONE):
            page.set_viewport_size(viewport)
            for path in paths:
                page.goto(f"{live_server.url}{path}")
                found += [
                    f"{username} {viewport['width']}px {path}: {target}"
                    for target in small_tap_targets(page)
                ]
    assert found == []
