"""Every write of accounts: invitations (sent, resent, cancelled, accepted) and a person's
account switched off or on. Keyword-only arguments, atomic, full_clean, audited.

The link's token is made here and only its SHA-256 is stored (models.Invitation)."""

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from otdesk.core.audit import record_event
from otdesk.core.dates import district_today
from otdesk.core.models import AuditEvent
from otdesk.schools.models import District
from otdesk.students import team
from otdesk.students.models import Student, TeamMember, TeamRole

from .models import Invitation, Role, User

# The roles a coordinator invites (a guardian is invited by the child's OT; a site
# operator is made by `manage.py createsuperuser`, see docs/running.md).
STAFF_INVITE_ROLES = (
    Role.OT,
    Role.COTA,
    Role.TEACHER,
    Role.AIDE,
    Role.BEHAVIORIST,
    Role.SPECIALIST,
    Role.COORDINATOR,
)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_lifetime() -> dt.timedelta:
    return dt.timedelta(days=settings.OTDESK_INVITATION_DAYS)


def _audit(
    actor: User | None,
    action: str,
    obj: Invitation | User | TeamMember,
    summary: str,
    request: HttpRequest | None,
    student_id: int | None = None,
) -> None:
    record_event(
        user=actor,
        action=action,
        obj=obj,
        student_id=student_id,
        summary=summary,
        request=request,
    )


def _send(invitation: Invitation, token: str, request: HttpRequest) -> None:
    """Email the link, in the language chosen for the person."""
    link = request.build_absolute_uri(reverse("accounts:accept", args=[token]))
    context = {
        "invitation": invitation,
        "link": link,
        "inviter": invitation.invited_by.display_name,
        "district": invitation.district.name,
        "days": settings.OTDESK_INVITATION_DAYS,
        "student": invitation.student.first_name if invitation.student else "",
    }
    with translation.override(invitation.language or settings.LANGUAGE_CODE):
        subject = render_to_string("accounts/email/invitation_subject.txt", context).strip()
        body = render_to_string("accounts/email/invitation.txt", context)
    send_mail(subject, body, None, [invitation.email])


def _issue(invitation: Invitation, request: HttpRequest) -> Invitation:
    """A fresh token (any older link stops working), a new expiry, and the email."""
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    invitation.token_hash = hash_token(token)
    invitation.sent_at = now
    invitation.expires_at = now + invitation_lifetime()
    invitation.full_clean()
    invitation.save()
    _send(invitation, token, request)
    return invitation


def _email_taken_by_staff(email: str) -> User | None:
    return User.objects.filter(email__iexact=email).exclude(role=Role.GUARDIAN).first()


def _pending(**filters: object) -> bool:
    return Invitation.objects.filter(
        used_at__isnull=True, cancelled_at__isnull=True, expires_at__gt=timezone.now(), **filters
    ).exists()


@transaction.atomic
def invite_staff(
    *,
    actor: User,
    district: District,
    email: str,
    role: str,
    first_name: str = "",
    last_name: str = "",
    request: HttpRequest,
) -> Invitation:
    """A coordinator invites someone to work in their district."""
    if not (actor.is_coordinator and actor.district_id == district.pk):
        raise ValidationError("Only the district's coordinator invites its staff.")
    if role not in STAFF_INVITE_ROLES:
        raise ValidationError({"role": "Choose one of the staff roles."})
    existing = User.objects.filter(email__iexact=email).first()
    if existing is not None:
        raise ValidationError(
            {"email": f"{existing.display_name} already has an account with this email."}
        )
    if _pending(email__iexact=email, district=district, student__isnull=True):
        raise ValidationError(
            {"email": "This email already has an invitation waiting. Resend it from the list."}
        )
    invitation = Invitation(
        email=email,
        role=role,
        district=district,
        first_name=first_name,
        last_name=last_name,
        invited_by=actor,
    )
    _issue(invitation, request)
    _audit(actor, AuditEvent.Action.CREATE, invitation, f"Invited {email} as {role}", request)
    return invitation


