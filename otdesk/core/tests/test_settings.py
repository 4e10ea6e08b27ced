"""Settings fail loudly and touch nothing; the start-up step makes the data directory."""

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from otdesk import settings as otdesk_settings
from otdesk.core.startup import SECRET_KEY_FILE, prepare

ROOT = Path(__file__).resolve().parents[3]


def _run(args: list[str], tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """Run Python from the project folder with a home and data directory under tmp_path
    and none of OT Desk's variables but those given."""
    environ = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("OTDESK_") and key not in {"SECRET_KEY", "DATABASE_URL"}
    }
    environ |= {"HOME": str(tmp_path / "home"), "OTDESK_DATA_DIR": str(tmp_path / "data")}
    environ |= env
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=environ, capture_output=True, text=True, timeout=60
    )


def _python(code: str, tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    return _run(["-c", code], tmp_path, **env)


def test_importing_settings_creates_no_folder_and_writes_no_file(tmp_path):
    (tmp_path / "home").mkdir()
    result = _python(
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'otdesk.settings'; "
        "django.setup(); from django.conf import settings; print(settings.DATA_DIR)",
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(tmp_path / "data")
    assert sorted(path.name for path in tmp_path.rglob("*")) == ["home"]


def test_an_unknown_yes_no_value_stops_start_up_naming_the_variable(tmp_path):
    result = _python("import otdesk.settings", tmp_path, OTDESK_DEBUG="yes-please")
    assert result.returncode == 1
    assert (
        "ImproperlyConfigured: OTDESK_DEBUG='yes-please' is not a yes/no value. "
        "Use one of 1, true, yes, on (yes) or 0, false, no, off (no)."
    ) in result.stderr


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1", True),
        ("TRUE", True),
        (" yes ", True),
        ("on", True),
        ("0", False),
        ("False", False),
        ("no", False),
        ("OFF", False),
        ("", "default"),
        (None, "default"),
    ],
)
def test_yes_no_words(monkeypatch, value, expected):
    if value is None:
        monkeypatch.delenv("OTDESK_SECURE_COOKIES", raising=False)
    else:
        monkeypatch.setenv("OTDESK_SECURE_COOKIES", value)
    for default in (True, False):
        wanted = default if expected == "default" else expected
        assert otdesk_settings.env_bool("OTDESK_SECURE_COOKIES", default) is wanted


@pytest.mark.parametrize("value", ["yes-please", "2", "y", "enabled"])
def test_anything_else_is_an_error_not_false(monkeypatch, value):
    monkeypatch.setenv("OTDESK_SECURE_COOKIES", value)
    with pytest.raises(ImproperlyConfigured, match=r"^OTDESK_SECURE_COOKIES="):
        otdesk_settings.env_bool("OTDESK_SECURE_COOKIES", False)


def test_prepare_makes_the_data_directory_and_a_private_key_once(tmp_path, monkeypatch):
    monkeypatch.setenv("OTDESK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.delenv("SECRET_KEY", raising=False)
    assert prepare() == tmp_path / "data"
    key_file = tmp_path / "data" / SECRET_KEY_FILE
    key = key_file.read_text()
    assert len(key) >= 50
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert (tmp_path / "data" / "static").is_dir()
    prepare()
    assert key_file.read_text() == key


def test_prepare_writes_no_key_when_the_environment_gives_one(tmp_path, monkeypatch):
    monkeypatch.setenv("OTDESK_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")
    prepare()
    assert sorted(path.name for path in (tmp_path / "data").iterdir()) == ["static"]


def test_manage_py_is_the_start_up_step_and_settings_read_the_key_it_kept(tmp_path):
    (tmp_path / "home").mkdir()
    show_key = "from django.conf import settings; print(settings.SECRET_KEY)"
    result = _run(["manage.py", "shell", "--no-imports", "-c", show_key], tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (tmp_path / "data" / SECRET_KEY_FILE).read_text()
