"""The one start-up step that touches the disk. Importing settings reads the environment
and creates nothing; `prepare()` creates the data directory (the SQLite database, the
collected static files and the generated secret key live there). It runs from the entry
points that start OT Desk: `manage.py` and the `otdesk` command (so `make run`, `migrate`,
`runserver`), and the WSGI/ASGI applications.

This module is imported by settings, so it uses nothing from Django.
"""

import os
import secrets
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent.parent
SECRET_KEY_FILE = "secret_key"  # nosec B105 # the file's name, not a key
STATIC_DIR = "static"


def data_dir() -> Path:
    """Where OT Desk keeps its files: OTDESK_DATA_DIR, else data/ beside the code."""
    return Path(os.environ.get("OTDESK_DATA_DIR") or PROJECT_DIR / "data").resolve()


def stored_secret_key(folder: Path) -> str | None:
    """The key prepare() generated and kept in the data directory, if there is one."""
    try:
        return (folder / SECRET_KEY_FILE).read_text().strip() or None
    except FileNotFoundError:
        return None


def prepare() -> Path:
    """Create the data directory, its static folder and (unless SECRET_KEY is set in the
    environment) a secret key kept there, readable by its owner only. Safe to repeat."""
    folder = data_dir()
    (folder / STATIC_DIR).mkdir(parents=True, exist_ok=True)
    key_file = folder / SECRET_KEY_FILE
    if not os.environ.get("SECRET_KEY") and not key_file.exists():
        # O_EXCL: two processes starting at once cannot both write a key.
        try:
            descriptor = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return folder
        with os.fdopen(descriptor, "w") as handle:
            handle.write(secrets.token_urlsafe(50))
    return folder
