"""Every write of the scheduling app, one module per topic, imported from here
(`from otdesk.scheduling import services`):

- proposals.py: the generator's proposal (made, dropped, used).
- plan_use.py: putting a plan into use (use_plan, for the generator and district runs);
  the weekly plan itself is stored by otdesk.delivery.services.
- setup.py: class blocks, bell blocks, school days, travel times, fixed times, students'
  unavailable times and the schedule settings.
- feeds.py: calendar feeds (a new secret link, a revoked one).
- runs.py: district plan runs (started, a plan applied) and their items' progress.
"""

from .plan_use import DateChange, PlanNoLongerFits, PlanUse, use_plan
from .proposals import (
    ProposalGone,
    drop_proposal,
    first_start,
    inputs_fingerprint,
    make_proposal,
    placements_of,
    use_proposal,
)

__all__ = [
    "DateChange",
    "PlanNoLongerFits",
    "PlanUse",
    "ProposalGone",
    "drop_proposal",
    "first_start",
    "inputs_fingerprint",
    "make_proposal",
    "placements_of",
    "use_plan",
    "use_proposal",
]
