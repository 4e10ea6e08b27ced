"""Every `otdesk` command a district runs answers --help (exit 0) and says what is wrong
with a wrong usage (exit 2), as scripts expect; `otdesk` is the same as manage.py."""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
COMMANDS = {
    "import_roster": "--column FIELD=HEADING",
    "export": "--district",
    "backup": "--output",
    "restore": "--force",
    "load_demo": "--if-empty",
    "load_district": "--sessions",
    "compliance_report": "--as",
    "schedule": "--as",
    "verify_audit": "--expect",
}


def otdesk(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(Path(sys.executable).parent / "otdesk"), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_every_command_answers_help_and_refuses_a_wrong_usage():
    for command, option in COMMANDS.items():
        helped = otdesk(command, "--help")
        assert helped.returncode == 0, command
        assert option in helped.stdout, command
        wrong = otdesk(command, "--no-such-option")
        assert wrong.returncode == 2, command
        assert f"otdesk {command}: error: " in wrong.stderr, command


@pytest.mark.parametrize(
    "args", [("export", "--as", "x"), ("export", "--as", "x", "--district", "--student", "1")]
)
def test_export_needs_one_thing_to_export(args):
    wrong = otdesk(*args)
    assert wrong.returncode == 2
    assert "--district" in wrong.stderr
