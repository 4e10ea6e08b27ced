from django.apps import AppConfig


class RosterConfig(AppConfig):
    name = "otdesk.roster"
    label = "roster"
    verbose_name = "Roster import (OneRoster and CSV)"
