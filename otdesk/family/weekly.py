"""The weekly email to guardians who asked for it (User.weekly_email): for each of their
children, the sessions given, missed and made up in the school week that ended, in the
guardian's language. Minutes follow delivery's crediting rule (crediting.credits_of) and
whether a miss is owed follows the district's policy; nothing is recomputed here."""

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import send_mail
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from otdesk.accounts.models import Role, User
from otdesk.core.audit import record_event
from otdesk.core.models import AuditEvent
from otdesk.delivery.crediting import credits_of
from otdesk.delivery.models import MissedSession, SessionStudent
from otdesk.delivery.policy import Policy
from otdesk.students.models import Student
from otdesk.students.permissions import children_of

ONE_WEEK = dt.timedelta(days=7)


def week_before(today: dt.date) -> tuple[dt.date, dt.date]:
    """Monday to Sunday of the last whole week before today."""
    monday = today - dt.timedelta(days=today.weekday()) - ONE_WEEK
    return monday, monday + dt.timedelta(days=6)


@dataclass
class Missed:
    date: dt.date
    minutes: int
    reason: str
    owed: bool


@dataclass
class ChildWeek:
    student: Student
    sessions: int = 0
    minutes: int = 0
    makeups: int = 0
    makeup_minutes: int = 0
    missed: list[Missed] = field(default_factory=list)

    @property
    def quiet(self) -> bool:
        return not (self.sessions or self.makeups or self.missed)


def child_week(student: Student, first: dt.date, last: dt.date) -> ChildWeek:
    week = ChildWeek(student=student)
    records = SessionStudent.objects.filter(
        student=student, session__date__gte=first, session__date__lte=last
    )
    for credit in credits_of(records):
        if credit.makeup_for is None:
            week.sessions += 1
            week.minutes += credit.minutes
        else:
            week.makeups += 1
            week.makeup_minutes += credit.minutes
    policy = Policy.for_district(student.school.district)
    misses = MissedSession.objects.filter(
        student=student, voided_at__isnull=True, date__gte=first, date__lte=last
    ).order_by("date", "pk")
    week.missed = [
        Missed(m.date, m.minutes, m.reason, policy.is_owed(m.reason, m.date)) for m in misses
    ]
    return week


def recipients() -> QuerySet[User]:
    return User.objects.filter(role=Role.GUARDIAN, is_active=True, weekly_email=True).exclude(
        email=""
    )


def send_weekly(*, today: dt.date, base_url: str = "") -> int:
    """Send each guardian who opted in their email for the week before `today`; the number
    of emails sent."""
    first, last = week_before(today)
    sent = 0
    for guardian in recipients().order_by("pk"):
        kids = list(children_of(guardian, on=last).select_related("school__district"))
        if not kids:
            continue
        weeks = [child_week(kid, first, last) for kid in kids]
        with translation.override(guardian.language or settings.LANGUAGE_CODE):
            context = {
                "guardian": guardian,
                "weeks": weeks,
                "first": first,
                "last": last,
                "portal_url": base_url.rstrip("/") + reverse("family:home"),
            }
            subject = render_to_string("family/email/weekly_subject.txt", context).strip()
            body = render_to_string("family/email/weekly.txt", context)
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [guardian.email])
        for week in weeks:
            record_event(
                user=None,
                action=AuditEvent.Action.EXPORT,
                obj=week.student,
                student_id=week.student.pk,
                summary=f"Weekly email to {guardian.display_name} ({guardian.email})",
            )
        sent += 1
    return sent
