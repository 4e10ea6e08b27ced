import csv
import datetime as dt
import io

import pytest

from otdesk.accounts.models import Role
from otdesk.billing import services
from otdesk.billing.exports import billing_sheet
from otdesk.billing.models import BillingCode
from otdesk.billing.queries import (
    ABSENT,
    NO_CONSENT,
    NO_MEDICAID_ID,
    NO_PRESCRIPTION,
    NOT_COSIGNED,
    UNSIGNED,
    VOIDED,
    billing_run,
    needs_correction,
)
from otdesk.billing.units import share_units, timed_units
from otdesk.core.exports import csv_bytes
from otdesk.delivery import services as delivery
from otdesk.evaluations.models import Evaluation
from otdesk.supervision.models import NoteReview, ReviewOutcome, Supervision
from otdesk.testing.factories import (
    make_district,
    make_school,
    make_session,
    make_student,
    make_user,
)

DAY = dt.date(2026, 9, 14)
MONTH = (dt.date(2026, 9, 1), dt.date(2026, 9, 30))


@pytest.mark.parametrize(
    ("minutes", "units"), [(7, 0), (8, 1), (22, 1), (23, 2), (37, 2), (38, 3), (52, 3), (53, 4)]
)
def test_eight_minute_rule(minutes: int, units: int) -> None:
    assert timed_units(minutes) == units


def test_share_units_cms_example() -> None:
    # 33 min of 97110 + 7 min of 97140 = 40 min = 3 units: 2 and 1.
    assert share_units(3, {"97110": 33, "97140": 7}, {"97110": "97110", "97140": "97140"}) == {
        "97110": 2,
        "97140": 1,
    }


@pytest.fixture
def world(db):  # type: ignore[no-untyped-def]
    district = make_district()
    school = make_school(district)
    ot = make_user(Role.OT, district)
    cota = make_user(Role.COTA, district)
    coordinator = make_user(Role.COORDINATOR, district)
    services.ensure_default_codes(district=district)
    for person, text in ((ot, "OTR/L 1234"), (cota, "COTA/L 99")):
        services.save_credential(
            actor=coordinator, provider=person, credential=text, npi="1234567890"
        )
    student = make_student(school, first_name="Ana", last_name="Diaz")
    services.save_profile(
        actor=coordinator,
        student=student,
        medicaid_id="md123",
        consent_received=dt.date(2026, 8, 20),
        consent_withdrawn=None,
        prescription_date=dt.date(2026, 8, 20),
    )
    return district, school, ot, cota, coordinator, student


def _signed(provider, school, students, **kw):  # type: ignore[no-untyped-def]
    session = make_session(provider, school, students, **kw)
    delivery.sign_session(actor=provider, session=session)
    return session


def _run(district):  # type: ignore[no-untyped-def]
    return billing_run(district=district, start=MONTH[0], end=MONTH[1])


@pytest.mark.parametrize(("minutes", "units"), [(7, 0), (8, 1), (22, 1), (23, 2), (37, 2), (38, 3)])
def test_units_of_one_session(world, minutes: int, units: int) -> None:  # type: ignore[no-untyped-def]
    district, school, ot, _, _, student = world
    _signed(ot, school, [student], minutes=minutes, session_type="pull_out_individual")
    run = _run(district)
    if units:
        assert [(ln.code.code, ln.units, ln.minutes, ln.modifier) for ln in run.billed] == [
            ("97530", units, minutes, "GO")
        ]
        assert run.problems == []
    else:
        assert run.billed == []
        assert run.problems[0].reasons == [
            f"Under 8 minutes of timed service that day ({minutes} minutes)"
        ]


def test_day_total_counts_not_each_session(world) -> None:  # type: ignore[no-untyped-def]
    # Two 10-minute sessions the same day: 20 minutes = 1 unit, not 2.
    district, school, ot, _, _, student = world
    _signed(ot, school, [student], minutes=10, session_type="pull_out_individual")
    _signed(ot, school, [student], minutes=10, start=dt.time(13, 0), session_type="push_in")
    run = _run(district)
    assert sorted(ln.units for ln in run.lines) == [0, 1]
    assert len(run.billed) == 1


