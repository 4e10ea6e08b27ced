"""Building a district-size table without the cyclic garbage collector in the way."""

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for a bounded computation that makes a great
    many short-lived objects without cycles (a district's compliance rows: some 300,000).

    Each object made counts toward the next collection, and a full collection walks every
    object alive, so one table of 10,000 lines set off several full walks of a heap of half
    a million objects: a third of the page's time. Objects without cycles are freed by
    reference counting whatever the collector does; it runs again as usual after the block
    (and at once if the block made enough garbage to ask for it). A page whose rows live
    until it is rendered wears it as a decorator, so that no full collection walks them
    while the template reads them.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
