from collections.abc import Iterable

from django.db.models import Q, QuerySet

from otdesk.accounts.models import User
from otdesk.students.models import IEP, Goal, Student
from otdesk.students.permissions import served_students

from .models import Activity

SETTINGS = {"class": "in_class", "pull_out": "pull_out", "home": "at_home"}
# Where a session of each delivery model happens, for suggestions.
SETTING_FOR_SESSION = {
    "push_in": "class",
    "co_teaching": "class",
    "pull_out_individual": "pull_out",
    "pull_out_group": "pull_out",
}


def activities_visible_to(user: User) -> QuerySet[Activity]:
    """The library's own activities, the user's own, and those shared in their district."""
    visible = Q(owner__isnull=True) | Q(owner_id=user.pk)
    if user.district_id:
        visible |= Q(shared=True, district_id=user.district_id)
    return Activity.objects.filter(visible)


def find_activities(
    user: User,
    *,
    areas: Iterable[str] = (),
    setting: str = "",
    material: str = "",
    text: str = "",
    goals: Iterable[Goal] = (),
) -> list[Activity]:
    """Activities matching every filter given. With goals, those covering more of the goals'
    skill areas come first. Two queries whatever the library's size."""
    found = activities_visible_to(user).prefetch_related("areas")
    wanted = set(areas)
    goal_areas = [goal.area for goal in goals]
    if wanted:
        found = found.filter(areas__area__in=wanted)
    if goal_areas:
        found = found.filter(areas__area__in=set(goal_areas))
    if setting in SETTINGS:
        found = found.filter(**{SETTINGS[setting]: True})
    if material.strip():
        found = found.filter(materials__icontains=material.strip())
    if text.strip():
        found = found.filter(
            Q(name__icontains=text.strip()) | Q(instructions__icontains=text.strip())
        )
    results = list(found.distinct().order_by("name"))
    if goal_areas:

        def score(activity: Activity) -> int:
            mine = {a.area for a in activity.areas.all()}
            return sum(1 for area in goal_areas if area in mine)

        results.sort(key=lambda a: (-score(a), a.name))
    return results


def localized(activity: Activity, language: str) -> dict[str, str]:
    """The parent-facing text in the language asked for, English when there is none."""
    fields = ["name", "materials", "instructions", "easier", "harder", "safety"]
    if language != "en":
        for text in activity.texts.all():
            if text.language == language:
                return {name: getattr(text, name) for name in fields}
    return {name: getattr(activity, name) for name in fields}


def caseload_goals(user: User) -> QuerySet[Goal]:
    """The active goals of the students a therapist serves, for matching activities."""
    return (
        Goal.objects.filter(
            iep__student__in=served_students(user),
            iep__status=IEP.Status.ACTIVE,
            status=Goal.Status.ACTIVE,
        )
        .select_related("iep__student")
        .order_by("iep__student__last_name", "area")
    )


def home_choices(user: User, student: Student) -> list[Activity]:
    """Activities for a student's home program: those matching the student's goals first,
    then the rest of the home activities in the user's library."""
    goals = list(caseload_goals(user).filter(iep__student=student))
    matching = find_activities(user, setting="home", goals=goals) if goals else []
    return matching + [a for a in find_activities(user, setting="home") if a not in matching]
