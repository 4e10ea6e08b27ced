"""Reading a OneRoster 1.1 or 1.2 CSV zip, the way SIS vendors deliver it: the files at
the top of the zip and a manifest.csv that says, for each file, whether it is the whole
list (bulk), only what changed (delta) or left out (absent).

This module only reads: it turns the zip into rows keyed by column name, with the file
and line each came from, and lists what is wrong with the file as a whole. What the rows
mean for OT Desk is decided in plan.py.

Tolerated, because real SIS exports do it: a byte-order mark, CRLF line ends, quoted
values holding commas (orgSourcedIds="org-1,org-2"), columns OneRoster does not define,
column headings with stray spaces, and files the manifest calls absent but ships anyway
(they are ignored, with a note)."""

import csv
import io
import zipfile
from dataclasses import dataclass, field

from .models import MAX_UPLOAD_BYTES

# The files OT Desk reads, and the columns each must have (OneRoster's required ones that
# OT Desk uses; every other column is optional).
REQUIRED_COLUMNS: dict[str, tuple[str, ...]] = {
    "orgs": ("sourcedId", "name", "type"),
    "academicSessions": ("sourcedId", "title", "type", "startDate", "endDate"),
    "users": ("sourcedId", "givenName", "familyName"),
    "roles": ("userSourcedId", "role", "orgSourcedId"),
    "classes": ("sourcedId", "title", "schoolSourcedId"),
    "enrollments": ("sourcedId", "classSourcedId", "userSourcedId", "role"),
    "demographics": ("sourcedId",),
}
# Files OneRoster defines that OT Desk has no use for; their manifest lines are accepted.
IGNORED_FILES = (
    "courses",
    "lineItems",
    "results",
    "categories",
    "classResources",
    "courseResources",
    "resources",
    "lineItemLearningObjectiveIds",
    "lineItemScoreScales",
    "resultLearningObjectiveIds",
    "resultScoreScales",
    "scoreScales",
    "userProfiles",
    "userResources",
)
MODES = ("bulk", "delta", "absent")
VERSIONS = ("1.1", "1.2")
# Beyond these a zip is refused before it is read (a zip bomb or the wrong file).
MAX_MEMBERS = 60
MAX_ROWS = 500_000


@dataclass(frozen=True)
class Problem:
    """Something wrong with the upload; any problem refuses the whole import."""

    file: str
    line: int | None
    reason: str

    def words(self) -> str:
        where = f"{self.file}, line {self.line}" if self.line else self.file
        return f"{where}: {self.reason}" if self.file else self.reason

    def as_dict(self) -> dict[str, object]:
        return {"file": self.file, "line": self.line, "reason": self.reason}


@dataclass(frozen=True)
class Row:
    file: str
    line: int
    values: dict[str, str]

    def get(self, column: str) -> str:
        return self.values.get(column, "").strip()

    def where(self) -> str:
        return f"{self.file}, line {self.line}"


