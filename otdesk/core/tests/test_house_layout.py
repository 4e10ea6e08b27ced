"""The house layout holds across every app (docs/architecture.md): small modules, views
that never write, role gates and student reads through the permission modules, one id
parser and one set of day and time helpers. The scan reads the source, so a regression
anywhere in otdesk fails here with the file and line."""

import ast
import re
from pathlib import Path

import pytest

import otdesk
from otdesk.testing.source_scan import any_writes

ROOT = Path(otdesk.__file__).parent
MAX_LINES = 600


def _product_modules() -> list[Path]:
    return [
        path
        for path in sorted(ROOT.rglob("*.py"))
        if not {"tests", "migrations", "testing"} & set(path.parts)
    ]


def _view_modules() -> list[Path]:
    return [
        path for path in _product_modules() if "views" in path.stem or path.parent.name == "views"
    ]


def _where(path: Path) -> str:
    return str(path.relative_to(ROOT))


def test_the_scan_sees_every_apps_views() -> None:
    apps = {path.relative_to(ROOT).parts[0] for path in _view_modules()}
    assert apps == {
        "accounts",
        "accesslog",
        "api",
        "activities",
        "core",
        "delivery",
        "district",
        "family",
        "jobs",
        "billing",
        "assessments",
        "fidelity",
        "programs",
        "roster",
        "retention",
        "progress",
        "evaluations",
        "scheduling",
        "sso",
        "students",
        "supervision",
        "teamwork",
        "workload",
    }


def test_no_module_is_over_600_lines() -> None:
    long = {
        _where(path): n
        for path in _product_modules()
        if (n := len(path.read_text().splitlines())) > MAX_LINES
    }
    assert long == {}


# Plain dicts a view fills for its form or template (dict.update is not a write).
DICTS = re.compile(r"^(\w+\.)*(initial|context|data|extra)\.update\(")


def test_no_view_module_writes_a_record() -> None:
    found = {
        _where(path): writes
        for path in _view_modules()
        if (writes := [w for w in any_writes(path.read_text()) if not DICTS.match(w[1])])
    }
    assert found == {}


ROLE_CHECK = re.compile(r"\brole\s*(==|!=|in\b|not in\b)")


def test_views_gate_by_role_only_through_the_permission_functions() -> None:
    """`user.role in (Role.OT, Role.COTA)` in a view is written as require_therapist(...)
    or another function of accounts/permissions.py or the app's permissions.py."""
    found = {
        _where(path): [
            n for n, line in enumerate(path.read_text().splitlines(), 1) if ROLE_CHECK.search(line)
        ]
        for path in _view_modules()
    }
    assert {where: lines for where, lines in found.items() if lines} == {}


def test_views_read_students_only_through_the_permission_functions() -> None:
    found = {
        _where(path): n
        for path in _view_modules()
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if "Student.objects" in line
    }
    assert found == {}


def test_ids_are_parsed_only_by_core_http_parse_id() -> None:
    """str.isdigit() lets '²' through; ids go through parse_id (the demo's grade words are
    its own data, not input)."""
    allowed = {ROOT / "core" / "http.py", ROOT / "demo" / "students.py"}
    found = {
        _where(path): n
        for path in _product_modules()
        if path not in allowed
        for n, line in enumerate(path.read_text().splitlines(), 1)
        if ".isdigit()" in line
    }
    assert found == {}


DAY_WORDS = {"DAY_NAMES", "DAY_CODES", "DAY_PLURALS", "WEEKDAY_NAMES"}


@pytest.mark.parametrize("path", _product_modules(), ids=_where)
def test_days_and_clock_times_come_from_core_times(path: Path) -> None:
    """No module but core/times.py defines day names or codes, a clock formatter, or
    parses SchoolAssignment.days itself."""
    if path == ROOT / "core" / "times.py":
        return
    tree = ast.parse(path.read_text())
    defined = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign | ast.AnnAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            defined |= {t.id for t in targets if isinstance(t, ast.Name) and t.id in DAY_WORDS}
        if isinstance(node, ast.FunctionDef) and node.name in {
            "clock",
            "hhmm",
            "_clock",
            "_time",
            "minutes_of",
            "time_of",
        }:
            defined.add(node.name)
    assert defined == set()
    assert ".days.split()" not in path.read_text() and "days or " not in path.read_text()
