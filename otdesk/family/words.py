"""Messages the family portal's services and forms give, marked for translation once so
a Spanish page shows them in Spanish (the views translate them when they show them)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

EMPTY_MESSAGE = _("Write your message before sending it.")
EMPTY_SUBJECT = _("Give your question a short title.")
NOT_YOUR_CHILD = _("This child is not linked to your account.")
NOT_THEIR_OT = _("The child's occupational therapist answers the family.")
UNKNOWN_LANGUAGE = _("Choose English or Spanish.")

# The students app's messages for a parent's request (students/services.py and forms.py
# say them in English; these entries let the portal show them in the parent's language).
STUDENT_SERVICE_MESSAGES = [
    gettext_noop("That strategy is not your child's."),
    gettext_noop("That strategy is already written in the IEP."),
    gettext_noop("You have already asked about this strategy; the team will answer."),
    gettext_noop("Write what you would like added to the IEP."),
]
