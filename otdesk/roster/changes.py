"""The changes a roster import makes, and the helpers every kind of record shares: a
record's final state (the database overlaid with a file's lines: a bulk file replaces
the list, a delta file changes its own lines) and its difference from the current one."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from otdesk.schools.models import District, Grade

from .oneroster import Problem, Row, split_list

# CEDS grade codes (OneRoster's grades) -> OT Desk's grades.
GRADES = {
    "IT": Grade.PREK,
    "PR": Grade.PREK,
    "PK": Grade.PREK,
    "TK": Grade.PREK,
    "KG": Grade.K,
    "K": Grade.K,
    "13": Grade.TRANSITION,
    "PS": Grade.TRANSITION,
    **{f"{n:02d}": Grade(str(n)) for n in range(1, 13)},
    **{str(n): Grade(str(n)) for n in range(1, 13)},
}
STATUSES = ("", "active", "tobedeleted")
# How many changes of one kind and action the report keeps by name (the counts are whole).
LISTED = 500

KIND_WORDS = {
    "district": "district",
    "school": "school",
    "class": "class",
    "person": "staff member",
    "guardian": "parent or guardian",
    "student": "student",
    "enrollment": "enrollment",
    "family": "family link",
}
ACTIONS = ("create", "update", "deactivate", "reactivate")


@dataclass
class Change:
    kind: str
    action: str
    sourced_id: str
    label: str
    details: str = ""

    def as_dict(self) -> dict[str, str]:
        return {
            "kind": self.kind,
            "action": self.action,
            "sourced_id": self.sourced_id,
            "label": self.label,
            "details": self.details,
        }


def school_key(pk: int, sourced_id: str) -> str:
    """How a plan names a school: its roster id, or "#pk" for a school no roster made
    (one a spreadsheet import puts students in)."""
    return sourced_id or f"#{pk}"


@dataclass
class Target:
    """One kind of record: what it is now and what it will be, by roster id."""

    current: dict[str, dict[str, Any]] = field(default_factory=dict)
    pks: dict[str, int] = field(default_factory=dict)
    final: dict[str, dict[str, Any]] = field(default_factory=dict)
    creates: list[str] = field(default_factory=list)
    updates: dict[str, dict[str, Any]] = field(default_factory=dict)


@dataclass
class Plan:
    district: District
    version: str = ""
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    district_sid: str = ""
    schools: Target = field(default_factory=Target)
    people: Target = field(default_factory=Target)
    students: Target = field(default_factory=Target)
    classes: Target = field(default_factory=Target)
    enrollments: Target = field(default_factory=Target)
    # (student sid, guardian sid) -> relationship; links to add and TeamMember pks to end
    links_to_add: dict[tuple[str, str], str] = field(default_factory=dict)
    links_to_end: list[int] = field(default_factory=list)
    # people matched by email: roster id -> the existing person's pk
    matched: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems

    def problem(self, row: Row | None, reason: str, file: str = "") -> None:
        if row is None:
            self.problems.append(Problem(file, None, reason))
        else:
            self.problems.append(Problem(row.file, row.line, reason))

    def counts(self) -> dict[str, dict[str, int]]:
        counts: dict[str, dict[str, int]] = {}
        for change in self.changes:
            counts.setdefault(change.kind, dict.fromkeys(ACTIONS, 0))[change.action] += 1
        return counts

    @property
    def total_changes(self) -> int:
        return len(self.changes)

    def report(self) -> dict[str, Any]:
        listed: dict[tuple[str, str], int] = defaultdict(int)
        kept = []
        for change in self.changes:
            key = (change.kind, change.action)
            listed[key] += 1
            if listed[key] <= LISTED:
                kept.append(change.as_dict())
        return {
            "version": self.version,
            "counts": self.counts(),
            "total": self.total_changes,
            "changes": kept,
            "problems": [p.as_dict() for p in self.problems],
            "notes": self.notes,
        }


# Reading the rows ------------------------------------------------------------------------


def status_of(plan: Plan, row: Row) -> str:
    status = row.get("status").lower()
    if status not in STATUSES:
        plan.problem(row, f"status is {row.get('status')!r}; use active or tobedeleted")
    return status


def text_of(plan: Plan, row: Row, column: str, limit: int, *, required: bool = False) -> str:
    value = row.get(column)
    if required and not value:
        plan.problem(row, f"{column} is empty")
    if len(value) > limit:
        plan.problem(row, f"{column} is longer than {limit} characters")
    return value[:limit]


def date_of(plan: Plan, row: Row, column: str) -> str:
    value = row.get(column)
    if not value:
        return ""
    try:
        return dt.date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        plan.problem(row, f"{column} {value!r} is not a date (YYYY-MM-DD)")
        return ""


def grade_of(plan: Plan, row: Row) -> str:
    grades = split_list(row.get("grades"))
    if not grades:
        return ""
    grade = GRADES.get(grades[0].upper())
    if grade is None:
        plan.problem(row, f"grade {grades[0]!r} is not a grade OT Desk knows (KG, 01 to 12, PK)")
        return ""
    return str(grade)


def overlay(
    plan: Plan,
    target: Target,
    rows: dict[str, tuple[Row, dict[str, Any], bool]],
    mode: str,
    *,
    keep_active: set[str] | None = None,
) -> None:
    """The final state of one kind: the database overlaid with the file's lines."""
    final = {sid: dict(values) for sid, values in target.current.items()}
    if mode == "bulk":
        for sid, values in final.items():
            if sid not in rows and (keep_active is None or sid not in keep_active):
                values["active"] = False
    for sid, (_row, values, active) in rows.items():
        merged = dict(final.get(sid, {}))
        merged.update(values)
        merged["active"] = active
        final[sid] = merged
    target.final = final


def diff(plan: Plan, kind: str, target: Target, label: Any, compare: tuple[str, ...]) -> None:
    """The changes that take `target` from its current state to its final one."""
    for sid, values in target.final.items():
        now = target.current.get(sid)
        if now is None:
            if not values.get("active", True):
                continue  # a line marked tobedeleted for a record never imported: nothing to do
            target.creates.append(sid)
            plan.changes.append(Change(kind, "create", sid, label(values)))
            continue
        changed = {name: values[name] for name in compare if values.get(name) != now.get(name)}
        if not changed:
            continue
        target.updates[sid] = changed
        if changed.keys() == {"active"}:
            action = "reactivate" if values["active"] else "deactivate"
            plan.changes.append(Change(kind, action, sid, label(values)))
            continue
        words = [
            f"{name.replace('_', ' ')}: {_shown(now.get(name))} → {_shown(values[name])}"
            for name in changed
            if name != "active"
        ]
        if "active" in changed:
            action = "reactivate" if values["active"] else "deactivate"
        else:
            action = "update"
        plan.changes.append(Change(kind, action, sid, label(values), "; ".join(words)))


def _shown(value: Any) -> str:
    if value in ("", None):
        return "(none)"
    if value is True:
        return "yes"
    if value is False:
        return "no"
    return str(value)
