"""What OT Desk writes to its logs carries no secret link, no file name and no query string.

A calendar feed's address is its only key (calendar apps cannot sign in), and an
invitation's and a password reset's links are keys too; a job's file is named after the
child it is about, and a query string may hold a child's name typed in a search box.
Request lines reach the logs through Django's request logger ("Not Found: /calendar/...")
and runserver's and gunicorn's access logs. HideSecrets rewrites such a record's message
before any handler sees it:

    GET /calendar/Xy3...ics HTTP/1.1     ->  GET /calendar/[hidden].ics HTTP/1.1
    GET /district/minutes/?q=Maya        ->  GET /district/minutes/?[hidden]

It sits on the console handler (settings.LOGGING) and, by install() when the apps load, on
the loggers that have handlers of their own. gunicorn's access log is written by gunicorn
itself: the same filter holds there once the application is loaded; docs/deploy.md gives
an --access-logformat that leaves out the query string and the referrer anyway.

This module is imported by settings (LOGGING), so it uses nothing from Django.
"""

import logging
import re

HIDDEN = "[hidden]"
# The characters a URL's path segment or query may hold (anything but space and quotes).
_PART = r"[^/\s?#\"'<>]+"
SECRETS = (
    re.compile(rf"(/calendar/){_PART}(\.ics)"),  # scheduling: the calendar feed
    re.compile(rf"(/invite/){_PART}(/)"),  # accounts: an invitation
    re.compile(rf"(/password-reset/{_PART}/)(?!set-password/){_PART}(/)"),  # a reset link
    # jobs: a made file's name can hold a child's name (progress-lopez-maya-12-....pdf)
    re.compile(rf"(/jobs/\d+/files/){_PART}()"),
)
# A query string: "?" and what follows it, right after a path ("/..."), not any "?".
QUERY = re.compile(r"(/[^\s?#\"'<>]*)\?[^\s\"'<>]+")
# Loggers with handlers of their own (the console handler's filter does not reach them).
LOGGERS = (
    "django.request",
    "django.server",
    "django.security.csrf",
    "gunicorn.access",
    "gunicorn.error",
)


def hide_secrets(text: str) -> str:
    """The text with every secret path part and every query string replaced by [hidden]."""
    for pattern in SECRETS:
        text = pattern.sub(rf"\g<1>{HIDDEN}\g<2>", text)
    return QUERY.sub(rf"\g<1>?{HIDDEN}", text)


class HideSecrets(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        hidden = hide_secrets(message)
        if hidden != message:
            # The final text, with no arguments left to format into it.
            record.msg, record.args = hidden, ()
        return True


def install() -> None:
    """Put the filter on the loggers that write request lines (once per process)."""
    for name in LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, HideSecrets) for f in logger.filters):
            logger.addFilter(HideSecrets())
