"""Synthetic OneRoster zips, made by OT Desk itself: for the tests, the benchmark of a
5,000-student district and the sample a coordinator can download to try the import.
Every name is made up."""

import csv
import io
import random
import zipfile
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from otdesk.schools.models import District

# The columns OneRoster 1.1 and 1.2 define for each file OT Desk reads (in their order).
COLUMNS: dict[str, dict[str, tuple[str, ...]]] = {
    "1.1": {
        "orgs": (
            "sourcedId",
            "status",
            "dateLastModified",
            "name",
            "type",
            "identifier",
            "parentSourcedId",
        ),
        "academicSessions": (
            "sourcedId",
            "status",
            "dateLastModified",
            "title",
            "type",
            "startDate",
            "endDate",
            "parentSourcedId",
            "schoolYear",
        ),
        "users": (
            "sourcedId",
            "status",
            "dateLastModified",
            "enabledUser",
            "orgSourcedIds",
            "role",
            "username",
            "userIds",
            "givenName",
            "familyName",
            "middleName",
            "identifier",
            "email",
            "sms",
            "phone",
            "agentSourcedIds",
            "grades",
            "password",
        ),
        "classes": (
            "sourcedId",
            "status",
            "dateLastModified",
            "title",
            "grades",
            "courseSourcedId",
            "classCode",
            "classType",
            "location",
            "schoolSourcedId",
            "termSourcedIds",
            "subjects",
            "subjectCodes",
            "periods",
        ),
        "enrollments": (
            "sourcedId",
            "status",
            "dateLastModified",
            "classSourcedId",
            "schoolSourcedId",
            "userSourcedId",
            "role",
            "primary",
            "beginDate",
            "endDate",
        ),
        "demographics": ("sourcedId", "status", "dateLastModified", "birthDate", "sex"),
    },
}
COLUMNS["1.2"] = {
    **COLUMNS["1.1"],
    "users": (
        "sourcedId",
        "status",
        "dateLastModified",
        "enabledUser",
        "username",
        "userIds",
        "givenName",
        "familyName",
        "middleName",
        "identifier",
        "email",
        "sms",
        "phone",
        "agentSourcedIds",
        "grades",
        "password",
        "userMasterIdentifier",
        "resourceSourcedIds",
        "preferredGivenName",
        "preferredMiddleName",
        "preferredFamilyName",
        "primaryOrgSourcedId",
        "pronouns",
    ),
    "roles": (
        "sourcedId",
        "status",
        "dateLastModified",
        "userSourcedId",
        "roleType",
        "role",
        "beginDate",
        "endDate",
        "orgSourcedId",
        "userProfileSourcedId",
    ),
}

Rows = Sequence[Mapping[str, str]]


def csv_text(
    name: str, rows: Rows, *, version: str = "1.1", extra: Sequence[str] = (), newline: str = "\r\n"
) -> str:
    columns = list(COLUMNS[version][name]) + list(extra)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator=newline, extrasaction="raise")
    writer.writeheader()
    for row in rows:
        writer.writerow({column: row.get(column, "") for column in columns})
    return out.getvalue()


def build_zip(
    files: Mapping[str, Rows],
    *,
    version: str = "1.1",
    modes: Mapping[str, str] | None = None,
    bom: bool = False,
    newline: str = "\r\n",
    extra: Mapping[str, Sequence[str]] | None = None,
) -> bytes:
    """A OneRoster zip of these files (bulk unless `modes` says otherwise)."""
    modes = modes or {}
    manifest = [("manifest.version", "1.0"), ("oneroster.version", version)]
    for name in COLUMNS[version]:
        mode = modes.get(name, "bulk" if name in files else "absent")
        manifest.append((f"file.{name}", mode))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        text = "propertyName,value" + newline
        text += "".join(f"{key},{value}{newline}" for key, value in manifest)
        archive.writestr("manifest.csv", text)
        for name, rows in files.items():
            body = csv_text(
                name, rows, version=version, extra=(extra or {}).get(name, ()), newline=newline
            )
            archive.writestr(f"{name}.csv", ("\ufeff" if bom else "") + body)
    return out.getvalue()


GIVEN = [
    "Ana",
    "Ben",
    "Chloe",
    "Dev",
    "Elif",
    "Femi",
    "Gia",
    "Hugo",
    "Iris",
    "Jonah",
    "Kai",
    "Lena",
    "Milo",
    "Nia",
    "Omar",
    "Pia",
    "Quinn",
    "Rosa",
    "Sami",
    "Tara",
    "Uma",
    "Vik",
    "Wren",
    "Xavi",
    "Yara",
    "Zane",
    "Aiden",
    "Bea",
    "Cruz",
    "Dara",
]
FAMILY = [
    "Abara",
    "Brandt",
    "Castillo",
    "Dalton",
    "Eriksen",
    "Farah",
    "Gomez",
    "Haddad",
    "Ito",
    "Jensen",
    "Kowalski",
    "Larsen",
    "Moreau",
    "Novak",
    "Okafor",
    "Petrov",
    "Quist",
    "Rahman",
    "Silva",
    "Tanaka",
    "Udeh",
    "Varga",
    "Weber",
    "Xu",
    "Yilmaz",
    "Zhou",
]
GRADE_CODES = ("KG", "01", "02", "03", "04", "05")


