"""The unit rules, pure: the 8-minute rule and how a day's units are shared out.

- A day's TOTAL timed minutes for one student give its units: 15-minute units, the last
  one counted from 8 minutes (0–7 = 0 units, 8–22 = 1, 23–37 = 2, 38–52 = 3, ...).
- When the day has several timed codes, the units go as CMS shows in its examples: each
  code first gets one unit for every full 15 minutes it had; the units left over go one
  each to the codes with the most minutes left over (ties: the code with more minutes in
  all, then the lower code). E.g. 33 min of 97110 and 7 min of 97140 = 40 min = 3 units:
  97110 gets 2, 97140 (7 left over beats 3) gets 1.
- The same sharing splits one code's units among that day's sessions of it, so each
  exported line is one session; a session whose minutes are counted in another session's
  unit that day gets 0 units (listed, not billed on its own).
"""

from collections.abc import Hashable, Mapping
from typing import TypeVar

UNIT = 15
K = TypeVar("K", bound=Hashable)


def timed_units(minutes: int) -> int:
    """Units for a day's total timed minutes by the 8-minute rule."""
    if minutes < 8:
        return 0
    return (minutes + 7) // UNIT


def share_units(units: int, minutes: Mapping[K, int], order: Mapping[K, str]) -> dict[K, int]:
    """`units` shared among the keys by their minutes (full 15s first, then the largest
    leftovers). `order` breaks ties (lower first) after total minutes."""
    shares = {key: m // UNIT for key, m in minutes.items()}
    left = units - sum(shares.values())
    ranked = sorted(minutes, key=lambda k: (-(minutes[k] % UNIT), -minutes[k], order[k]))
    for key in ranked:
        if left <= 0:
            break
        shares[key] += 1
        left -= 1
    return shares
