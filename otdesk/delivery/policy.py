"""The district's minutes policy over time: one version per change, each in force from its
date until the next. Every rule that depends on the policy asks for the version in force on
the day concerned (a miss's date, a day being counted), so a change never rewrites the
status of periods before it.
"""

import bisect
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from otdesk.schools.models import District

from .choices import DEFAULT_OWED, MissReason
from .models import PolicyVersion


@dataclass(frozen=True)
class Rules:
    """One version of the policy, as plain values."""

    owed: Mapping[str, bool] = field(
        default_factory=lambda: {str(reason): owed for reason, owed in DEFAULT_OWED.items()}
    )
    prorate_short_weeks: bool = True
    makeup_within_days: int | None = None
    effective_from: dt.date | None = None  # None: the default, before any change
    changed_by: str = ""
    changed_at: dt.datetime | None = None

    def is_owed(self, reason: str) -> bool:
        return self.owed.get(reason, DEFAULT_OWED[MissReason(reason)])

    @property
    def owed_words(self) -> str:
        """'Provider absent, Provider pulled to other duties' — the reasons that owe."""
        owing = [r.label for r in MissReason if self.is_owed(r.value)]
        return ", ".join(owing) if owing else "none"

    @property
    def deadline_words(self) -> str:
        if self.makeup_within_days is None:
            return "until the IEP ends"
        return f"within {self.makeup_within_days} days of the miss"


class Policy:
    """The versions of one district's policy, oldest first. Before the first saved change
    OT Desk's defaults were in force (provider-caused misses owed, short weeks pro-rated,
    make-ups until the IEP ends)."""

    def __init__(self, versions: Sequence[Rules] = ()) -> None:
        saved = sorted(
            (r for r in versions if r.effective_from is not None),
            key=lambda r: r.effective_from or dt.date.min,
        )
        self.versions = [Rules(), *saved]
        self._starts = [r.effective_from or dt.date.min for r in self.versions]

    @classmethod
    def for_district(cls, district: District) -> "Policy":
        if district.pk is None:
            return cls()
        return cls(
            [
                Rules(
                    owed=dict(v.owed),
                    prorate_short_weeks=v.prorate_short_weeks,
                    makeup_within_days=v.makeup_within_days,
                    effective_from=v.effective_from,
                    changed_by=v.changed_by.display_name if v.changed_by else "",
                    changed_at=v.changed_at,
                )
                for v in PolicyVersion.objects.filter(district=district).select_related(
                    "changed_by"
                )
            ]
        )

    def on(self, day: dt.date) -> Rules:
        """The version in force on this day."""
        return self.versions[bisect.bisect_right(self._starts, day) - 1]

    @property
    def current(self) -> Rules:
        return self.versions[-1]

    def is_owed(self, reason: str, day: dt.date) -> bool:
        """Whether a miss of this reason on this day owes the student a make-up."""
        return self.on(day).is_owed(reason)

    def prorates_on(self, day: dt.date) -> bool:
        return self.on(day).prorate_short_weeks

    def makeup_deadline(self, *, miss_date: dt.date, iep_end: dt.date) -> dt.date:
        """The last day a make-up for a miss on this date may be given: the IEP's end, or
        sooner when the policy in force on the day of the miss sets a number of days."""
        days = self.on(miss_date).makeup_within_days
        if days is None:
            return iep_end
        return min(iep_end, miss_date + dt.timedelta(days=days))
