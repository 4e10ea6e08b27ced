"""The words the family portal uses for the records' vocabularies: plain, translatable,
keyed by the stored value (the staff pages keep the field's own terms)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from otdesk.students.models import DeliveryModel, PullOutReason

# What each way of giving OT means, and which glossary entry explains it.
MODEL_NAME = {
    DeliveryModel.PUSH_IN: _("Help in the classroom (push-in)"),
    DeliveryModel.CO_TEACHING: _("Teaching together in the classroom (co-teaching)"),
    DeliveryModel.AIDE_PROGRAM: _("A program carried out by an aide"),
    DeliveryModel.PULL_OUT: _("Work outside the classroom (pull-out)"),
    DeliveryModel.PUSH_IN_AND_PULL_OUT: _("Both in the classroom and outside it"),
    DeliveryModel.CONSULTATION: _("Working with the teacher and team (consultation)"),
}
MODEL_TERM = {
    DeliveryModel.PUSH_IN: "push-in",
    DeliveryModel.CO_TEACHING: "co-teaching",
    DeliveryModel.AIDE_PROGRAM: "aide-program",
    DeliveryModel.PULL_OUT: "pull-out",
    DeliveryModel.PUSH_IN_AND_PULL_OUT: "pull-out",
    DeliveryModel.CONSULTATION: "consultation",
}
MODEL_MEANS = {
    DeliveryModel.PUSH_IN: _(
        "The therapist works with %(name)s in class, during what the class is doing. The "
        "practice fits the schoolwork, and the teacher sees how to use the same ideas."
    ),
    DeliveryModel.CO_TEACHING: _(
        "The therapist and the teacher plan and lead a lesson together. %(name)s gets help "
        "as part of the class, and classmates can benefit too."
    ),
    DeliveryModel.AIDE_PROGRAM: _(
        "The therapist writes a program of activities and trains an aide or behaviorist "
        "to carry it out with %(name)s, by showing and coaching. The therapist checks on "
        "it often and changes it when needed."
    ),
    DeliveryModel.PULL_OUT: _(
        "The therapist works with %(name)s away from the classroom, for example in a therapy room."
    ),
    DeliveryModel.PUSH_IN_AND_PULL_OUT: _(
        "Some sessions happen in class and some outside the classroom."
    ),
    DeliveryModel.CONSULTATION: _(
        "The therapist meets with the teacher and the team: checks that the supports for "
        "%(name)s are in place, adjusts them, and looks at any new concern."
    ),
}
PULL_OUT_WHY = {
    PullOutReason.SKILL_GAP: _(
        "the skill being worked on is far below what classmates are doing, so it needs "
        "focused practice"
    ),
    PullOutReason.EQUIPMENT: _(
        "the work needs equipment that does not fit in a classroom, such as large sensory equipment"
    ),
    PullOutReason.DISRUPTIVE: _(
        "the activities would distract other students or interrupt the teacher's lesson"
    ),
    PullOutReason.OTHER: _("another reason, written by the therapist"),
}
THIS_PERIOD = {
    "week": _("This week"),
    "month": _("This month"),
    "year": _("This school year"),
}
# The badge style of each minutes status (otdesk.css: badge-ok, badge-risk, ...).
STATUS_BADGE = {"on_track": "ok", "at_risk": "risk", "behind": "behind", "excused": "excused"}
STATUS_WORDS = {
    "on_track": _("On track"),
    "at_risk": _("Could fall short"),
    "behind": _("Behind"),
    "excused": _("Nothing owed"),
}
MISS_REASON = {
    "student_absent": _("your child was absent"),
    "student_unavailable": _("your child was busy (testing, a trip or an assembly)"),
    "provider_absent": _("the therapist was absent"),
    "provider_pulled": _("the therapist was called to other duties"),
    "school_closure": _("the school was closed"),
    "student_refused": _("your child did not want to take part"),
}
STRATEGY_WHERE = {
    "in_iep": _("written in the IEP"),
    "agreed": _("agreed by the team, not written in the IEP"),
    "requested": _("you asked for this to be written in the IEP"),
}
REQUEST_STATUS = {
    "open": _("Waiting for the team"),
    "added": _("Added to the IEP"),
    "next_meeting": _("To be added at the next IEP meeting"),
    "declined": _("Not added"),
}
ROLE_WORDS = {
    "ot": _("Occupational therapist"),
    "cota": _("OT assistant"),
    "teacher": _("Teacher"),
    "aide": _("Aide"),
    "behaviorist": _("Behaviorist"),
    "specialist": _("Specialist"),
    "guardian": _("Parent or guardian"),
    "coordinator": _("District coordinator"),
    "operator": _("Site operator"),
}
ACTION_WORDS = {
    "view": pgettext_lazy("access log", "Looked at"),
    "create": pgettext_lazy("access log", "Added"),
    "update": pgettext_lazy("access log", "Changed"),
    "void": pgettext_lazy("access log", "Cancelled"),
    "export": pgettext_lazy("access log", "Downloaded"),
    "print": pgettext_lazy("access log", "Printed"),
    "delete": pgettext_lazy("access log", "Deleted"),
}
# A view of the child's record that is not the student page itself: the child was one of
# the students on a list (the minutes table, a calendar, the team list, a supervision page).
STUDENT_PAGE_SUMMARY = "Opened the student's record"
ON_A_LIST = _("saw the child’s name and minutes on a list of students")


def access_what(action: str, object_type: str, summary: str) -> str:
    """What a parent reads for one event: 'Looked at the IEP', 'Looked at the child's name
    on a list of students'."""
    on_a_list = action == "view" and object_type == "students.student"
    if on_a_list and summary != STUDENT_PAGE_SUMMARY:
        return str(ON_A_LIST).capitalize()
    what = OBJECT_WORDS.get(object_type, OBJECT_WORDS[""])
    return f"{ACTION_WORDS.get(action, action)} {what}"


# What part of the record an event was about, by its object type (app_label.model).
OBJECT_WORDS = {
    "": _("the record"),  # a kind of record not named below
    "students.student": _("the student page"),
    "students.iep": _("the IEP"),
    "students.serviceline": _("the OT services"),
    "students.goal": _("a goal"),
    "students.strategy": _("a support (strategy)"),
    "students.strategyrequest": _("a request to add a strategy"),
    "students.concern": _("a concern"),
    "delivery.session": _("a session note"),
    "delivery.missedsession": _("a missed session"),
    "delivery.plannedsession": _("the schedule"),
    "delivery.consultationlog": _("a consultation"),
    "activities.homeprogram": _("the home program"),
    "programs.program": _("an aide program"),
    "family.question": _("a question from the family"),
    "family.message": _("a message in a question"),
}
