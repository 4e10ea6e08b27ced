"""OT Desk's settings with one more route, /bench/hello/: the smallest Django view, the
ceiling the framework and gunicorn allow on this machine (bench/gunicorn_rps.py)."""

from otdesk.settings import *  # noqa: F403

ROOT_URLCONF = "bench.rps.urls"
