"""Who reaches the activity library and home programs.

- The library (shipped activities, one's own, those shared in the district) is for OTs and
  COTAs; everyone else gets 404. Only the therapist who added an activity changes it (403).
- A home program sheet is read by the therapists who serve the student and by the
  student's parents; everyone else gets 404.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from otdesk.accounts.models import User
from otdesk.accounts.permissions import require_therapist
from otdesk.students.permissions import serves_or_is_parent_of

from .models import Activity, HomeProgram
from .queries import activities_visible_to

LIBRARY_IS_FOR = "The activity library is for therapists."


def library_user(user: User) -> User:
    """The signed-in OT or COTA, else 404."""
    return require_therapist(user, LIBRARY_IS_FOR)


def get_activity_for_user(user: User, pk: int, *, write: bool = False) -> Activity:
    """An activity in the user's library (404 otherwise); 403 on change by anyone but its author."""
    activity = (
        activities_visible_to(library_user(user))
        .prefetch_related("areas", "texts")
        .filter(pk=pk)
        .first()
    )
    if activity is None:
        raise Http404("No such activity.")
    if write and activity.owner_id != user.pk:
        raise PermissionDenied("Only the therapist who added this activity can change it.")
    return activity


def get_home_program_for_user(user: User, pk: int) -> HomeProgram:
    """A home program sheet for the student's therapists and parents; 404 for anyone else."""
    program = (
        HomeProgram.objects.select_related("student__school", "created_by")
        .prefetch_related("activities__texts")
        .filter(pk=pk)
        .first()
    )
    if program is None:
        raise Http404("No such home program.")
    student = program.student
    if not serves_or_is_parent_of(user, student):
        raise Http404("No such home program.")
    return program
