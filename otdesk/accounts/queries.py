"""Reads for the People page: the district's people by role and its invitations."""

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.db.models import QuerySet
from django.utils import timezone

from otdesk.schools.models import District

from .models import Invitation, Role, User


@dataclass
class RoleGroup:
    role: str
    label: str
    people: list[User]


def people_by_role(district: District) -> list[RoleGroup]:
    """Everyone of the district, grouped in the order of Role (site operators left out)."""
    people = list(User.objects.filter(district=district).exclude(role=Role.OPERATOR))
    groups = []
    for role in Role:
        if role == Role.OPERATOR:
            continue
        members = [p for p in people if p.role == role]
        if members:
            groups.append(RoleGroup(role=role.value, label=str(role.label), people=members))
    return groups


@dataclass
class InvitationRow:
    invitation: Invitation
    state: str


def open_invitations(district: District, now: dt.datetime) -> list[InvitationRow]:
    """Invitations not used or cancelled: waiting, or expired (which can be resent)."""
    invitations = Invitation.objects.filter(
        district=district, used_at__isnull=True, cancelled_at__isnull=True
    ).select_related("invited_by", "student")
    return [InvitationRow(invitation=i, state=i.state(now)) for i in invitations]


def roster_people_waiting(district: District) -> QuerySet[User]:
    """People a roster import made who cannot sign in yet: active, with an email, no
    password of their own and no invitation waiting for them."""
    now = timezone.now()
    waiting = Invitation.objects.filter(
        account__isnull=False, used_at__isnull=True, cancelled_at__isnull=True, expires_at__gt=now
    ).values("account_id")
    return (
        User.objects.filter(
            district=district, is_active=True, password__startswith=UNUSABLE_PASSWORD_PREFIX
        )
        .exclude(sourced_id="")
        .exclude(email="")
        .exclude(pk__in=waiting)
        .exclude(role__in=[Role.OPERATOR])
    )
