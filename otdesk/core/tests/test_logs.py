"""No secret link, no file name and no query string in what OT Desk logs: the calendar
feed's token, an invitation's and a password reset's, a job file named after a child, a
search typed into a page."""

import logging

import pytest
from django.test import Client

from otdesk.core.logs import LOGGERS, HideSecrets, hide_secrets
from otdesk.scheduling import services as scheduling


@pytest.mark.parametrize(
    ("line", "logged"),
    [
        (
            '"GET /calendar/Zk3_q-9xYwT0vB2nLmP4sR7uA1cD.ics HTTP/1.1" 200 512',
            '"GET /calendar/[hidden].ics HTTP/1.1" 200 512',
        ),
        ("Not Found: /invite/Qw9-eRt_yU12/", "Not Found: /invite/[hidden]/"),
        ("GET /password-reset/MTI/cv3k2-9f1e0a/", "GET /password-reset/MTI/[hidden]/"),
        ("GET /password-reset/MTI/set-password/", "GET /password-reset/MTI/set-password/"),
        ("GET /password-reset/sent/", "GET /password-reset/sent/"),
        (
            '"GET /district/minutes/?q=Maya+Lopez&status=all HTTP/1.1" 200',
            '"GET /district/minutes/?[hidden] HTTP/1.1" 200',
        ),
        (
            "https://otdesk.example.org/sign-in/district/callback/?code=x1&state=y2",
            "https://otdesk.example.org/sign-in/district/callback/?[hidden]",
        ),
        (
            "GET /jobs/7/files/progress-lopez-maya-12-fall.pdf HTTP/1.1",
            "GET /jobs/7/files/[hidden] HTTP/1.1",
        ),
        ("GET /jobs/7/ HTTP/1.1", "GET /jobs/7/ HTTP/1.1"),
        ("GET /students/12/ HTTP/1.1", "GET /students/12/ HTTP/1.1"),
        ("Is the worker running? It is.", "Is the worker running? It is."),
    ],
)
def test_what_is_hidden(line, logged):
    assert hide_secrets(line) == logged


def test_the_filter_is_on_every_logger_that_writes_request_lines():
    assert LOGGERS == (
        "django.request",
        "django.server",
        "django.security.csrf",
        "gunicorn.access",
        "gunicorn.error",
    )
    for name in LOGGERS:
        filters = logging.getLogger(name).filters
        assert [type(f) for f in filters].count(HideSecrets) == 1, name


def test_a_gunicorn_access_record_loses_the_feed_token(caplog):
    """gunicorn logs the access line as its format with a dict of atoms."""
    caplog.set_level(logging.INFO, logger="gunicorn.access")
    atoms = {"h": "10.0.0.5", "r": "GET /calendar/Zk3_q-9xYwT0vB2n.ics HTTP/1.1", "s": "200"}
    logging.getLogger("gunicorn.access").info('%(h)s "%(r)s" %(s)s', atoms)
    [record] = caplog.records
    assert record.getMessage() == '10.0.0.5 "GET /calendar/[hidden].ics HTTP/1.1" 200'
    assert record.args == ()


def test_a_wrong_feed_link_is_logged_without_its_token(caplog, client, db):
    caplog.set_level(logging.WARNING, logger="django.request")
    response = client.get("/calendar/Zk3_q-9xYwT0vB2nLmP4sR7uA1cD.ics")
    assert response.status_code == 404
    assert [r.getMessage() for r in caplog.records if r.name == "django.request"] == [
        "Not Found: /calendar/[hidden].ics"
    ]


def test_a_revoked_feed_link_is_logged_without_its_token(caplog, world):
    feed = scheduling.new_feed(actor=world.therapist)
    url = f"/calendar/{feed.token}.ics"
    assert Client().get(url).status_code == 200
    scheduling.revoke_feed(actor=world.therapist)
    caplog.set_level(logging.WARNING, logger="django.request")
    assert Client().get(url).status_code == 404
    messages = [r.getMessage() for r in caplog.records if r.name == "django.request"]
    assert messages == ["Not Found: /calendar/[hidden].ics"]
    assert feed.token not in caplog.text
