#!/usr/bin/env python
"""Django's command-line utility for OT Desk (also installed as `otdesk`)."""

from otdesk.cli import main

if __name__ == "__main__":
    main()
