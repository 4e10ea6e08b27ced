"""Reads for the People page: the district's people by role and its invitations."""

import datetime as dt
from dataclasses import dataclass

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