def test_several_timed_codes_in_one_day(world) -> None:  # type: ignore[no-untyped-def]
    district, school, ot, _, coordinator, student = world
    # The district bills classroom sessions as self-care (97535).
    services.save_code(
        actor=coordinator,
        district=district,
        code="97530",
        description="Therapeutic activities",
        timed=True,
        session_types=["pull_out_individual"],
        evaluation_kinds=[],
        requires_prescription=False,
    )
    services.save_code(
        actor=coordinator,
        district=district,
        code="97535",
        description="Self-care",
        timed=True,
        session_types=["push_in", "co_teaching"],
        evaluation_kinds=[],
        requires_prescription=False,
    )
    _signed(ot, school, [student], minutes=33, session_type="pull_out_individual")
    _signed(ot, school, [student], minutes=7, start=dt.time(13, 0), session_type="push_in")
    run = _run(district)
    # 40 minutes = 3 units: 97530 two full units (3 left over), 97535 the third (7 left).
    assert sorted((ln.code.code, ln.units) for ln in run.billed) == [("97530", 2), ("97535", 1)]
    # 20 + 20 = 40 = 3 units: one full unit each, the third to the tie-break (more minutes,
    # then the lower code).
    _signed(
        ot,
        school,
        [student],
        date=DAY + dt.timedelta(days=1),
        minutes=20,
        session_type="pull_out_individual",
    )
    _signed(
        ot,
        school,
        [student],
        date=DAY + dt.timedelta(days=1),
        minutes=20,
        start=dt.time(13, 0),
        session_type="push_in",
    )
    run = _run(district)
    day2 = sorted((ln.code.code, ln.units) for ln in run.billed if ln.date != DAY)
    assert day2 == [("97530", 2), ("97535", 1)]


def test_group_one_unit_per_student(world) -> None:  # type: ignore[no-untyped-def]
    district, school, ot, _, coordinator, student = world
    other = make_student(school, first_name="Ben", last_name="Cruz")
    services.save_profile(
        actor=coordinator,
        student=other,
        medicaid_id="MD9",
        consent_received=dt.date(2026, 9, 1),
        consent_withdrawn=None,
        prescription_date=None,
    )
    _signed(
        ot,
        school,
        [student, other],
        minutes=45,
        session_type="pull_out_group",
        location="therapy_room",
    )
    run = _run(district)
    assert sorted(
        (ln.student.first_name, ln.code.code, ln.units, ln.minutes) for ln in run.billed
    ) == [
        ("Ana", "97150", 1, 45),
        ("Ben", "97150", 1, 45),
    ]


def test_evaluation_codes(world) -> None:  # type: ignore[no-untyped-def]
    district, _, ot, _, _, student = world
    Evaluation.objects.create(
        student=student,
        kind="initial",
        complexity="moderate",
        evaluator=ot,
        evaluation_date=DAY,
        minutes=90,
    )
    Evaluation.objects.create(
        student=student,
        kind="reevaluation",
        evaluator=ot,
        evaluation_date=DAY + dt.timedelta(days=2),
        minutes=60,
    )
    run = _run(district)
    assert [(ln.code.code, ln.units, ln.minutes) for ln in run.billed] == [
        ("97166", 1, 90),
        ("97168", 1, 60),
    ]