@dataclass
class Roster:
    version: str = ""
    # file (without .csv) -> bulk, delta or absent, for the files OT Desk reads
    modes: dict[str, str] = field(default_factory=dict)
    rows: dict[str, list[Row]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def mode(self, name: str) -> str:
        return self.modes.get(name, "absent")

    def file_rows(self, name: str) -> list[Row]:
        return self.rows.get(name, [])


class RosterError(Exception):
    """The upload cannot be read at all."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(p.words() for p in problems))
        self.problems = problems


def split_list(value: str) -> list[str]:
    """OneRoster's comma-separated lists ("org-1, org-2") as a list, blanks left out."""
    return [part.strip() for part in value.split(",") if part.strip()]


def read_csv(data: bytes, file: str) -> tuple[list[str], list[Row]]:
    """The headings and rows of one CSV file; a BOM and CRLF line ends are fine."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise RosterError(
            [Problem(file, None, f"is not UTF-8 text (byte {exc.start + 1}); save it as UTF-8")]
        ) from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        headings = [h.strip() for h in next(reader)]
    except StopIteration:
        raise RosterError([Problem(file, None, "is empty: it needs a line of headings")]) from None
    except csv.Error as exc:
        raise RosterError([Problem(file, 1, f"cannot be read as CSV ({exc})")]) from None
    rows: list[Row] = []
    line = reader.line_num
    try:
        for values in reader:
            start = line + 1
            line = reader.line_num
            if not any(v.strip() for v in values):
                continue
            if len(values) > len(headings):
                extra = values[len(headings) :]
                if any(v.strip() for v in extra):
                    raise RosterError(
                        [
                            Problem(
                                file,
                                start,
                                f"has {len(values)} values but {len(headings)} headings "
                                "(a comma inside a value needs quotes around the value)",
                            )
                        ]
                    )
            row = dict(zip(headings, values, strict=False))
            rows.append(Row(file=file, line=start, values=row))
            if len(rows) > MAX_ROWS:
                raise RosterError([Problem(file, None, f"has more than {MAX_ROWS:,} lines")])
    except csv.Error as exc:
        raise RosterError([Problem(file, line + 1, f"cannot be read as CSV ({exc})")]) from None
    return headings, rows


def _manifest(data: bytes) -> tuple[dict[str, str], list[Problem]]:
    headings, rows = read_csv(data, "manifest.csv")
    if headings[:2] != ["propertyName", "value"]:
        return {}, [Problem("manifest.csv", 1, "must have the headings propertyName,value")]
    return {row.get("propertyName"): row.get("value") for row in rows}, []


def read_zip(data: bytes) -> Roster:
    """The roster in a OneRoster zip, or RosterError listing every problem found."""
    if len(data) > MAX_UPLOAD_BYTES:
        raise RosterError([Problem("", None, "The zip is larger than 50 MB.")])
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise RosterError(
            [Problem("", None, "This is not a zip file. Upload the OneRoster zip from your SIS.")]
        ) from None
    with archive:
        members = [info for info in archive.infolist() if not info.is_dir()]
        if len(members) > MAX_MEMBERS:
            raise RosterError([Problem("", None, f"The zip holds more than {MAX_MEMBERS} files.")])
        if sum(info.file_size for info in members) > 10 * MAX_UPLOAD_BYTES:
            raise RosterError([Problem("", None, "The zip unpacks to more than 500 MB.")])
        names = {info.filename: info for info in members}
        if "manifest.csv" not in names:
            nested = [name for name in names if name.endswith("/manifest.csv")]
            reason = (
                f"manifest.csv is inside the folder {nested[0].rsplit('/', 1)[0]}/; the "
                "files must be at the top of the zip"
                if nested
                else "The zip has no manifest.csv, so it is not a OneRoster zip."
            )
            raise RosterError([Problem("", None, reason)])
        manifest, problems = _manifest(archive.read("manifest.csv"))
        if problems:
            raise RosterError(problems)
        roster = Roster()
        version = manifest.get("oneroster.version", "")
        if version not in VERSIONS:
            problems.append(
                Problem(
                    "manifest.csv",
                    None,
                    f"oneroster.version is {version or 'missing'}; OT Desk reads 1.1 and 1.2",
                )
            )
        roster.version = version
        for key, value in manifest.items():
            if not key.startswith("file."):
                continue
            name = key.removeprefix("file.")
            mode = value.lower()
            if mode not in MODES:
                problems.append(
                    Problem("manifest.csv", None, f"{key} is {value!r}; use bulk, delta or absent")
                )
                continue
            if name in IGNORED_FILES:
                continue
            if name not in REQUIRED_COLUMNS:
                roster.notes.append(f"The manifest lists {name}.csv, which OT Desk does not use.")
                continue
            roster.modes[name] = mode
        if roster.version == "1.1" and roster.mode("roles") != "absent":
            roster.notes.append("roles.csv is a OneRoster 1.2 file; users.csv gives the roles.")
            roster.modes["roles"] = "absent"
        for name in REQUIRED_COLUMNS:
            member = f"{name}.csv"
            mode = roster.mode(name)
            if mode == "absent":
                if member in names:
                    roster.notes.append(
                        f"{member} is in the zip but the manifest says absent: left out."
                    )
                continue
            if member not in names:
                problems.append(
                    Problem("manifest.csv", None, f"file.{name} is {mode} but {member} is missing")
                )
                continue
            try:
                headings, rows = read_csv(archive.read(member), member)
            except RosterError as exc:
                problems.extend(exc.problems)
                continue
            missing = [c for c in REQUIRED_COLUMNS[name] if c not in headings]
            if name == "users" and version == "1.1" and "role" not in headings:
                missing.append("role")
            if missing:
                problems.append(Problem(member, 1, f"has no column {', '.join(missing)}"))
                continue
            roster.rows[name] = rows
        if (
            roster.version == "1.2"
            and roster.mode("users") == "bulk"
            and roster.mode("roles") == "absent"
            and not _users_have_roles(roster)
        ):
            problems.append(
                Problem(
                    "manifest.csv",
                    None,
                    "a OneRoster 1.2 roster gives people's roles in roles.csv, which is absent",
                )
            )
    if problems:
        raise RosterError(problems)
    return roster


def _users_have_roles(roster: Roster) -> bool:
    rows = roster.file_rows("users")
    return bool(rows) and "role" in rows[0].values
