"""The demo's COTA supervision: Rosa Alvarez supervises Mei Chen from the start of the
year, with a contact every three to four weeks (the last one a little over a month ago, so
the due flag shows), her older notes co-signed, and of her five latest one sent back and
four waiting."""

import datetime as dt
import random

from otdesk.accounts.models import Role, User
from otdesk.delivery.models import Session
from otdesk.schools.models import District
from otdesk.supervision.models import (
    ContactKind,
    NoteReview,
    ReviewOutcome,
    Supervision,
    SupervisionContact,
)

COTA = "cota.chen"
SUPERVISOR = "ot.alvarez"
# The COTA's latest signed notes still wait for the co-signature (the oldest of them was
# sent back); every earlier one is co-signed.
UNREVIEWED_NOTES = 5
# The last contact was this many days ago (the district allows 30 by default).
LAST_CONTACT_DAYS_AGO = 33

CONTACT_NOTES = {
    ContactKind.OBSERVATION: "Watched a pull-out group at Maple Grove; grading of the "
    "scissor task was right. Try a slant board for the two who tire first.",
    ContactKind.MEETING: "Went over the caseload, the students near their annual review "
    "and the goal data that looks flat.",
    ContactKind.VIDEO: "Talked through a student who refuses handwriting; agreed to offer "
    "the keyboard for long answers and to bring it to the team.",
    ContactKind.PHONE: "Quick check on the make-up sessions still owed this month.",
}
SENT_BACK_REASON = "Add the level of assistance for the copying task, then send it again."


def generate_supervision(*, district: District, today: dt.date, seed: int) -> None:
    rng = random.Random(seed + 7)
    cota = User.objects.filter(username=COTA, district=district).first()
    supervisor = User.objects.filter(username=SUPERVISOR, district=district).first()
    if cota is None or supervisor is None:
        return
    coordinator = User.objects.filter(district=district, role=Role.COORDINATOR).first()
    supervision = Supervision.objects.create(
        district=district,
        cota=cota,
        supervisor=supervisor,
        start_date=district.school_year_start,
        created_by=coordinator,
    )
    _contacts(supervision, today, rng)
    _reviews(cota, supervisor)


def _contacts(supervision: Supervision, today: dt.date, rng: random.Random) -> None:
    last = today - dt.timedelta(days=LAST_CONTACT_DAYS_AGO)
    days: list[dt.date] = []
    day = last
    while day > supervision.start_date:
        days.append(day)
        day -= dt.timedelta(days=rng.randint(21, 27))
    kinds = list(CONTACT_NOTES)
    SupervisionContact.objects.bulk_create(
        SupervisionContact(
            supervision=supervision,
            date=day,
            kind=kinds[index % len(kinds)],
            minutes=rng.choice([20, 30, 45, 60]),
            note=CONTACT_NOTES[kinds[index % len(kinds)]],
            logged_by=supervision.supervisor,
            logged_at=dt.datetime.combine(day, dt.time(21, 0), tzinfo=dt.UTC),
        )
        for index, day in enumerate(sorted(days))
    )


def _reviews(cota: User, supervisor: User) -> None:
    notes = list(
        Session.objects.filter(provider=cota, status=Session.Status.SIGNED).order_by("date", "pk")
    )
    recent = notes[-UNREVIEWED_NOTES:]
    older = notes[:-UNREVIEWED_NOTES]
    reviews = [
        NoteReview(
            session=session,
            by=supervisor,
            outcome=ReviewOutcome.COSIGNED,
            comment="" if index % 5 else "Clear note; the data supports the plan.",
            at=_signed(session) + dt.timedelta(days=2),
        )
        for index, session in enumerate(older)
    ]
    if recent:
        sent_back = recent[0]
        reviews.append(
            NoteReview(
                session=sent_back,
                by=supervisor,
                outcome=ReviewOutcome.SENT_BACK,
                comment=SENT_BACK_REASON,
                at=_signed(sent_back) + dt.timedelta(days=1),
            )
        )
    NoteReview.objects.bulk_create(reviews)


def _signed(session: Session) -> dt.datetime:
    return session.signed_at or dt.datetime.combine(session.date, dt.time(16, 0), tzinfo=dt.UTC)
