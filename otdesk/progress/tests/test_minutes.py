"""The report's minutes are the fidelity API's (range_compliance over the period), kept
with the final report."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from otdesk.delivery import services as delivery_services
from otdesk.delivery.models import MissReason
from otdesk.fidelity.queries import fidelity_rows
from otdesk.progress import minutes, queries, services
from otdesk.testing import factories as f
from otdesk.testing.login import sign_in

from .helpers import NOW, period


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def test_the_minutes_of_the_period_come_from_the_fidelity_api(client, world):
    q1 = period(world)
    for day in (dt.date(2026, 9, 14), dt.date(2026, 9, 21), dt.date(2026, 10, 26)):
        f.make_session(world.therapist, world.school, [world.student], date=day)
    delivery_services.record_missed_session(
        actor=world.therapist,
        students=[world.student],
        date=dt.date(2026, 9, 29),
        minutes=30,
        reason=MissReason.STUDENT_ABSENT,
    )
    data = minutes.period_minutes(world.student, q1)
    rows = fidelity_rows(
        students=[world.student], start=q1.start_date, end=q1.end_date, today=dt.date(2026, 11, 3)
    )
    assert [(m["mandated"], m["provided"], m["missed"], m["made_up"], m["remaining"])
            for m in data["lines"]] == [
        (r.minutes.mandated, r.minutes.provided, r.minutes.not_provided_total,
         r.minutes.made_up, r.minutes.remaining) for r in rows
    ]  # fmt: skip
    direct = next(m for m in data["lines"] if m["kind"] == "direct")
    assert (direct["kind"], direct["minutes"], direct["period"]) == ("direct", 30, "week")
    assert (direct["mandated"], direct["provided"], direct["missed"]) == (300, 90, 30)
    assert direct["not_provided"] == [("student_absent", 30)]
    report = services.start_report(actor=world.therapist, student=world.student, period=q1)
    sign_in(client, world.therapist)
    page = client.get(reverse("progress:report", args=[report.pk])).content.decode()
    assert "missed because your child was absent" in page
    assert '<td class="num">300</td>' in page and '<td class="num">90</td>' in page


def test_a_final_report_keeps_its_minutes(world):
    q1 = period(world)
    f.make_session(world.therapist, world.school, [world.student], date=dt.date(2026, 9, 14))
    report = services.start_report(actor=world.therapist, student=world.student, period=q1)
    code = queries.codes_of(world.district).first()
    services.save_report(
        actor=world.therapist,
        report=report,
        narrative="",
        goals={e.pk: (code, "") for e in report.goals.all()},
    )
    services.finalize_report(actor=world.therapist, report=report)
    f.make_session(world.therapist, world.school, [world.student], date=dt.date(2026, 9, 21))
    report.refresh_from_db()

    def provided(content):
        return [m["provided"] for m in content["minutes"]["lines"] if m["kind"] == "direct"]

    assert provided(queries.content(report)) == [30]
    assert provided(queries.live_content(report)) == [60]
