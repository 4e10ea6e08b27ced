"""The `otdesk` command (and manage.py): Django's management commands with OT Desk's
settings, after the start-up step that creates the data directory."""

import os
import sys

from django.core.management import execute_from_command_line

from otdesk.core.startup import prepare


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "otdesk.settings")
    prepare()
    execute_from_command_line(sys.argv)