def test_exclusions_with_their_reasons(world) -> None:  # type: ignore[no-untyped-def]
    district, school, ot, _, coordinator, student = world
    no_consent = make_student(school, first_name="Cal", last_name="Ames")
    services.save_profile(
        actor=coordinator,
        student=no_consent,
        medicaid_id="MD1",
        consent_received=None,
        consent_withdrawn=None,
        prescription_date=None,
    )
    withdrawn = make_student(school, first_name="Dee", last_name="Bell")
    services.save_profile(
        actor=coordinator,
        student=withdrawn,
        medicaid_id="MD2",
        consent_received=dt.date(2026, 8, 1),
        consent_withdrawn=dt.date(2026, 9, 10),
        prescription_date=None,
    )
    no_id = make_student(school, first_name="Eve", last_name="Chu")
    services.save_profile(
        actor=coordinator,
        student=no_id,
        medicaid_id="",
        consent_received=dt.date(2026, 8, 1),
        consent_withdrawn=None,
        prescription_date=None,
    )
    for kid in (no_consent, withdrawn, no_id):
        _signed(ot, school, [kid], minutes=30, session_type="pull_out_individual")
    make_session(ot, school, [student], minutes=30, session_type="pull_out_individual")  # unsigned
    voided = _signed(
        ot, school, [student], minutes=30, start=dt.time(11, 0), session_type="pull_out_individual"
    )
    delivery.void_session(actor=ot, session=voided, reason="wrong student")
    absent = make_student(school, first_name="Fay", last_name="Dunn")
    services.save_profile(
        actor=coordinator,
        student=absent,
        medicaid_id="MD3",
        consent_received=dt.date(2026, 8, 1),
        consent_withdrawn=None,
        prescription_date=None,
    )
    _signed(
        ot, school, [absent], minutes=30, session_type="pull_out_individual", attendance="absent"
    )
    run = _run(district)
    assert run.billed == []
    reasons = {
        (p.student.first_name, p.session.start if p.session else None): p.reasons
        for p in run.problems
    }
    assert reasons == {
        ("Cal", dt.time(9, 30)): [NO_CONSENT],
        ("Dee", dt.time(9, 30)): [NO_CONSENT],
        ("Eve", dt.time(9, 30)): [NO_MEDICAID_ID],
        ("Ana", dt.time(9, 30)): [UNSIGNED],
        ("Ana", dt.time(11, 0)): [VOIDED],
        ("Fay", dt.time(9, 30)): [ABSENT],
    }


def test_prescription_required_by_the_state(world) -> None:  # type: ignore[no-untyped-def]
    district, school, ot, _, coordinator, student = world
    BillingCode.objects.filter(district=district, code="97530").update(requires_prescription=True)
    late = make_student(school, first_name="Gus", last_name="Eng")
    services.save_profile(
        actor=coordinator,
        student=late,
        medicaid_id="MD4",
        consent_received=dt.date(2026, 8, 1),
        consent_withdrawn=None,
        prescription_date=DAY + dt.timedelta(days=1),
    )
    _signed(ot, school, [student, late], minutes=30, session_type="pull_out_individual")
    run = _run(district)
    assert [ln.student.first_name for ln in run.billed] == ["Ana"]
    assert [(p.student.first_name, p.reasons) for p in run.problems] == [("Gus", [NO_PRESCRIPTION])]


def test_go_for_ot_co_for_cota_with_supervisor(world) -> None:  # type: ignore[no-untyped-def]
    district, school, ot, cota, _coordinator, student = world
    _signed(ot, school, [student], minutes=30, session_type="pull_out_individual")
    note = _signed(
        cota,
        school,
        [student],
        date=DAY + dt.timedelta(days=1),
        minutes=30,
        session_type="pull_out_individual",
    )
    NoteReview.objects.create(session=note, by=ot, outcome=ReviewOutcome.COSIGNED)
    run = _run(district)
    assert [p.reasons for p in run.problems] == [["No supervising OT for the COTA on that day"]]
    Supervision.objects.create(
        district=district, cota=cota, supervisor=ot, start_date=dt.date(2026, 8, 1)
    )
    run = _run(district)
    assert [(ln.modifier, ln.supervisor) for ln in run.billed] == [("GO", None), ("CO", ot)]
    rows = list(csv.reader(io.StringIO(csv_bytes(billing_sheet(run)).decode("utf-8-sig"))))
    header = rows[0]
    cota_row = dict(zip(header, rows[2], strict=True))
    assert cota_row["Modifier"] == "CO"
    assert cota_row["Credential"] == "COTA/L 99"
    assert cota_row["Supervising OT"] == ot.get_full_name()


