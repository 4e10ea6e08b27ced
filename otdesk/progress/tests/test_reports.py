"""A progress report from draft to final: the goals in force, the goal data drawn, the
codes and words, locking, addenda, the family's comments, who reaches it and the log."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from otdesk.accounts.models import Role
from otdesk.core.models import AuditEvent
from otdesk.delivery.models import Session
from otdesk.progress import queries, services
from otdesk.progress.models import ParentComment, ProgressCode, ProgressReport
from otdesk.students.models import Goal
from otdesk.testing import factories as f
from otdesk.testing.login import sign_in

from .helpers import NOW, data, nine_sessions, period, writing_goal


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def report(world):
    goal = writing_goal(world)
    nine_sessions(world, goal)
    return services.start_report(actor=world.therapist, student=world.student, period=period(world))


def code(label):
    return ProgressCode.objects.get(label=label)


def fill(world, report, label="Making progress"):
    goals = {e.pk: (code(label), f"Words for {e.goal.area}") for e in report.goals.all()}
    return services.save_report(
        actor=world.therapist, report=report, narrative="A good quarter.", goals=goals
    )


def test_a_draft_has_the_goals_in_force_and_their_data(world, report):
    # The world's fine-motor goal and the writing goal; not a discontinued goal, not a
    # goal of an IEP that ended before the period.
    f.make_goal(world.iep, status=Goal.Status.DISCONTINUED)
    old = f.make_iep(
        world.student, status="ended", start_date=dt.date(2025, 8, 1), end_date=dt.date(2026, 8, 1)
    )
    f.make_goal(old)
    assert [e.goal.area for e in report.goals.all()] == ["fine_motor", "visual_motor"]
    assert [g.area for g in queries.goals_in_force(world.student, report.period)] == [
        "fine_motor",
        "visual_motor",
    ]
    content = queries.content(report)
    writing = content["goals"][1]
    assert writing["baseline_level"] == 40 and writing["target_level"] == 80
    assert [v for _, v in writing["points"]] == [
        40.0,
        40.0,
        40.0,
        50.0,
        60.0,
        50.0,
        70.0,
        70.0,
        70.0,
    ]
    assert writing["points"][0] == ["2026-08-31", 40.0]
    assert content["goals"][0]["points"] == []
    views = queries.goal_views(report, content)
    assert views[1].chart.summary == "Up from 40% to 70% over 9 sessions; target 80%."
    assert views[0].chart.summary == "No data in this period."


def test_goal_data_leave_out_voided_sessions_and_other_periods_and_sum_a_day(world, report):
    goal = report.goals.get(goal__area="visual_motor").goal
    voided = data(world, goal, dt.date(2026, 10, 26), 0)
    Session.objects.filter(pk=voided.record.session_id).update(status=Session.Status.VOIDED)
    data(world, goal, dt.date(2026, 11, 2), 10)  # after the period
    data(world, goal, dt.date(2026, 8, 31), 10, start=dt.time(13))  # a second session that day
    points = queries.goal_points([goal.pk], report.period.start_date, report.period.end_date)
    assert points[goal.pk][0] == (dt.date(2026, 8, 31), 70.0)  # 4 + 10 of 10 + 10
    assert len(points[goal.pk]) == 9


def test_draft_then_final_then_addenda(world, report):
    services.ensure_default_codes(district=world.district)
    with pytest.raises(ValidationError) as caught:
        services.finalize_report(actor=world.therapist, report=report)
    assert caught.value.messages == ["Give every goal a progress code first (2 still without one)."]
    fill(world, report)
    final = services.finalize_report(actor=world.therapist, report=report)
    assert final.status == "final" and final.finalized_at == NOW
    assert final.snapshot["goals"][1]["points"][-1] == ["2026-10-26", 70.0]
    # Frozen: a session logged later in the period does not change the final report.
    goal = report.goals.get(goal__area="visual_motor").goal
    data(world, goal, dt.date(2026, 10, 29), 10)
    final.refresh_from_db()
    assert len(queries.content(final)["goals"][1]["points"]) == 9
    assert len(queries.live_content(final)["goals"][1]["points"]) == 10
    with pytest.raises(ValidationError) as caught:
        fill(world, final)
    assert caught.value.messages == ["This report is final: add an addendum to correct it."]
    services.add_addendum(actor=world.therapist, report=final, text="Met on 29 Oct too.")
    assert list(final.addenda.values_list("text", flat=True)) == ["Met on 29 Oct too."]
    with pytest.raises(ValidationError):
        services.add_addendum(actor=world.cota, report=final, text="x")


def test_a_cota_reads_and_does_not_write(world, report):
    with pytest.raises(ValidationError):
        services.start_report(actor=world.cota, student=world.student, period=report.period)
    with pytest.raises(ValidationError):
        services.save_report(actor=world.cota, report=report, narrative="x", goals={})


def test_the_family_comments_on_the_draft_only(world, report):
    comment = services.add_parent_comment(actor=world.parent, report=report, text=" Loves it. ")
    assert comment.text == "Loves it."
    stranger = f.make_user(Role.GUARDIAN, world.district)
    with pytest.raises(ValidationError):
        services.add_parent_comment(actor=stranger, report=report, text="Hi")
    fill(world, report)
    services.finalize_report(actor=world.therapist, report=report)
    with pytest.raises(ValidationError) as caught:
        services.add_parent_comment(actor=world.parent, report=report, text="Late")
    assert caught.value.message_dict == {
        "text": ["This report is finished. Send a question to the therapist instead."]
    }


def test_the_ot_writes_the_report_through_the_pages(client, world, report):
    sign_in(client, world.therapist)
    edit = reverse("progress:edit", args=[report.pk])
    page = client.get(edit).content.decode()
    assert "Progress code: Visual-motor" in page or "Progress code:" in page
    entries = list(report.goals.order_by("goal__area"))
    making, met = code("Making progress"), code("Met")
    response = client.post(
        edit,
        {
            "narrative": "Worked hard.",
            f"code_{entries[0].pk}": met.pk,
            f"words_{entries[0].pk}": "Cuts curves now.",
            f"code_{entries[1].pk}": making.pk,
            f"words_{entries[1].pk}": "Up to 70%.",
        },
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.narrative == "Worked hard."
    assert [(e.code.label, e.narrative) for e in report.goals.order_by("goal__area")] == [
        ("Met", "Cuts curves now."),
        ("Making progress", "Up to 70%."),
    ]
    page = client.get(reverse("progress:report", args=[report.pk])).content.decode()
    assert "Up from 40% to 70% over 9 sessions; target 80%." in page
    assert "Baseline 40%" in page and "Target 80%" in page
    assert 'role="img"' in page and "style=" not in page
    client.post(reverse("progress:finalize", args=[report.pk]))
    report.refresh_from_db()
    assert report.is_final
    assert client.get(edit).status_code == 302  # to the report: it is final
    client.post(reverse("progress:addendum", args=[report.pk]), {"text": "One more thing."})
    assert report.addenda.get().text == "One more thing."
    assert (
        AuditEvent.objects.filter(
            student_id=world.student.pk, action=AuditEvent.Action.VIEW, summary="Progress report"
        ).count()
        == 1
    )


def test_who_reaches_the_report(client, world, report):
    pages = [
        reverse("progress:report", args=[report.pk]),
        reverse("progress:pdf", args=[report.pk]),
        reverse("progress:student", args=[world.student.pk]),
    ]
    writes = [
        ("get", reverse("progress:edit", args=[report.pk])),
        ("post", reverse("progress:finalize", args=[report.pk])),
        ("post", reverse("progress:addendum", args=[report.pk])),
        ("post", reverse("progress:start", args=[world.student.pk])),
    ]
    sign_in(client, world.cota)
    assert [client.get(url).status_code for url in pages] == [200, 200, 200]
    assert [getattr(client, how)(url).status_code for how, url in writes] == [403] * 4
    for person in (world.teacher, world.coordinator, world.aide, world.outsider, world.parent):
        sign_in(client, person)
        assert [client.get(url).status_code for url in pages] == [404] * 3, person.role
        assert [getattr(client, how)(url).status_code for how, url in writes] == [404] * 4
    assert ProgressReport.objects.get().status == "draft"


def test_the_guardian_comments_on_the_draft_and_reads_the_final(client, world, report):
    sign_in(client, world.parent)
    portal = client.get(reverse("family:child", args=[world.student.pk])).content.decode()
    url = reverse("progress:family_report", args=[report.pk])
    assert url in portal
    assert "Add your comments to the report for Quarter 1 (not finished yet)" in portal
    page = client.get(url).content.decode()
    assert "Add your comments" in page
    assert "Up from 40%" not in page  # the draft's data and words are the therapist's until final
    assert client.get(reverse("progress:pdf", args=[report.pk])).status_code == 404
    response = client.post(url, {"text": "She cuts paper at home every day."})
    assert response.status_code == 302
    assert ParentComment.objects.get().text == "She cuts paper at home every day."
    sign_in(client, world.therapist)
    assert (
        "She cuts paper at home every day."
        in client.get(reverse("progress:report", args=[report.pk])).content.decode()
    )
    fill(world, report)
    services.finalize_report(actor=world.therapist, report=report)
    sign_in(client, world.parent)
    page = client.get(url).content.decode()
    assert "Up from 40% to 70% over 9 sessions; target 80%." in page
    assert "She cuts paper at home every day." in page
    assert "Send my comments" not in page
    assert client.post(url, {"text": "More"}).status_code == 200
    assert ParentComment.objects.count() == 1
    assert client.get(reverse("progress:pdf", args=[report.pk])).status_code == 200
    other = f.make_user(Role.GUARDIAN, world.district)
    sign_in(client, other)
    assert client.get(url).status_code == 404


def test_the_guardian_reads_it_in_spanish(client, world, report):
    fill(world, report)
    services.finalize_report(actor=world.therapist, report=report)
    sign_in(client, world.parent)
    url = reverse("progress:family_report", args=[report.pk])
    client.cookies["django_language"] = "es"
    page = client.get(url).content.decode()
    assert "Informe de progreso de Maya, Quarter 1" in page
    assert "Subió de 40% a 70% en 9 sesiones; meta 80%." in page
    assert "Meta 80%" in page and "Punto de partida 40%" in page
    assert '<dd class="goal-code">Avanza</dd>' in page


def test_the_caseload_list_per_period(client, world, report, django_assert_num_queries):
    second = f.make_student(world.school, first_name="Ann", last_name="Able")
    f.add_to_team(second, world.therapist, f.TeamRole.OT)
    sign_in(client, world.therapist)
    page = client.get(reverse("progress:caseload")).content.decode()
    assert "Progress reports, Quarter 1" in page
    assert "0 of 2 reports final." in page
    assert page.index("Ann Able") < page.index("Maya Lopez")
    assert "Not started" in page
    assert AuditEvent.objects.filter(summary="Progress reports of a period").count() == 2
