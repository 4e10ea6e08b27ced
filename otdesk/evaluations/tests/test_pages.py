"""The evaluation pages as their users meet them: the OT starts an evaluation, records its
dates, adds the tests given (with the age-range warning) and their scores; the COTA and
the coordinator read (403 on a change); anyone else gets 404. Bad input explains itself
and changes nothing."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from otdesk.assessments.models import AssessmentAdministration, AssessmentTool, Score
from otdesk.core.models import AuditEvent
from otdesk.evaluations import services
from otdesk.evaluations.models import Evaluation
from otdesk.testing import factories as f
from otdesk.testing.login import sign_in

NOW = dt.datetime(2026, 11, 3, 12, 0, tzinfo=ZoneInfo("America/Chicago"))


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def start(world, **kw):
    values = dict(
        kind="initial",
        referral_date=dt.date(2026, 9, 20),
        consent_date=dt.date(2026, 10, 1),
    )
    return services.start_evaluation(
        actor=world.therapist, student=world.student, **{**values, **kw}
    )


def body(response) -> str:
    return response.content.decode()


def test_the_ot_starts_an_initial_evaluation_and_sees_its_due_date(client, world):
    sign_in(client, world.therapist)
    url = reverse("evaluations:student", args=[world.student.pk])
    assert "No evaluations are recorded for Maya yet." in body(client.get(url))
    response = client.post(
        url,
        {
            "kind": "initial",
            "referral_date": "2026-09-20",
            "consent_date": "2026-10-01",
            "reason": "Teacher reports slow, effortful handwriting.",
        },
    )
    evaluation = Evaluation.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("evaluations:detail", args=[evaluation.pk])
    assert (evaluation.kind, evaluation.evaluator, evaluation.consent_date) == (
        "initial",
        world.therapist,
        dt.date(2026, 10, 1),
    )
    page = body(client.get(response["Location"]))
    # 60 calendar days after Thu 1 Oct 2026 is Mon 30 Nov 2026: 27 days from Tue 3 Nov.
    assert "Mon 30 Nov 2026" in page
    assert "Due in 27 days" in page
    assert "Due 60 calendar days after the parent&#x27;s consent." in page
    assert "Teacher reports slow, effortful handwriting." in page
    event = AuditEvent.objects.get(object_type="evaluations.evaluation", action="create")
    assert event.summary == "Started the initial evaluation"
    assert event.student_id == world.student.pk


def test_school_days_move_the_due_date(client, world):
    world.district.initial_evaluation_day_kind = "school"
    world.district.initial_evaluation_days = 10
    world.district.save()
    world.district.non_school_days.create(date=dt.date(2026, 10, 9), name="Teacher work day")
    evaluation = start(world)
    sign_in(client, world.therapist)
    page = body(client.get(reverse("evaluations:detail", args=[evaluation.pk])))
    # Fri 2 .. Thu 15 Oct is ten weekdays; Fri 9 Oct is closed, so the 10th is Fri 16 Oct.
    assert "Fri 16 Oct 2026" in page
    assert "Overdue by 18 days" in page
    assert "Due 10 school days after the parent&#x27;s consent." in page


def test_bad_dates_are_explained_and_nothing_is_saved(client, world):
    sign_in(client, world.therapist)
    url = reverse("evaluations:student", args=[world.student.pk])
    response = client.post(
        url, {"kind": "initial", "referral_date": "2026-10-05", "consent_date": "2026-10-01"}
    )
    assert response.status_code == 400
    assert "This date cannot come before the referral date." in body(response)
    response = client.post(url, {"kind": "initial", "consent_date": "2026-12-01"})
    assert response.status_code == 400
    assert "This date is in the future: record it once it happens." in body(response)
    response = client.post(url, {"kind": "", "consent_date": "yesterday"})
    assert response.status_code == 400
    assert "Choose an initial evaluation or a re-evaluation." in body(response)
    assert "Enter a valid date." in body(response)
    assert Evaluation.objects.count() == 0
    start(world)
    response = client.post(url, {"kind": "initial", "consent_date": "2026-10-02"})
    assert response.status_code == 400
    assert "This student already has one of these under way: open it to go on." in body(response)
    assert Evaluation.objects.count() == 1


def test_a_re_evaluation_within_a_year_needs_the_agreement(client, world):
    services.save_evaluation(
        actor=world.therapist,
        evaluation=start(world, referral_date=None, consent_date=dt.date(2026, 2, 2)),
        values={"evaluation_date": dt.date(2026, 3, 2), "report_date": dt.date(2026, 3, 10)},
    )
    sign_in(client, world.therapist)
    url = reverse("evaluations:student", args=[world.student.pk])
    data = {"kind": "reevaluation", "consent_date": "2026-10-01"}
    response = client.post(url, data)
    assert response.status_code == 400
    assert (
        "The last evaluation was on Mon 2 Mar 2026: a re-evaluation before Tue 2 Mar 2027 needs "
        "the parent&#x27;s and the district&#x27;s agreement."
    ) in body(response)
    assert Evaluation.objects.count() == 1
    response = client.post(url, {**data, "early_agreed": "on"})
    assert response.status_code == 302
    again = Evaluation.objects.get(kind="reevaluation")
    assert again.early_agreed
    # The re-evaluation's own due date: three years after the last complete evaluation.
    page = body(client.get(reverse("evaluations:detail", args=[again.pk])))
    assert "Fri 2 Mar 2029" in page


def test_the_caseload_and_the_student_page_take_the_re_evaluation_from_the_evaluation(
    client, world
):
    services.save_evaluation(
        actor=world.therapist,
        evaluation=start(world, referral_date=None, consent_date=dt.date(2026, 2, 2)),
        values={"evaluation_date": dt.date(2026, 3, 2), "report_date": dt.date(2026, 3, 10)},
    )
    sign_in(client, world.therapist)
    # The IEP says Mon 1 May 2028; the evaluation on 2 Mar 2026 makes it Fri 2 Mar 2029.
    for url in (
        reverse("students:caseload"),
        reverse("students:detail", args=[world.student.pk]),
    ):
        page = body(client.get(url))
        assert "Fri 2 Mar 2029" in page and "1 May 2028" not in page


def test_a_test_outside_the_age_range_warns_and_its_scores_are_all_or_nothing(client, world):
    evaluation = start(world)
    sign_in(client, world.therapist)
    pdms = AssessmentTool.objects.get(short_name="PDMS-3")
    response = client.post(
        reverse("evaluations:add_test", args=[evaluation.pk]),
        {"tool": pdms.pk, "test_date": "2026-10-20"},
        follow=True,
    )
    given = AssessmentAdministration.objects.get()
    assert response.redirect_chain[-1][0] == reverse("evaluations:scores", args=[given.pk])
    warning = (
        "The student was 8:7 (years:months) on the test date, older than this tool&#x27;s "
        "range ending at 5:11. Scores may not be valid."
    )
    # At the top of the score page.
    assert body(response).count(warning) == 1
    parts = list(pdms.parts.all())
    scaled = next(p for p in parts if p.reports_scaled)
    standard = next(p for p in parts if p.reports_standard)
    url = reverse("evaluations:scores", args=[given.pk])
    response = client.post(
        url, {f"{scaled.pk}-scaled_score": "9", f"{standard.pk}-standard_score": "200"}
    )
    assert response.status_code == 400
    assert "A standard score is between 40 and 160." in body(response)
    assert Score.objects.count() == 0
    response = client.post(
        url, {f"{scaled.pk}-scaled_score": "9", f"{standard.pk}-standard_score": "85"}
    )
    assert response.status_code == 302
    assert set(Score.objects.values_list("scaled_score", "standard_score")) == {
        (None, 85),
        (9, None),
    }
    page = body(client.get(reverse("evaluations:detail", args=[evaluation.pk])))
    assert "Given on Tue 20 Oct 2026, age 8:7 (years:months)" in page
    assert warning in page
    # Clearing a box clears its score.
    client.post(url, {f"{scaled.pk}-scaled_score": "9"})
    assert list(Score.objects.values_list("scaled_score", flat=True)) == [9]


def test_a_test_in_range_has_no_warning_and_bad_test_input_is_explained(client, world):
    evaluation = start(world)
    sign_in(client, world.therapist)
    url = reverse("evaluations:add_test", args=[evaluation.pk])
    beery = AssessmentTool.objects.get(short_name="Beery VMI")
    response = client.post(url, {"tool": beery.pk, "test_date": "2026-10-20"}, follow=True)
    assert "Check the age range" not in body(response)
    response = client.post(url, {"tool": "", "test_date": "2026-11-30"})
    assert response.status_code == 400
    assert "Choose the assessment you gave." in body(response)
    response = client.post(url, {"tool": beery.pk, "test_date": "2026-11-30"})
    assert response.status_code == 400
    assert "The test date is in the future." in body(response)
    assert AssessmentAdministration.objects.count() == 1


def test_the_ot_records_dates_and_findings_and_removes_a_test(client, world):
    evaluation = start(world)
    sign_in(client, world.therapist)
    url = reverse("evaluations:edit", args=[evaluation.pk])
    response = client.post(
        url,
        {
            "referral_date": "2026-09-20",
            "consent_date": "2026-10-01",
            "evaluation_date": "2026-10-20",
            "report_date": "2026-10-27",
            "complexity": "moderate",
            "minutes": "75",
            "summary": "Visual-motor skills below age level; recommend OT twice a month.",
        },
    )
    assert response.status_code == 302
    evaluation.refresh_from_db()
    assert (evaluation.evaluation_date, evaluation.minutes, evaluation.complexity) == (
        dt.date(2026, 10, 20),
        75,
        "moderate",
    )
    page = body(client.get(reverse("evaluations:detail", args=[evaluation.pk])))
    assert "Evaluated on time" in page
    assert "recommend OT twice a month" in page
    response = client.post(
        url, {"consent_date": "2026-10-01", "minutes": "0", "evaluation_date": "2026-09-01"}
    )
    assert response.status_code == 400
    assert "Enter a whole number from 1 to 600." in body(response)
    response = client.post(url, {"consent_date": "2026-10-01", "evaluation_date": "2026-09-01"})
    assert response.status_code == 400
    assert "This date cannot come before the date consent was received." in body(response)
    evaluation.refresh_from_db()
    assert evaluation.evaluation_date == dt.date(2026, 10, 20)
    beery = AssessmentTool.objects.get(short_name="Beery VMI")
    given = services.add_test(
        actor=world.therapist, evaluation=evaluation, tool=beery, test_date=dt.date(2026, 10, 20)
    )
    response = client.post(reverse("evaluations:remove_test", args=[given.pk]))
    assert response.status_code == 302
    assert AssessmentAdministration.objects.count() == 0
    assert AuditEvent.objects.filter(action="delete", student_id=world.student.pk).count() == 1


def test_readers_read_outsiders_get_404(client, world):
    evaluation = start(world)
    beery = AssessmentTool.objects.get(short_name="Beery VMI")
    given = services.add_test(
        actor=world.therapist, evaluation=evaluation, tool=beery, test_date=dt.date(2026, 10, 20)
    )
    pages = [
        reverse("evaluations:student", args=[world.student.pk]),
        reverse("evaluations:detail", args=[evaluation.pk]),
        reverse("evaluations:scores", args=[given.pk]),
        reverse("evaluations:pdf", args=[evaluation.pk]),
    ]
    writes = [
        (reverse("evaluations:student", args=[world.student.pk]), {"kind": "reevaluation"}),
        (reverse("evaluations:edit", args=[evaluation.pk]), {"minutes": "30"}),
        (reverse("evaluations:add_test", args=[evaluation.pk]), {"tool": beery.pk}),
        (reverse("evaluations:scores", args=[given.pk]), {}),
        (reverse("evaluations:remove_test", args=[given.pk]), {}),
    ]
    for reader in (world.cota, world.coordinator):
        sign_in(client, reader)
        for url in pages:
            assert client.get(url).status_code == 200, (reader, url)
        assert "you can read it" in body(client.get(pages[1]))
        for url, data in writes:
            assert client.post(url, data).status_code == 403, (reader, url)
    for outsider in (world.outsider, world.parent, world.teacher, world.aide):
        sign_in(client, outsider)
        for url in pages:
            assert client.get(url).status_code == 404, (outsider, url)
        for url, data in writes:
            assert client.post(url, data).status_code == 404, (outsider, url)
    assert Evaluation.objects.count() == 1
    assert AssessmentAdministration.objects.count() == 1


def test_the_dashboard_lists_what_is_due_with_annual_reviews(client, world):
    world.iep.annual_review_due = dt.date(2026, 11, 25)
    world.iep.save()
    start(world)
    other = f.make_student(f.make_school(world.district), first_name="Ana", last_name="Bell")
    f.make_iep(other, reevaluation_due=dt.date(2026, 10, 15))
    f.add_to_team(other, world.therapist, f.TeamRole.OT)
    sign_in(client, world.therapist)
    page = body(client.get(reverse("evaluations:dashboard")))
    # Soonest first: Ana's overdue re-evaluation, Maya's review, Maya's evaluation.
    order = [
        page.index("Overdue by 19 days"),
        page.index("Annual IEP review"),
        page.index("Due in 22 days"),
        page.index("Initial evaluation (under way)"),
        page.index("Due in 27 days"),
    ]
    assert order == sorted(order)
    assert page.index("Ana Bell") < page.index("Maya Lopez")
    assert "1 overdue" in page
    # Evaluated but the report not written: still listed, no longer counted as due.
    maya = Evaluation.objects.get(student=world.student)
    services.save_evaluation(
        actor=world.therapist, evaluation=maya, values={"evaluation_date": dt.date(2026, 11, 2)}
    )
    page = body(client.get(reverse("evaluations:dashboard")))
    assert "Evaluated on time; report not written yet" in page
    assert "Due in 27 days" not in page
    services.save_evaluation(
        actor=world.therapist, evaluation=maya, values={"report_date": dt.date(2026, 11, 3)}
    )
    assert "Initial evaluation" not in body(client.get(reverse("evaluations:dashboard")))
    # The coordinator sees the district, and narrows it to a school.
    sign_in(client, world.coordinator)
    url = reverse("evaluations:dashboard")
    assert "Ana Bell" in body(client.get(url)) and "Maya Lopez" in body(client.get(url))
    narrowed = body(client.get(url, {"school": world.school.pk}))
    assert "Maya Lopez" in narrowed and "Ana Bell" not in narrowed
    assert client.get(url, {"school": "999999"}).status_code == 404
    # An OT with nobody due sees an empty list; a parent gets 404.
    sign_in(client, world.outsider)
    assert "Nothing is due in the next 60 days." in body(client.get(url))
    sign_in(client, world.parent)
    assert client.get(url).status_code == 404


def test_the_bot_2_composites_take_their_own_scale(client, world):
    evaluation = start(world)
    bot = AssessmentTool.objects.get(short_name="BOT-2")
    given = services.add_test(
        actor=world.therapist, evaluation=evaluation, tool=bot, test_date=dt.date(2026, 10, 20)
    )
    composite = bot.parts.get(name="Fine Manual Control")
    sign_in(client, world.therapist)
    url = reverse("evaluations:scores", args=[given.pk])
    assert "Standard score (20–80)" in body(client.get(url))
    response = client.post(url, {f"{composite.pk}-standard_score": "85"})
    assert response.status_code == 400
    assert "A standard score is between 20 and 80." in body(response)
    response = client.post(url, {f"{composite.pk}-standard_score": "35"})
    assert response.status_code == 302
    assert Score.objects.get().standard_score == 35


def test_a_form_sent_without_some_boxes_does_not_empty_them(client, world):
    evaluation = start(world, reason="Handwriting.")
    sign_in(client, world.therapist)
    url = reverse("evaluations:edit", args=[evaluation.pk])
    assert client.post(url, {"summary": "Findings so far."}).status_code == 302
    evaluation.refresh_from_db()
    assert (evaluation.referral_date, evaluation.consent_date, evaluation.reason) == (
        dt.date(2026, 9, 20),
        dt.date(2026, 10, 1),
        "Handwriting.",
    )
    assert evaluation.summary == "Findings so far."


def test_an_older_evaluation_is_checked_against_the_one_before_it_not_after(client, world):
    def complete(day: dt.date, kind: str) -> Evaluation:
        evaluation = start(world, kind=kind, referral_date=None, consent_date=day)
        return services.save_evaluation(
            actor=world.therapist,
            evaluation=evaluation,
            values={"evaluation_date": day, "report_date": day + dt.timedelta(days=5)},
        )

    older = complete(dt.date(2023, 3, 1), "initial")
    complete(dt.date(2026, 3, 2), "reevaluation")
    sign_in(client, world.therapist)
    response = client.post(
        reverse("evaluations:edit", args=[older.pk]),
        {"summary": "Typo fixed.", "consent_date": "2023-03-01", "evaluation_date": "2023-03-01"},
    )
    assert response.status_code == 302


def test_whoever_records_the_evaluation_is_its_evaluator(client, world):
    evaluation = start(world)
    second = f.make_user(f.Role.OT, world.district, first_name="Nia", last_name="Next")
    f.add_to_team(world.student, second, f.TeamRole.OT)
    sign_in(client, second)
    response = client.post(
        reverse("evaluations:edit", args=[evaluation.pk]), {"evaluation_date": "2026-10-20"}
    )
    assert response.status_code == 302
    evaluation.refresh_from_db()
    assert evaluation.evaluator == second
    event = AuditEvent.objects.filter(action="update", object_id=evaluation.pk).get()
    assert (event.before["evaluator_id"], event.after["evaluator_id"]) == (
        world.therapist.pk,
        second.pk,
    )


def test_dates_out_of_order_are_refused_in_words(client, world):
    sign_in(client, world.therapist)
    evaluation = start(world, consent_date=None)
    url = reverse("evaluations:edit", args=[evaluation.pk])
    response = client.post(url, {"report_date": "2026-10-27"})
    assert response.status_code == 400
    assert "Record the evaluation date before the report&#x27;s." in body(response)
    response = client.post(url, {"evaluation_date": "2026-10-20"})
    assert response.status_code == 400
    assert "An initial evaluation needs the parent&#x27;s consent first" in body(response)
    services.save_evaluation(
        actor=world.therapist, evaluation=evaluation, values={"consent_date": dt.date(2026, 10, 1)}
    )
    beery = AssessmentTool.objects.get(short_name="Beery VMI")
    response = client.post(
        reverse("evaluations:add_test", args=[evaluation.pk]),
        {"tool": beery.pk, "test_date": "2026-09-30"},
    )
    assert response.status_code == 400
    assert "The test date is before the parent&#x27;s consent (Thu 1 Oct 2026)" in body(response)
    assert AssessmentAdministration.objects.count() == 0


def test_the_due_list_leaves_out_exited_students_and_costs_the_same_for_more(client, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    start(world)
    sign_in(client, world.coordinator)
    url = reverse("evaluations:dashboard")

    def queries() -> int:
        with CaptureQueriesContext(connection) as seen:
            assert client.get(url).status_code == 200
        return len(seen)

    few = queries()
    for n in range(5):
        kid = f.make_student(world.school, first_name=f"Kid{n}", last_name="More")
        f.make_iep(kid, annual_review_due=dt.date(2026, 11, 20))
        f.add_to_team(kid, world.therapist, f.TeamRole.OT)
        services.start_evaluation(
            actor=world.therapist,
            student=kid,
            kind="initial",
            referral_date=None,
            consent_date=dt.date(2026, 10, 1),
        )
    assert queries() == few
    world.student.active = False
    world.student.save()
    assert "Maya Lopez" not in body(client.get(url))


def test_an_evaluation_closed_without_one_leaves_the_due_list(client, world):
    evaluation = start(world, consent_date=None)
    sign_in(client, world.therapist)
    url = reverse("evaluations:edit", args=[evaluation.pk])
    response = client.post(url, {"closed_on": "2026-11-02"})
    assert response.status_code == 400
    assert "Say why it was closed." in body(response)
    response = client.post(
        url, {"closed_on": "2026-11-02", "closed_reason": "The family moved out of the district."}
    )
    assert response.status_code == 302
    page = body(client.get(reverse("evaluations:student", args=[world.student.pk])))
    assert "Closed without an evaluation: The family moved out of the district." in page
    assert "Initial evaluation (under way)" not in body(
        client.get(reverse("evaluations:dashboard"))
    )
    # A new referral can start another.
    response = client.post(
        reverse("evaluations:student", args=[world.student.pk]),
        {"kind": "initial", "referral_date": "2026-11-03"},
    )
    assert response.status_code == 302
    assert Evaluation.objects.count() == 2
