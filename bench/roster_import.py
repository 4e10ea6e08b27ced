"""OneRoster import of a generated district (5,000 students, 400 staff, 20,000 enrollments
by default): time and peak memory of the dry run, the first import and the second import of
the same zip (which must change nothing), against reading the zip alone in the same run.

    python -m bench.roster_import [--students 5000] [--staff 400] [--enrollments 20000]

Each step runs in its own process on one database (SQLite in a temporary folder, or
DATABASE_URL when it is set), so its peak memory is its own: the peak resident size during
the step minus the resident size just before it."""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.sections import write_section

STEPS = ("read", "check", "first", "second")
COORDINATOR = "roster.bench"


def _status_mb(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _reset_peak() -> float:
    """Start the peak resident size afresh (Linux: a process's peak otherwise begins at its
    parent's, kept across exec); return the resident size now."""
    Path("/proc/self/clear_refs").write_text("5")
    return _status_mb("VmRSS")


def step(name: str, zip_path: Path) -> dict:
    """One step, in this process: the database is already migrated and has the district."""
    import django

    django.setup()
    from otdesk.accounts.models import User
    from otdesk.core.dates import in_district_zone
    from otdesk.roster.oneroster import read_zip
    from otdesk.roster.permissions import roster_district
    from otdesk.roster.services import check_roster, import_roster

    coordinator = User.objects.get(username=COORDINATOR)
    district = roster_district(coordinator)
    data = zip_path.read_bytes()
    before = _reset_peak()
    started = time.perf_counter()
    with in_district_zone(district):
        if name == "read":
            read_zip(data)
            plan = None
        elif name == "check":
            plan = check_roster(district=district, data=data, actor=coordinator)
        else:
            plan = import_roster(district=district, data=data, actor=coordinator)
    seconds = time.perf_counter() - started
    peak = _status_mb("VmHWM")
    result: dict = {"seconds": seconds, "peak_mb": max(peak - before, 0.0)}
    if plan is not None:
        assert plan.ok, [p.words() for p in plan.problems[:5]]
        counts = plan.counts()
        result["kinds"] = counts
        result["changes"] = {
            action: sum(kinds[action] for kinds in counts.values())
            for action in ("create", "update", "deactivate", "reactivate")
        }
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--students", type=int, default=5000)
    parser.add_argument("--staff", type=int, default=400)
    parser.add_argument("--enrollments", type=int, default=20000)
    parser.add_argument("--step", choices=STEPS)
    parser.add_argument("--zip", type=Path)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "otdesk.settings")

    if args.step:  # a child process: run one step and write its result
        result = step(args.step, args.zip)
        args.json.write_text(json.dumps(result))
        return

    os.environ.setdefault("OTDESK_DATA_DIR", tempfile.mkdtemp(prefix="otdesk-bench-"))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from otdesk.roster.synthetic import build_zip, district_roster

    call_command("migrate", verbosity=0)
    if not _has_coordinator():
        from otdesk.accounts.models import Role
        from otdesk.testing import factories

        district = factories.make_district(name="Synthetic District")
        factories.make_user(Role.COORDINATOR, district, username=COORDINATOR)
    connection.close()
    files = district_roster(
        students=args.students, staff=args.staff, enrollments=args.enrollments, prefix="b-"
    )
    zip_path = Path(tempfile.mkdtemp(prefix="otdesk-roster-")) / "roster.zip"
    zip_path.write_bytes(build_zip(files))
    lines = {name: len(rows) for name, rows in files.items()}

    results = {}
    for name in STEPS:
        out = zip_path.with_suffix(f".{name}.json")
        command = [sys.executable, "-m", "bench.roster_import", "--step", name]
        subprocess.run(
            [*command, "--zip", str(zip_path), "--json", str(out)],
            check=True,
            cwd=Path(__file__).resolve().parent.parent,
        )
        results[name] = json.loads(out.read_text())

    from bench.__main__ import machine

    def changes(r: dict) -> str:
        words = {"create": "created", "update": "updated", "deactivate": "deactivated"}
        words["reactivate"] = "reactivated"
        found = [f"{n} {words[action]}" for action, n in r["changes"].items() if n]
        return ", ".join(found) or "nothing"

    base = results["read"]["seconds"]
    second_ratio = results["second"]["seconds"] / results["first"]["seconds"]
    engine = "PostgreSQL" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "SQLite"
    markdown = "\n".join(
        [
            "## OneRoster import",
            "",
            f"A generated OneRoster 1.1 zip ({zip_path.stat().st_size // 1024} KB): "
            f"{lines['orgs']} orgs, {lines['users']} users ({args.students} students, "
            f"{args.staff} staff and a guardian per student), {lines['classes']} classes, "
            f"{lines['enrollments']} enrollments, on {engine}, into an empty district. "
            "Each step in its own process; peak memory is the step's growth of the resident "
            "size. `python -m bench.roster_import`.",
            f"Machine: {machine().replace('SQLite', engine)}.",
            "",
            "| step | seconds | peak memory | changes | against reading the zip |",
            "|---|---:|---:|---|---:|",
            f"| baseline: read and parse the zip | {base:.2f} | "
            f"{results['read']['peak_mb']:.0f} MB | – | 1.0× |",
        ]
        + [
            f"| {label} | {results[name]['seconds']:.2f} | {results[name]['peak_mb']:.0f} MB | "
            f"{changes(results[name])} | {results[name]['seconds'] / base:.1f}× |"
            for name, label in (
                ("check", "dry run (check, nothing written)"),
                ("first", "first import (one transaction)"),
                ("second", "second import of the same zip (no-op)"),
            )
        ]
        + [
            "",
            f"The no-op second run takes {second_ratio:.2f}× the time of the first.",
        ]
    )
    print(markdown, file=sys.stderr)
    write_section("roster", markdown)


def _has_coordinator() -> bool:
    from otdesk.accounts.models import User

    return User.objects.filter(username=COORDINATOR).exists()


if __name__ == "__main__":
    main()
