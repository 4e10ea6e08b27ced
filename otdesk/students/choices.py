"""The words a strategy is described with: what kind of support, who carries it out, how
often the team reviews it. Kept apart from models.py so that file stays readable; import
them from either module."""

from django.db import models


class StrategyCategory(models.TextChoices):
    WRITING_TOOL = "writing_tool", "Pencil grip / adapted writing tool"
    SENSORY_EQUIPMENT = "sensory_equipment", "Sensory equipment"
    SENSORY_DIET = "sensory_diet", "Sensory diet"
    ENVIRONMENT = "environment", "Environmental adaptation"
    SEATING = "seating", "Seat and desk positioning"
    DESK_PLACEMENT = "desk_placement", "Desk position in the classroom"
    LIGHTING = "lighting", "Brightness / lighting"
    ASSISTIVE_TECH = "assistive_tech", "Assistive technology"
    OTHER = "other", "Other"


class Implementer(models.TextChoices):
    TEACHER = "teacher", "Teacher"
    AIDE = "aide", "Aide"
    STUDENT = "student", "Student (self-managed)"
    THERAPIST = "therapist", "Therapist"
    TEAM = "team", "Whole team"
    FAMILY = "family", "Family"


class ReviewCadence(models.IntegerChoices):
    TWO_WEEKS = 14, "Every 2 weeks"
    MONTH = 30, "Every month"
    TWO_MONTHS = 60, "Every 2 months"
    QUARTER = 90, "Every quarter"


class Proposal(models.TextChoices):
    """A review's standing: decided (an OT's review, or a COTA's "keep"), or a change a
    COTA proposed and the student's OT accepts or declines."""

    NONE = "", "Decided"
    OPEN = "open", "Proposed, waiting for the OT"
    ACCEPTED = "accepted", "Proposed, accepted by the OT"
    DECLINED = "declined", "Proposed, declined by the OT"


__all__ = ["Implementer", "Proposal", "ReviewCadence", "StrategyCategory"]
