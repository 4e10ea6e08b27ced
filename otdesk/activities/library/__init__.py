"""The activity library OT Desk ships with, in English and Spanish, one module per skill area.

Written for OT Desk in plain words a parent or aide can follow. Plain data only: the data
migration that loads it (through seed.load_library) reads these dicts, so they can change
without touching models. LIBRARY keeps the order the areas are listed in here.
"""

from .fine_motor import FINE_MOTOR
from .posture import POSTURE
from .school import SCHOOL
from .sensory import SENSORY
from .strengthening import STRENGTHENING
from .types import Entry, Text
from .visual_motor import VISUAL_MOTOR

LIBRARY: list[Entry] = [
    *STRENGTHENING,
    *VISUAL_MOTOR,
    *FINE_MOTOR,
    *POSTURE,
    *SENSORY,
    *SCHOOL,
]

__all__ = ["LIBRARY", "Entry", "Text"]