@transaction.atomic
def invite_guardian(
    *,
    actor: User,
    student: Student,
    email: str,
    relationship: str,
    language: str = "",
    first_name: str = "",
    last_name: str = "",
    request: HttpRequest,
) -> Invitation:
    """The student's OT invites a parent or guardian (the view checked the OT first)."""
    staff = _email_taken_by_staff(email)
    if staff is not None:
        raise ValidationError(
            {"email": "This email belongs to a staff account. Use the family's own email."}
        )
    today = timezone.localdate()
    already = TeamMember.objects.filter(
        student=student, role=TeamRole.GUARDIAN, person__email__iexact=email, start_date__lte=today
    ).exclude(end_date__lt=today)
    if already.exists():
        raise ValidationError({"email": "This person is already on the student's team."})
    if _pending(email__iexact=email, student=student):
        raise ValidationError(
            {"email": "This email already has an invitation waiting. Resend it below."}
        )
    invitation = Invitation(
        email=email,
        role=Role.GUARDIAN,
        district=student.school.district,
        student=student,
        relationship=relationship,
        language=language,
        first_name=first_name,
        last_name=last_name,
        invited_by=actor,
    )
    _issue(invitation, request)
    _audit(
        actor,
        AuditEvent.Action.CREATE,
        invitation,
        f"Invited {email} as {relationship or 'guardian'}",
        request,
        student_id=student.pk,
    )
    return invitation


@transaction.atomic
def invite_roster_people(*, actor: User, district: District, request: HttpRequest) -> int:
    """Invite everyone a roster import made who cannot sign in yet; accepting makes the
    roster's account theirs (a username and a password) instead of a new one. A guardian's
    invitation names one of their children, as every guardian's invitation does."""
    from .queries import roster_people_waiting

    if not (actor.is_coordinator and actor.district_id == district.pk):
        raise ValidationError("Only the district's coordinator invites its people.")
    today = district_today(district)
    sent = 0
    for person in roster_people_waiting(district).order_by("pk"):
        child = None
        if person.role == Role.GUARDIAN:
            link = (
                TeamMember.objects.filter(
                    person=person, role=TeamRole.GUARDIAN, start_date__lte=today
                )
                .exclude(end_date__lt=today)
                .select_related("student")
                .order_by("student__last_name", "pk")
                .first()
            )
            if link is None:
                continue  # a guardian of no child in OT Desk has nothing to see yet
            child = link.student
        invitation = Invitation(
            email=person.email,
            role=person.role,
            district=district,
            student=child,
            relationship="Parent or guardian" if child else "",
            first_name=person.first_name,
            last_name=person.last_name,
            invited_by=actor,
            account=person,
        )
        _issue(invitation, request)
        sent += 1
    if sent:
        _audit(
            actor,
            AuditEvent.Action.CREATE,
            actor,
            f"Invited {sent} people from the roster",
            request,
        )
    return sent


def _must_be_pending(invitation: Invitation) -> None:
    state = invitation.state(timezone.now())
    if state in ("used", "cancelled"):
        raise ValidationError(f"This invitation was {state} and cannot be changed.")


@transaction.atomic
def resend_invitation(*, actor: User, invitation: Invitation, request: HttpRequest) -> Invitation:
    """A new link (the old one stops working), good for the full time again."""
    _must_be_pending(invitation)
    _issue(invitation, request)
    _audit(
        actor,
        AuditEvent.Action.UPDATE,
        invitation,
        f"Sent the invitation for {invitation.email} again",
        request,
        student_id=invitation.student_id,
    )
    return invitation


@transaction.atomic
def cancel_invitation(*, actor: User, invitation: Invitation, request: HttpRequest) -> Invitation:
    _must_be_pending(invitation)
    invitation.cancelled_at = timezone.now()
    invitation.save(update_fields=["cancelled_at"])
    _audit(
        actor,
        AuditEvent.Action.UPDATE,
        invitation,
        f"Cancelled the invitation for {invitation.email}",
        request,
        student_id=invitation.student_id,
    )
    return invitation


