from django.db.models import Count
from django.http import HttpRequest

from otdesk.accounts.models import User
from otdesk.students.models import Student
from otdesk.students.permissions import serves


def student_home_programs(request: HttpRequest, student: Student) -> dict[str, object] | None:
    user = request.user
    if not isinstance(user, User) or not serves(user, student):
        return None
    recent = student.home_programs.select_related("created_by").annotate(
        activity_count=Count("activities")
    )
    return {"home_programs": list(recent[:5])}
