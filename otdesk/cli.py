"""The `otdesk` command: Django's manage.py with OT Desk's settings."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "otdesk.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
