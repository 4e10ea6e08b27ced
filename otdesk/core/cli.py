"""What the otdesk commands share: who a command runs as (`--as USERNAME`)."""

from django.core.management.base import CommandError, CommandParser

from otdesk.accounts.models import User


def add_as_argument(parser: CommandParser, *, who: str) -> None:
    """The required `--as USERNAME`: the person whose permissions the command uses."""
    parser.add_argument("--as", dest="username", required=True, metavar="USERNAME", help=who)


def person_named(username: str) -> User:
    """The active person with this username, or the command stops with a reason (exit 1)."""
    person = User.objects.filter(username=username, is_active=True).first()
    if person is None:
        raise CommandError(f"No active person has the username {username}.")
    return person