def test_csv_formula_injection_read_back(world) -> None:  # type: ignore[no-untyped-def]
    district, school, ot, _, coordinator, student = world
    student.last_name = '=HYPERLINK("http://x")'
    student.first_name = "@SUM(A1)"
    student.save()
    services.save_credential(actor=coordinator, provider=ot, credential="+OTR -1", npi="")
    _signed(ot, school, [student], minutes=30, session_type="pull_out_individual")
    rows = list(
        csv.reader(io.StringIO(csv_bytes(billing_sheet(_run(district))).decode("utf-8-sig")))
    )
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Last name"] == '\'=HYPERLINK("http://x")'
    assert row["First name"] == "'@SUM(A1)"
    assert row["Credential"] == "'+OTR -1"
    assert row["Units"] == "2"


def test_billed_then_voided_or_amended_is_flagged(world) -> None:  # type: ignore[no-untyped-def]
    district, school, ot, _, coordinator, student = world
    kept = _signed(ot, school, [student], minutes=30, session_type="pull_out_individual")
    voided = _signed(
        ot,
        school,
        [student],
        date=DAY + dt.timedelta(days=1),
        minutes=30,
        session_type="pull_out_individual",
    )
    amended = _signed(
        ot,
        school,
        [student],
        date=DAY + dt.timedelta(days=2),
        minutes=30,
        session_type="pull_out_individual",
    )
    changed = _signed(
        ot,
        school,
        [student],
        date=DAY + dt.timedelta(days=3),
        minutes=30,
        session_type="pull_out_individual",
    )
    services.record_export(actor=coordinator, run=_run(district))
    assert needs_correction(district) == []
    delivery.void_session(actor=ot, session=voided, reason="not held")
    delivery.add_addendum(actor=ot, session=amended, text="Student left after 20 minutes.")
    changed.minutes = 20
    changed.save()
    flagged = {c.line.session_id: c.why for c in needs_correction(district)}
    assert flagged == {
        voided.pk: "voided after it was billed",
        amended.pk: "an addendum was added after it was billed",
        changed.pk: "minutes changed from 30 to 20",
    }
    # The snapshot is never rewritten.
    line = next(c.line for c in needs_correction(district) if c.line.session_id == voided.pk)
    assert (line.units, line.minutes) == (2, 30)
    assert kept.pk not in flagged
    services.mark_corrected(actor=coordinator, line=line)
    assert voided.pk not in {c.line.session_id for c in needs_correction(district)}


def test_default_codes_made_once(db) -> None:  # type: ignore[no-untyped-def]
    district = make_district()
    assert services.ensure_default_codes(district=district) == 10
    assert services.ensure_default_codes(district=district) == 0
    assert BillingCode.objects.get(district=district, code="97150").timed is False


def test_cota_note_waits_for_the_cosignature_where_the_district_asks(world) -> None:  # type: ignore[no-untyped-def]
    district, school, ot, cota, _, student = world
    Supervision.objects.create(
        district=district, cota=cota, supervisor=ot, start_date=dt.date(2026, 8, 1)
    )
    district.cota_cosign_required = True
    district.save()
    note = _signed(cota, school, [student], minutes=30, session_type="pull_out_individual")
    assert [p.reasons for p in _run(district).problems] == [[NOT_COSIGNED]]
    NoteReview.objects.create(session=note, by=ot, outcome=ReviewOutcome.COSIGNED)
    run = _run(district)
    assert [(ln.modifier, ln.units, ln.supervisor) for ln in run.billed] == [("CO", 2, ot)]


def test_billed_evaluation_with_changed_minutes_is_flagged(world) -> None:  # type: ignore[no-untyped-def]
    district, _, ot, _, coordinator, student = world
    evaluation = Evaluation.objects.create(
        student=student,
        kind="initial",
        complexity="high",
        evaluator=ot,
        evaluation_date=DAY,
        minutes=90,
    )
    services.record_export(actor=coordinator, run=_run(district))
    assert needs_correction(district) == []
    evaluation.minutes = 120
    evaluation.save()
    [correction] = needs_correction(district)
    assert (correction.line.code, correction.why) == (
        "97167",
        "evaluation minutes changed from 90 to 120",
    )
