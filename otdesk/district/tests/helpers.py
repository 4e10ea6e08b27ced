"""The one way these tests sign in a coordinator or the site operator (at merge time the
lead points it at the 2FA-verified sign-in of otdesk/testing/login.py)."""

from django.test import Client

from otdesk.accounts.models import Role, User
from otdesk.testing import factories as f


def log_in(client: Client, user: User) -> None:
    client.force_login(user)


def make_operator(**kwargs: object) -> User:
    return f.make_user(Role.OPERATOR, None, is_staff=True, is_superuser=True, **kwargs)
