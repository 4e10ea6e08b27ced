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

from .feeds import new_feed, revoke_feed
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
from .runs import start_run, therapists_of, unfinished_run, use_run_item
from .setup import (
    add_blocks,
    add_fixed_times,
    add_unavailable_times,
    change_block,
    change_fixed_time,
    fixed_time_words,
    remove_block,
    remove_fixed_time,
    remove_unavailable_time,
    save_schedule_settings,
    set_days,
    set_travel_times,
)

__all__ = [
    "DateChange",
    "PlanNoLongerFits",
    "PlanUse",
    "ProposalGone",
    "add_blocks",
    "add_fixed_times",
    "add_unavailable_times",
    "change_block",
    "change_fixed_time",
    "drop_proposal",
    "first_start",
    "fixed_time_words",
    "inputs_fingerprint",
    "make_proposal",
    "new_feed",
    "placements_of",
    "remove_block",
    "remove_fixed_time",
    "remove_unavailable_time",
    "revoke_feed",
    "save_schedule_settings",
    "set_days",
    "set_travel_times",
    "start_run",
    "therapists_of",
    "unfinished_run",
    "use_plan",
    "use_proposal",
    "use_run_item",
]
