"""The vocabularies of delivery records: session types, miss reasons, attendance,
assistance levels and who a consultation was with (re-exported by models.py)."""

from django.db import models


class SessionType(models.TextChoices):
    PUSH_IN = "push_in", "Integrated (push-in)"
    CO_TEACHING = "co_teaching", "Co-teaching"
    PULL_OUT_INDIVIDUAL = "pull_out_individual", "Pull-out, individual"
    PULL_OUT_GROUP = "pull_out_group", "Pull-out, group"


IN_CLASS_TYPES = {SessionType.PUSH_IN, SessionType.CO_TEACHING}
PULL_OUT_TYPES = {SessionType.PULL_OUT_INDIVIDUAL, SessionType.PULL_OUT_GROUP}


class MissReason(models.TextChoices):
    STUDENT_ABSENT = "student_absent", "Student absent"
    STUDENT_UNAVAILABLE = (
        "student_unavailable",
        "Student unavailable (testing, field trip, assembly)",
    )
    PROVIDER_ABSENT = "provider_absent", "Provider absent"
    PROVIDER_PULLED = "provider_pulled", "Provider pulled to other duties"
    SCHOOL_CLOSURE = "school_closure", "School closure"
    STUDENT_REFUSED = "student_refused", "Student refused"


# The district's default until a coordinator decides otherwise: what the provider caused
# is owed, what the student or the school caused is not. IDEA leaves this to the district.
DEFAULT_OWED = {
    MissReason.STUDENT_ABSENT: False,
    MissReason.STUDENT_UNAVAILABLE: False,
    MissReason.PROVIDER_ABSENT: True,
    MissReason.PROVIDER_PULLED: True,
    MissReason.SCHOOL_CLOSURE: False,
    MissReason.STUDENT_REFUSED: False,
}


class Attendance(models.TextChoices):
    PRESENT = "present", "Present"
    ABSENT = "absent", "Absent"


class Assistance(models.TextChoices):
    INDEPENDENT = "independent", "Independent"
    VERBAL = "verbal", "Verbal cue"
    VISUAL = "visual", "Visual cue"
    PHYSICAL = "physical", "Physical assist"
    HAND_OVER_HAND = "hand_over_hand", "Hand-over-hand"


class ConsultWith(models.TextChoices):
    TEACHER = "teacher", "Teacher"
    AIDE = "aide", "Aide"
    BEHAVIORIST = "behaviorist", "Behaviorist"
    ADMINISTRATOR = "administrator", "Administrator"
    SPECIALIST = "specialist", "Other specialist"
    PARENT = "parent", "Parent"


class ConsultMethod(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    PHONE = "phone", "Phone"
    EMAIL = "email", "Email"
    VIRTUAL = "virtual", "Video call"
