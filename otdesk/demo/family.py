"""The demo parent's portal: a second child at the same school (to switch between), the
weekly email turned on, and two questions to the therapist, one answered."""

from django.db.models import QuerySet

from otdesk.accounts.models import User
from otdesk.family import services
from otdesk.schools.models import District
from otdesk.students.models import Student, TeamMember, TeamRole
from otdesk.students.permissions import can_edit_iep

from .team_history import PARENT_USERNAME

QUESTIONS = [
    (
        "Pencil grip at home",
        "Should we use the pencil grip for homework too, or only at school?",
        "Yes, please use it for homework as well. Short practice is best: ten minutes, "
        "then a break.",
    ),
    (
        "Scissors",
        "My child gets upset when cutting. Is there something we can try at home?",
        None,
    ),
]


def _ot_of(student: Student) -> User | None:
    member = (
        TeamMember.objects.filter(student=student, role=TeamRole.OT, end_date__isnull=True)
        .select_related("person")
        .order_by("pk")
        .first()
    )
    return member.person if member and can_edit_iep(member.person, student) else None


def _children(parent: User) -> QuerySet[Student]:
    return Student.objects.filter(team__person=parent, team__role=TeamRole.GUARDIAN)


def generate_family_demo(*, district: District) -> None:
    parent = User.objects.filter(username=PARENT_USERNAME, district=district).first()
    if parent is None:
        return
    parent.weekly_email = True
    parent.email = parent.email or "parent.demo@example.org"
    parent.save(update_fields=["weekly_email", "email"])
    first = _children(parent).select_related("school").order_by("pk").first()
    if first is None:
        return
    sibling = (
        Student.objects.filter(school=first.school, team__role=TeamRole.OT)
        .exclude(pk=first.pk)
        .exclude(team__role=TeamRole.GUARDIAN, team__person=parent)
        .order_by("sourced_id", "pk")
        .first()
    )
    if sibling is not None:
        membership = TeamMember.objects.filter(student=first, person=parent).first()
        TeamMember.objects.create(
            student=sibling,
            person=parent,
            role=TeamRole.GUARDIAN,
            relationship=membership.relationship if membership else "Parent",
            start_date=membership.start_date if membership else district.school_year_start,
        )
    therapist = _ot_of(first)
    for subject, text, answer in QUESTIONS:
        question = services.ask_question(actor=parent, student=first, subject=subject, text=text)
        if answer and therapist is not None:
            services.reply(actor=therapist, question=question, text=answer)
