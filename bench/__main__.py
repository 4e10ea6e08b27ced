"""`make bench`: run every benchmark and write bench/RESULTS.md."""

import datetime as dt
import json
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.sections import write_section

HERE = Path(__file__).resolve().parent


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{platform.node()} · {cpu} · {os.cpu_count()} cores · Python "
        f"{platform.python_version()} · SQLite · {platform.platform()}"
    )


def run_compliance(students: int, repeats: int) -> dict:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        out = handle.name
    subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.compliance",
            "--students",
            str(students),
            "--repeats",
            str(repeats),
            "--json",
            out,
        ],
        check=True,
        cwd=HERE.parent,
    )
    return json.loads(Path(out).read_text())


def row(name: str, r: dict) -> str:
    return f"| {name} | {r['median_ms']:.1f} | {r['p95_ms']:.1f} | {r['queries']} |"


def run_scheduling(budgets: list[str], seeds: int) -> dict:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        out = handle.name
    subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.scheduling",
            "--json",
            out,
            "--seeds",
            str(seeds),
            "--budgets",
            *budgets,
        ],
        check=True,
        cwd=HERE.parent,
    )
    return json.loads(Path(out).read_text())


def run_generator(seeds: int) -> dict:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as handle:
        out = handle.name
    subprocess.run(
        [sys.executable, "-m", "bench.generator", "--json", out, "--seeds", str(seeds)],
        check=True,
        cwd=HERE.parent,
    )
    return json.loads(Path(out).read_text())


def main() -> None:
    long = "--long" in sys.argv
    scheduling = run_scheduling(["2", "10", "60"] if long else ["2", "10"], 3)
    generator = run_generator(3)
    small = run_compliance(60, 30)
    large = run_compliance(600, 15)
    lines = [
        "# Benchmarks",
        "",
        f"Run on {dt.date.today():%d %b %Y}: {machine()}.",
        "Command: `make bench` (runs `python -m bench`). Each size gets a fresh SQLite",
        "database with the deterministic demo district (seed 2026); times are for whole",
        "requests through Django's test client, after one warm-up request.",
        "",
        "## Minutes compliance pages",
        "",
    ]
    for label, r in (("Demo district", small), ("Generated district, 10x", large)):
        base = r["district_rows_per_line_baseline"]
        batched = r["district_rows_batched"]
        lines += [
            f"### {label}: {r['students']} students, {r['sessions']} sessions "
            f"(generated in {r['generate_seconds']:.1f} s)",
            "",
            f"Medians and 95th percentiles over {r['repeats']} requests.",
            "",
            "| what | median ms | p95 ms | SQL queries |",
            "|---|---:|---:|---:|",
            row(f"Caseload dashboard `/minutes/` ({r['caseload']} students)", r["dashboard"]),
            row("District table `/district/minutes/`", r["district_page"]),
            row("District rows, batched (`compliance_rows`)", batched),
            row("District rows, one query set per line (baseline)", base),
            "",
            f"Batched vs per-line baseline: {base['median_ms'] / batched['median_ms']:.1f}x "
            f"faster by median, {base['queries']} queries down to {batched['queries']}.",
            "",
        ]
    search = small["library_search"]
    lines += [
        "## Activity library search",
        "",
        "Activities for a student's fine-motor goal that work in class (the demo library of 25",
        "shipped activities), target under 200 ms:",
        "",
        "| what | median ms | p95 ms |",
        "|---|---:|---:|",
        f"| Whole page `/activities/?goal=…&setting=class` ({search['page_queries']} queries) | "
        f"{search['page_median_ms']:.1f} | {search['page_p95_ms']:.1f} |",
        f"| `find_activities` alone | {search['query_median_ms']:.1f} | "
        f"{search['query_p95_ms']:.1f} |",
        "",
    ]
    ratio = large["district_page"]["median_ms"] / small["district_page"]["median_ms"]
    flat = large["dashboard"]["median_ms"] / small["dashboard"]["median_ms"]
    lines += [
        "## Scaling",
        "",
        f"- District table, 10x district vs demo: {ratio:.1f}x the median time for 10x the "
        "students; the query count stays the same.",
        f"- A therapist's dashboard, 10x district vs demo: {flat:.2f}x (the caseload size, not "
        "the district size, drives it).",
        "",
    ]
    from bench.generator import summary as generator_summary
    from bench.scheduling import summary

    lines += summary(scheduling)
    lines += generator_summary(generator)
    text = "\n".join(lines)
    _header, body = text.split("\n", 1)  # the "# Benchmarks" title stays the file's own
    write_section("core", body)
    print(text)
    # The reports' benchmarks (bench/report_*.py), the roster import's, the API's and the
    # district at scale's each write their own section.
    modules = [
        *sorted(HERE.glob("report_*.py")),
        HERE / "roster_import.py",
        HERE / "api_lists.py",
        HERE / "district_pages.py",
        HERE / "gunicorn_rps.py",
    ]
    for module in modules:
        subprocess.run([sys.executable, "-m", f"bench.{module.stem}"], check=True, cwd=HERE.parent)
    # A district's weekly plans over 1 and 2 workers (the size: --therapists 100).
    subprocess.run(
        [sys.executable, "-m", "bench.plan_workers", "--therapists", "40"],
        check=True,
        cwd=HERE.parent,
    )
    # The load test at the size SQLite is meant for (PostgreSQL: 50 clients, DATABASE_URL).
    subprocess.run(
        [sys.executable, "-m", "bench.load_test", "--clients", "10", "--seconds", "60"],
        check=True,
        cwd=HERE.parent,
    )


if __name__ == "__main__":
    main()