def district_roster(
    *,
    schools: int = 10,
    students: int = 5000,
    staff: int = 400,
    enrollments: int = 20000,
    seed: int = 1,
    year: int = 2026,
    prefix: str = "",
) -> dict[str, list[dict[str, str]]]:
    """A whole district: schools, teachers and aides, students (with birth dates), one
    guardian per student, one homeroom class per teacher, and enrollments that put every
    student in a homeroom and the rest in other classes, up to `enrollments` lines."""
    rng = random.Random(seed)  # nosec B311 # made-up test rosters, repeatable by seed
    orgs = [{"sourcedId": f"{prefix}dist-1", "name": "Synthetic District", "type": "district"}]
    orgs += [
        {
            "sourcedId": f"{prefix}sch-{n:03d}",
            "name": f"{FAMILY[n % len(FAMILY)]} Elementary",
            "type": "school",
            "identifier": f"S{n:03d}",
            "parentSourcedId": f"{prefix}dist-1",
        }
        for n in range(1, schools + 1)
    ]
    sessions = [
        {
            "sourcedId": f"{prefix}sy-{year}",
            "title": f"{year}-{year + 1}",
            "type": "schoolYear",
            "startDate": f"{year}-08-24",
            "endDate": f"{year + 1}-06-11",
            "schoolYear": str(year + 1),
        }
    ]
    users: list[dict[str, str]] = []
    demographics: list[dict[str, str]] = []
    classes: list[dict[str, str]] = []
    teachers: dict[str, list[str]] = {}
    for n in range(1, staff + 1):
        school = f"{prefix}sch-{(n - 1) % schools + 1:03d}"
        role = "teacher" if n % 4 else "aide"
        sid = f"{prefix}t-{n:04d}"
        users.append(
            {
                "sourcedId": sid,
                "enabledUser": "true",
                "orgSourcedIds": school,
                "role": role,
                "givenName": rng.choice(GIVEN),
                "familyName": rng.choice(FAMILY),
                "email": f"staff{n:04d}@synthetic.example",
            }
        )
        if role == "teacher":
            klass = f"{prefix}c-{n:04d}"
            teachers.setdefault(school, []).append(klass)
            classes.append(
                {
                    "sourcedId": klass,
                    "title": f"Room {n} homeroom",
                    "grades": GRADE_CODES[n % len(GRADE_CODES)],
                    "classType": "homeroom",
                    "location": f"Room {n}",
                    "schoolSourcedId": school,
                    "termSourcedIds": f"{prefix}sy-{year}",
                }
            )
    enrolled: list[dict[str, str]] = [
        {
            "sourcedId": f"{prefix}e-t-{klass['sourcedId']}",
            "classSourcedId": klass["sourcedId"],
            "schoolSourcedId": klass["schoolSourcedId"],
            "userSourcedId": f"{prefix}t-{klass['sourcedId'][len(prefix) + 2 :]}",
            "role": "teacher",
            "primary": "true",
        }
        for klass in classes
    ]
    for n in range(1, students + 1):
        school = f"{prefix}sch-{(n - 1) % schools + 1:03d}"
        sid = f"{prefix}s-{n:05d}"
        guardian = f"{prefix}g-{n:05d}"
        family = rng.choice(FAMILY)
        users.append(
            {
                "sourcedId": sid,
                "enabledUser": "true",
                "orgSourcedIds": school,
                "role": "student",
                "givenName": rng.choice(GIVEN),
                "familyName": family,
                "identifier": f"{100000 + n}",
                "agentSourcedIds": guardian,
                "grades": rng.choice(GRADE_CODES),
            }
        )
        users.append(
            {
                "sourcedId": guardian,
                "enabledUser": "true",
                "orgSourcedIds": school,
                "role": "parent",
                "givenName": rng.choice(GIVEN),
                "familyName": family,
                "email": f"family{n:05d}@synthetic.example",
                "agentSourcedIds": sid,
            }
        )
        born = (
            f"{year - 6 - rng.randrange(5)}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 28):02d}"
        )
        demographics.append({"sourcedId": sid, "birthDate": born})
        home = teachers[school][n % len(teachers[school])]
        enrolled.append(
            {
                "sourcedId": f"{prefix}e-{sid}-0",
                "classSourcedId": home,
                "schoolSourcedId": school,
                "userSourcedId": sid,
                "role": "student",
                "primary": "false",
            }
        )
    extra = 1
    while len(enrolled) < enrollments:
        n = rng.randrange(1, students + 1)
        school = f"{prefix}sch-{(n - 1) % schools + 1:03d}"
        klass = rng.choice(teachers[school])
        enrolled.append(
            {
                "sourcedId": f"{prefix}e-x-{extra:06d}",
                "classSourcedId": klass,
                "schoolSourcedId": school,
                "userSourcedId": f"{prefix}s-{n:05d}",
                "role": "student",
                "primary": "false",
            }
        )
        extra += 1
    return {
        "orgs": orgs,
        "academicSessions": sessions,
        "users": users,
        "classes": classes,
        "enrollments": enrolled,
        "demographics": demographics,
    }


def sample_roster_zip(district: "District") -> bytes:
    """A small roster a coordinator can import to see how it works: six made-up students
    with a guardian each, two teachers and their classes, as delta files (so nothing else
    in the district is deactivated). It uses the district's first roster school when it
    has one, else it brings a sample school."""
    files = district_roster(
        schools=1, students=6, staff=2, enrollments=6, seed=district.pk, prefix="sample-"
    )
    school = district.schools.exclude(sourced_id="").order_by("name").first()
    if school is not None:
        old = "sample-sch-001"
        files["orgs"] = []
        for rows in files.values():
            for row in rows:
                for column, value in row.items():
                    if value == old:
                        row[column] = school.sourced_id
    else:
        files["orgs"] = [row for row in files["orgs"] if row["type"] == "school"]
        files["orgs"][0]["name"] = "Sample Elementary"
    modes = {name: "delta" for name, rows in files.items() if rows}
    return build_zip({name: rows for name, rows in files.items() if rows}, modes=modes)
