"""The progress bar of the `otdesk` commands, on stderr so a script can keep stdout:

    [##########--------------------] 12/36 delivery_session

`progress_bar(stream, quiet=...)` gives the (done, total, message) function that the
roster import, the exports and the demo generator call as they go."""

from collections.abc import Callable
from typing import Any

WIDTH = 30
MESSAGE = 40

Progress = Callable[[int, int, str], None]


def progress_bar(stream: Any, *, quiet: bool = False) -> Progress:
    """A function drawing the bar on `stream` (a command's self.stderr); silent if quiet."""

    def show(done: int, total: int, message: str) -> None:
        if quiet:
            return
        filled = WIDTH * done // max(total, 1)
        bar = "#" * filled + "-" * (WIDTH - filled)
        stream.write(f"\r[{bar}] {done}/{total} {message[:MESSAGE]:<{MESSAGE}}", ending="")
        if done >= total:
            stream.write("")
        stream.flush()

    return show