def _add_guardian(
    invitation: Invitation, user: User, request: HttpRequest | None
) -> TeamMember | None:
    """The guardian joins the child's team from today (nothing if already on it)."""
    assert invitation.student is not None
    today = district_today(invitation.district)
    existing = TeamMember.objects.filter(
        student=invitation.student, person=user, role=TeamRole.GUARDIAN, start_date__lte=today
    ).exclude(end_date__lt=today)
    if existing.exists():
        return None
    return team.add_guardian(
        actor=user,
        student=invitation.student,
        guardian=user,
        relationship=invitation.relationship,
        start_date=today,
        request=request,
    )


def _mark_used(invitation: Invitation, user: User) -> None:
    invitation.used_at = timezone.now()
    invitation.used_by = user
    invitation.save(update_fields=["used_at", "used_by"])


@transaction.atomic
def accept_with_new_account(
    *,
    invitation: Invitation,
    username: str,
    password: str,
    first_name: str,
    last_name: str,
    request: HttpRequest | None = None,
) -> User:
    """Make the account the invitation is for; a guardian joins the child's team."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.state(timezone.now()) != "pending":
        raise ValidationError("This invitation can no longer be used.")
    others = User.objects.filter(email__iexact=invitation.email)
    if invitation.account_id is not None:
        others = others.exclude(pk=invitation.account_id)
    if others.exists():
        raise ValidationError(
            f"There is already an OT Desk account with the email {invitation.email}. Sign in "
            "with it (or set a new password by email), then open this link again."
        )
    username = username.strip()
    taken = User.objects.filter(username__iexact=username)
    if invitation.account_id is not None:
        taken = taken.exclude(pk=invitation.account_id)
    if taken.exists():
        raise ValidationError({"username": "That username is taken. Choose another one."})
    # A roster import made the account already: it becomes theirs (its records, its team
    # links and its roster id stay), with the username and password chosen now.
    user = invitation.account or User(
        email=invitation.email,
        role=invitation.role,
        district=invitation.district,
        language=invitation.language,
    )
    user.username = username
    user.first_name = first_name.strip()
    user.last_name = last_name.strip()
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationError({"password1": exc.messages}) from exc
    claimed = invitation.account_id is not None
    user.set_password(password)
    user.full_clean()
    user.save()
    summary = (
        "Took up the roster's account by invitation" if claimed else "Made an account by invitation"
    )
    _audit(user, AuditEvent.Action.CREATE, user, summary, request)
    if invitation.is_guardian:
        _add_guardian(invitation, user, request)
    _mark_used(invitation, user)
    return user


@transaction.atomic
def accept_as_existing_guardian(
    *, invitation: Invitation, user: User, request: HttpRequest | None = None
) -> User:
    """A guardian who already has an account adds the child the invitation is for."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.state(timezone.now()) != "pending":
        raise ValidationError("This invitation can no longer be used.")
    if not invitation.is_guardian or user.role != Role.GUARDIAN:
        raise ValidationError(
            "This invitation makes a new account. Sign out, then open the link again."
        )
    if invitation.email.strip().lower() != user.email.strip().lower():
        # A forwarded link must not hand a child to another family's account.
        raise ValidationError(
            "This invitation was sent to another email address than the one on your "
            "account. Ask the therapist to send it to the address you use with OT Desk."
        )
    _add_guardian(invitation, user, request)
    _mark_used(invitation, user)
    return user


@transaction.atomic
def set_active(*, actor: User, person: User, active: bool, request: HttpRequest) -> User:
    """Switch a person's account off (they cannot sign in; nothing is deleted) or on."""
    if person.pk == actor.pk:
        raise ValidationError("You cannot switch off your own account.")
    if person.is_active == active:
        return person
    person.is_active = active
    person.save(update_fields=["is_active"])
    _audit(
        actor,
        AuditEvent.Action.UPDATE,
        person,
        f"{'Reactivated' if active else 'Deactivated'} the account of {person.username}",
        request,
    )
    return person
