"""The one way these tests sign in a coordinator or the site operator (at merge time the
lead points it at the 2FA-verified sign-in of otdesk/testing/login.py)."""

from typing import Any

from django.test import Client

from otdesk.accounts.models import Role, User
from otdesk.testing import factories as f
from otdesk.testing.login import sign_in


def log_in(client: Client, user: User) -> None:
    sign_in(client, user)


def browser_log_in(page: Any, base_url: str, user: User) -> None:
    # Imported here: otdesk.testing.browser loads Playwright, which only browser tests need.
    from otdesk.testing.browser import sign_in

    sign_in(page, base_url, user.username, f.PASSWORD)


def make_operator(**kwargs: object) -> User:
    return f.make_user(Role.OPERATOR, None, is_staff=True, is_superuser=True, **kwargs)
