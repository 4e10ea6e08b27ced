from django.http import HttpRequest

from otdesk.accounts.models import User
from otdesk.students.models import Student
from otdesk.students.permissions import serves


def student_programs(request: HttpRequest, student: Student) -> dict[str, object] | None:
    """The student's aide programs on the student page, for the therapists who serve them."""
    user = request.user
    if not isinstance(user, User) or not serves(user, student):
        return None
    return {"programs": student.programs.all(), "at_items": student.at_items.all()}
